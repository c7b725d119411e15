"""The index at its boundaries: what its key must hold (the code, the plan), what a file's
hash catches (an edit in the same second to the same size, a ``git checkout``), and that
deleting it loses nothing. Each test fails if the index forgets what it names."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ftz_cli.parse import recordfile
from ftz_cli.store import private

ITEM = "trade.outlets-2021"
LOG = "updates/2021-03/zhang.yaml"


def line(value: int, day: str = "2021-03-02") -> str:
    return (f'- {{"id": "{ITEM}", "date": "{day}", "value": {value}, '
            f'"recorded_at": "2021-03-05T10:00:00+08:00"}}\n')


def put(ws: Path, text: str, name: str = LOG) -> Path:
    path = ws / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def shown(ftz, ws: Path) -> list[object]:
    result = ftz("--data", str(ws), "show", ITEM, "--format", "json", "--as-of", "2021-03-31")
    assert result.exit_code == 0, result.stderr
    return [u["value"] for u in json.loads(result.stdout)["updates"]]


def indexes() -> list[Path]:
    return list(Path(os.environ["FTZ_CACHE_DIR"]).rglob("index-*.sqlite3"))


def test_a_file_edited_in_the_same_second_to_the_same_size_is_read_again(ftz, ws):
    path = put(ws, line(3))
    assert shown(ftz, ws) == [3]
    before = path.stat()
    put(ws, line(4))  # the same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same time
    assert path.stat().st_size == before.st_size
    assert shown(ftz, ws) == [4]


def test_deleting_the_index_loses_nothing(ftz, ws):
    put(ws, line(3) + line(5, "2021-03-09"))
    first = ftz("--data", str(ws), "list", "--format", "json").stdout
    assert indexes()
    for path in indexes():
        path.unlink()
    assert ftz("--data", str(ws), "list", "--format", "json").stdout == first


def test_a_broken_index_is_made_again(ftz, ws):
    put(ws, line(3))
    assert shown(ftz, ws) == [3]
    for path in indexes():
        path.write_bytes(b"not a database" * 100)
    assert shown(ftz, ws) == [3]


def test_changed_code_starts_the_index_over(ftz, ws, monkeypatch):
    put(ws, line(3))
    assert shown(ftz, ws) == [3]
    read: list[str] = []
    real = recordfile.checked
    monkeypatch.setattr(recordfile, "checked", lambda data, name, plan: read.append(name) or real(data, name, plan))
    assert shown(ftz, ws) == [3] and read == []  # the same code: nothing read again
    monkeypatch.setattr(private, "_state", {"fingerprint": b"another ftz"})
    assert shown(ftz, ws) == [3] and read == [LOG]  # what another ftz wrote is not trusted


def test_an_item_renamed_in_the_plan_is_e201_not_an_internal_error(ftz, ws):
    put(ws, line(3))
    assert shown(ftz, ws) == [3]
    plan = ws / "targets.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(f"id: {ITEM}\n", "id: trade.outlets-renamed\n"),
                    encoding="utf-8")
    for command in (["validate"], ["list", "--format", "json"]):
        result = ftz("--data", str(ws), *command)
        assert result.exit_code == 1 and "E201" in result.stderr and "内部错误" not in result.stderr, result.stderr


def test_a_changed_target_is_seen_at_once(ftz, ws):
    put(ws, line(25))

    def status() -> str:
        result = ftz("--data", str(ws), "list", "--format", "json", "--as-of", "2021-03-31")
        assert result.exit_code == 0, result.stderr
        return next(p["status"] for p in json.loads(result.stdout) if p["id"] == ITEM)

    assert status() == "done"  # 25 ≥ 25: met on its first record
    plan = ws / "targets.yaml"
    text = plan.read_text(encoding="utf-8")
    start = text.index(f"id: {ITEM}\n")
    end = text.index('comparator: ">="', start)
    plan.write_text(text[:end] + 'comparator: ">"' + text[end + len('comparator: ">="'):], encoding="utf-8")
    assert status() != "done"  # first met: from the plan read now, not the index's


def test_changed_settings_are_seen_at_once(ftz, ws):
    put(ws, line(3))
    assert ftz("--data", str(ws), "validate").exit_code == 0
    (ws / "ftz.yaml").write_text("units:\n  市商务局: [trade.no-such-item]\n", encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 1 and "E216" in checked.stderr, checked.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="needs the git program")
def test_after_git_checkout_of_an_older_state_the_older_records_count(ftz, ws):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=ws, env=env, check=True, capture_output=True)

    put(ws, line(3))
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "one")
    put(ws, line(3) + line(5, "2021-03-09"))
    put(ws, line(7, "2021-03-10"), "updates/2021-03/li.yaml")
    git("add", "-A")
    git("commit", "-qm", "two")
    assert shown(ftz, ws) == [3, 5, 7]
    git("checkout", "-q", "HEAD~1")
    assert shown(ftz, ws) == [3]


def test_a_broken_page_of_the_index_costs_one_run_at_most(ftz, ws, monkeypatch):
    """Each page of a working index zeroed in turn: a run reads from the files as if there
    were no index, or says E012 (never an internal error); the runs after are right, and the
    one after those finds a whole index on disk again (reads no record file)."""
    put(ws, "".join(line(n, f"2021-03-{n:02d}") for n in range(1, 29)))
    show = ("show", ITEM, "--format", "json", "--as-of", "2021-03-31")
    first = [ftz("--data", str(ws), *command).stdout for command in (("list", "--format", "json"), show)]
    (path,) = indexes()
    good = path.read_bytes()
    read: list[str] = []
    real = recordfile.checked
    monkeypatch.setattr(recordfile, "checked", lambda data, name, plan: read.append(name) or real(data, name, plan))
    for page in range(1, len(good) // 4096):
        path.write_bytes(good[:page * 4096] + bytes(4096) + good[(page + 1) * 4096:])
        for command, right in zip((("list", "--format", "json"), show), first, strict=True):
            result = ftz("--data", str(ws), *command)
            assert result.stdout == right or (result.exit_code == 1 and "E012" in result.stderr), result.stderr
            assert "内部错误" not in result.stderr
        for command, right in zip((("list", "--format", "json"), show), first, strict=True):
            assert ftz("--data", str(ws), *command).stdout == right
        read.clear()
        for command, right in zip((("list", "--format", "json"), show), first, strict=True):
            assert ftz("--data", str(ws), *command).stdout == right
        assert read == [], page


def test_an_index_another_ftz_holds_is_not_waited_for_long(ftz, ws, monkeypatch):
    import sqlite3

    put(ws, line(3))
    assert shown(ftz, ws) == [3]
    put(ws, line(4))
    (path,) = indexes()
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(private, "BUSY_SECONDS", 0.1)
    try:
        assert shown(ftz, ws) == [4]  # read into an index in memory
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert indexes() == [path]


def test_an_index_broken_after_it_was_opened_is_e012_and_deleted(ftz, ws, monkeypatch):
    import sqlite3

    from ftz_cli.store import lookup

    put(ws, line(3))
    assert shown(ftz, ws) == [3] and indexes()

    def broken(*_args: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(lookup.Index, "dated", broken)
    monkeypatch.setattr(lookup.Index, "history", broken)
    result = ftz("--data", str(ws), "show", ITEM, "--format", "json", "--as-of", "2021-03-31")
    assert result.exit_code == 1 and "E012" in result.stderr and "内部错误" not in result.stderr, result.stderr
    assert indexes() == []
    monkeypatch.undo()
    assert shown(ftz, ws) == [3]


def test_an_index_ftz_cannot_make_lives_in_memory(ftz, ws, monkeypatch, tmp_path):
    """A cache folder ftz may not write in (as a file that cannot be made stands for here)."""
    put(ws, line(3))
    monkeypatch.setattr(private, "_database_path", lambda name: tmp_path / "no-such-folder" / name)
    assert shown(ftz, ws) == [3]
    assert ftz("--data", str(ws), "validate").exit_code == 0


# The tests below each failed a mutant of store/index.py that survived mutmut
# (docs/development.md, "Mutation testing").


def test_a_target_met_after_its_deadline_is_late_in_the_echo_of_a_workspace_indexed_before(ftz, ws):
    put(ws, line(3))
    assert shown(ftz, ws) == [3]  # the index knows the item: its target not met
    result = ftz("--data", str(ws), "update", ITEM, "--value", "25", "--date", "2022-01-05")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip().endswith("逾期完成"), result.stdout


@pytest.mark.parametrize("indexed_before", [False, True])
def test_of_two_records_of_one_time_the_one_read_later_is_the_rival_named_last(ftz, ws, indexed_before):
    # where E250 stands and how it names the two: by reading order, whatever the index held
    put(ws, line(3), "updates/2021-03/li.yaml")
    if indexed_before:
        assert shown(ftz, ws) == [3]
    put(ws, line(4), "updates/2021-03/chen.yaml")  # chen before li
    result = ftz("--data", str(ws), "validate")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "updates/2021-03/li.yaml:1:3: 错误 E250 指标 trade.outlets-2021 在 2021年3月2日 有两条相互矛盾的记录："
        "updates/2021-03/chen.yaml 第 1 行 为 4，updates/2021-03/li.yaml 第 1 行 为 3\n"), result.stderr


def test_each_writers_latest_figure_is_its_own_in_a_new_index(ftz, ws):
    for name, value, day in (("li", 3, "2021-03-02"), ("wang", 5, "2021-03-09"), ("zhang", 7, "2021-03-16")):
        put(ws, line(value, day), f"updates/2021-03/{name}.yaml")
    result = ftz("--data", str(ws), "list", "--format", "json", "--as-of", "2021-03-31")
    row = next(p for p in json.loads(result.stdout) if p["id"] == ITEM)
    assert (row["value"], row["value_date"]) == (7, "2021-03-16")
    assert shown(ftz, ws) == [3, 5, 7]


def test_an_item_whose_records_all_went_keeps_the_index_on_disk(ftz, ws, monkeypatch):
    put(ws, line(3))
    other = put(ws, line(7).replace(ITEM, "trade.import-export-2021"), "updates/2021-03/li.yaml")
    assert shown(ftz, ws) == [3]
    other.unlink()  # trade.import-export-2021 has no record left
    assert shown(ftz, ws) == [3]
    read: list[str] = []
    real = recordfile.checked
    monkeypatch.setattr(recordfile, "checked", lambda data, name, plan: read.append(name) or real(data, name, plan))
    assert shown(ftz, ws) == [3] and read == []  # the next run reads no file again
    assert indexes()


def _many(ws: Path, base: int) -> list[int]:
    """65 files of one record each: more than the index takes one at a time."""
    for n in range(65):
        day = dt.date(2021, 3, 1) + dt.timedelta(days=n)
        put(ws, line(base + n, day.isoformat()), f"updates/2021-{n // 28 + 3:02d}/w{n:02d}.yaml")
    return [base + n for n in range(65)]


def test_many_new_files_at_once_are_read_and_kept(ftz, ws, monkeypatch):
    for base in (100, 200):  # a new index, then every file changed in it
        values = _many(ws, base)
        result = ftz("--data", str(ws), "list", "--format", "json", "--as-of", "2021-12-31")
        assert result.exit_code == 0, result.stderr
    read: list[str] = []
    real = recordfile.checked
    monkeypatch.setattr(recordfile, "checked", lambda data, name, plan: read.append(name) or real(data, name, plan))
    result = ftz("--data", str(ws), "show", ITEM, "--format", "json", "--as-of", "2021-12-31")
    assert read == []  # all kept: nothing read again
    assert sorted(u["value"] for u in json.loads(result.stdout)["updates"]) == values


def test_ctrl_c_while_the_records_are_indexed_stops_the_run_and_keeps_nothing_half_done(ftz, ws, monkeypatch):
    put(ws, line(3))
    put(ws, line(5, "2021-03-09"), "updates/2021-03/li.yaml")
    real = recordfile.checked
    pressed: list[str] = []

    def interrupted(data: bytes, name: str, plan: object) -> object:
        if name == "updates/2021-03/li.yaml" and not pressed:  # Ctrl-C, once, as li.yaml is read
            pressed.append(name)
            raise KeyboardInterrupt
        return real(data, name, plan)

    monkeypatch.setattr(recordfile, "checked", interrupted)
    result = ftz("--data", str(ws), "list", "--format", "json")
    assert result.exit_code == 130 and result.stdout == ""
    monkeypatch.undo()
    assert shown(ftz, ws) == [3, 5]
