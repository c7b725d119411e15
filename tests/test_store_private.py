"""The edges of the store's plumbing that mutation testing found unpinned: the one atomic
write (``store/atomic.py``: where its temporary file lives, the mode a rewritten file keeps,
what an interrupted run says it wrote, the error a full disk gives) and ftz's private folder
(``store/private.py``: the platform's folder, a folder another user owns, the index deleted
with its ``-wal`` and ``-shm``, a look at an index that is not there)."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import sys
from pathlib import Path

import pytest

from ftz_cli.store import atomic, private

META = ("CREATE TABLE meta (key BLOB)",)  # the least a database of ``private`` holds

# -- the one atomic write ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_state(monkeypatch: pytest.MonkeyPatch) -> None:
    atomic.reset()
    monkeypatch.setattr(private, "_state", {})


def _spy_fsync(monkeypatch: pytest.MonkeyPatch, folder: Path, error: BaseException | None = None) -> list[list[str]]:
    """What ``folder`` holds when each file is fsynced (the temporary file is whole then);
    ``error`` raised at the first fsync of a file (a full disk, Ctrl-C)."""
    seen: list[list[str]] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        seen.append(sorted(os.listdir(folder)))
        if error is not None and not seen[1:]:
            raise error
        real(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    return seen


def test_the_temporary_file_is_hidden_beside_the_file_and_gone_after(tmp_path, monkeypatch):
    path = tmp_path / "zhang.yaml"
    seen = _spy_fsync(monkeypatch, tmp_path)
    atomic.write(path, b"- {}\n")
    (temporary,) = seen[0]  # beside the file, in its folder: the rename never crosses a disk
    assert re.fullmatch(r"\.zhang\.yaml\.[^.]+\.tmp", temporary), temporary
    assert os.listdir(tmp_path) == ["zhang.yaml"] and path.read_bytes() == b"- {}\n"
    assert atomic.orphans(tmp_path) == [] and atomic.orphans(tmp_path, "*.yaml") == []
    assert len(seen) == 2  # the file, then its folder: the rename survives a power cut too


def test_a_killed_writers_temporary_file_is_found_by_any_name(tmp_path):
    left = tmp_path / ".zhang.yaml.k3j2.tmp"
    left.write_bytes(b"half")
    (tmp_path / "zhang.yaml").write_bytes(b"")
    assert atomic.orphans(tmp_path) == [left] == atomic.orphans(tmp_path, "*.yaml")
    assert atomic.orphans(tmp_path, "li.yaml") == []


def test_a_prefix_names_the_temporary_file(tmp_path, monkeypatch):
    seen = _spy_fsync(monkeypatch, tmp_path)
    atomic.write(tmp_path / "brief.pdf", b"%PDF", prefix=".ftz-tmp-")
    assert seen[0][0].startswith(".ftz-tmp-") and seen[0][0].endswith(".tmp"), seen


def test_a_rewritten_file_keeps_its_mode_and_a_new_one_gets_the_umasks(tmp_path):
    path = tmp_path / "zhang.yaml"
    path.write_bytes(b"# old\n")
    path.chmod(0o640)
    atomic.write(path, b"# new\n")
    assert path.stat().st_mode & 0o777 == 0o640 and path.read_bytes() == b"# new\n"
    old = os.umask(0o027)
    try:
        atomic.write(tmp_path / "li.yaml", b"")
        assert atomic.new_file_mode() == 0o640
    finally:
        os.umask(old)
    assert (tmp_path / "li.yaml").stat().st_mode & 0o777 == 0o640
    atomic.write(tmp_path / "wang.yaml", b"", mode=0o600)
    assert (tmp_path / "wang.yaml").stat().st_mode & 0o777 == 0o600


def test_a_full_disk_names_the_file_and_leaves_the_old_one_whole(tmp_path, monkeypatch):
    path = tmp_path / "zhang.yaml"
    path.write_bytes(b"# old\n")
    _spy_fsync(monkeypatch, tmp_path, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OSError) as caught:
        atomic.write(path, b"# new\n")
    assert (caught.value.errno, caught.value.strerror, caught.value.filename) == (
        errno.ENOSPC, "No space left on device", str(path))
    assert os.listdir(tmp_path) == ["zhang.yaml"] and path.read_bytes() == b"# old\n"
    assert atomic.written() == ([], [])


def test_an_error_that_names_its_file_is_passed_on_as_it_is(tmp_path, monkeypatch):
    said = PermissionError(errno.EACCES, "Permission denied", "/elsewhere")
    _spy_fsync(monkeypatch, tmp_path, said)
    with pytest.raises(PermissionError) as caught:
        atomic.write(tmp_path / "zhang.yaml", b"")
    assert caught.value is said and os.listdir(tmp_path) == []


def test_ctrl_c_in_a_write_removes_the_temporary_file_and_stops(tmp_path, monkeypatch):
    _spy_fsync(monkeypatch, tmp_path, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        atomic.write(tmp_path / "zhang.yaml", b"")
    assert os.listdir(tmp_path) == []


def test_a_temporary_file_that_cannot_be_removed_hides_no_error(tmp_path, monkeypatch):
    _spy_fsync(monkeypatch, tmp_path, OSError(errno.ENOSPC, "No space left on device"))

    def unlink(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(OSError) as caught:
        atomic.write(tmp_path / "zhang.yaml", b"")
    assert caught.value.errno == errno.ENOSPC  # the full disk, not the file left behind


def test_what_was_written_and_what_was_caught_mid_rename(tmp_path, monkeypatch):
    first, second, quiet = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.json"
    atomic.write(first, b"a")
    atomic.write(quiet, b"c", noted=False)  # a write nobody is told of (an evidence file kept by hash)
    assert atomic.written() == ([first], [])
    real = Path.replace

    def replace(self: Path, target: Path) -> Path:
        if Path(target) == second:
            raise KeyboardInterrupt
        return real(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        atomic.write(second, b"b")
    assert atomic.written() == ([first], [second])


@pytest.mark.parametrize(("old", "whole"), [
    (b"", b"- {}\n"),
    (b"# header\n", b"# header\n- {}\n"),
    (b"# header", b"# header\n- {}\n"),  # an editor that saved no last line end
])
def test_a_log_is_extended_on_a_line_of_its_own(tmp_path, old, whole):
    path = tmp_path / "zhang.yaml"
    assert atomic.extend(path, old, b"- {}\n", mode=0o600) == whole
    assert path.read_bytes() == whole and path.stat().st_mode & 0o777 == 0o600


# -- the private folder --------------------------------------------------------------------


def test_the_platforms_folder_without_its_setting_is_under_home(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert private.platform_folder("cache") == tmp_path / ".cache" / "ftz"


def test_on_another_system_the_folder_is_platformdirs_answer(tmp_path, monkeypatch):
    # macOS and Windows take platformdirs' answer; here (its Unix rules) it is the XDG one
    import platformdirs

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(sys, "platform", "darwin")
    assert private.platform_folder("cache") == Path(platformdirs.user_cache_dir("ftz")) == tmp_path / "xdg" / "ftz"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a folder away")
def test_a_cache_folder_another_user_owns_holds_nothing_of_ours(tmp_path, monkeypatch):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    theirs.chmod(0o777)
    os.chown(theirs, 12345, 12345)
    monkeypatch.setenv("FTZ_CACHE_DIR", str(theirs))
    assert private.private_dir() is None and os.listdir(theirs) == []


def test_discard_deletes_the_index_with_its_wal_and_shm(tmp_path):
    db = private.database("index-x.sqlite3", b"key", META)
    folder = private.private_dir()
    assert folder is not None
    names = {"index-x.sqlite3", "index-x.sqlite3-wal", "index-x.sqlite3-shm"}
    assert names <= set(os.listdir(folder))
    other = folder / "other.sqlite3"
    other.write_bytes(b"")
    private.discard(other)  # a file named: that one only
    assert names <= set(os.listdir(folder)) and not other.exists()
    private.discard()  # none named: every database this run opened
    db.close()
    assert not names & set(os.listdir(folder))


def test_discard_with_no_database_opened_does_nothing(tmp_path):
    private.discard()
    assert private.in_memory(b"k", META).execute("SELECT key FROM meta").fetchone() == (b"k",)
    assert os.listdir(tmp_path) == []  # in memory: no file anywhere, not even in the current folder


def test_discard_passes_over_what_it_cannot_delete(tmp_path):
    (tmp_path / "index-x.sqlite3-shm").mkdir()  # not a file: left, and no error
    private.discard(tmp_path / "index-x.sqlite3")
    assert (tmp_path / "index-x.sqlite3-shm").is_dir()


def test_a_look_at_an_index_that_is_not_there_makes_none(tmp_path, monkeypatch):
    assert private.existing("index-none.sqlite3") is None
    folder = private.private_dir()
    assert folder is not None and not (folder / "index-none.sqlite3").exists()
    monkeypatch.setenv("FTZ_NO_CACHE", "1")
    assert private.existing("index-none.sqlite3") is None and os.listdir(tmp_path) == [".cache"]
    monkeypatch.delenv("FTZ_NO_CACHE")
    private.database("index-some.sqlite3", b"k", META).close()
    found = private.existing("index-some.sqlite3")
    assert isinstance(found, sqlite3.Connection) and found.execute("SELECT key FROM meta").fetchone() == (b"k",)


def test_the_cache_folder_is_made_with_its_parents_and_found_again(tmp_path, monkeypatch):
    wanted = tmp_path / "deep" / "er" / "cache"
    monkeypatch.setenv("FTZ_CACHE_DIR", str(wanted))
    assert private.private_dir() == wanted and oct(wanted.stat().st_mode & 0o777) == oct(0o700)
    monkeypatch.setattr(private, "_state", {})  # the next run: the folder is there already
    assert private.private_dir() == wanted


@pytest.mark.parametrize("mode", [0o750, 0o705, 0o1777])
def test_a_cache_folder_others_can_read_gets_a_private_folder_of_this_users(tmp_path, monkeypatch, mode):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    monkeypatch.setenv("FTZ_CACHE_DIR", str(shared))
    inner = shared / f"ftz-{os.getuid()}"
    assert private.private_dir() == inner and inner.stat().st_mode & 0o777 == 0o700
    assert shared.stat().st_mode & 0o7777 == mode  # never changed: ftz did not make it


def _index_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    (folder / "index.sqlite3").write_bytes(b"")
    (folder / "index.sqlite3").chmod(0o600)
    return folder


def test_an_index_is_read_only_from_a_private_folder(tmp_path):
    folder = _index_folder(tmp_path)
    assert private.owned(folder, ["index.sqlite3", "index.sqlite3-wal"])  # a missing -wal is fine
    folder.chmod(0o777)
    assert not private.owned(folder, ["index.sqlite3"])


@pytest.mark.parametrize("kind", ["link to our own file", "folder", "writable by others", "under a file"])
def test_an_index_file_that_is_not_a_plain_file_of_ours_is_not_read(tmp_path, kind):
    folder = _index_folder(tmp_path)
    name = "index.sqlite3"
    if kind == "link to our own file":  # another user could have put the link there: never followed
        (folder / "elsewhere").write_bytes(b"")
        (folder / "elsewhere").chmod(0o600)
        (folder / name).unlink()
        (folder / name).symlink_to(folder / "elsewhere")
    elif kind == "folder":
        (folder / name).unlink()
        (folder / name).mkdir(mode=0o700)
    elif kind == "writable by others":
        (folder / name).chmod(0o666)
    else:
        name = "index.sqlite3/wal"  # a path the folder cannot hold: not ours to read
    assert not private.owned(folder, [name])
    (tmp_path / name.split("/")[0]).write_bytes(b"")  # a file of that name in the current folder says nothing
    assert not private.owned(folder, [name])


def test_an_index_others_may_only_run_is_still_ours(tmp_path):
    folder = _index_folder(tmp_path)
    (folder / "index.sqlite3").chmod(0o701)
    assert private.owned(folder, ["index.sqlite3"])


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_an_index_file_another_user_owns_is_not_read(tmp_path):
    folder = _index_folder(tmp_path)
    os.chown(folder / "index.sqlite3", 12345, 12345)
    assert not private.owned(folder, ["index.sqlite3"])


def test_the_code_fingerprint_follows_ftzs_version(monkeypatch):
    before = private.fingerprint()
    monkeypatch.setattr(private, "_state", {})
    assert private.fingerprint() == before  # the same code: the same fingerprint
    monkeypatch.setattr(private, "_state", {})
    monkeypatch.setattr(private, "__version__", "0.0.0-other")
    assert private.fingerprint() != before


@pytest.mark.parametrize("name", ["data/targets.yaml", "data/document.txt", "store/index.py"])
def test_the_code_fingerprint_follows_every_file_ftz_reads_its_rules_from(tmp_path, monkeypatch, name):
    package = tmp_path / "ftz_cli"
    for each in ("data/targets.yaml", "data/document.txt", "store/index.py", "store/private.py"):
        (package / each).parent.mkdir(parents=True, exist_ok=True)
        (package / each).write_text("x\n", encoding="utf-8")
    monkeypatch.setattr(private, "__file__", str(package / "store" / "private.py"))
    before = private.fingerprint()
    (package / name).write_text("xy\n", encoding="utf-8")  # the plan ftz ships, its source text, the code
    monkeypatch.setattr(private, "_state", {})
    assert private.fingerprint() != before


def test_a_broken_index_file_is_made_again_on_disk(tmp_path):
    folder = private.private_dir()
    assert folder is not None
    (folder / "index-x.sqlite3").write_bytes(b"not a database, " * 512)
    db = private.database("index-x.sqlite3", b"k", META)
    assert db.execute("PRAGMA database_list").fetchone()[2] == str(folder / "index-x.sqlite3")
    assert db.execute("SELECT key FROM meta").fetchone() == (b"k",)
    db.close()
    assert (folder / "index-x.sqlite3").read_bytes().startswith(b"SQLite format 3")


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_an_index_whose_journal_is_a_link_is_kept_in_memory(tmp_path, suffix):
    folder = private.private_dir()
    assert folder is not None
    (tmp_path / "elsewhere").write_bytes(b"")
    (folder / f"index-x.sqlite3{suffix}").symlink_to(tmp_path / "elsewhere")  # SQLite would write through it
    db = private.database("index-x.sqlite3", b"k", META)
    assert db.execute("PRAGMA database_list").fetchone()[2] == ""  # in memory
    assert db.execute("SELECT key FROM meta").fetchone() == (b"k",)
    assert (tmp_path / "elsewhere").read_bytes() == b""


def test_an_index_that_cannot_be_opened_lives_in_memory_with_its_key(tmp_path, monkeypatch):
    real = sqlite3.connect

    def connect(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        if database != ":memory:":
            raise sqlite3.OperationalError("database is locked")  # another ftz holds it, a read-only folder
        return real(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", connect)
    db = private.database("index-x.sqlite3", b"k", (*META, "CREATE TABLE files (path TEXT)"))
    assert db.execute("SELECT key FROM meta").fetchone() == (b"k",)
    assert db.execute("SELECT count(*) FROM files").fetchone() == (0,)


def test_a_value_that_cannot_be_kept_is_still_given(tmp_path):
    # another ftz holds the index, or it is read-only: the plan is parsed again next time
    from ftz_cli.store import kept

    path = tmp_path / "index.sqlite3"
    with sqlite3.connect(path) as made:
        made.execute("CREATE TABLE kept (slot TEXT PRIMARY KEY, digest BLOB, value BLOB)")
    made.close()
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    assert kept._kept(db, "settings", b"d", lambda: "parsed", lambda value: isinstance(value, str)) == "parsed"
    assert db.execute("SELECT count(*) FROM kept").fetchone() == (0,)
