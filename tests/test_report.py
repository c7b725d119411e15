"""``ftz report``: golden briefings, escaping, and the command's behaviour.

The golden files are the exact output for the workspace built by ``golden_world`` at
--as-of 2021-05-10 (chosen so that every section has something to show). After an
intended change to the templates, the plan or the wording, refresh them and review the
diff like code:

    FTZ_REFRESH_GOLDEN=1 .venv/bin/python -m pytest tests/test_report.py

The browser test (test_browser.py) opens tests/golden/report.html itself.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from conftest import imports
from markdown_it import MarkdownIt

from ftz_cli.store.load import loaded_or_fail
from ftz_cli.store.workspace import find
from ftz_cli.views.briefing import build_context, render_report
from ftz_cli.views.digest import Issue, brief_context
from ftz_cli.views.templating import md

GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = "2021-05-10"
STAMP = "2021-05-10T18:00:00+08:00"

# (id, date, value or status, note): a quarter's reports from the teams
RECORDS = [
    ("trade.import-export-2021", "2021-03-31", 1050, ""),
    ("trade.overseas-warehouses-2021", "2021-04-30", 60, "含新增“义乌系”海外仓12个"),
    ("capital.cross-border-rmb-2021", "2021-04-30", 60, ""),
    ("zone.reform-projects-2021", "2021-04-20", 10, "第一批10个改革项目已报省里"),
    ("investment.access-breakthroughs-2021", "2021-03-15", 1, ""),
    ("trade.bonded-zone-phase1-2021", "2021-05-06", "推进中", "完成验收准备，待海关总署批复"),
    ("investment.negative-list-feb", "2021-02-26", "已完成", ""),
    ("investment.upward-list-feb", "2021-02-25", "推进中", "清单初稿已形成"),
    ("trade.c2.bonded-zone-closure", "2021-04-01", "未启动", ""),
    ("trade.c2.import-platform", "2021-05-08", "推进中", ""),
    ("capital.c2.run-digital-rmb-pilot", "2021-04-28", "已完成", "首批试点场景上线"),
    ("zone.goal-2021.lead-province", "2021-03-01", "推进中", ""),
]


def write_updates(ws: Path, records: list[tuple[str, str, object, str]], name: str) -> None:
    """Update records as a team's file would hold them (fixed recorded_at: no clock)."""
    import json

    lines = ["# 测试用进度记录\n"]
    for item_id, day, progress, note in records:
        field = "status" if isinstance(progress, str) else "value"
        lines.append(f"- id: {item_id}\n  date: {day}\n  {field}: {json.dumps(progress, ensure_ascii=False)}\n"
                     f"  note: {json.dumps(note, ensure_ascii=False)}\n  by: 测试\n  recorded_at: {STAMP}\n")
    (ws / "updates" / name).write_text("".join(lines), encoding="utf-8")


@pytest.fixture
def golden_world(ws: Path) -> Path:
    write_updates(ws, RECORDS[:6], "2021-04.yaml")
    write_updates(ws, RECORDS[6:], "2021-05.yaml")
    return ws


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("FTZ_REFRESH_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} differs from tests/golden/{name}; if intended, refresh with "
        "FTZ_REFRESH_GOLDEN=1 and review the diff")


def cells(row: str) -> int:
    """Cells of a GFM table row: the pipes that are not escaped, less the outer two."""
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def table_rows_are_regular(text: str) -> None:
    """Every row of every table has its header's cell count."""
    width = None
    for line in text.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        assert line.endswith("|"), line
        if width is None:
            width = cells(line)
        assert cells(line) == width, line


# -- golden ---------------------------------------------------------------------------

def test_markdown_briefing_matches_the_golden_file(ftz, golden_world):
    result = ftz("--data", str(golden_world), "report", "--as-of", AS_OF, "--issue", "7")
    assert result.exit_code == 0, result.stderr
    check_golden("report.md", result.stdout)


def test_html_briefing_matches_the_golden_file(ftz, golden_world, tmp_path):
    out = tmp_path / "brief.html"
    result = ftz("--data", str(golden_world), "report", "--as-of", AS_OF, "--issue", "7",
                 "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    check_golden("report.html", out.read_text(encoding="utf-8"))


def test_the_golden_markdown_reads_like_a_briefing():
    text = (GOLDEN / "report.md").read_text(encoding="utf-8")
    order = ["# 义乌自贸区建设推进情况简报", "2021年第7期", "义乌市自贸区建设工作领导小组办公室",
             "2021年5月10日", "## 一、总体情况", "## 二、本期主要进展", "## 三、需关注事项",
             "### （一）投资自由专班（牵头：市委常委 朱有清）：红灯1项", "## 四、存在问题和下一步工作",
             "## 附件1　分领域进展情况", "### （一）自贸区总体", "#### 1. 量化指标",
             "## 附件2　第一个“百日攻坚”成效", "## 附件3　数据说明"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    assert ("截至2021年5月10日，义乌自贸区建设共跟踪指标和事项193项（其中8项与另一项为同一成果，"
            "合计185项成果），全年序时进度35.6%。") in text
    # the overview's counts are the lights' and the 需关注 lists' (one status each)
    assert "已完成5项；红灯2项（逾期未完成1项、严重滞后1项），黄灯0项，绿灯7项" in text
    assert "亮灯情况：已完成5项、绿灯7项、黄灯0项、红灯2项、灰灯179项。" in text
    # one sentence per lagging target in 附件1, the numbers adding up, against the 序时进度
    # of the figure's own date (4月30日: 32.9%); 1050亿元 for 3月31日 is ahead of its 24.7%
    assert "跨境人民币业务量完成60亿元，占年度目标17.1%，低于序时进度15.8个百分点。" in text
    assert "| 进出口额 | 超3500亿元 | 1050亿元（数据截至3月31日） | 30.0% | 24.7% | 正常推进（绿灯） |" in text
    body = text.split("## 附件1")[0]
    # nothing-reported items are counts per 专班 in the body, never rows
    assert "贸易自由专班未报送36项；投资自由专班未报送53项" in body and "| 未报送 |" not in body
    assert "5月29日（19天后到期）：27项，其中贸易自由专班8项、投资自由专班19项（明细见附件1）" in body
    assert "| 投放金额30.1亿元 |" in text and "新设企业超1.2万户" in text
    # the four teams without content are named, never shown as empty tables
    assert "运输自由专班、人员自由专班、数字政府专班、营商环境专班暂无可列示的指标和事项" in text
    assert "### （六）" not in text
    table_rows_are_regular(text)


def test_the_golden_html_is_self_contained():
    html = (GOLDEN / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert "<script" not in html.lower()
    # nothing to fetch: no URL of any kind, no external stylesheet, image or font
    for needle in ("://", "<link", "<img", "src=", "@import", "@font-face"):
        assert needle not in html, needle
    assert not re.search(r"url\((?!#ftz-)", html)  # only the pictures' own patterns, in the page
    assert "<svg" in html and "@page" in html and "@media print" in html


# -- escaping -------------------------------------------------------------------------

NASTY = '<script>alert("x")</script> a|b\nc & **d** | 1. `e`'


@pytest.fixture
def nasty_world(ws: Path) -> Path:
    write_updates(ws, [("trade.bonded-zone-phase1-2021", "2021-05-06", "推进中", NASTY),
                       ("trade.import-export-2021", "2021-03-31", 1050, NASTY)], "2021-05.yaml")
    return ws


def test_html_escapes_everything_from_data(ftz, nasty_world):
    result = ftz("--data", str(nasty_world), "report", "--as-of", AS_OF, "--format", "html",
                 "--title", "<b>简报</b>", "--org", "办公室 & <i>x</i>")
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    assert "<script" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; a|b" in html
    assert "&lt;b&gt;简报&lt;/b&gt;" in html and "办公室 &amp; &lt;i&gt;x&lt;/i&gt;" in html


def test_markdown_escapes_pipes_breaks_and_html(ftz, nasty_world):
    result = ftz("--data", str(nasty_world), "report", "--as-of", AS_OF, "--title", "a|b <b>x</b>")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    table_rows_are_regular(text)
    row = next(line for line in text.splitlines() if line.startswith("| 今年实现综保区一期封关运行"))
    assert cells(row) == 4
    assert r"\<script\>" in row and r"a\|b<br>c" in row
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in rendered and "<b>" not in rendered
    assert "&lt;script&gt;" in rendered and "<strong>" not in rendered
    # the GFM table is still a table of 4 columns, its row intact
    row_html = next(r for r in re.findall(r"<tr>.*?</tr>", rendered, re.S) if "今年实现综保区" in r)
    assert row_html.count("<td") == 4 and "a|b<br>" in row_html


@pytest.mark.parametrize(("raw", "escaped"), [
    ("a|b", r"a\|b"), ("x\r\ny\nz", "x<br>y<br>z"), ("<i>", r"\<i\>"), ("# 标题", r"\# 标题"),
    ("1. 第一", r"1\. 第一"), ("- 项", r"\- 项"), ("1.2万户", "1.2万户"), ("A&B", r"A\&B"),
    ("*强调* _x_ `c` [l](u) ~~s~~", r"\*强调\* \_x\_ \`c\` \[l\](u) \~\~s\~\~"), ("a\\b", r"a\\b"),
])
def test_md_filter(raw, escaped):
    assert md(raw) == escaped


# -- behaviour ------------------------------------------------------------------------

def test_output_format_follows_the_file_name_and_dash_is_stdout(ftz, ws, tmp_path):
    assert ftz("--data", str(ws), "report", "--as-of", AS_OF, "-o", "-").stdout.startswith("# ")
    assert ftz("--data", str(ws), "report", "--as-of", AS_OF).stdout.startswith("# ")
    assert ftz("--data", str(ws), "report", "--as-of", AS_OF, "-f", "html").stdout.startswith("<!DOCTYPE")
    for name, start in (("x.html", "<!DOCTYPE html>"), ("x.HTM", "<!DOCTYPE html>"), ("x.md", "# ")):
        result = ftz("--data", str(ws), "report", "--as-of", AS_OF, "-o", str(tmp_path / name))
        assert result.exit_code == 0 and result.stdout == ""
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)
    # an explicit --format wins over the extension
    ftz("--data", str(ws), "report", "--as-of", AS_OF, "-f", "md", "-o", str(tmp_path / "y.html"))
    assert (tmp_path / "y.html").read_text(encoding="utf-8").startswith("# ")


def test_header_options_and_their_defaults(ftz, ws):
    text = ftz("--data", str(ws), "report", "--as-of", "2021-03-10").stdout
    assert text.startswith("# 义乌自贸区建设推进情况简报\n\n2021年第1期\n")  # the first of the year
    (ws / "ftz.yaml").write_text("report:\n  title: 周报\n  org: 市自贸办\n  issue: 3\n", encoding="utf-8")
    text = ftz("--data", str(ws), "report", "--as-of", "2021-03-10").stdout
    assert text.startswith("# 周报\n\n2021年第3期\n\n市自贸办　　2021年3月10日\n")
    text = ftz("--data", str(ws), "report", "--as-of", "2021-03-10", "--title", "专报",
               "--issue", "12", "--org", "领导小组办公室").stdout
    assert text.startswith("# 专报\n\n2021年第12期\n\n领导小组办公室　　2021年3月10日\n")


def test_area_filter(ftz, golden_world):
    text = ftz("--data", str(golden_world), "report", "--as-of", AS_OF, "--area", "贸易自由").stdout
    assert "截至2021年5月10日，贸易自由领域共跟踪指标和事项" in text
    assert "### （一）贸易自由" in text and "投资自由" not in text.split("## 附件2")[0]
    empty = ftz("--data", str(golden_world), "report", "--as-of", AS_OF, "--area", "transport").stdout
    assert "运输自由专班暂无可列示的指标和事项" in empty and "| 指标 |" not in empty


def test_unknown_area_and_bad_options_exit_2(ftz, ws):
    for args in (["--area", "nowhere"], ["--format", "odt"], ["--as-of", "2021-02-30"],
                 ["--templates", "no/such/folder"], ["--issue", "x"]):
        result = ftz("--data", str(ws), "report", *args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.stderr
    assert "未知的领域“nowhere”" in ftz("--data", str(ws), "report", "--area", "nowhere").stderr


def test_user_templates_override_one_file_and_keep_the_rest(ftz, ws, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.md.j2").write_text(
        '{% import "_text.j2" as text with context %}自定义：{{ text.overview() | md }}\n',
        encoding="utf-8")
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF, "--templates", str(mine))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("自定义：截至2021年5月10日，义乌自贸区建设共跟踪指标和事项193项")
    # a workspace's templates/ is used only when ftz.yaml names it (report.templates)
    (ws / "templates").mkdir()
    (ws / "templates" / "_style.css.j2").write_text("body { color: #123456; }\n", encoding="utf-8")
    html = ftz("--data", str(ws), "report", "--as-of", AS_OF, "-f", "html").stdout
    assert "body { color: #123456; }" not in html and "@page" in html
    (ws / "ftz.yaml").write_text("report:\n  templates: templates\n", encoding="utf-8")
    html = ftz("--data", str(ws), "report", "--as-of", AS_OF, "-f", "html").stdout
    assert "body { color: #123456; }" in html and "@page" not in html and "<h1>" in html


@pytest.mark.parametrize(("template", "line", "words"), [
    ("# {{ title }}\n\n{{ no_such_thing }}\n", 3, "no_such_thing"),
    ("# {{ title }}\n{% for x in areas %}\n{{ x.name }}\n", 3, "语法错误"),
    ("{{ summary.nope.deeper }}\n", 1, "nope"),
    ("{{ as_of | pct }}\n", 1, "模板运行出错"),
])
def test_a_broken_user_template_is_e406_with_file_and_line(ftz, ws, tmp_path, template, line, words):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.md.j2").write_text(template, encoding="utf-8")
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF, "--templates", str(mine))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert f"{mine / 'report.md.j2'}:{line}: 错误 E406 " in result.stderr
    assert words in result.stderr


def test_context_is_reusable_for_many_weeks(golden_world):
    """A weekly series reuses one load and one snapshot a week; the data is plain."""
    from ftz_cli.core.snapshot import snapshot

    book = loaded_or_fail(find(str(golden_world)), dt.date(2021, 12, 31)).book
    may = build_context(book, dt.date(2021, 5, 10), snap=snapshot(book, dt.date(2021, 5, 10)))
    assert may == build_context(book, dt.date(2021, 5, 10))
    assert may["issue"] == 19 and may["as_of"] == dt.date(2021, 5, 10)
    assert {r["id"] for r in may["attention"]["due_soon"]} >= {"trade.c2.import-platform"}
    assert [r["id"] for r in may["attention"]["overdue"]] == ["investment.upward-list-feb"]
    june = build_context(book, dt.date(2021, 6, 30))
    assert june["attention"]["due_soon"] == []
    brief = brief_context(book, dt.date(2021, 6, 30), issue=Issue(2))
    assert len(re.findall(r"^## ", render_report(brief, "md"), re.M)) == 7  # 一 to 四, 附件1–3


def test_rendering_does_not_need_the_workspace_on_disk(golden_world, tmp_path):
    book = loaded_or_fail(find(str(golden_world)), dt.date(2021, 12, 31)).book
    context = brief_context(book, dt.date(2021, 5, 10), issue=Issue(7))
    import shutil

    shutil.rmtree(golden_world)
    assert render_report(context, "md") == (GOLDEN / "report.md").read_text(encoding="utf-8")


def test_validate_and_help_do_not_import_jinja(tmp_path):
    for args in (["validate"], ["--help"], ["report", "--help"]):
        assert not imports("jinja2", *args, cwd=tmp_path), args


def test_the_issue_example_sentence(ftz, ws) -> None:
    """As of 2021年6月30日, 1050 of 3500亿元 is 30.0% against a time progress of 49.6%."""
    (ws / "updates" / "2021-07.yaml").write_text(
        "- id: trade.import-export-2021\n  date: 2021-06-30\n  value: 1050\n", encoding="utf-8")
    result = ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "--area", "trade")
    assert result.exit_code == 0, result.stderr
    assert "进出口额完成1050亿元，占年度目标30.0%，低于序时进度19.6个百分点。" in result.stdout
