"""The cache and the index are never wrong: whatever happens to the files between and during
runs, on whatever day, every answer equals the answer without a cache."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
from hashlib import blake2b
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ftz_cli
from ftz_cli.commands import validate
from ftz_cli.core.errors import FtzError
from ftz_cli.parse import plan as plan_file
from ftz_cli.parse import recordfile
from ftz_cli.store import load, private
from ftz_cli.store.userconfig import config_path
from ftz_cli.store.workspace import Workspace

DATA = Path(__file__).resolve().parent.parent / "data"
ITEM = "trade.outlets-2021"
DAYS = [dt.date(2021, 3, 31), dt.date(2021, 4, 15), dt.date(2021, 6, 30)]


def entry(day: str, value: object, stamp: str = "2021-03-01T10:00:00+08:00", extra: str = "") -> str:
    return f"- id: {ITEM}\n  date: {day}\n  value: {value}\n  recorded_at: {stamp}\n{extra}"


CONTENTS = [
    entry("2021-03-01", 3),
    entry("2021-03-01", 4, "2021-03-05T10:00:00+08:00"),                      # a rival record
    entry("2021-03-01", 5, "2021-04-01T10:00:00+08:00", "  replace: true\n"),  # a correction
    entry("2021-04-10", 6),                     # in the future on the first day, not later
    entry("2021-03-02", "三"),                  # not a number
    entry("2021-03-03", 2) + entry("2021-03-04", 1, extra="  note: 'hand'\n"),
    "- id: [unclosed\n",                         # broken YAML
    "",
    "  - id: trade.outlets-2021\n    date: 2021-03-09\n    value: 9\n",
    None,                                        # the file is deleted
]
FILES = ["updates/2021-03.yaml", "updates/2021-03/zhang.yaml", "updates/2021-04/li.yaml"]


def answer(ws: Workspace, today: dt.date) -> tuple[object, object]:
    """What validate says, and what every reading command sees."""
    verdict = [d.format() for d in validate.workspace_problems(ws, today)]
    try:
        loaded = load.load(ws, today)
        seen: object = (loaded.updates, loaded.records.located(None), [d.format() for d in loaded.diagnostics])
    except FtzError as err:
        seen = [d.format() for d in err.diagnostics]
    return verdict, seen


_PLAN: dict[Path, object] = {}


def uncached(ws: Workspace, today: dt.date) -> tuple[object, object]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FTZ_NO_CACHE", "1")
        # the plan never changes here: parse it (without a cache) once, not at every step
        real = load.load_plan
        patch.setattr(load, "load_plan", lambda w, contents=None: _PLAN.get(w.root) or _PLAN.setdefault(
            w.root, real(w, contents)))
        return answer(ws, today)


def put(root: Path, name: str, content: str | None) -> None:
    path = root / name
    if content is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


steps = st.lists(st.tuples(st.sampled_from(FILES), st.sampled_from(CONTENTS), st.sampled_from(DAYS),
                           st.booleans()), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps)
def test_every_answer_equals_the_answer_without_a_cache(ws, steps):
    shutil.rmtree(ws / "updates")
    (ws / "updates").mkdir()
    workspace = Workspace(ws)
    for name, content, today, during in steps:
        if not during:  # between runs
            put(ws, name, content)
            assert answer(workspace, today) == uncached(workspace, today)
            continue
        # during a run: the file changes just after ftz has read it
        before = uncached(workspace, today)
        with pytest.MonkeyPatch.context() as patch:
            def racing(path: Path, _name: str = name, _content: str | None = content,
                       _read=Path.read_bytes) -> bytes:
                data = _read(path)
                if path == ws / _name:
                    put(ws, _name, _content)
                return data

            patch.setattr(Path, "read_bytes", racing)
            during_answer = validate.workspace_problems(workspace, today)
        assert [d.format() for d in during_answer] == before[0]  # the verdict on what was read
        assert answer(workspace, today) == uncached(workspace, today)  # and nothing stale after


def test_the_date_is_not_in_a_files_key(ftz, ws, monkeypatch):
    put(ws, "updates/2021-03/zhang.yaml", entry("2021-03-01", 3))
    workspace = Workspace(ws)
    load.load(workspace, DAYS[0])

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(recordfile, "checked", no_parsing)
    loaded = load.load(workspace, DAYS[2])  # another day: the same index serves
    assert [u.value for u in loaded.updates] == [3]


def test_after_an_update_only_the_file_written_is_read_again(ftz, ws, monkeypatch):
    put(ws, "updates/2021-03/zhang.yaml", entry("2021-03-01", 3))
    assert ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-02", "--value", "4").exit_code == 0
    assert ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-03", "--value", "5").exit_code == 0
    read: list[str] = []
    real = recordfile.checked
    monkeypatch.setattr(recordfile, "checked", lambda data, shown, plan: read.append(shown) or real(data, shown, plan))
    result = ftz("--data", str(ws), "show", ITEM, "--format", "json")
    assert result.exit_code == 0, result.stderr
    (written,) = set(read)
    assert written.startswith("updates/20") and written != "updates/2021-03/zhang.yaml" and len(read) == 1


def test_changed_code_is_a_miss(tmp_path, monkeypatch):
    module = Path(ftz_cli.__file__).parent / "store" / "layout.py"
    before = private.fingerprint()
    times = module.stat()
    try:
        os.utime(module, ns=(times.st_atime_ns, times.st_mtime_ns + 1_000_000_000))
        monkeypatch.setattr(private, "_state", {})
        assert private.fingerprint() != before
    finally:
        os.utime(module, ns=(times.st_atime_ns, times.st_mtime_ns))


def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The plans parsed from now on (a kept plan is not parsed again)."""
    parsed: list[str] = []
    real = plan_file.read_plan
    monkeypatch.setattr(plan_file, "read_plan", lambda data, shown, document=None: parsed.append(shown) or real(
        data, shown, document))
    return parsed


def test_the_cache_folder_is_private(ws, tmp_path, monkeypatch):
    # a folder ftz makes is private; one others can use keeps its permissions, and the
    # index goes in a private folder inside it
    parsed = parses(monkeypatch)
    monkeypatch.setenv("FTZ_CACHE_DIR", str(tmp_path / "made"))
    monkeypatch.setattr(private, "_state", {})
    assert load.load_plan(Workspace(ws))[0] is not None
    assert stat.S_IMODE((tmp_path / "made").stat().st_mode) == 0o700
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    monkeypatch.setenv("FTZ_CACHE_DIR", str(folder))
    assert load.load_plan(Workspace(ws))[0] is not None
    assert stat.S_IMODE(folder.stat().st_mode) == 0o1777
    (inner,) = folder.iterdir()
    assert stat.S_IMODE(inner.stat().st_mode) == 0o700
    assert [p.suffix for p in inner.iterdir() if p.suffix] == [".sqlite3"]
    assert len(parsed) == 2
    assert load.load_plan(Workspace(ws))[0] is not None and len(parsed) == 2  # a hit


def test_an_index_copied_over_another_keeps_its_own_plan(ws, tmp_path, monkeypatch):
    other = tmp_path / "other"
    shutil.copytree(ws, other)
    plan = other / "targets.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(f"id: {ITEM}\n", "id: trade.renamed\n"),
                    encoding="utf-8")
    mine = load.load_plan(Workspace(ws))[0]
    theirs = load.load_plan(Workspace(other))[0]
    assert mine is not None and theirs is not None and ITEM in mine.items_by_id
    folder = private.private_dir()
    assert folder is not None
    one, two = (folder / f"index-{blake2b(str(w / 'updates').encode(), digest_size=8).hexdigest()}.sqlite3"
                for w in (ws, other))
    two.write_bytes(one.read_bytes())  # the index of ws under the name of other's
    for path in folder.glob("index-*.sqlite3-*"):
        path.unlink()
    again = load.load_plan(Workspace(other))[0]
    assert again is not None and ITEM not in again.items_by_id and "trade.renamed" in again.items_by_id


@pytest.mark.parametrize("kept", [b"\x00garbage", __import__("pickle").dumps({"a": 1}),
                                  __import__("pickle").dumps((None, "not a list")),
                                  __import__("pickle").dumps(("not a plan", []))])
def test_a_kept_plan_of_another_shape_is_a_miss(ftz, ws, monkeypatch, kept):
    import sqlite3

    assert ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-01", "--value", "3").exit_code == 0
    (index,) = Path(os.environ["FTZ_CACHE_DIR"]).rglob("index-*.sqlite3")
    with sqlite3.connect(index) as db:
        assert db.execute("UPDATE kept SET value = ? WHERE slot = 'plan'", (kept,)).rowcount == 1
    parsed = parses(monkeypatch)
    for command in (["list", "--format", "json"], ["validate"], ["show", ITEM, "--format", "json"]):
        result = ftz("--data", str(ws), *command)
        assert result.exit_code == 0 and "内部错误" not in result.stderr, result.stderr
    assert parsed == ["targets.yaml"]  # parsed once, and kept again


def test_without_a_cache_folder_nothing_is_kept(ws, tmp_path, monkeypatch):
    monkeypatch.setenv("FTZ_NO_CACHE", "1")
    monkeypatch.setattr(private, "_state", {})
    parsed = parses(monkeypatch)
    for _ in range(2):
        assert load.load(Workspace(ws), DAYS[0]).plan.items_by_id[ITEM]
    assert len(parsed) == 2 and not (tmp_path / ".cache").exists()


@pytest.mark.parametrize("xdg", ["", "  ", "xdg"])
def test_the_default_folder_is_the_platforms(xdg, monkeypatch, tmp_path):
    monkeypatch.delenv("FTZ_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / xdg) if xdg.strip() else xdg)
    import platformdirs

    assert private.cache_dir() == Path(platformdirs.user_cache_dir("ftz", appauthor=False))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / xdg) if xdg.strip() else xdg)
    monkeypatch.delenv("FTZ_CONFIG")
    assert config_path() == Path(platformdirs.user_config_dir("ftz", appauthor=False)) / "config.yaml"
    monkeypatch.setenv("FTZ_NO_CACHE", "1")
    assert private.cache_dir() is None


def test_validate_follows_the_settings(ftz, ws):
    # the settings' units are checked against the plan: the verdict's key holds their bytes
    assert ftz("--data", str(ws), "validate").exit_code == 0
    with (ws / "ftz.yaml").open("a", encoding="utf-8") as settings:
        settings.write("units:\n  市商务局: [trade.no-such-item]\n")
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 1 and "E216" in checked.stderr, checked.stderr


def settings_parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The ``ftz.yaml`` bytes parsed from now on (kept settings are not parsed again)."""
    from ftz_cli.store import workspace

    parsed: list[bytes] = []
    real = workspace.read_settings
    monkeypatch.setattr(workspace, "read_settings", lambda data, *rest: parsed.append(data) or real(data, *rest))
    return parsed


def test_kept_settings_follow_the_bytes_not_the_clock(ws, monkeypatch):
    # ftz.yaml edited by hand in the same second to the same size: its bytes are the key
    from ftz_cli.store.workspace import find

    (ws / "ftz.yaml").write_text("status:\n  stale_days: 45\n", encoding="utf-8")
    assert load.load(find(str(ws)), DAYS[0]).book.settings.stale_days == 45  # the index is made
    parsed = settings_parses(monkeypatch)
    assert find(str(ws)).settings.stale_days == 45 and find(str(ws)).settings.stale_days == 45
    assert len(parsed) == 1  # parsed once, then kept
    times = (ws / "ftz.yaml").stat()
    (ws / "ftz.yaml").write_text("status:\n  stale_days: 46\n", encoding="utf-8")
    os.utime(ws / "ftz.yaml", ns=(times.st_atime_ns, times.st_mtime_ns))
    assert find(str(ws)).settings.stale_days == 46 and len(parsed) == 2


def test_kept_settings_follow_the_code_and_never_keep_a_problem(ws, monkeypatch):
    from ftz_cli.store.workspace import find

    (ws / "ftz.yaml").write_text("status:\n  stale_days: 45\n", encoding="utf-8")
    load.load(find(str(ws)), DAYS[0])  # the index is made; the next read keeps the settings
    find(str(ws))
    parsed = settings_parses(monkeypatch)
    find(str(ws))
    assert parsed == []
    monkeypatch.setattr(private, "_state", {**private._state, "fingerprint": b"other code"})
    find(str(ws))
    assert len(parsed) == 1  # another ftz parses again
    (ws / "ftz.yaml").write_text("status:\n  stale_days: -1\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(FtzError):
            find(str(ws))
    assert len(parsed) == 3


@pytest.mark.parametrize("kept", [b"\x00garbage", __import__("pickle").dumps({"stale_days": 1})])
def test_kept_settings_of_another_shape_are_a_miss(ws, monkeypatch, kept):
    import sqlite3

    from ftz_cli.store.workspace import find

    (ws / "ftz.yaml").write_text("status:\n  stale_days: 45\n", encoding="utf-8")
    load.load(find(str(ws)), DAYS[0])
    find(str(ws))
    (index,) = Path(os.environ["FTZ_CACHE_DIR"]).rglob("index-*.sqlite3")
    with sqlite3.connect(index) as db:
        assert db.execute("UPDATE kept SET value = ? WHERE slot = 'settings'", (kept,)).rowcount == 1
    parsed = settings_parses(monkeypatch)
    assert find(str(ws)).settings.stale_days == 45 and len(parsed) == 1
