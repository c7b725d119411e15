"""``ftz plan import``: a 2022 任务分解表 drafted into a plan that validates, every task quoted
from its notice or marked ``unverified``, every guess ``inferred``, nothing written on --dry-run."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import taskplan

from ftz_cli.parse import yamlio
from ftz_cli.parse.plan import build_plan
from ftz_cli.parse.tasks import deadline_of

D = dt.date


def load_draft(ws: Path, name: str = "2022") -> tuple[Any, list[Any], dict[str, Any]]:
    text = (ws / "plans" / f"{name}.yaml").read_text(encoding="utf-8")
    tree, problems = yamlio.load(text, "plan")
    assert problems == []
    document = (ws / "plans" / f"{name}.txt").read_text(encoding="utf-8")
    plan, found = build_plan(tree, "plan", document)
    import yaml

    return plan, found, yaml.safe_load(text)


@pytest.fixture
def drafted(ftz, ws, tmp_path):
    table = taskplan.write_xlsx(tmp_path / "任务分解表.xlsx")
    notice = taskplan.write_notice(tmp_path / "通知.docx")
    result = ftz("--data", str(ws), "plan", "import", str(table), "--name", "2022", "--source", str(notice))
    assert result.exit_code == 0, result.stderr
    return result, table


def test_a_task_table_becomes_a_plan_that_validates(drafted, ws):
    result, table = drafted
    plan, found, raw = load_draft(ws)
    assert plan is not None, [d.format() for d in found]
    assert len(plan.items) == 40
    assert [d.code for d in found] == ["W600"]  # the one task the notice does not hold
    unverified = [i for i in plan.items if i.source.unverified]
    assert [i.title for i in unverified] == [taskplan.MISSING]
    assert "来源未核实 1 项" in result.stdout and "已写入：plans/2022.yaml" in result.stdout
    # what could not be read, row by row: the table's own rows (title row 1, header row 2)
    assert f"{table}:28: 警告 W602 目标值“1800列以上”读不出数字和单位" in result.stderr
    assert f"{table}:41: 警告 W602 目标值“全省前10”" in result.stderr
    assert f"{table}:42: 警告 W603 这项任务在来源文件中没有找到" in result.stderr
    assert raw["items"][-1]["source"]["unverified"] is True
    assert ".lock" in (ws / "plans" / "2022" / "updates" / ".gitignore").read_text(encoding="utf-8")


def test_each_kind_of_target_is_read(drafted, ws):
    plan, _, _ = load_draft(ws)
    item = plan.items_by_id
    customs = item["trade.t04"]  # 进口通关时间由4小时压缩至2小时以内, 2022年6月底前
    assert (customs.comparator, customs.target, customs.baseline.value, customs.unit) == ("<=", 2, 4, "小时")
    assert customs.deadline == D(2022, 6, 30) and "deadline" not in customs.inferred
    assert customs.relative and customs.wording == "压缩至2小时以内"
    market = item["trade.t06"]  # 在2021年3000亿元基础上增长10%
    assert (market.growth, market.baseline.value, market.target) == (10, 3000, pytest.approx(3300))
    assert item["trade.t01"].comparator == ">" and item["trade.t01"].kind == "flow"
    rate = item["trade.t02"]  # 增长15% with no base figure: the rate is the target
    assert (rate.unit, rate.target, rate.growth) == ("%", 15, None) and "基数" in rate.note
    assert item["trade.t05"].deadline == D(2022, 3, 31)  # 一季度
    assert item["trade.t10"].deadline == D(2022, 6, 30)  # 上半年
    assert item["capital.t21"].deadline == D(2022, 9, 30)  # 三季度
    assert item["investment.t18"].deadline == D(2022, 12, 31) and "deadline" in item["investment.t18"].inferred
    ongoing = sorted(i.id for i in plan.items if i.ongoing)
    assert ongoing == ["capital.t24", "digital-gov.t36", "investment.t15", "people.t33", "trade.t07"]
    assert all({"kind", "start"} <= set(i.inferred) for i in plan.items)


def test_quotes_come_from_the_notice(drafted, ws):
    plan, _, _ = load_draft(ws)
    reworded = plan.items_by_id["transport.t30"]
    assert reworded.title == taskplan.REWORDED[0]
    assert reworded.source.text.rstrip("。") == taskplan.REWORDED[1]  # the notice's words, not the table's
    assert plan.items_by_id["trade.t01"].source.text == "全年实现进出口额超4000亿元"


def test_units_and_areas_come_from_the_table(drafted, ws):
    plan, _, raw = load_draft(ws)
    assert [a.id for a in plan.areas] == ["trade", "investment", "capital", "transport", "people",
                                          "digital-gov", "business-env"]
    assert [a.team for a in plan.areas][0] == "贸易自由专班"
    assert raw["units"]["市商务局"][:3] == ["trade.t01", "trade.t02", "trade.t03"]
    assert ("义乌海关", "trade.t04") in {(a.unit, a.ref) for a in plan.units}
    assert "配合单位：义乌海关" in plan.items_by_id["trade.t01"].note


def test_dry_run_writes_nothing(ftz, ws, tmp_path):
    table = taskplan.write_xlsx(tmp_path / "t.xlsx")
    result = ftz("--data", str(ws), "plan", "import", str(table), "--name", "2022", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "--dry-run" in result.stdout and "40 项" in result.stdout
    assert not (ws / "plans").exists()
    assert "来源未核实 40 项" in result.stdout  # with no notice, nothing is verified
    # said once, as what it is: not "not found in the notice" on each of 40 rows
    table_name = str(table)
    assert result.stderr.count("W603") == 1, result.stderr
    assert (f"{table_name}: 警告 W603 没有给出来源文件（--source），40 项任务都没有核对原文，已标为 unverified\n"
            "  提示：加 --source 印发通知（.docx、.txt 或 .pdf）再运行一次") in result.stderr
    assert "在来源文件中没有找到" not in result.stderr


def test_other_files_and_header_words_give_the_same_plan(ftz, ws, tmp_path):
    kinds = {}
    for name, table, extra in (
            ("xlsx", taskplan.write_xlsx(tmp_path / "t.xlsx"), ()),
            ("word", taskplan.write_notice(tmp_path / "n.docx", with_table=True), ()),
            ("csv", taskplan.write_csv(tmp_path / "t.csv"), ("--year", "2022"))):
        notice = taskplan.write_notice(tmp_path / f"{name}-notice.docx")
        result = ftz("--data", str(ws), "plan", "import", str(table), "--name", name,
                     "--source", str(notice), *extra)
        assert result.exit_code == 0, result.stderr
        plan, found, _ = load_draft(ws, name)
        assert plan is not None and [d.code for d in found] == ["W600"]
        kinds[name] = [(i.kind, i.deadline, i.target, i.comparator) for i in plan.items]
    assert kinds["xlsx"] == kinds["word"] == kinds["csv"]


def test_problems_are_refused(ftz, ws, tmp_path):
    table = taskplan.write_xlsx(tmp_path / "t.xlsx")
    assert ftz("--data", str(ws), "plan", "import", str(table), "--name", "2022").exit_code == 0
    again = ftz("--data", str(ws), "plan", "import", str(table), "--name", "2022")
    assert again.exit_code == 1 and "E605" in again.stderr
    bad = ftz("--data", str(ws), "plan", "import", str(table), "--name", "../x")
    assert bad.exit_code == 1 and "E600" in bad.stderr
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    headless = ftz("--data", str(ws), "plan", "import", str(tmp_path / "x.csv"), "--name", "x")
    assert headless.exit_code == 1 and "E601" in headless.stderr and not (ws / "plans" / "x.yaml").exists()


@pytest.mark.parametrize(("words", "day", "stated"), [
    ("2022年6月底前", D(2022, 6, 30), True),
    ("6月底前", D(2022, 6, 30), True),
    ("2024年2月底前", D(2024, 2, 29), True),
    ("一季度", D(2022, 3, 31), True),
    ("第四季度", D(2022, 12, 31), True),
    ("前三季度", D(2022, 9, 30), True),
    ("上半年", D(2022, 6, 30), True),
    ("年底前", D(2022, 12, 31), True),
    ("年内", D(2022, 12, 31), False),
    ("2023年", D(2023, 12, 31), False),
    ("3月底前完成方案，年底前建成", D(2022, 12, 31), True),
    ("2022年5月20日", D(2022, 5, 20), True),
])
def test_deadline_words(words, day, stated):
    found = deadline_of(words, 2022)
    assert found is not None and (found.day, found.stated, found.ongoing) == (day, stated, False)


def test_long_term_words_have_no_deadline_to_miss():
    for words in ("长期坚持", "持续推进"):
        found = deadline_of(words, 2022)
        assert found is not None and found.ongoing and not found.stated
    assert deadline_of("", 2022) is None and deadline_of("视情况", 2022) is None


def test_a_pdf_notice_is_read_with_pdftotext(ftz, ws, tmp_path, monkeypatch):
    """pdftotext (poppler-utils) gives the text of a PDF; without it, ftz says how to do without."""
    table = taskplan.write_xlsx(tmp_path / "t.xlsx")
    pdf = tmp_path / "通知.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    (tmp_path / "通知.pdf.txt").write_text(taskplan.notice_text(), encoding="utf-8")
    tools = tmp_path / "bin"
    tools.mkdir()
    fake = tools / "pdftotext"  # called as: pdftotext -enc UTF-8 -- FILE -
    fake.write_text(f'#!/bin/sh\n{shutil.which("cat")} "$4.txt"\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))
    result = ftz("--data", str(ws), "plan", "import", str(table), "--name", "2022", "--source", str(pdf))
    assert result.exit_code == 0, result.stderr
    assert "来源未核实 1 项" in result.stdout
    fake.unlink()
    missing = ftz("--data", str(ws), "plan", "import", str(table), "--name", "2023", "--source", str(pdf))
    assert missing.exit_code == 1 and "E603" in missing.stderr and "pdftotext" in missing.stderr
    assert not (ws / "plans" / "2023.yaml").exists()


def test_a_word_notice_with_its_table_is_its_own_source(ftz, ws, tmp_path):
    notice = taskplan.write_notice(tmp_path / "通知.docx", with_table=True)
    result = ftz("--data", str(ws), "plan", "import", str(notice), "--name", "2022")
    assert result.exit_code == 0, result.stderr
    plan, found, _ = load_draft(ws)
    assert plan is not None and [d.code for d in found] == ["W600"]
    assert [i.title for i in plan.items if i.source.unverified] == [taskplan.MISSING]


def test_rows_across_the_table_name_the_area_of_the_rows_under_them(ftz, ws, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("序号,主要任务,牵头单位,完成时限\n一、贸易自由专班,,,\n1,新增海外仓20个,市商务局,年底前\n"
                     "（二）营商环境专班,,,\n2,企业开办时间压缩至1个工作日以内,市市场监管局,一季度\n"
                     "3,,市商务局,年底前\n", encoding="utf-8")
    result = ftz("--data", str(ws), "plan", "import", str(table), "--name", "2022", "--year", "2022")
    assert result.exit_code == 0, result.stderr
    assert f"{table}:6: 警告 W601 这一行没有任务内容，已跳过" in result.stderr
    _, _, raw = load_draft_without_text(ws)
    assert [(i["id"], i["area"]) for i in raw["items"]] == [("trade.t01", "trade"),
                                                          ("business-env.t02", "business-env")]
    assert [a["team"] for a in raw["areas"]] == ["贸易自由专班", "营商环境专班"]
    assert all("area" not in i["inferred"] for i in raw["items"])  # the table named them


def load_draft_without_text(ws: Path) -> tuple[Any, list[Any], dict[str, Any]]:
    import yaml

    text = (ws / "plans" / "2022.yaml").read_text(encoding="utf-8")
    tree, _ = yamlio.load(text, "plan")
    plan, found = build_plan(tree, "plan", None)
    assert plan is not None, [d.format() for d in found]
    return plan, found, yaml.safe_load(text)


def test_a_broken_or_huge_word_file_is_called_a_word_file(ftz, ws: Path, tmp_path: Path) -> None:
    """A .docx that is no zip, or that unzips past the bound, is said of a Word file: not
    “Excel 文件无法打开…不是 .xlsx 格式” nor a hint about the 进度填报 worksheet."""
    import zipfile

    broken = tmp_path / "通知.docx"
    broken.write_bytes(b"not a zip")
    result = ftz("--data", str(ws), "plan", "import", str(broken), "--name", "2022", "--dry-run")
    assert result.exit_code == 1 and "E602 Word 文件无法打开" in result.stderr and "Excel" not in result.stderr
    huge = tmp_path / "大.docx"
    with zipfile.ZipFile(huge, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("word/document.xml", "w", force_zip64=True) as part:
        for _ in range(101):
            part.write(b"a" * (1 << 20))
    result = ftz("--data", str(ws), "plan", "import", str(huge), "--name", "2022", "--dry-run")
    assert result.exit_code == 1 and "E004 文件解压后有 101 MB" in result.stderr, result.stderr
    assert "工作表" not in result.stderr and "工作簿" not in result.stderr
    assert not (ws / "plans").exists()


def test_a_lead_unit_that_cannot_be_a_file_name_is_named_at_its_row(ftz, ws, tmp_path):
    """A unit's name becomes its sheet's file name; a bad one is said at its row of the table
    (where the user corrects it), not at a line of a plan file that a dry run never writes."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "重点任务", "目标值/预期成效", "牵头单位", "配合单位", "完成时限"])
    sheet.append([1, "进出口额超4000亿元", "4000亿元", "市商务局", "义乌海关", "2022年底"])
    sheet.append([2, "推进改革", "", "../../etc", "", "2022年6月"])
    sheet.append([3, "数字人民币试点", "", "市\u202e金融办", "", "2022年底"])
    book.save(tmp_path / "t.xlsx")
    for extra in (("--dry-run",), ()):
        result = ftz("--data", str(ws), "plan", "import", str(tmp_path / "t.xlsx"), "--name", "2022", *extra)
        assert result.exit_code == 1, result.stderr
        assert "t.xlsx:3: 错误 E022 牵头单位“..”" in result.stderr and "t.xlsx:4: 错误 E231 " in result.stderr
        assert result.stderr.count("E022") == 1 and "plans/2022.yaml" not in result.stderr
        assert not (ws / "plans").exists()
