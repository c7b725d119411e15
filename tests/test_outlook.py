"""全年预期 (domain.md "Looking ahead"): projections, outlook classes and where they are shown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from ftz_cli.core.history import History
from ftz_cli.core.model import Baseline, Item, Source, Update
from ftz_cli.core.outlook import OUTLOOK_LABELS, OUTLOOKS, assess, project
from ftz_cli.core.settings import Settings
from ftz_cli.core.status import evaluate, time_progress
from ftz_cli.parse.dates import CHINA

D = dt.date
SRC = Source("ge", "测试", "测试")
STAMP = dt.datetime(2022, 1, 1, 9, 0, tzinfo=CHINA)
START, END = D(2021, 1, 1), D(2021, 12, 31)  # 365 days: day n has 序时进度 n/365


def item(kind: str = "flow", target: float = 365, baseline: Baseline | None = None,
         deadline: dt.date = END) -> Item:
    return Item("t.x", "trade", kind, "测试指标", "2021", START, deadline, SRC, "量", "个", ">=",
                target, baseline)


def rec(day: dt.date, value: float | None = None, status: str | None = None) -> Update:
    return Update("t.x", day, value, status, "", "", STAMP)


def outlook_on(it: Item, records: list[Update], as_of: dt.date, settings: Settings | None = None):
    history = History.of(records)
    settings = settings or Settings()
    return assess(evaluate(it, history, as_of, settings), history, settings)


def test_a_flow_heads_for_its_value_over_the_time_progress_of_its_own_date():
    day = D(2021, 3, 14)  # day 73: 序时进度 0.2
    assert project(item(), [rec(day, 80)], D(2021, 6, 30)) == pytest.approx(400)
    # judged from the figure's date, not from the as-of date of the brief
    later = outlook_on(item(), [rec(day, 80)], D(2021, 6, 30))
    assert later.projection == pytest.approx(80 / time_progress(START, END, day))


@pytest.mark.parametrize(("value", "code"), [
    (73, "likely"),    # heads for exactly 100%
    (72, "at_risk"),   # one less: 98.6%
    (58.4, "at_risk"),  # exactly 80%
    (58.3, "unlikely"),  # a tenth less: 79.9%
])
def test_the_thresholds_hold_at_their_boundaries(value, code):
    o = outlook_on(item(), [rec(D(2021, 3, 14), value)], D(2021, 3, 14))
    assert o.code == code, o


def test_the_thresholds_are_settings():
    records = [rec(D(2021, 3, 14), 72)]  # 98.6%
    assert outlook_on(item(), records, D(2021, 3, 14), Settings(outlook_likely=0.98)).code == "likely"
    assert outlook_on(item(), records, D(2021, 3, 14), Settings(outlook_at_risk=0.99)).code == "unlikely"


def test_a_level_follows_the_straight_line_through_its_records():
    records = [rec(D(2021, 1, 31), 10), rec(D(2021, 2, 28), 38), rec(D(2021, 3, 31), 69)]
    it = item("level", target=400)
    got = project(it, records, D(2021, 6, 30))
    # least squares through (31, 10), (59, 38), (90, 69): slope 1 a day, at day 365 → 344
    assert got == pytest.approx(344, abs=0.5)
    assert outlook_on(it, records, D(2021, 6, 30)).code == "at_risk"  # 86%


def test_a_single_record_needs_the_baseline_else_it_cannot_be_told():
    one = [rec(D(2021, 7, 2), 60)]  # day 183
    assert project(item("count"), one, D(2021, 7, 2)) is None
    o = outlook_on(item("count"), one, D(2021, 7, 2))
    assert (o.code, o.projection, o.projected_completion) == ("unassessed", None, None)
    based = item("count", baseline=Baseline(40, D(2020, 12, 31)))
    # from 40 on day 0 to 60 on day 183: 20 in 183 days, 365 days → 40 + 20 × 365/183 = 79.9个,
    # of which 79 whole ones (a forecast of things counted one by one is whole)
    assert project(based, one, D(2021, 7, 2)) == 79
    undated = item("count", baseline=Baseline(40, None))  # counted from the start
    assert project(undated, one, D(2021, 7, 2)) == 40 + 20 * 364 / 182


@pytest.mark.parametrize(("unit", "comparator", "expected"), [
    ("个", ">=", 79), ("家", ">", 79),   # 79.9 whole things: 79 done, the 80th is not
    ("个", "<=", 80),                    # a target to stay under is not rounded into meeting it
    ("亿元", ">=", 40 + 20 * 365 / 183), ("万户", ">=", 40 + 20 * 365 / 183),  # amounts keep their decimals
])
def test_a_forecast_of_whole_things_is_whole(unit, comparator, expected):
    it = item("count", baseline=Baseline(40, D(2020, 12, 31)))._replace(unit=unit, comparator=comparator)
    assert project(it, [rec(D(2021, 7, 2), 60)], D(2021, 7, 2)) == pytest.approx(expected)


def test_a_count_is_never_forecast_in_fractions_of_a_thing(ftz, ws):
    for day, value in (("2021-02-28", "3"), ("2021-05-31", "8")):  # the line heads for 19.6个 of 25个
        assert ftz("--data", str(ws), "update", "trade.outlets-2021", "--value", value, "--date", day).exit_code == 0
    shown = ftz("--data", str(ws), "show", "trade.outlets-2021", "--as-of", "2021-06-30").stdout
    assert "全年预期：难以完成，按目前进度预计19个、完成76.0%\n" in shown
    listed = json.loads(ftz("--data", str(ws), "list", "--kind", "count", "--as-of", "2021-06-30",
                            "--format", "json").stdout)
    row = next(r for r in listed if r["id"] == "trade.outlets-2021")
    assert (row["projection"], row["projected_completion"]) == (19, 0.76)
    brief = ftz("--data", str(ws), "report", "--as-of", "2021-06-30").stdout
    assert "新增“爱喜猫”“义乌好货”布局点（按目前进度预计19个、完成76.0%）" in brief
    assert "以个、项、家等计数的指标只计整数（如推算为19.6个，记为19个）" in brief


def test_records_before_the_period_do_not_count():
    records = [rec(D(2020, 12, 1), 500), rec(D(2021, 7, 2), 60)]
    assert project(item("count"), records, D(2021, 7, 2)) is None


def test_done_overdue_and_qualitative_items():
    assert outlook_on(item(), [rec(D(2021, 5, 1), 400)], D(2021, 6, 30)).code == "done"
    late = outlook_on(item(), [rec(D(2021, 12, 31), 300)], D(2022, 1, 5))
    assert (late.code, late.projection) == ("unlikely", 300)  # time is up: the value is final
    goal = item("qualitative", target=None)  # type: ignore[arg-type]
    assert outlook_on(goal, [rec(D(2021, 3, 1), status="推进中")], D(2021, 6, 30)).code == "unassessed"
    assert outlook_on(goal, [], D(2021, 6, 30)).code == "unassessed"


def test_every_code_has_its_label():
    assert set(OUTLOOK_LABELS) == set(OUTLOOKS)
    assert [OUTLOOK_LABELS[c] for c in OUTLOOKS] == ["已完成", "预计能完成", "有风险", "难以完成",
                                                    "待认定", "待评估"]


def test_list_projects_the_example_from_its_figures_date(ftz, tmp_path: Path):
    assert ftz("init", "--example", "ex").exit_code == 0
    args = ("--data", str(tmp_path / "ex"), "list", "--as-of", "2021-06-30")
    rows = {r["id"]: r for r in json.loads(ftz(*args, "--format", "json").stdout)}
    trade = rows["trade.import-export-2021"]
    day = D.fromisoformat(trade["value_date"])
    expected = trade["value"] / time_progress(START, END, day)
    assert abs(trade["projection"] - expected) <= 0.005 * expected
    assert trade["projected_completion"] == round(trade["projection"] / 3500, 4)
    assert (trade["outlook"], trade["outlook_label"]) == ("likely", "预计能完成")
    assert rows["capital.cross-border-rmb-2021"]["outlook"] == "unlikely"
    assert {r["outlook"] for r in rows.values()} >= {"done", "likely", "at_risk", "unlikely", "unassessed"}
    table = list(csv.DictReader(io.StringIO(ftz(*args, "--format", "csv").stdout)))
    by_id = {r["id"]: r for r in table}
    assert by_id["trade.import-export-2021"]["projection"] == str(trade["projection"])
    assert by_id["trade.import-export-2021"]["outlook_label"] == "预计能完成"


def test_show_prints_a_forecast_not_a_fact(ftz, tmp_path: Path):
    assert ftz("init", "--example", "ex").exit_code == 0
    data = ("--data", str(tmp_path / "ex"))
    text = ftz(*data, "show", "trade.import-export-2021", "--as-of", "2021-06-30").stdout
    assert "全年预期：预计能完成，按目前进度预计3878.5亿元、完成110.8%" in text
    shown = json.loads(ftz(*data, "show", "capital.cross-border-rmb-2021", "--as-of", "2021-06-30",
                           "--format", "json").stdout)
    assert shown["outlook_label"] == "难以完成" and 0.6 < shown["projected_completion"] < 0.65


@pytest.fixture
def example(ftz, tmp_path: Path) -> tuple[str, str]:
    assert ftz("init", "--example", "ex").exit_code == 0
    return ("--data", str(tmp_path / "ex"))


def test_the_brief_counts_outlooks_as_list_does(ftz, example):
    rows = json.loads(ftz(*example, "list", "--as-of", "2021-06-30", "--format", "json").stdout)
    n = {code: sum(r["outlook"] == code for r in rows) for code in OUTLOOKS}
    md = ftz(*example, "report", "--as-of", "2021-06-30", "-o", "-").stdout
    assert (f"全年预期（按目前进度预计）：预计能完成{n['likely']}项、有风险{n['at_risk']}项、"
            f"难以完成{n['unlikely']}项、待认定{n['awaiting_verdict']}项；已完成{n['done']}项，"
            f"待评估{n['unassessed']}项。") in md
    attention = md.split("## 三、需关注事项")[1].split("## 四、")[0]
    unlikely, at_risk = attention.index("全年预期难以完成"), attention.index("全年预期有风险")
    assert unlikely < at_risk
    assert "跨境人民币业务量（按目前进度预计216.6亿元、完成61.9%）" in attention[unlikely:at_risk]


def test_html_draws_the_lights_and_a_trend_per_reported_target(ftz, example):
    rows = json.loads(ftz(*example, "list", "--as-of", "2021-06-30", "--format", "json").stdout)
    reported = [r for r in rows if r["kind"] in ("flow", "level", "count") and r["value"] is not None]
    html = ftz(*example, "report", "--as-of", "2021-06-30", "--format", "html").stdout
    assert html.count('class="chart lights-chart"') == 1
    assert html.count('class="chart trend-chart"') == len(reported) > 5
    assert "http" not in html.split('class="chart lights-chart"')[1].split("</svg>")[0]
    assert 'stroke-dasharray="6 3"' in html  # the projection is dashed


# the A4 text block of the print style (@page margins 26 mm and 28 mm): 156 mm in points
TEXT_BLOCK_PT = (210 - 26 - 28) / 25.4 * 72


def test_the_lights_picture_prints_across_the_text_block_in_readable_type(ftz, example):
    html = ftz(*example, "report", "--as-of", "2021-06-30", "--format", "html").stdout
    svg = html.split('<svg class="chart lights-chart"')[1].split("</svg>")[0]
    width = float(re.match(r' viewBox="0 0 ([\d.]+) ', svg).group(1))
    size = float(re.search(r'font-size="([\d.]+)"', svg).group(1))
    assert svg.count("font-size=") == 1  # one size for names, counts and legend
    print_css = html.split("@media print {")[1].split("\n}")[0]
    assert re.search(r"figure\.lights-picture \{ width: 100%; max-width: none;", print_css)
    assert "float" not in print_css.split("figure.lights-picture")[1].split("}")[0]
    assert size * TEXT_BLOCK_PT / width >= 9  # points on paper (it was 4)
    keys = re.findall(r'width="14" height="10" fill="url\(#ftz-p-(\w+)\)"[^>]*/>\n<text [^>]*>([^<]+)</text>', svg)
    drawn = set(re.findall(r'height="11" fill="url\(#ftz-p-(\w+)\)"', svg))
    assert drawn <= {key for key, _ in keys} and "grey" in drawn  # every pattern drawn has its key
    # the key stands for the summary's list of lights: the same lights and counts as the text
    md = ftz(*example, "report", "--as-of", "2021-06-30", "-o", "-").stdout
    named = re.search(r"亮灯情况：(.*?)。", md).group(1)
    assert "、".join(text.replace(" ", "") for _, text in keys) == named


def test_the_trends_print_two_to_a_line_in_readable_type(ftz, example):
    html = ftz(*example, "report", "--as-of", "2021-06-30", "--format", "html").stdout
    assert "figure.trend { margin: 0; width: calc(50% - .5rem);" in html
    half = TEXT_BLOCK_PT / 2 - 6  # a trend's printed width in points (.5rem is 6 pt)
    for svg in html.split('<svg class="chart trend-chart"')[1:]:
        width = float(re.match(r' viewBox="0 0 ([\d.]+) ', svg).group(1))
        sizes = [float(n) for n in re.findall(r'font-size="([\d.]+)"', svg.split("</svg>")[0])]
        assert min(sizes) * half / width >= 8.9  # points on paper (they were 6.4)


def test_word_has_a_native_chart_per_picture(ftz, example, tmp_path: Path):
    rows = json.loads(ftz(*example, "list", "--as-of", "2021-06-30", "--format", "json").stdout)
    reported = [r for r in rows if r["kind"] in ("flow", "level", "count") and r["value"] is not None]
    assert ftz(*example, "report", "--as-of", "2021-06-30", "-o", str(tmp_path / "b.docx")).exit_code == 0
    with zipfile.ZipFile(tmp_path / "b.docx") as z:
        charts = sorted((n for n in z.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n)),
                        key=lambda n: int(re.sub(r"\D", "", n)))
        types = z.read("[Content_Types].xml").decode()
        document = z.read("word/document.xml").decode()
        first, second = z.read(charts[0]).decode(), z.read(charts[1]).decode()
        books = [_sheet(z, chart) for chart in charts]
    assert len(charts) == len(reported) + 1
    assert types.count("drawingml.chart+xml") == len(charts)
    assert document.count("<c:chart ") == len(charts)
    assert "各专班亮灯情况" in first and "pattFill" in first  # patterns for black-and-white print
    for chart in (first, second):  # names, counts, axes, legends: 9 pt
        assert min(int(n) for n in re.findall(r'sz="(\d+)"', chart)) == 900
    # each chart carries its workbook (编辑数据 in Word and WPS): the very figures it draws
    lights = books[0]
    assert lights[0][0] == "专班" and "绿灯" in lights[0] and len(lights) == 5  # 4 专班
    drawn = [float(v) for v in re.findall(r"<c:v>([-\d.]+)</c:v>", second)]
    cells = [v for row in books[1][1:] for v in row if isinstance(v, int | float)]
    assert books[1][0][:2] == ["日期", "实际"] and sorted(cells) == sorted(drawn) and drawn


def _sheet(z: zipfile.ZipFile, chart: str) -> list[list[object]]:
    """The rows of Sheet1 of the workbook ``chart`` is related to (dates as day numbers)."""
    import openpyxl

    rels = z.read(chart.replace("charts/", "charts/_rels/") + ".rels").decode()
    target = re.search(r'Target="\.\./(embeddings/[^"]+\.xlsx)"', rels).group(1)
    book = openpyxl.load_workbook(io.BytesIO(z.read(f"word/{target}")))
    return [[float((c.value.date() - dt.date(1899, 12, 30)).days) if isinstance(c.value, dt.datetime)
             else c.value for c in row] for row in book["Sheet1"].iter_rows()]


def test_the_units_own_outlook_is_kept_and_shown(ftz, example):
    goal = "zone.goal-2021.lead-province"
    assert ftz(*example, "update", goal, "--status", "推进中", "--date", "2021-07-02",
               "--outlook", "有难度").exit_code == 0
    assert ftz(*example, "update", "trade.import-export-2021", "--value", "1950", "--date", "2021-07-02",
               "--outlook", "不能完成").exit_code == 0
    bad = ftz(*example, "update", goal, "--status", "推进中", "--date", "2021-07-02", "--outlook", "也许")
    assert bad.exit_code == 1 and "E480" in bad.stderr
    rows = {r["id"]: r for r in json.loads(
        ftz(*example, "list", "--as-of", "2021-07-02", "--format", "json").stdout)}
    assert (rows[goal]["outlook"], rows[goal]["unit_outlook"]) == ("at_risk", "有难度")  # a goal takes the unit's
    trade = rows["trade.import-export-2021"]
    assert (trade["outlook"], trade["unit_outlook"]) == ("likely", "不能完成")  # a projection wins
    md = ftz(*example, "report", "--as-of", "2021-07-02", "-o", "-").stdout
    assert "进出口额（单位预计不能完成，按目前进度预计完成111.1%）" in md
    shown = json.loads(ftz(*example, "show", goal, "--as-of", "2021-07-02", "--format", "json").stdout)
    assert shown["updates"][-1]["outlook"] == "有难度"


def test_an_imported_column_brings_the_units_outlook(ftz, example, tmp_path: Path):
    (tmp_path / "back.csv").write_text("指标编号,日期,状态,预计完成情况\n"
                                       "trade.dubai-mall-opening,2021-07-31,推进中,有难度\n", encoding="utf-8")
    done = ftz(*example, "import", str(tmp_path / "back.csv"))
    assert done.exit_code == 0, done.stderr
    shown = json.loads(ftz(*example, "show", "trade.dubai-mall-opening", "--as-of", "2021-07-31",
                           "--format", "json").stdout)
    assert (shown["unit_outlook"], shown["outlook"]) == ("有难度", "at_risk")


def test_a_new_view_on_a_recorded_day_is_not_dropped_as_a_repeat(ftz, example):
    goal = "zone.goal-2021.lead-province"
    assert ftz(*example, "update", goal, "--status", "推进中", "--date", "2021-07-02").exit_code == 0
    again = ftz(*example, "update", goal, "--status", "推进中", "--date", "2021-07-02", "--outlook", "能完成")
    assert again.exit_code == 1 and "E210" in again.stderr  # never "已录入 0 条" with the view lost
    assert ftz(*example, "update", goal, "--status", "推进中", "--date", "2021-07-02", "--outlook", "能完成",
               "--replace").exit_code == 0
    shown = json.loads(ftz(*example, "show", goal, "--as-of", "2021-07-02", "--format", "json").stdout)
    assert (shown["unit_outlook"], shown["outlook"]) == ("能完成", "likely")


def test_a_figure_held_for_checking_is_not_drawn_and_the_chart_says_so(ftz, example):
    rows = json.loads(ftz(*example, "list", "--as-of", "2021-06-30", "--format", "json").stdout)
    (held,) = [r for r in rows if r["needs_check"]]
    html = ftz(*example, "report", "--as-of", "2021-06-30", "--format", "html").stdout
    figures = [f for f in html.split("<figure")[1:] if "待核实的数值未画出" in f]
    assert len(figures) == 1 and "“义乌系”海外仓数量" in figures[0]
    assert "另有1个待核实的数值未画出" in figures[0].split("<figcaption>")[1]
    drawn = [float(v.replace(",", "")) for v in re.findall(r"<title>[^<]*：([\d.,]+)个</title></circle>", figures[0])]
    assert drawn and held["held_value"] not in drawn and max(drawn) < held["held_value"] / 100
    assert held["value"] == max(drawn)  # held back: the figure before it is the item's value
