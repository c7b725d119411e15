"""The short brief, read as a leader and an office would: its sections and counts, the
office's own words, the running 期号, and the Word document read back with python-docx.

The world is a realistic mid-year workspace (tests/midyear.py: about thirty updates).
PDF pages are checked in test_brief_pdf.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import imports
from midyear import AS_OF, write_midyear

REPORT = ("report", "--as-of", AS_OF)


@pytest.fixture
def mid(ws: Path) -> Path:
    return write_midyear(ws)


def brief(ftz, world: Path, *args: str) -> str:
    result = ftz("--data", str(world), *REPORT, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def log(world: Path) -> list[dict[str, object]]:
    """The issue log, read through its one reading API."""
    from ftz_cli.store.briefs import read_log
    from ftz_cli.store.workspace import find

    return [{"series": e.series, "number": e.number, "as_of": e.as_of, "file": e.file}
            for e in read_log(find(str(world)))]


# -- what the body says -----------------------------------------------------------------

def test_the_body_reads_in_the_order_of_a_briefing(ftz, mid):
    text = brief(ftz, mid)
    order = ["内部资料", "# 义乌自贸区建设推进情况简报", "2021年第1期", "## 一、总体情况",
             "## 二、本期主要进展", "## 三、需关注事项", "## 四、存在问题和下一步工作",
             "### （一）存在问题", "### （二）下一步工作", "### （三）有关事项", "### （四）近期到期事项",
             "## 附件1　分领域进展情况", "## 附件2", "## 附件3　数据说明", "报：市委、市政府领导"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    body = text.split("## 附件1")[0]
    # nothing-reported items fold into counts per 专班; no 未报送 row in the body
    assert "| 未报送 |" not in body and "逾期未报送 |" not in body
    assert "贸易自由专班未报送25项、逾期未报送6项" in body


def test_every_count_agrees_with_ftz_list(ftz, mid):
    rows = json.loads(ftz("--data", str(mid), "list", "--as-of", AS_OF, "--format", "json").stdout)
    text = brief(ftz, mid, "--body-only")

    def count(status: str, area: str | None = None) -> int:
        return sum(r["status"] == status and (area is None or r["area"] == area) for r in rows)

    red = count("overdue") + count("severely_behind")
    labels = Counter(r["status_label"].removesuffix("（超期未更新）") for r in rows)
    parts = "、".join(f"{label}{labels[label]}项" for label in (
        "逾期未完成", "逾期未报送", "今日到期未完成", "今日到期未报送", "严重滞后") if labels[label])
    assert parts.startswith("逾期未完成2项、逾期未报送25项")  # never 逾期未完成27项
    assert f"红灯{red}项（{parts}），黄灯{count('behind')}项，绿灯{count('on_track')}项" in text
    lights = re.search(r"亮灯情况：已完成(\d+)项、绿灯(\d+)项、黄灯(\d+)项、红灯(\d+)项", text)
    assert lights is not None
    assert [int(x) for x in lights.groups()] == [count("done"), count("on_track"), count("behind"), red]
    # each 专班's heading in 需关注事项 counts that 专班's red and yellow items
    for area, team in (("trade", "贸易自由专班"), ("investment", "投资自由专班"), ("capital", "资金自由专班")):
        head = re.search(rf"### （[一二三四]）{team}（牵头：[^）]+）：(.*)", text)
        assert head is not None, team
        red_here = count("overdue", area) + count("severely_behind", area)
        expected = "、".join(p for p in (f"红灯{red_here}项" if red_here else "",
                                         f"黄灯{count('behind', area)}项" if count("behind", area) else "") if p)
        assert head.group(1) == expected
        unreported = sum(r["status"] == "overdue" and r["value_date"] is None and r["area"] == area
                         for r in rows)
        no_data = count("no_data", area)
        said = "、".join(p for p in (f"未报送{no_data}项" if no_data else "",
                                     f"逾期未报送{unreported}项" if unreported else "") if p)
        assert f"{team}{said}" in text


def test_the_offices_words_are_carried_verbatim_and_escaped(ftz, mid, tmp_path):
    text = brief(ftz, mid)
    assert "部分专班报送不及时，资金自由专班4月以来多项指标未更新。" in text
    assert "1. **贸易自由专班。**进出口额低于序时进度，受海运运力紧张影响较大。" in text
    assert r"论证 \& 招标（\<试点\>）" in text
    html = brief(ftz, mid, "-f", "html")
    assert "论证 &amp; 招标（&lt;试点&gt;）" in html and "<试点>" not in html


def test_without_notes_the_section_lists_the_deadlines_and_says_where_to_write(ftz, ws, tmp_path):
    write_midyear(ws, notes=False)
    result = ftz("--data", str(ws), "report", "--as-of", "2021-05-10", "-o", str(tmp_path / "b.md"))
    assert result.exit_code == 0, result.stderr
    assert "notes/2021-05-10.yaml" in result.stderr
    text = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "### （一）近期到期事项" in text and "存在问题\n" not in text
    assert re.search(r"5月29日（19天后到期）：\d+项，其中贸易自由专班\d+项", text)


def test_an_items_words_go_beside_it_or_into_section_four(ftz, mid, tmp_path):
    # 1320亿元 for 5月31日 is on pace (37.7% against that day's 41.4%): not a concern, so the
    # office's words on it go to 四、（三）; the day it lags far behind (1000 for 6月30日, confirmed, since
    # a total that falls is held for checking: 28.6% against 49.6%, among 贸易自由专班's two most
    # urgent) they go beside it in 需关注事项
    text = brief(ftz, mid, "--body-only")
    assert "进出口额（完成时限2021年12月31日）" not in text
    assert ("### （三）有关事项\n\n1. **2021年进出口额超3500亿元（贸易自由）。**进展情况：1—5月完成1320亿元，"
            "同比增长12.5%；存在问题：海运运力紧张，集装箱运价上涨；下步计划：开通更多中欧班列线路。\n\n"
            "2. **迪拜商贸城争取年底建成开业（贸易自由）。**下步计划：9月底前完成招商，年底开业。") in text
    with (mid / "updates" / "2021-06.yaml").open("a", encoding="utf-8") as more:
        more.write("- id: trade.import-export-2021\n  date: 2021-06-30\n  value: 1000\n  confirmed: true\n")
    text = brief(ftz, mid, "--body-only")
    concern = text.index("进出口额（完成时限2021年12月31日）")
    said = text.index("进展情况：1—5月完成1320亿元，同比增长12.5%；存在问题：海运运力紧张，集装箱运价上涨；"
                      "下步计划：开通更多中欧班列线路。")
    assert concern < said < text.index("## 四、")  # beside the item in 需关注事项
    import docx

    out = tmp_path / "b.docx"
    assert ftz("--data", str(mid), *REPORT, "-o", str(out)).exit_code == 0
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert ("进展情况：1—5月完成1320亿元，同比增长12.5%；存在问题：海运运力紧张，集装箱运价上涨；"
            "下步计划：开通更多中欧班列线路。") in paragraphs


def test_a_departments_words_on_its_record_go_beside_the_item(ftz, ws):
    write_midyear(ws, notes=False)
    text = brief(ftz, ws, "--body-only")
    concern = text.index("云仓布局数量（完成时限2021年12月31日）")
    said = text.index("进展情况：新增云仓2个；存在问题：海外仓用地审批慢；下步计划：7月与自然资源局会商。")
    assert concern < said < text.index("## 四、")
    # the notes file wins where it speaks; the record fills the rest
    (ws / "notes").mkdir()
    (ws / "notes" / f"{AS_OF}.yaml").write_text(
        "items:\n  trade.cloud-warehouses-2021:\n    problems: 用地指标不足。\n", encoding="utf-8")
    assert "进展情况：新增云仓2个；存在问题：用地指标不足；下步计划：7月与自然资源局会商。" in brief(ftz, ws)


def test_with_units_assigned_the_brief_names_them_and_their_rates(ftz, mid):
    with (mid / "ftz.yaml").open("a", encoding="utf-8") as settings:
        settings.write("units:\n  市商务局: [trade]\n  义乌海关: [trade.import-export-2021]\n")
    text = brief(ftz, mid)
    assert "云仓布局数量（责任单位：市商务局；完成时限2021年12月31日）" in text
    # the body names the three lowest rates and counts the rest; 附件 has every unit's
    lowest = re.search(r"各责任单位报送率（[^）]*），最低的3个单位：(.*)；其余(\d+)个单位未逐项列出（见附件2）。", text)
    assert lowest is not None and lowest.group(1).count("%（") == 3
    rates = re.search(r"各责任单位报送率（[^）]*）：(.*)。", text[text.index("## 附件2　各责任单位报送情况"):])
    assert rates is not None
    found = dict(re.findall(r"([^；（）]+?)[\d.]+%（(\d+/\d+)项[^）]*）", rates.group(1)))
    assert found["义乌海关"] == "1/1" and "投资自由专班" in found
    assert len(found) == 3 + int(lowest.group(2))
    every = [float(x) for x in re.findall(r"([\d.]+)%（", rates.group(1))]
    assert [float(x) for x in re.findall(r"([\d.]+)%（", lowest.group(1))] == sorted(every)[:3]
    # 市商务局 is asked for every item of its already started, qualitative goals included (what
    # can have a light is asked for), as ftz list has them
    rows = json.loads(ftz("--data", str(mid), "list", "--unit", "市商务局", "--as-of", AS_OF,
                          "--format", "json").stdout)
    asked = [r for r in rows if r["start"] <= AS_OF]
    reported = [r for r in asked if r["value_date"] is not None and not r["stale"]]
    assert found["市商务局"] == f"{len(reported)}/{len(asked)}"
    assert "报送率" not in brief(ftz, write_midyear(mid), "--body-only")  # no units: no line


@pytest.mark.parametrize(("notes", "where", "words"), [
    ("items:\n  trade.nothing:\n    problems: x\n", "2:3", "未知的指标编号“trade.nothing”"),
    ("items:\n  trade.import-export-2021:\n    areas: x\n", "3:5", "未知字段“areas”"),
    ("problems: x\nareas:\n  trade: {problems: y}\n  nowhere:\n    problems: x\n", "4:3", "未知的领域“nowhere”"),
    ("problem: x\n", "1:1", "未知字段“problem”"),
    ("problems:\n  - {a: 1}\n", "2:3", "一段文字"),
])
def test_a_wrong_notes_file_is_e460(ftz, mid, notes, where, words):
    (mid / "notes" / f"{AS_OF}.yaml").write_text(notes, encoding="utf-8")
    result = ftz("--data", str(mid), *REPORT)
    assert result.exit_code == 1 and result.stdout == ""
    assert f"notes/{AS_OF}.yaml:{where}: 错误 E460 " in result.stderr, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr


def test_progress_is_since_the_previous_issued_brief(ftz, mid, tmp_path):
    ftz("--data", str(mid), "report", "--as-of", "2021-05-31", "-o", str(tmp_path / "may.md"))
    text = brief(ftz, mid)
    assert "自上期（第1期，截至2021年5月31日）以来，各专班报送" in text
    assert "2021年第2期" in text
    may = (tmp_path / "may.md").read_text(encoding="utf-8")
    assert "2021年1月1日以来" in may  # the first brief of the year counts from the year's start


# -- the running 期号 -------------------------------------------------------------------

def test_issue_numbers_run_and_are_logged(ftz, mid, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for as_of, name in (("2021-05-31", "5月.html"), ("2021-06-30", "6月.md"), ("2021-06-30", "6月.docx")):
        result = ftz("--data", str(mid), "report", "--as-of", as_of, "-o", str(out / name))
        assert result.exit_code == 0, result.stderr
    entries = log(mid)
    # the same brief in another format keeps its number
    assert [(e["number"], str(e["as_of"])) for e in entries] == [
        (1, "2021-05-31"), (2, "2021-06-30"), (2, "2021-06-30")]
    assert entries[0]["file"].endswith("5月.html")
    # a draft shows the next number but does not use it up; stdout is never logged
    text = brief(ftz, mid, "--as-of", "2021-07-31", "--draft")
    assert "2021年第3期（草稿）" in text and "草稿" in text.split("#")[0]
    ftz("--data", str(mid), "report", "--as-of", "2021-07-31", "--draft", "-o", str(out / "d.md"))
    assert len(log(mid)) == 3
    ftz("--data", str(mid), "report", "--as-of", "2021-07-31", "--issue", "9", "-o", str(out / "7月.md"))
    assert log(mid)[-1]["number"] == 9
    assert "2021年第10期" in brief(ftz, mid, "--as-of", "2021-08-31")


def test_the_bundled_plan_logs_nothing(ftz, tmp_path):
    result = ftz("report", "--as-of", AS_OF, "-o", str(tmp_path / "b.md"))
    assert result.exit_code == 0, result.stderr
    assert not list(tmp_path.rglob("issued.yaml")) and not list(tmp_path.rglob("issued"))


def test_a_broken_issue_log_is_e461(ftz, mid):
    (mid / "issued.yaml").write_text("- number: x\n", encoding="utf-8")
    result = ftz("--data", str(mid), *REPORT)
    assert result.exit_code == 1 and "E461" in result.stderr


@pytest.mark.parametrize("name", ["简报.md", "a\x85b.md", "a\u2028b.md", "a\x7fb.md", 'say "hi"\\.md', "- x: y.md"])
def test_the_issue_log_keeps_a_file_name_exactly(ws, name):
    import datetime as dt

    from ftz_cli.core.issues import Issued
    from ftz_cli.store.briefs import log_issued, read_log
    from ftz_cli.store.workspace import Workspace

    entry = Issued("report", 3, dt.date(2021, 7, 5), dt.date(2021, 6, 30), name)
    log_issued(Workspace(ws), [entry])
    assert read_log(Workspace(ws)) == [entry]


# -- Word -------------------------------------------------------------------------------

@pytest.fixture
def docx_and_md(ftz, mid, tmp_path) -> tuple[object, str]:
    import docx

    out = tmp_path / "简报.docx"
    result = ftz("--data", str(mid), *REPORT, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return docx.Document(str(out)), brief(ftz, mid, "--draft")


def test_the_docx_has_the_sections_and_figures_of_the_markdown(docx_and_md):
    document, text = docx_and_md
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、本期主要进展", "三、需关注事项", "四、存在问题和下一步工作"]
    overview = next(p for p in paragraphs if p.startswith("截至2021年6月30日"))
    assert overview in text  # the same sentence, the same figures
    for needle in ("贸易自由专班未报送25项、逾期未报送6项", "7月上旬召开专班例会，逐项对照年度目标补齐进度。",
                   "论证 & 招标（<试点>）", "附件1", "分领域进展情况", "数据说明", "报：市委、市政府领导"):
        assert any(needle in p for p in paragraphs), needle
    # the 附件 tables carry the same figures as the Markdown tables
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert {"超3500亿元", "1320亿元（数据截至5月31日）", "37.7%", "41.4%", "●正常推进"} <= cells
    # judged at its own date: 1320亿元 for 5月31日 against that day's 序时进度
    assert "| 进出口额 | 超3500亿元 | 1320亿元（数据截至5月31日） | 37.7% | 41.4% | 正常推进（绿灯） |" in text


def test_the_docx_is_laid_out_as_gb_t_9704(docx_and_md):
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document, _ = docx_and_md

    def east_asian(style_name: str) -> str | None:
        fonts = document.styles[style_name].element.rPr.rFonts
        return fonts.get(qn("w:eastAsia"))

    assert east_asian("Normal") == "仿宋" and east_asian("Heading 1") == "黑体"
    assert east_asian("Heading 2") == "楷体" and document.styles["Heading 3"].font.bold
    assert document.styles["ftz Masthead"].font.color.rgb == (0xC0, 0x00, 0x00)
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert 'w:instr="PAGE"' in footer._p.xml
    table = document.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page
    assert table._tbl.tblPr.find(qn("w:tblBorders")) is not None
    # the masthead's red rule, and lights as coloured marks
    assert 'w:color="C00000"' in document.paragraphs[3]._p.xml
    assert any(r.text == "●" and r.font.color.rgb is not None
               for p in document.paragraphs for r in p.runs)


def test_body_only_leaves_out_the_annex(ftz, mid, tmp_path):
    import docx

    out = tmp_path / "正文.docx"
    assert ftz("--data", str(mid), *REPORT, "--body-only", "-o", str(out)).exit_code == 0
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "附件1" not in paragraphs and any(p.startswith("报：") for p in paragraphs)
    assert "## 附件1" not in brief(ftz, mid, "--body-only")


def test_an_office_reference_doc_gives_the_styles(ftz, mid, tmp_path):
    import docx
    from docx.shared import Pt

    mine = docx.Document()  # python-docx's default: no ftz styles at all
    mine.styles["Normal"].font.size = Pt(15)
    mine.save(str(tmp_path / "office.docx"))
    out = tmp_path / "b.docx"
    result = ftz("--data", str(mid), *REPORT, "--reference-doc", str(tmp_path / "office.docx"),
                 "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert docx.Document(str(out)).styles["Normal"].font.size == Pt(15)
    (tmp_path / "bad.docx").write_text("not a zip", encoding="utf-8")
    bad = ftz("--data", str(mid), *REPORT, "--reference-doc", str(tmp_path / "bad.docx"),
              "-o", str(tmp_path / "c.docx"))
    assert bad.exit_code == 1 and "E464" in bad.stderr and not (tmp_path / "c.docx").exists()
    assert "不是有效的 .docx 文件" in bad.stderr
    missing = ftz("--data", str(mid), *REPORT, "--reference-doc", str(tmp_path / "no.docx"),
                  "-o", str(tmp_path / "c.docx"))
    assert missing.exit_code == 1 and "不存在" in missing.stderr and "Traceback" not in missing.stderr


def test_a_docx_needs_a_file(ftz, mid):
    result = ftz("--data", str(mid), *REPORT, "-f", "docx")
    assert result.exit_code == 2 and "-o" in result.stderr


def test_python_docx_is_imported_only_for_a_docx(mid, tmp_path):
    for args, expected in ((["report", "-o", "b.html"], False), (["validate"], False),
                           (["report", "-o", "b.docx"], True)):
        assert imports("docx", "--data", str(mid), *args, cwd=tmp_path) is expected, args


def _printed(docx: Path, tmp_path: Path) -> tuple[int, str]:
    """The .docx as LibreOffice prints it (one conversion, ~10 s): its pages and its text."""
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                          capture_output=True, timeout=180)
    pdf = tmp_path / f"{docx.stem}.pdf"
    assert pdf.exists(), done.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1)), text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_docx_and_the_body_fits_four_pages(ftz, mid, tmp_path):
    out = tmp_path / "body.docx"
    assert ftz("--data", str(mid), *REPORT, "--body-only", "-o", str(out)).exit_code == 0
    pages, text = _printed(out, tmp_path)
    assert 2 <= pages <= 4
    assert "— 1 —" in text or "—1—" in text.replace(" ", "")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_word_body_fits_four_pages_at_year_end_in_its_own_type(ftz, tmp_path):
    """The example workspace at 12月31日: 78 items red, 47 awaiting a verdict, 9 under 督办, six
    units and the 报送情况 table. Its Word body in 4号 type took five pages while each 专班 named
    three concerns, 督办 every item and the body carried the 报送情况 table: the body names the most
    urgent few of each list, counts the rest and says which 附件 has them (docs/reports.md)."""
    import docx

    assert ftz("init", "--example", str(tmp_path / "ex")).exit_code == 0
    out = tmp_path / "年底.docx"
    result = ftz("--data", str(tmp_path / "ex"), "report", "--as-of", "2021-12-31", "--draft", "--body-only",
                 "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert docx.Document(str(out)).styles["Normal"].font.size.pt == 14  # 4号: not made smaller to fit
    pages, text = _printed(out, tmp_path)
    flat = re.sub(r"\s", "", text)
    assert pages <= 4, flat[-400:]
    # every section is there, each list bounded and counted
    assert "四、存在问题和下一步工作" in flat and "12月31日（今日到期）：119项" in flat
    assert "列入督办9项" in flat and "其余6项未逐项列出。" in flat
    assert "最低的3个单位" in flat and "以上为最紧迫的2项" in flat


# -- weekly briefs ----------------------------------------------------------------------

def test_weekly_briefs_are_numbered_and_quiet_weeks_are_short(ftz, mid, tmp_path):
    out = tmp_path / "周报"
    args = ("--data", str(mid), "weekly", "--from", "2021-06-01", "--to", "2021-07-11",
            "--format", "md", "--format", "html", "--out", str(out))
    assert ftz(*args).exit_code == 0
    weekly = [e for e in log(mid) if e["series"] == "weekly"]
    assert [e["number"] for e in weekly] == [1, 2, 3, 4, 5, 6]
    assert ftz(*args).exit_code == 0  # a rerun keeps the weeks' numbers
    assert len([e for e in log(mid) if e["series"] == "weekly"]) == 6
    busy = (out / "2021-W25.md").read_text(encoding="utf-8")
    quiet = (out / "2021-W27.md").read_text(encoding="utf-8")
    assert "2021年第4期　2021年第25周" in busy and "## 附件1　本周报送明细" in busy
    assert "2021年第6期　2021年第27周" in quiet and "## 附件" not in quiet
    assert "本周没有新的报送和变化" in quiet and len(quiet) < len(busy) / 4
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<rect") >= 6 * 3 and 'class="weeks-chart"' in index  # the lights, a week a column
    assert "（无新报送）" in (out / "index.md").read_text(encoding="utf-8")
    # the report series is numbered on its own
    assert "2021年第1期" in brief(ftz, mid)


def test_weekly_draft_uses_no_numbers(ftz, mid, tmp_path):
    assert ftz("--data", str(mid), "weekly", "--from", "2021-06-01", "--to", "2021-06-13",
               "--draft", "--out", str(tmp_path / "w")).exit_code == 0
    assert log(mid) == []


def test_a_busy_half_year_still_reads_as_a_paragraph_per_team(ftz, tmp_path):
    """504 sample records: 本期主要进展 names at most six items a team and ten new completions."""
    assert ftz("init", "--example", str(tmp_path / "ex")).exit_code == 0
    for logged in (tmp_path / "ex" / "issued").glob("*.yaml"):
        logged.unlink()  # the sample's 第1期 (5月31日): a half-year since none
    md = ftz("--data", str(tmp_path / "ex"), "report", "--as-of", "2021-06-30", "--body-only",
             "--draft").stdout
    section = md.split("## 二、")[1].split("## 三、")[0]
    teams = [line for line in section.splitlines() if re.match(r"（[一二三四五六七八九十]+）", line)]
    assert teams
    for line in teams:
        named = line.split("。", 1)[1] if "。" in line else line
        assert named.count("；") <= 5, line
    assert any(re.search(r"另有\d+项事项报送了进展。", line) for line in teams)  # body-only: no 附件
    done = next(line for line in section.splitlines() if line.startswith("本期新完成："))
    assert done.count("、") <= 9 and re.search(r"等\d+项。$", done)


def test_the_progress_section_says_what_date_its_figures_are_as_of(ftz, mid):
    def progress(*args: str) -> str:
        text = brief(ftz, mid, "--body-only", *args)
        return text[text.index("## 二、"):text.index("## 三、")]

    june = progress()  # figures of June in a brief of 6月30日: only those of another month say theirs
    assert "除注明外" not in june
    assert "进出口额截至5月31日完成1320亿元" in june and "跨境人民币业务量完成150亿元" in june  # 6月25日
    assert "“义乌系”海外仓数量达到96个" in june  # of 6月20日: June's
    july = progress("--as-of", "2021-07-05")  # most figures are of June: said once
    assert "的进度（除注明外为6月数据）" in july
    assert "进出口额截至5月31日完成1320亿元" in july and "“义乌系”海外仓数量达到96个" in july


def test_validate_names_a_wrong_notes_file_before_the_brief_is_due(ftz, mid):
    """A notes file is written days ahead; the brief it stops should not be the first to say so."""
    (mid / "notes" / f"{AS_OF}.yaml").write_text("items:\n  trade.nothing:\n    problems: x\n", encoding="utf-8")
    (mid / "notes" / "2021-07-31.yaml").write_text("problemz: x\n", encoding="utf-8")
    for name in ("说明.yaml", "2021-6-30.yaml", "2021-06-30.yml", "20210630.yaml"):  # no brief reads them
        (mid / "notes" / name).write_text("summary: x\n", encoding="utf-8")
    (mid / "notes" / ".2021-06-30.yaml.swp").write_text("", encoding="utf-8")  # an editor's, hidden
    result = ftz("--data", str(mid), "validate")
    assert result.exit_code == 1, result.stderr
    assert f"notes/{AS_OF}.yaml:2:3: 错误 E460 简报文字文件中有未知的指标编号“trade.nothing”" in result.stderr
    assert "notes/2021-07-31.yaml:1:1: 错误 E460 " in result.stderr
    for name in ("说明.yaml", "2021-6-30.yaml", "2021-06-30.yml", "20210630.yaml"):
        assert f"notes/{name}: 警告 W465 “notes/{name}”的名字不是简报日期，没有哪一期简报会读它" in result.stderr
    assert result.stderr.count("W465") == 4, result.stderr
