"""What the record store reads and leaves behind (issue 22): only files of the workspace's
own, each bounded and never waited on; nothing passed over unsaid; no lock file in git's sight."""

from __future__ import annotations

import datetime as dt
import shutil
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


def test_a_sent_notice_is_logged_under_the_ignored_lock(ws: Path) -> None:
    from ftz_cli.parse.sent import Sent
    from ftz_cli.store.sent import log
    from ftz_cli.store.workspace import Workspace

    log(Workspace(ws), [Sent("商务局", "dingtalk", dt.datetime(2021, 5, 10, 9, tzinfo=dt.UTC), "d", True)])
    assert sorted(p.name for p in (ws / "sent").iterdir()) == ["2021-05.jsonl"]
    assert (ws / "updates" / ".lock").is_file()
