"""Small things a message must get right: a size just over a limit is told apart from the limit;
help names what it asks for in Chinese."""

from __future__ import annotations

from pathlib import Path

from ftz_cli import importers


def test_a_settings_file_just_over_its_limit_is_not_said_to_equal_it(ftz, ws: Path) -> None:
    (ws / "ftz.yaml").write_bytes(b"#" * ((1 << 20) + 100) + b"\n")
    result = ftz("--data", str(ws), "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("ftz.yaml: 错误 E004 文件有 1,048,677 字节，超过上限 1 MB（1,048,576 字节）\n")


def test_an_import_just_over_its_limit_is_not_said_to_equal_it(ftz, ws: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(importers, "MAX_BYTES", 1 << 20)
    (tmp_path / "a.csv").write_bytes(b"id,date,value\n" + b"#" * (1 << 20))
    result = ftz("--data", str(ws), "import", str(tmp_path / "a.csv"))
    assert result.exit_code == 1
    assert "错误 E004 文件有 1,048,590 字节，超过上限 1 MB（1,048,576 字节）\n" in result.stderr
    (tmp_path / "a.csv").write_bytes(b"#" * (3 << 19))  # 1.5 MB: megabytes tell them apart
    assert "错误 E004 文件有 1.5 MB，超过上限 1 MB\n" in ftz("--data", str(ws), "import", str(tmp_path / "a.csv")).stderr


def test_plan_carry_help_names_its_two_plans_in_chinese(ftz) -> None:
    shown = ftz("plan", "carry", "--help").stdout
    assert shown.startswith("用法：ftz plan carry [选项] 原计划 新计划\n")
    assert "  原计划  结转出的计划（其中未完成的事项），如 2021 [必填]\n" in shown
    assert "  新计划  结转入的计划（事项复制到这里），如 2022 [必填]\n" in shown
    assert "FROM" not in shown and "TO " not in shown
    assert "错误 E407 缺少参数 原计划\n" in ftz("plan", "carry").stderr


def test_weekly_help_shows_where_briefs_go_by_default(ftz) -> None:
    assert "  --out 文件夹        输出文件夹 [默认：briefs]\n" in ftz("weekly", "--help").stdout


def test_a_folder_in_place_of_the_write_lock_is_named_with_a_way_out(ftz, ws: Path) -> None:
    (ws / "updates" / ".lock").mkdir()
    result = ftz("--data", str(ws), "update", "trade.outlets-2021", "--value", "3", "--date", "2021-02-28")
    lock = ws / "updates" / ".lock"
    assert result.exit_code == 1
    assert result.stderr == (
        f"{lock}: 错误 E005 锁文件“{lock}”的位置上是一个文件夹，ftz 无法加锁，没有写入\n"
        f"  提示：这个文件夹不是 ftz 建的（ftz 在这里只放一个空文件）：看看里面有没有要留的东西（ls -la {lock}），"
        "移走或删去它后再运行一次。\n")
    assert lock.is_dir() and [p.name for p in (ws / "updates").rglob("*")] == [".lock"]


def test_an_error_of_the_output_stream_offers_no_command_on_a_made_up_path() -> None:
    import errno

    from ftz_cli.core.oserrors import os_diagnostic

    for number in (errno.EACCES, errno.ELOOP, errno.EXDEV):
        hint = os_diagnostic(OSError(number, "x")).hint
        assert hint == "检查输出重定向到的文件：是否有写入权限、所在磁盘是否已满。", hint


def test_a_path_in_the_settings_that_is_not_there_is_said_at_its_line(ftz, ws: Path, tmp_path: Path) -> None:
    (ws / "ftz.yaml").write_text("report:\n  title: 简报\n  reference_doc: 简报模板.docx\n", encoding="utf-8")
    result = ftz("--data", str(ws), "report", "--as-of", "2021-05-31", "-o", str(tmp_path / "b.docx"))
    assert result.exit_code == 1 and not (tmp_path / "b.docx").exists()
    assert result.stderr == (
        "ftz.yaml:3:18: 错误 E404 设置 report.reference_doc 指定的 Word 样式模板“简报模板.docx”不存在\n"
        f"  提示：检查 ftz.yaml 中的路径（相对于工作区 {ws}），或删去这一行以使用 ftz 自带的样式。\n")
    assert ftz("--data", str(ws), "report", "--as-of", "2021-05-31", "--format", "md").exit_code == 0  # only Word needs it
    (ws / "ftz.yaml").write_text("report:\n  templates: 我的模板\n", encoding="utf-8")
    result = ftz("--data", str(ws), "report", "--as-of", "2021-05-31", "--format", "md")
    assert result.exit_code == 1
    assert result.stderr.startswith("ftz.yaml:2:14: 错误 E404 设置 report.templates 指定的模板文件夹“我的模板”不存在\n")
    (ws / "我的模板").write_text("", encoding="utf-8")
    result = ftz("--data", str(ws), "report", "--as-of", "2021-05-31", "--format", "md")
    assert result.stderr.startswith("ftz.yaml:2:14: 错误 E404 设置 report.templates 指定的“我的模板”是文件，不是文件夹\n")
