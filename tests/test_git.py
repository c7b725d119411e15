"""Many desks, one record: a workspace in git, two clones recording at once, ``git pull`` in
both — no conflict, ``ftz validate`` passes, and the brief holds every record. Real git."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_bash

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git program")

GIT_ENV = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "测试",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0",
           "FTZ_DATA": "."}  # the clone is the workspace
FLOW = "trade.import-export-2021"
COUNT = "trade.overseas-warehouses-2021"
OUTLETS = "trade.outlets-2021"
MILESTONE = "capital.digital-rmb-pilot-2021"


def sh(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    done = run_bash(script, cwd, {**GIT_ENV, **env}, ("-e", "-o", "pipefail"))
    assert done.returncode == 0, f"{script}\n{done.stdout}\n{done.stderr}"
    return done


def test_two_clones_record_pull_and_agree(tmp_path: Path):
    sh("git init -q --bare -b main server.git && git clone -q server.git a 2>/dev/null && cd a"
       " && ftz init . && git add -A && git commit -qm 工作区 && git push -q origin main", tmp_path)
    sh("git clone -q server.git b", tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    (tmp_path / "a.csv").write_text(f"指标编号,日期,数值\n{COUNT},2021-03-31,40\n{OUTLETS},2021-03-31,5\n",
                                    encoding="utf-8")
    (tmp_path / "b.csv").write_text(f"指标编号,日期,数值\n{COUNT},2021-04-30,48\n{OUTLETS},2021-04-30,6\n",
                                    encoding="utf-8")
    # the same month, the same commands, on two machines
    sh(f"ftz update {FLOW} --value 800 --date 2021-03-31 --by 张三 && ftz import ../a.csv"
       " && git add -A && git commit -qm 张三录入 && git push -q origin main", a, FTZ_WRITER="zhang")
    sh(f"ftz update {FLOW} --value 1050 --date 2021-04-30 --by 李四"
       f" && ftz update {MILESTONE} --status 推进中 --date 2021-04-30"
       f" && ftz update {MILESTONE} --status 已完成 --date 2021-04-30 --replace && ftz import ../b.csv"
       " && git add -A && git commit -qm 李四录入", b, FTZ_WRITER="li")
    merged = sh("git pull -q --no-rebase --no-edit origin main && git push -q origin main", b)
    assert "CONFLICT" not in merged.stdout + merged.stderr
    sh("git pull -q --no-rebase --no-edit origin main", a)
    for clone in (a, b):
        assert sh("git status --porcelain", clone).stdout == ""
        logs = sorted(p.relative_to(clone).as_posix() for p in (clone / "updates").rglob("*.yaml"))
        assert [p.rsplit("/", 1)[1] for p in logs] == ["li.yaml", "zhang.yaml"], logs
        done = sh("ftz validate", clone)
        assert "0 个错误" in done.stderr
        for item, values in ((FLOW, [800, 1050]), (COUNT, [40, 48]), (OUTLETS, [5, 6])):
            shown = json.loads(sh(f"ftz show {item} --format json --as-of 2021-05-31", clone).stdout)
            assert [u["value"] for u in shown["updates"]] == values
        milestone = json.loads(sh(f"ftz show {MILESTONE} --format json --as-of 2021-05-31", clone).stdout)
        assert [u["status"] for u in milestone["updates"]] == ["推进中", "已完成"]
        assert milestone["progress"] == "已完成"  # the correction wins
        brief = sh("ftz report --as-of 2021-05-31 --format md", clone).stdout
        # the latest figures, from either clone (as of their own date)
        assert "| 1050亿元（数据截至" in brief and "| 48个（数据截至" in brief
        tracked = sh("git ls-files updates", clone).stdout.split()
        assert sorted(tracked) == ["updates/.gitignore", *logs]  # no lock file, no temporary file


def test_two_clones_that_disagree_are_told_by_validate(tmp_path: Path):
    sh("git init -q --bare -b main server.git && git clone -q server.git a 2>/dev/null && cd a"
       " && ftz init . && git add -A && git commit -qm 工作区 && git push -q origin main", tmp_path)
    sh("git clone -q server.git b", tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    sh(f"ftz update {FLOW} --value 800 --date 2021-03-31 && git add -A && git commit -qm a"
       " && git push -q origin main", a, FTZ_WRITER="zhang")
    sh(f"ftz update {FLOW} --value 900 --date 2021-03-31 && git add -A && git commit -qm b"
       " && git pull -q --no-rebase --no-edit origin main", b, FTZ_WRITER="li")
    checked = run_bash("ftz validate", b, GIT_ENV)
    assert checked.returncode == 1
    assert "E250" in checked.stderr and "zhang.yaml" in checked.stderr and "li.yaml" in checked.stderr
    sh(f"ftz update {FLOW} --value 900 --date 2021-03-31 --replace && ftz validate", b, FTZ_WRITER="li")


def test_the_pre_commit_hook_fires_for_both_layouts():
    import re

    import yaml

    hooks = Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml"
    pattern = re.compile(yaml.safe_load(hooks.read_text(encoding="utf-8"))[0]["files"])
    for path in ("updates/2021-03/zhang.yaml", "data/updates/2021-03/zhang_2.yaml", "updates/2021-03.yaml",
                 "targets.yaml", "data/ftz.yaml"):
        assert pattern.search(path), path
    assert not pattern.search("updates/2021-03/notes.txt")
