"""One item on one day has one completion, one status and one label in every view.

Hypothesis builds workspaces (records of random items, values and dates) and as-of dates;
every view (list as JSON, CSV and table, show as JSON and text, report as Markdown and
HTML, weekly) must print the same figures, and every count in a brief must agree with the
other sections and with ``ftz list``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ftz_cli.views.formats import cn_date, pct

ROOT = Path(__file__).resolve().parent.parent
PLAN = yaml.safe_load((ROOT / "data" / "targets.yaml").read_text(encoding="utf-8"))
ITEMS = [i for i in PLAN["items"] if str(i.get("deadline", "")).startswith("2021")]
QUANTITATIVE = [i for i in ITEMS if i["kind"] in ("flow", "level", "count")]
TASKS = [i for i in ITEMS if i["kind"] in ("milestone", "qualitative")]
DAYS = st.dates(dt.date(2021, 1, 1), dt.date(2022, 1, 31))


@st.composite
def records(draw: st.DrawFn) -> list[dict[str, object]]:
    out = []
    for item in draw(st.lists(st.sampled_from(QUANTITATIVE), max_size=12)):
        target = float(item["target"])
        value = draw(st.sampled_from([0.0, target * 0.3, target * 0.2875, target * 0.5,
                                      target * 0.97, target, target * 1.1]))
        out.append({"id": item["id"], "date": draw(DAYS).isoformat(), "value": round(value, 4)})
    for item in draw(st.lists(st.sampled_from(TASKS), max_size=6)):
        out.append({"id": item["id"], "date": draw(DAYS).isoformat(),
                    "status": draw(st.sampled_from(["未启动", "推进中", "已完成"]))})
    return out


def _workspace(root: Path, recs: list[dict[str, object]]) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "updates").mkdir(parents=True)
    shutil.copyfile(ROOT / "data" / "targets.yaml", root / "targets.yaml")
    shutil.copyfile(ROOT / "data" / "document.txt", root / "document.txt")
    # one record per item and date: a second one would be a conflicting twin (E210)
    unique = {(r["id"], r["date"]): r for r in recs}
    text = yaml.safe_dump(list(unique.values()), allow_unicode=True, sort_keys=False)
    (root / "updates" / "2021-01.yaml").write_text(text, encoding="utf-8")
    return root


def _weekly_overview_counts(text: str) -> Counter[str]:
    line = re.search(r"其中(.*?)。亮灯情况", text)
    assert line, text[:500]
    return Counter({label: int(n) for label, n in re.findall(r"([^、]+?)(\d+)项", line.group(1))})


def _overview_counts(text: str) -> Counter[str]:
    """The brief's 一、总体情况 sentence, as counts per status label (逾期完成 and 逾期未报送
    apart from 已完成 and 逾期未完成, as ``list`` labels them)."""
    line = re.search(r"共跟踪指标和事项\d+项(?:（[^）]*）)?，全年序时进度[\d.]+%。(.*?)。", text)
    assert line, text[:500]
    said = line.group(1)

    def number(pattern: str) -> int:
        found = re.search(pattern, said)
        return int(found.group(1)) if found else 0

    late = number(r"其中逾期完成(\d+)项")
    counts = Counter({
        "已完成": number(r"已完成(\d+)项") - late, "逾期完成": late,
        **{label: number(f"{label}(\\d+)项") for label in (
            "逾期未完成", "逾期未报送", "今日到期未完成", "今日到期未报送", "严重滞后", "到期待认定",
            "转入年度任务")},
        "进度滞后": number(r"黄灯(\d+)项"), "正常推进": number(r"绿灯(\d+)项"),
        "未开始": number(r"另有(\d+)项尚未到开始日期"), "未报送": number(r"；未报送(\d+)项"),
    })
    red = ("逾期未完成", "逾期未报送", "今日到期未完成", "今日到期未报送", "严重滞后")
    assert number(r"红灯(\d+)项") == sum(counts[label] for label in red)
    return +counts  # without the zeros


def _attention_counts(text: str) -> dict[str, int]:
    """需关注事项: red and yellow summed over the 专班 headings; 未报送 over the folded line."""
    body = text.split("## 四、")[0].split("## 三、需关注事项")[1]
    heads = re.findall(r"^### （[一二三四五六七八九十]+）[^：\n]*：(.*)$", body, re.M)
    red = sum(int(n) for h in heads for n in re.findall(r"红灯(\d+)项", h))
    yellow = sum(int(n) for h in heads for n in re.findall(r"黄灯(\d+)项", h))
    folded = re.search(r"^(\S*?)。以上事项未列入正文", body, re.M)
    no_data = sum(int(n) for n in re.findall(r"(?<!逾期)未报送(\d+)项", folded.group(1))) if folded else 0
    return {"red": red, "yellow": yellow, "no_data": no_data}


def _target_cells(markdown: str) -> Counter[tuple[str, str]]:
    """(完成率, 序时进度) of every row of the briefing's target tables."""
    cells: Counter[tuple[str, str]] = Counter()
    in_table = False
    for line in markdown.splitlines():
        if line.startswith("| 指标 | 目标值 | 当前值 | 完成率 | 序时进度 |"):
            in_table = True
        elif in_table and line.startswith("| ---"):
            continue
        elif in_table and line.startswith("|"):
            parts = [c.strip() for c in line.strip("|").split("|")]
            cells[(parts[3], parts[4])] += 1
        else:
            in_table = False
    return cells


# no shrinking: each example runs every view (about two seconds), and the failing one is printed
@settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(recs=records(), as_of=DAYS)
def test_every_view_prints_the_same_figures(ftz, tmp_path: Path, recs, as_of: dt.date) -> None:
    root = _workspace(tmp_path / "w", recs)
    data = ("--data", str(root))
    day = as_of.isoformat()
    listed = json.loads(ftz(*data, "list", "--format", "json", "--as-of", day).stdout)
    by_id = {r["id"]: r for r in listed}

    # CSV carries the same values as JSON
    rows = list(csv.DictReader(io.StringIO(ftz(*data, "list", "--format", "csv", "--as-of", day).stdout)))
    assert [(r["id"], r["status"], r["status_label"]) for r in rows] == [
        (r["id"], r["status"], r["status_label"]) for r in listed]

    # show, as JSON and as text, for each item with a record
    for item_id in sorted({str(r["id"]) for r in recs})[:4]:
        shown = json.loads(ftz(*data, "show", item_id, "--as-of", day, "--format", "json").stdout)
        assert {k: shown[k] for k in by_id[item_id]} == by_id[item_id]
        text = ftz(*data, "show", item_id, "--as-of", day).stdout
        r = by_id[item_id]
        dated = r["value_date"] not in (None, day) and r["status"] != "done"
        # a milestone or a goal: its state stands for it, never 完成率 0.0% beside 正常推进
        rate = f"完成率 {pct(r['completion'])}，" if r["kind"] in ("flow", "level", "count") else ""
        assert (f"：{r['status_label']}，{rate}" + (
            f"数据截至{cn_date(dt.date.fromisoformat(r['value_date']))}（当日序时进度 "
            f"{pct(r['data_time_progress'])}），今日序时进度 {pct(r['time_progress'])}" if dated
            else f"序时进度 {pct(r['time_progress'])}")) in text

    # the terminal table shows the same percentages and labels
    table = ftz(*data, "list", "--as-of", day, "-o", str(tmp_path / "t.txt"), "--force")
    assert table.exit_code == 0, table.stderr
    flat = re.sub(r"\s+", "", (tmp_path / "t.txt").read_text(encoding="utf-8"))
    for r in listed:
        if r["completion"] is not None:
            assert pct(r["completion"]) in flat

    # the brief: its overview counts are list's, and each 需关注 list is one status
    statuses = Counter(r["status"] for r in listed)
    md = ftz(*data, "report", "--as-of", day).stdout
    overview = _overview_counts(md)
    # the marks beside a label (超期未更新, 待核实) are not statuses: the overview counts the status
    assert overview == Counter(re.sub(r"（(?:超期未更新|待核实|，)+）$", "", r["status_label"]) for r in listed)
    for label, count in overview.items():  # list --status takes each label the brief counts
        chosen = ftz(*data, "list", "--status", label, "--as-of", day, "--format", "json").stdout
        # 已完成 is every item done, 逾期完成 those of them done late
        assert len(json.loads(chosen)) == count + (overview["逾期完成"] if label == "已完成" else 0), label
    assert _attention_counts(md) == {
        "red": statuses.get("overdue", 0) + statuses.get("severely_behind", 0),
        "yellow": statuses.get("behind", 0), "no_data": statuses.get("no_data", 0)}
    lights = Counter(r["light"] for r in listed)
    said = re.search(r"亮灯情况：(.*?)。", md)
    assert said and +Counter({k: int(n) for k, n in re.findall(r"([^、\d]+)(\d+)项", said.group(1))}) == lights
    running = [r for r in listed if r["kind"] in ("flow", "level", "count")
               and r["status"] != "not_started"]
    assert _target_cells(md) == Counter((pct(r["completion"]), pct(
        r["time_progress"] if r["data_time_progress"] is None else r["data_time_progress"])) for r in running)

    # the HTML brief says the same, and so does the weekly brief of that week
    html = ftz(*data, "report", "--as-of", day, "--format", "html").stdout
    assert _overview_counts(re.sub(r"<[^>]+>", "", html)) == overview
    out = tmp_path / "weeks"
    shutil.rmtree(out, ignore_errors=True)
    assert ftz(*data, "weekly", "--from", day, "--to", day, "--out", str(out)).exit_code == 0
    week = next(out.glob("*-W*.md")).read_text(encoding="utf-8")
    assert _weekly_overview_counts(week) == overview


def test_a_year_end_brief_has_no_green_on_a_missed_target(ftz, ws: Path) -> None:
    """118 of 120 on the deadline is red, and says by how much; silence past it is red too."""
    (ws / "updates" / "2021-12.yaml").write_text(
        "- id: trade.overseas-warehouses-2021\n  date: 2021-12-31\n  value: 118\n", encoding="utf-8")
    listed = {r["id"]: r for r in json.loads(
        ftz("--data", str(ws), "list", "--format", "json", "--as-of", "2021-12-31").stdout)}
    missed = listed["trade.overseas-warehouses-2021"]
    assert (missed["status"], missed["status_label"], missed["light"]) == ("overdue", "今日到期未完成", "红灯")
    silent = [r for r in listed.values() if r["deadline"] <= "2021-12-31" and r["value_date"] is None
              and r["status"] not in ("not_started",)]
    assert silent and {(r["status"], r["status_label"]) for r in silent} == {
        ("overdue", "逾期未报送"), ("overdue", "今日到期未报送")}
    md = ftz("--data", str(ws), "report", "--as-of", "2021-12-31").stdout
    assert "未完成年度目标，差2个" in md
    assert not any("绿灯" in line for line in md.splitlines() if "海外仓" in line)
