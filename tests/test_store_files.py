"""What the record store reads and leaves behind (issue 22): only files of the workspace's
own, each bounded and never waited on; nothing passed over unsaid; no lock file in git's sight."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_bash

GIT_ENV = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "测试",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": "/dev/null", "FTZ_DATA": "."}
FLOW = "trade.import-export-2021"


def clean(result) -> None:
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr, result.stderr


# -- no lock file in git's sight ----------------------------------------------------------

@pytest.mark.skipif(shutil.which("git") is None, reason="needs the git program")
def test_issuing_a_brief_leaves_no_lock_for_git(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    script = ("git init -q . && ftz init . >/dev/null && git add -A && git commit -qm init"
              " && touch .issued.lock"  # left by an older ftz
              " && ftz report --as-of 2021-05-31 -o ../brief.md >/dev/null && git status --porcelain -uall")
    ws.mkdir()
    done = run_bash(script, ws, GIT_ENV)
    assert done.returncode == 0, done.stderr
    changed = done.stdout.split()
    assert any(p.startswith("issued/") for p in changed), changed  # the brief was logged
    assert not [p for p in changed if p.endswith(".lock")], changed
    assert not (ws / ".issued.lock").exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs the git program")
def test_a_brief_written_into_the_workspace_leaves_only_itself_and_its_list_for_git(tmp_path: Path) -> None:
    """The tour's ``ftz report -o 简报.md`` inside the workspace: the lock of the output folder
    stays out of git (the .gitignore ``ftz init`` writes); a .gitignore already there is kept."""
    ws, kept = tmp_path / "ws", tmp_path / "kept"
    ws.mkdir()
    kept.mkdir()
    (kept / ".gitignore").write_text("*.bak\n", encoding="utf-8")
    script = ("git init -q . && ftz init . >/dev/null && ftz init ../kept >/dev/null && git add -A"
              " && git commit -qm init && ftz report --as-of 2021-05-31 -o 简报.md >/dev/null"
              " && git -c core.quotepath=false status --porcelain -uall")
    done = run_bash(script, ws, GIT_ENV)
    assert done.returncode == 0, done.stderr
    changed = sorted(line[3:] for line in done.stdout.splitlines())
    assert [p for p in changed if not p.startswith("issued/")] == [".ftz-outputs.json", "简报.md"], changed
    assert (ws / ".ftz-outputs.lock").exists()  # there, but out of git's sight
    assert (kept / ".gitignore").read_text(encoding="utf-8") == "*.bak\n"  # the office's own, untouched


def test_a_sent_notice_is_logged_under_the_ignored_lock(ws: Path) -> None:
    from ftz_cli.parse.sent import Sent
    from ftz_cli.store.sent import log
    from ftz_cli.store.workspace import Workspace

    log(Workspace(ws), [Sent("商务局", "dingtalk", dt.datetime(2021, 5, 10, 9, tzinfo=dt.UTC), "d", True)])
    assert sorted(p.name for p in (ws / "sent").iterdir()) == ["2021-05.jsonl"]
    assert (ws / "updates" / ".lock").is_file()


# -- one rule for every file read whole: never waited on, never read past the limit ---------

def _ftz(ws: Path, *args: str, limit_kb: int | None = None) -> subprocess.CompletedProcess[str]:
    """The real ftz, bounded in time (a FIFO would block it) and, when asked, in memory."""
    bound = f"ulimit -v {limit_kb} && " if limit_kb else ""
    done = run_bash(f"{bound}timeout 60 ftz {' '.join(args)}", ws, {"FTZ_DATA": str(ws)}, ("-e",))
    clean(done)
    return done


@pytest.mark.parametrize("name", ["targets.yaml", "document.txt", "updates/2021-04/zhang.yaml"])
def test_a_fifo_in_place_of_a_file_is_named_not_waited_on(ws: Path, name: str) -> None:
    path = ws / name
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    for command in ("validate", "list", f"update {FLOW} --value 1 --date 2021-03-31"):
        done = _ftz(ws, command)
        assert done.returncode == 1 and f"{name}: 错误 E009 " in done.stderr, (command, done.stderr)
        assert "移走" in done.stderr
    assert list((ws / "updates").rglob("*.yaml")) == ([path] if name.startswith("updates") else [])


@pytest.mark.parametrize("name", ["targets.yaml", "updates/2021-04/huge.yaml"])
def test_a_huge_file_is_refused_before_it_is_read(ws: Path, name: str) -> None:
    path = ws / name
    path.parent.mkdir(exist_ok=True)
    with path.open("ab") as stream:
        stream.truncate(5 << 30)  # sparse: reading it whole would take 5 GB
    for command in ("validate", "list"):
        done = _ftz(ws, command, limit_kb=1_500_000)
        assert done.returncode == 1, done.stderr
        assert f"{name}: 错误 E004 文件有 5,120 MB，超过上限 64 MB" in done.stderr, done.stderr


def test_the_limit_is_the_last_byte_allowed(tmp_path: Path) -> None:
    from ftz_cli.core.errors import FtzError
    from ftz_cli.core.files import read_bounded

    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * (3 << 20))
    assert read_bounded(path, "a.yaml", 3 << 20, "") == b"x" * (3 << 20)
    with pytest.raises(FtzError) as refused:
        read_bounded(path, "a.yaml", (3 << 20) - 1, "", "拆开")
    assert refused.value.diagnostics[0].code == "E004" and refused.value.diagnostics[0].hint == "拆开"


# -- nothing under updates/ passed over unsaid; ftz's own files are silent -------------------

def test_a_hidden_record_file_is_named_and_ftzs_own_files_are_not(ftz, ws: Path) -> None:
    month = ws / "updates" / "2021-04"
    month.mkdir()
    (month / ".x.yaml").write_text(f"- id: {FLOW}\n  date: 2021-03-31\n  value: 1\n", encoding="utf-8")
    (ws / "updates" / ".old").mkdir()
    (ws / "updates" / ".gitignore").write_text(".lock\n", encoding="utf-8")
    (ws / "updates" / ".lock").touch()
    (month / ".zhang.yaml.k2j4h1x0.tmp").touch()  # a writer killed before its rename
    done = ftz("--data", str(ws), "validate", "--format", "json")
    named = {p["path"]: p["message"] for p in json.loads(done.stdout) if p["code"] == "W020"}
    assert named == {"updates/2021-04/.x.yaml": "updates/2021-04/.x.yaml 是隐藏的文件（名称以“.”开头），"
                                                "ftz 不读取它，其中的记录不会计入",
                     "updates/.old": "updates/.old 是隐藏的文件夹（名称以“.”开头），ftz 不读取它，其中的记录不会计入"}
    assert done.exit_code == 0


# -- updates/ is the workspace's own folder ---------------------------------------------------

def _linked_away(folder: Path, away: Path) -> None:
    folder.rename(away)
    folder.symlink_to(away)


def test_a_symlinked_updates_folder_is_neither_read_nor_written(ftz, ws: Path, tmp_path: Path) -> None:
    away = tmp_path / "out"
    _linked_away(ws / "updates", away)
    (away / "2021-04").mkdir()
    (away / "2021-04" / "zhang.yaml").write_text(f"- id: {FLOW}\n  date: 2021-03-31\n  value: 1\n", encoding="utf-8")
    for command in (["validate"], ["list"], ["update", FLOW, "--value", "2", "--date", "2021-03-31"],
                    ["report", "--as-of", "2021-05-31", "-o", str(tmp_path / "b.md")]):
        done = ftz("--data", str(ws), *command)
        clean(done)
        assert done.exit_code == 1 and "updates: 错误 E007 进度文件夹 updates 是符号链接（指向 " in done.stderr, done.stderr
        assert f"rm {ws / 'updates'} && mv {away} {ws / 'updates'}" in done.stderr
    assert sorted(p.name for p in away.rglob("*")) == ["2021-04", "zhang.yaml"]  # nothing written there
    assert not (ws / "issued").exists()


def test_a_plans_symlinked_updates_folder_is_refused(ftz, ws: Path, tmp_path: Path) -> None:
    from ftz_cli.core.errors import FtzError
    from ftz_cli.store.append import locked
    from ftz_cli.store.workspace import Workspace

    folder = ws / "plans" / "2022" / "updates"
    folder.mkdir(parents=True)
    _linked_away(folder, tmp_path / "out")
    with pytest.raises(FtzError) as refused:
        Workspace(ws, plan="2022").update_files()
    assert refused.value.diagnostics[0].path == "plans/2022/updates"
    with pytest.raises(FtzError), locked(Workspace(ws, plan="2022")):
        pass
    assert not list((tmp_path / "out").iterdir())


def test_a_bounded_read_reads_to_the_end_or_the_bound_whatever_size_it_was_told(tmp_path):
    """``fstat``'s size only sizes the first read: a file grown since is read on, to the bound;
    a file of the limit's size is read, one byte more is E004."""
    from ftz_cli.core import files
    from ftz_cli.core.errors import FtzError

    data = bytes(range(256)) * 800  # 204,800 bytes: more than one 64 KiB read after the first
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    for most, told, expected in ((10**6, 10, data), (150_000, 10, data[:150_000]), (10**6, len(data), data),
                                 (len(data), len(data), data), (len(data) - 1, 0, data[:-1]),
                                 (65_538, 0, data[:65_538])):  # one byte of the bound left after a full read
        fd = os.open(path, os.O_RDONLY)
        try:
            assert files._read_fd(fd, most, told) == expected, (most, told)
        finally:
            os.close(fd)
    path.write_bytes(b"a" * 100)
    assert files.read_bounded(path, "x.yaml", 100, "") == b"a" * 100
    path.write_bytes(b"a" * 101)
    with pytest.raises(FtzError) as err:
        files.read_bounded(path, "x.yaml", 100, "")
    assert err.value.diagnostics[0].code == "E004"
