"""The edges of setting up a workspace: the write lock's words, this user's own settings
file, the plan chosen, a plan drafted again beside its records (the survivors of a mutation run
of ``store/lock.py``, ``store/userconfig.py`` and ``store/plans.py``, docs/development.md
变异测试)."""

from __future__ import annotations

import json
import os
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


# -- store/workspace.py ----------------------------------------------------------------------

def test_the_bundled_plan_takes_no_record_and_says_how_to_make_a_workspace(ftz) -> None:
    result = ftz(*UPDATE)  # no workspace here nor above: ftz's own plan, read-only
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "错误 E402 当前使用的是 ftz 自带的计划（只读），不能写入进度\n"
        "  提示：先用“ftz init 文件夹”新建工作区，再进入这个文件夹运行 ftz，或用 --data 文件夹"
        "（或环境变量 FTZ_DATA）指向它，例如：ftz init 自贸区进度，然后 cd 自贸区进度\n")


def test_a_folder_given_that_holds_no_plan_is_named_with_the_option(ftz, tmp_path: Path) -> None:
    result = ftz("--data", str(tmp_path), "list")
    assert result.exit_code == 1
    assert (f"错误 E401 --data 指定的文件夹“{tmp_path}”中没有 targets.yaml\n"
            "  提示：检查路径是否正确，或用“ftz init 文件夹”新建工作区。") in result.stderr


@pytest.mark.parametrize("link", ["out", "loop"])
def test_notes_reached_by_a_link_out_or_a_loop_are_not_read(ftz, ws: Path, tmp_path: Path, link: str) -> None:
    notes = ws / "notes" / "2021-06-30.yaml"
    notes.parent.mkdir()
    if link == "out":
        (tmp_path / "elsewhere.yaml").write_text("problems: [外面的文字]\n", encoding="utf-8")
        notes.symlink_to(tmp_path / "elsewhere.yaml")
        where = f"（{tmp_path / 'elsewhere.yaml'}）"
    else:
        notes.symlink_to(notes)
        where = "（链接无法解析）"
    result = ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "-o", "-")
    assert result.exit_code == 1
    assert (f"notes/2021-06-30.yaml: 错误 E007 notes/2021-06-30.yaml 经符号链接通向工作区以外{where}，"
            f"ftz 不读也不改写工作区以外的文件\n  提示：把链接换成工作区（{ws}）里真正的文件或文件夹（复制链接指向的内容）。"
            ) in result.stderr


def test_notes_the_system_will_not_read_are_named_with_its_reason(
        ftz, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (ws / "notes").mkdir()
    (ws / "notes" / "2021-06-30.yaml").write_text("problems: [文字]\n", encoding="utf-8")

    def refused(*args: object) -> bytes:
        raise PermissionError(13, "Permission denied")  # what a file of another user gives

    monkeypatch.setattr("ftz_cli.core.files.read_small", refused)
    result = ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "-o", "-")
    assert result.exit_code == 1
    assert "notes/2021-06-30.yaml: 错误 E001 无法读取“notes/2021-06-30.yaml”：Permission denied\n" in result.stderr


def test_a_brief_written_outside_the_workspace_is_logged_by_its_full_path(
        ftz, ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTZ_WRITER", "zhang")
    out = tmp_path / "简报" / "b.md"
    out.parent.mkdir()
    assert ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "-o", str(out)).exit_code == 0
    log = (ws / "issued" / "report-2021-001-zhang.yaml").read_text(encoding="utf-8")
    assert f"file: \"{out}\"\n" in log


def test_a_settings_file_asking_for_a_browser_names_this_users_own_settings_file(ftz, ws: Path) -> None:
    (ws / "ftz.yaml").write_text("report:\n  browser: /bin/sh\n", encoding="utf-8")
    result = ftz("--data", str(ws), "validate")
    assert result.exit_code == 1
    assert "ftz.yaml:2:3: 错误 E020 ftz.yaml 不能指定浏览器（report.browser）" in result.stderr
    mine = Path(os.environ["FTZ_CONFIG"])
    assert f"或写在本机的用户设置文件 {mine} 中（browser: 路径）。" in result.stderr


def test_a_parent_folder_that_cannot_be_looked_into_is_no_workspace(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ftz_cli.store.workspace import is_workspace

    real = Path.is_file

    def refused(path: Path) -> bool:
        if path.parent == tmp_path:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "is_file", refused)
    assert is_workspace(tmp_path) is False


def test_ftz_data_naming_a_folder_without_a_plan_is_named_as_ftz_data(
        ftz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTZ_DATA", str(tmp_path))
    result = ftz("list")
    assert result.exit_code == 1
    assert f"错误 E401 FTZ_DATA 指定的文件夹“{tmp_path}”中没有 targets.yaml\n" in result.stderr


def test_a_plan_in_a_data_folder_here_is_a_workspace_that_takes_records(ftz, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    shutil.copyfile(DATA / "targets.yaml", tmp_path / "data" / "targets.yaml")
    shutil.copyfile(DATA / "document.txt", tmp_path / "data" / "document.txt")
    result = ftz(*UPDATE)
    assert result.exit_code == 0, result.stderr
    assert len(list((tmp_path / "data" / "updates").rglob("*.yaml"))) == 1


def test_a_file_named_updates_is_said_before_anything_is_read(ftz, ws: Path) -> None:
    (ws / "updates").rmdir()
    (ws / "updates").write_text("", encoding="utf-8")
    result = ftz("--data", str(ws), "list")
    assert result.exit_code == 1
    assert result.stderr == ("updates: 错误 E001 “updates”应是存放进度文件的文件夹，但这里是一个文件\n"
                             f"  提示：把这个文件改名或移走，再新建一个名为 updates 的文件夹；工作区在：{ws}\n")


@pytest.mark.parametrize(("made", "said"), [
    (None, "设置 report.templates 指定的模板文件夹“模板”不存在"),
    ("file", "设置 report.templates 指定的“模板”是文件，不是文件夹"),
])
def test_a_templates_setting_that_names_no_folder_says_the_builtin_ones_are_there(
        ftz, ws: Path, made: str | None, said: str) -> None:
    (ws / "ftz.yaml").write_text("report:\n  templates: 模板\n", encoding="utf-8")
    if made:
        (ws / "模板").write_text("", encoding="utf-8")
    result = ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "-o", "-")
    assert result.exit_code == 1
    assert (f"ftz.yaml:2:14: 错误 E404 {said}\n"
            f"  提示：检查 ftz.yaml 中的路径（相对于工作区 {ws}），或删去这一行以使用内置模板。") in result.stderr


@pytest.mark.parametrize("there", ["targets.yaml", "ftz.yaml", "updates/2021-04/zhang.yaml", "updates/zhang.yaml"])
def test_init_never_writes_over_any_part_of_a_workspace(ftz, tmp_path: Path, there: str) -> None:
    target = tmp_path / "ws"
    (target / there).parent.mkdir(parents=True)
    (target / there).write_text("mine\n", encoding="utf-8")
    result = ftz("init", str(target))
    assert result.exit_code == 1
    assert result.stderr == (f"错误 E403 “{target}”中已有工作区（targets.yaml、ftz.yaml 或进度文件），不会覆盖\n"
                             "  提示：换一个文件夹名，或直接使用这个已有的工作区。\n")
    assert [p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()] == [there]
    assert (target / there).read_text(encoding="utf-8") == "mine\n"


def test_init_through_a_link_says_which_and_how_to_remove_it(ftz, tmp_path: Path) -> None:
    target = tmp_path / "my ws"
    target.mkdir()
    (target / "document.txt").symlink_to(tmp_path / "elsewhere.txt")
    result = ftz("init", str(target))
    assert result.exit_code == 1
    assert result.stderr == (f"document.txt: 错误 E007 “{target / 'document.txt'}”是符号链接，ftz init 不会通过它写入\n"
                             f"  提示：删去这个链接（rm '{target / 'document.txt'}'）或换一个空文件夹，"
                             "再运行 ftz init；没有写入任何文件。\n")


def test_a_failed_init_says_where_and_that_nothing_was_left(
        ftz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    real = Path.write_bytes

    def full(path: Path, data: bytes) -> int:
        if path.name == "ftz.yaml":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    target = tmp_path / "ws"
    result = ftz("init", str(target))
    assert result.exit_code == 1
    assert result.stderr == (f"错误 E405 无法在“{target}”创建工作区：磁盘已满，无法写入“{target / 'ftz.yaml'}”\n"
                             f"  提示：清理磁盘空间后再运行（df -h {target} 可查看剩余空间）。没有留下任何文件。\n")
    monkeypatch.undo()
    assert ftz("init", str(target)).exit_code == 0
    assert (target / ".gitignore").read_text(encoding="utf-8") == (DATA / "workspace.gitignore").read_text(encoding="utf-8")
