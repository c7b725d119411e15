"""What a tester found by pushing at the edges: partial runs, odd files, odd arguments."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from ftz_cli.commands import output
from ftz_cli.store.workspace import SETTINGS_TEMPLATE, shipped

TEMPLATES = ROOT / "templates"
NOTE = "a\udcffb"  # what Python makes of `--note $'a\xffb'` (surrogateescape)


def no_crash(result) -> None:
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr


# -- weekly: a failed run leaves nothing that blocks the next one ------------------------

def weekly_args(ws: Path, out: Path, *extra: str) -> list[str]:
    return ["--data", str(ws), "weekly", "--from", "2021-03-01", "--to", "2021-03-31",
            "--out", str(out), *extra]


def test_weekly_writes_nothing_when_a_later_week_fails(ftz, ws: Path, tmp_path: Path) -> None:
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    good = (TEMPLATES / "weekly.md.j2").read_text(encoding="utf-8")
    (tpl / "weekly.md.j2").write_text(
        good + "{% if as_of.day > 14 %}{{ nosuchvar }}{% endif %}\n", encoding="utf-8")
    out = tmp_path / "wkt"
    failed = ftz(*weekly_args(ws, out, "--templates", str(tpl)))
    assert failed.exit_code == 1 and "E406" in failed.stderr and "nosuchvar" in failed.stderr
    assert not out.exists() or not any(out.iterdir())
    again = ftz(*weekly_args(ws, out))
    assert again.exit_code == 0, again.stderr
    assert sorted(p.name for p in out.glob("*.md")) == [
        "2021-W09.md", "2021-W10.md", "2021-W11.md", "2021-W12.md", "2021-W13.md", "index.md"]


def test_weekly_remembers_what_it_wrote_before_a_write_failed(
        ftz, ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write = output.atomic_write

    def disk_full_at_w11(path: Path, data: bytes) -> None:
        if path.name == "2021-W11.md":
            raise output.FtzError(output.Diagnostic("E405", "磁盘已满"))
        write(path, data)

    out = tmp_path / "wkt"
    monkeypatch.setattr(output, "atomic_write", disk_full_at_w11)
    assert ftz(*weekly_args(ws, out)).exit_code == 1
    assert sorted(json.loads((out / output.MANIFEST).read_text(encoding="utf-8"))) == [
        "2021-W09.md", "2021-W10.md"]
    assert not list(out.glob(".ftz-tmp-*"))
    monkeypatch.setattr(output, "atomic_write", write)
    again = ftz(*weekly_args(ws, out))
    assert again.exit_code == 0, again.stderr


# -- list -o writes the table too -------------------------------------------------------

def test_list_table_goes_to_the_file_given_by_o(ftz, ws: Path, tmp_path: Path) -> None:
    result = ftz("--data", str(ws), "list", "--as-of", "2021-03-01", "-o", "out.txt")
    assert result.exit_code == 0 and result.stdout == ""
    text = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "trade.import-export-2021" in text and "序时进度" in text
    assert "\x1b" not in text


def test_o_naming_a_folder_is_said_to_be_a_folder(ftz, ws: Path, tmp_path: Path) -> None:
    (tmp_path / "somedir").mkdir()
    for command in (["list"], ["report"], ["sheet", "--as-of", "2021-03-01"]):
        result = ftz("--data", str(ws), *command, "-o", "somedir")
        assert result.exit_code == 1, command
        assert "E405" in result.stderr and "是一个文件夹" in result.stderr, command
        no_crash(result)


# -- ftz.yaml with every line deleted means the defaults ---------------------------------

@pytest.mark.parametrize("text", [
    "",
    "# ftz 工作区设置\n\n# 都删了\n",
    "".join(f"# {line}\n" for line in shipped(SETTINGS_TEMPLATE).splitlines()),
])
def test_settings_with_only_comments_are_the_defaults(ftz, ws: Path, text: str) -> None:
    (ws / "ftz.yaml").write_text(text, encoding="utf-8")
    result = ftz("--data", str(ws), "report", "--as-of", "2021-03-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# 义乌自贸区建设推进情况简报\n")


def test_settings_issue_must_be_positive(ftz, ws: Path) -> None:
    (ws / "ftz.yaml").write_text("report:\n  issue: -1\n", encoding="utf-8")
    result = ftz("--data", str(ws), "list")
    assert result.exit_code == 1 and "E404" in result.stderr and "issue" in result.stderr


# -- updates/ must be a folder -----------------------------------------------------------

def test_updates_that_is_a_file_is_named(ftz, ws: Path) -> None:
    shutil.rmtree(ws / "updates")
    (ws / "updates").write_text("", encoding="utf-8")
    for command in (["update", "trade.import-export-2021", "--value", "100", "--date", "2021-03-01"],
                    ["list"], ["validate"]):
        result = ftz("--data", str(ws), *command)
        assert result.exit_code == 1, command
        assert result.stderr.startswith("updates: 错误 E001 “updates”应是存放进度文件的文件夹"), command
        no_crash(result)
    assert (ws / "updates").read_text(encoding="utf-8") == ""


# -- templates must be UTF-8 -------------------------------------------------------------

@pytest.mark.parametrize(("encoding", "says"), [("gbk", "GBK"), ("utf-16", "UTF-16")])
def test_template_not_in_utf8_is_named(ftz, ws: Path, tmp_path: Path, encoding: str,
                                       says: str) -> None:
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    text = (TEMPLATES / "_areas.md.j2").read_text(encoding="utf-8")  # a partial, included
    (tpl / "_areas.md.j2").write_bytes(text.encode(encoding))
    result = ftz("--data", str(ws), "report", "--as-of", "2021-03-31", "--templates", str(tpl))
    assert result.exit_code == 1
    assert f"{tpl / '_areas.md.j2'}:" in result.stderr
    assert "E002" in result.stderr and says in result.stderr and "UTF-8" in result.stderr
    no_crash(result)


def test_template_with_a_bom_renders_without_it(ftz, ws: Path, tmp_path: Path) -> None:
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "report.md.j2").write_text("\ufeff# {{ title }}\n", encoding="utf-8")
    result = ftz("--data", str(ws), "report", "--templates", str(tpl))
    assert result.exit_code == 0 and result.stdout == "# 义乌自贸区建设推进情况简报\n"


# -- text that is not UTF-8 is refused before anything is written ------------------------

@pytest.mark.parametrize(("args", "option"), [
    (["update", "trade.import-export-2021", "--value", "100", "--date", "2021-03-01",
      "--note", NOTE], "--note"),
    (["update", "trade.import-export-2021", "--value", "100", "--date", "2021-03-01",
      "--by", NOTE], "--by"),
    (["update", "trade.dubai-mall-opening", "--status", NOTE], "--status"),
    (["report", "--title", NOTE], "--title"),
])
def test_text_that_is_not_utf8_is_a_usage_error(ftz, ws: Path, args: list[str],
                                                option: str) -> None:
    result = ftz("--data", str(ws), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"错误 E407 {option} 含有无法识别的字符")
    assert result.stdout == ""
    assert list((ws / "updates").iterdir()) == []


# -- small ones --------------------------------------------------------------------------

@pytest.mark.parametrize("directory", ["", "  "])
def test_init_refuses_an_empty_folder_name(ftz, tmp_path: Path, directory: str) -> None:
    result = ftz("init", directory)
    assert result.exit_code == 2 and "E407" in result.stderr
    assert not (tmp_path / "targets.yaml").exists()


def test_quiet_init_says_nothing(ftz, tmp_path: Path) -> None:
    result = ftz("-q", "init", str(tmp_path / "w"))
    assert result.exit_code == 0 and result.stderr == "" and result.stdout == ""
    assert (tmp_path / "w" / "targets.yaml").is_file()


@pytest.mark.parametrize(("args", "option"), [
    (["update", "trade.import-export-2021", "--value", "100", "--date", ""], "--date"),
    (["list", "--as-of", ""], "--as-of"),
    (["report", "--as-of", " "], "--as-of"),
])
def test_empty_dates_are_refused(ftz, ws: Path, args: list[str], option: str) -> None:
    result = ftz("--data", str(ws), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"错误 E407 {option} 不能为空\n")
    assert list((ws / "updates").iterdir()) == []


def test_report_refuses_an_extension_it_cannot_write(ftz, ws: Path, tmp_path: Path) -> None:
    result = ftz("--data", str(ws), "report", "-o", "r.odt")
    assert result.exit_code == 2
    assert "“.odt”" in result.stderr and ".md" in result.stderr and ".docx" in result.stderr
    assert not (tmp_path / "r.odt").exists()
    forced = ftz("--data", str(ws), "report", "-o", "r.odt", "--format", "md")
    assert forced.exit_code == 0 and (tmp_path / "r.odt").read_text(encoding="utf-8").startswith("# ")
    assert ftz("--data", str(ws), "report", "-o", "r.HTM").exit_code == 0


@pytest.mark.parametrize("issue", ["-3", "0"])
def test_issue_must_be_positive(ftz, ws: Path, issue: str) -> None:
    result = ftz("--data", str(ws), "report", "--issue", issue)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"错误 E407 --issue 应为正整数，不能是 {issue}\n")


# -- click's own usage errors, in the contract's form ------------------------------------

@pytest.mark.parametrize(("args", "expected"), [
    (["list", "--nosuch"], "错误 E407 没有选项“--nosuch”\n  提示：运行“ftz list --help”查看用法。\n"),
    (["list", "--statu", "behind"],
     "错误 E407 没有选项“--statu”\n  提示：您是不是要用 --status？运行“ftz list --help”查看用法。\n"),
    (["--bogus", "list"], "错误 E407 没有选项“--bogus”\n  提示：运行“ftz --help”查看用法。\n"),
    (["show"], "错误 E407 缺少参数 ID\n  提示：运行“ftz show --help”查看用法。\n"),
    (["weekly", "--to", "2021-03-01"], "错误 E407 缺少选项 --from\n  提示：运行“ftz weekly --help”查看用法。\n"),
    (["weekly", "--from"], "错误 E407 选项 --from 后面缺少取值\n  提示：运行“ftz weekly --help”查看用法。\n"),
    (["list", "--bom=yes"], "错误 E407 选项 --bom 不带取值\n  提示：运行“ftz list --help”查看用法。\n"),
    (["report", "--issue", "abc"], "错误 E407 --issue 的取值“abc”不对\n  提示：应为整数，如 3。\n"),
    (["show", "a", "b"], "错误 E407 多余的参数：b\n"
     "  提示：值里有空格时，请用引号把整个值括起来。运行“ftz show --help”查看用法。\n"),
])
def test_usage_errors_are_in_chinese(ftz, args: list[str], expected: str) -> None:
    result = ftz(*args)
    assert result.exit_code == 2
    assert result.stderr == expected
    assert result.stdout == ""


def test_unknown_command_suggests_the_close_one(ftz) -> None:
    result = ftz("lst")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误 E407 没有命令“lst”\n  提示：您是不是要用 list？可用的命令：init、")


def test_written_files_are_readable_like_any_new_file(ftz, ws: Path, tmp_path: Path) -> None:
    """The atomic write's temporary file is private (0600); the brief must not stay so."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        result = ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "-o", "r.md")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "r.md").stat().st_mode) == 0o644
