"""The edges of setting up a workspace: the write lock's words, this user's own settings
file, the plan chosen, a plan drafted again beside its records (the survivors of a mutation run
of ``store/lock.py``, ``store/userconfig.py`` and ``store/plans.py``, docs/development.md
变异测试)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import taskplan
from conftest import DATA
from filelock import FileLock

ITEM = "trade.outlets-2021"
UPDATE = ("update", ITEM, "--date", "2021-03-02", "--value", "3")


@pytest.fixture
def spaced(tmp_path: Path) -> Path:
    """A workspace whose path a shell must quote."""
    root = tmp_path / "my ws"
    (root / "updates").mkdir(parents=True)
    shutil.copyfile(DATA / "targets.yaml", root / "targets.yaml")
    shutil.copyfile(DATA / "document.txt", root / "document.txt")
    return root


def _records(root: Path) -> list[Path]:
    return sorted((root / "updates").rglob("*.yaml"))


# -- store/lock.py -------------------------------------------------------------------------

def test_a_linked_lock_names_the_command_that_removes_it_quoted(ftz, spaced: Path, tmp_path: Path) -> None:
    lock = spaced / "updates" / ".lock"
    lock.symlink_to(tmp_path / "elsewhere")
    result = ftz("--data", str(spaced), *UPDATE)
    assert result.exit_code == 1
    assert f"错误 E007 锁文件“{lock}”是符号链接，ftz 不会跟随它" in result.stderr
    assert f"提示：删去这个链接即可（rm '{lock}'），ftz 会重新建立锁文件。" in result.stderr
    assert not (tmp_path / "elsewhere").exists() and not _records(spaced)


def test_a_writer_that_gave_up_waiting_says_how_long_and_names_the_lock_quoted(
        ftz, spaced: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = spaced / "updates" / ".lock"
    monkeypatch.setenv("FTZ_LOCK_TIMEOUT", "0.25")
    with FileLock(lock):
        result = ftz("--data", str(spaced), *UPDATE)
    assert result.exit_code == 1
    assert "错误 E010 另一个 ftz 正在写入这个工作区，等了 0.25 秒仍未结束" in result.stderr
    assert f"可以删去锁文件 '{lock}' 后重试。" in result.stderr
    assert not _records(spaced)


def test_a_lock_timeout_below_zero_waits_not_at_all(ftz, spaced: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTZ_LOCK_TIMEOUT", "-5")
    with FileLock(spaced / "updates" / ".lock"):
        result = ftz("--data", str(spaced), *UPDATE)
    assert result.exit_code == 1 and "等了 0 秒仍未结束" in result.stderr


# -- store/userconfig.py -------------------------------------------------------------------

def test_a_users_settings_file_that_is_a_folder_is_named_with_the_way_out(
        ftz, ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    monkeypatch.setenv("FTZ_CONFIG", str(folder))
    result = ftz("--data", str(ws), *UPDATE)  # the writer may come from it
    assert result.exit_code == 1
    assert f"{folder}: 错误 E404 用户设置文件“{folder}”不是可读取的普通文件，或超过 64 KB" in result.stderr
    assert "提示：改正或删除这个文件（也可以用环境变量 FTZ_CONFIG 指定另一个）。" in result.stderr
    assert not _records(ws)


def test_a_users_settings_file_of_64_kb_is_read_and_one_byte_more_is_refused(
        ftz, ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine.yaml"
    head = b"writer: lisi\n"
    mine.write_bytes(head + b"#" * (64 * 1024 - len(head) - 1) + b"\n")
    monkeypatch.setenv("FTZ_CONFIG", str(mine))
    monkeypatch.delenv("FTZ_WRITER", raising=False)
    assert ftz("--data", str(ws), *UPDATE).exit_code == 0
    assert [p.name for p in _records(ws)] == ["lisi.yaml"]
    mine.write_bytes(mine.read_bytes() + b"\n")
    refused = ftz("--data", str(ws), "update", ITEM, "--date", "2021-04-02", "--value", "4")
    assert refused.exit_code == 1 and "E404" in refused.stderr and "超过 64 KB" in refused.stderr


# -- store/plans.py ------------------------------------------------------------------------

def test_a_plan_drafted_again_beside_its_records_keeps_them(ftz, ws: Path, tmp_path: Path) -> None:
    table = taskplan.write_csv(tmp_path / "t.csv")
    args = ("--data", str(ws), "plan", "import", str(table), "--name", "2022", "--year", "2022")
    assert ftz(*args).exit_code == 0
    records = ws / "plans" / "2022" / "updates"
    ignore = (records / ".gitignore").read_text(encoding="utf-8")
    assert ".lock" in ignore
    rows = json.loads(ftz("--data", str(ws), "--plan", "2022", "list", "--format", "json").stdout)
    done = ftz("--data", str(ws), "--plan", "2022", "update", rows[0]["id"], "--value", "100",
               "--date", "2022-03-31")
    assert done.exit_code == 0, done.stderr
    kept = {p: p.read_bytes() for p in records.rglob("*") if p.is_file()}
    (ws / "plans" / "2022.yaml").unlink()  # the plan moved away, its records left behind
    again = ftz(*args)
    assert again.exit_code == 0, again.stderr
    assert {p: p.read_bytes() for p in records.rglob("*") if p.is_file()} == kept


@pytest.fixture
def two(ftz, ws: Path, tmp_path: Path) -> Path:
    """The 2021 plan and a 2022 plan drafted beside it."""
    table = taskplan.write_csv(tmp_path / "t.csv")
    assert ftz("--data", str(ws), "plan", "import", str(table), "--name", "2022", "--year", "2022").exit_code == 0
    return ws


def test_a_plan_that_is_not_there_is_named_with_where_it_was_asked(
        ftz, two: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hint = ("提示：可用的计划：2021、2022。新计划用 ftz plan import 任务分解表 --name 名称 起草；"
            "ftz plans 列出全部计划。")
    given = ftz("--data", str(two), "--plan", "2023", "list")
    assert given.exit_code == 1
    assert "错误 E607 --plan 指定的计划“2023”不存在" in given.stderr and hint in given.stderr
    monkeypatch.setenv("FTZ_PLAN", "2024")
    env = ftz("--data", str(two), "list")
    assert env.exit_code == 1 and "错误 E607 FTZ_PLAN 指定的计划“2024”不存在" in env.stderr
    monkeypatch.delenv("FTZ_PLAN")
    (two / "ftz.yaml").write_text("plan: 2025\n", encoding="utf-8")
    settings = ftz("--data", str(two), "list")
    assert settings.exit_code == 1 and "错误 E607 ftz.yaml 的 plan: 指定的计划“2025”不存在" in settings.stderr


def test_the_2021_plan_is_found_from_a_workspace_working_on_another(
        ftz, two: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTZ_PLAN", "2022")
    result = ftz("--data", str(two), "plans", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [(r["plan"], r["items"], r["current"]) for r in json.loads(result.stdout)] == [
        ("2021", 193, False), ("2022", 40, True)]
