"""Numbers held for checking (待核实, domain.md): a figure that looks like a slip is refused
by ``update`` and ``import`` (E232) unless ``--confirm``, which stores ``confirmed: true``;
one typed into the files by hand without it is 待核实 — never 已完成, listed by ``validate``,
in the brief, and ``needs_check`` in JSON. Each rule is pinned at its boundary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

FLOW = "trade.import-export-2021"        # 亿元, > 3500
FLOW_2025 = "trade.import-export-2025"   # 亿元, 2021–2025: a yearly total that starts again
LEVEL = "trade.overseas-warehouses-2021"  # 个, >= 120
ORGS = "capital.new-financial-orgs-2021"  # 家, >= 60


def records(ws: Path) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for path in sorted((ws / "updates").glob("**/*.yaml")):
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return found


def by_hand(ws: Path, rows: list[tuple[str, str, str]]) -> None:
    """The rows typed into an update file by hand, as a person would (no confirmation)."""
    lines = [f"- id: {i}\n  date: {d}\n  value: {v}\n" for i, d, v in rows]
    (ws / "updates" / "hand.yaml").write_text("".join(lines), encoding="utf-8")


# rows (id, date, value) → the CSV lines held (E232) and the codes validate gives them by hand
CASES = [
    ([(FLOW, "2021-03-31", "1850"), (FLOW, "2021-04-30", "320"), (FLOW, "2021-05-31", "400")],
     [3, 4], ["3:W203", "4:W203"]),                               # a year-to-date total that falls
    ([(FLOW, "2021-03-31", "1850"), (FLOW, "2021-04-30", "1850")], [], []),  # equal: not falling
    ([(FLOW_2025, "2021-12-31", "3600"), (FLOW_2025, "2022-01-31", "300")], [], []),  # a new year
    ([(FLOW, "2021-03-31", "100"), (FLOW, "2021-04-30", "999.9")], [], []),  # under ten times
    ([(FLOW, "2021-03-31", "100"), (FLOW, "2021-04-30", "1000")], [3], ["3:W204"]),  # ten times exactly
    ([(LEVEL, "2021-03-31", "100"), (LEVEL, "2021-04-30", "10")], [3], ["3:W201", "3:W204"]),  # a tenth exactly
    ([(LEVEL, "2021-03-31", "100"), (LEVEL, "2021-04-30", "10.01")], [], ["3:W201"]),  # just over a tenth
    ([(FLOW, "2021-03-31", "7000")], [], []),                     # 200% exactly is not above it
    ([(FLOW, "2021-03-31", "7000.01")], [2], ["2:W205"]),         # just above 200%
    ([(LEVEL, "2021-03-31", "60"), (LEVEL, "2021-04-30", "50")], [], ["3:W201"]),  # a count falls: warned only
]


@pytest.mark.parametrize(("rows", "held", "stored"), CASES)
def test_a_figure_that_looks_like_a_slip_is_held_unless_confirmed(rows, held, stored, ws, ftz, tmp_path):
    (tmp_path / "v.csv").write_text("\n".join(["指标编号,日期,数值"] + [",".join(r) for r in rows]) + "\n",
                                    encoding="utf-8")
    result = ftz("--data", str(ws), "import", "v.csv")
    assert result.stderr.count("错误 E232") == len(held), result.stderr
    for line in held:
        assert f"v.csv:{line}:2: 错误 E232" in result.stderr
    if held:
        assert result.exit_code == 1 and records(ws) == []  # nothing is written
        assert "--confirm" in result.stderr
        confirmed = ftz("--data", str(ws), "import", "v.csv", "--confirm")
        assert confirmed.exit_code == 0, confirmed.stderr
    else:
        assert result.exit_code == 0, result.stderr
    marked = [i + 2 for i, r in enumerate(records(ws)) if r.get("confirmed")]
    assert marked == held  # only the held figures carry confirmed: true
    assert "W20" not in ftz("--data", str(ws), "validate").stderr.replace("W201", "")

    hand = ws.parent / "hand"
    hand.mkdir()
    (hand / "updates").mkdir()
    for name in ("targets.yaml", "document.txt"):
        (hand / name).write_bytes((ws / name).read_bytes())
    by_hand(hand, rows)
    checked = ftz("--data", str(hand), "validate")
    assert checked.exit_code == 0
    found = sorted(f"{line}:{code}" for line, code in
                   ((str(1 + 3 * (int(s.split(":")[0]) - 2)), s.split(":")[1]) for s in stored))
    codes = sorted(f"{w.split(':')[1]}:{w.split('警告 ')[1][:4]}" for w in checked.stderr.splitlines()
                   if "警告 W" in w)
    assert codes == found, checked.stderr


def test_ten_times_is_judged_on_the_previous_figure_and_200_percent_on_the_target(ws, ftz):
    one = ftz("--data", str(ws), "update", ORGS, "--value", "3.2万家", "--date", "2021-03-31")
    assert one.exit_code == 1
    assert ("错误 E232 指标 capital.new-financial-orgs-2021 的数值 3.2万家（即 32000家） 需要核实："
            "是目标 60家 的 53333.3%，超过 200%。可能多写了“万”：3.2万家 即 32000家，不带“万”则是 3.2家。") in one.stderr
    assert "核实无误请加 --confirm" in one.stderr


def test_the_dry_run_recipe_does_not_store_a_slip(ws, ftz, tmp_path):
    """The README's recipe ``import --dry-run && import``: the dry run already refuses."""
    (tmp_path / "v.csv").write_text(f"指标编号,日期,数值\n{ORGS},2021-03-31,3.2万家\n", encoding="utf-8")
    dry = ftz("--data", str(ws), "import", "v.csv", "--dry-run")
    assert dry.exit_code == 1 and "E232" in dry.stderr and records(ws) == []


def test_a_held_figure_by_hand_is_never_done_and_says_so_everywhere(ws, ftz):
    by_hand(ws, [(ORGS, "2021-03-31", "12"), (ORGS, "2021-06-30", "3.2万家")])
    rows = json.loads(ftz("--data", str(ws), "list", "--as-of", "2021-06-30", "--format", "json").stdout)
    row = next(r for r in rows if r["id"] == ORGS)
    # held back: the item stands where 12家 (3月31日) put it, the slip named beside it
    assert row["needs_check"] is True and row["status"] != "done" and row["value"] == 12
    assert (row["held_value"], row["held_date"], row["value_date"]) == (32000, "2021-06-30", "2021-03-31")
    assert row["status_label"].endswith("（待核实）")
    # nor is a slip a pace to project from: 待评估 until it is confirmed or corrected
    assert row["outlook"] == "unassessed" and row["projection"] is None
    assert all(r["needs_check"] is False for r in rows if r["id"] != ORGS)
    shown = json.loads(ftz("--data", str(ws), "show", ORGS, "--as-of", "2021-06-30", "--format", "json").stdout)
    assert shown["needs_check"] is True and [u["confirmed"] for u in shown["updates"]] == [False, False]
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 0 and "警告 W205 待核实" in checked.stderr
    assert f"ftz update {ORGS} --date 2021-06-30 --value 32000 --replace --confirm" in checked.stderr
    brief = ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "--body-only", "--draft").stdout
    assert "待核实数据1项" in brief and "32000家" in brief
    assert "由办公室登记确认后计入进度" in brief and "ftz " not in brief  # a leader reads no command line
    # nowhere in the brief does the slip read as a result: no 53333.3%, no 已完成
    assert "53333.3%" not in brief and "53,333.3%" not in brief
    assert "（32000家，2021年6月30日报送" in brief

    # confirming it (the hint's own command) makes it count
    done = ftz("--data", str(ws), "update", ORGS, "--date", "2021-06-30", "--value", "32000", "--replace",
               "--confirm")
    assert done.exit_code == 0, done.stderr
    rows = json.loads(ftz("--data", str(ws), "list", "--as-of", "2021-06-30", "--format", "json").stdout)
    row = next(r for r in rows if r["id"] == ORGS)
    assert row["needs_check"] is False and row["status"] == "done"
    assert "W205" not in ftz("--data", str(ws), "validate").stderr


def test_a_later_figure_that_meets_the_target_after_a_held_one_is_done_late(ws, ftz):
    """A held figure meets nothing: the target was first met by the next, confirmed or plain."""
    by_hand(ws, [(ORGS, "2021-03-31", "12"), (ORGS, "2021-06-30", "3.2万家"), (ORGS, "2022-01-31", "61")])
    rows = json.loads(ftz("--data", str(ws), "list", "--as-of", "2022-02-01", "--format", "json").stdout)
    row = next(r for r in rows if r["id"] == ORGS)
    assert row["status"] == "done" and row["late"] is True and row["needs_check"] is False


def test_a_held_figure_is_no_move_of_completion_in_the_weekly_brief(ws, ftz, tmp_path):
    """The weekly's 完成率变化 compares completions; a figure held for checking has none that
    counts (核实前不计完成率), so neither its arrival nor its correction is a move."""
    by_hand(ws, [(ORGS, "2021-06-10", "12"), (ORGS, "2021-06-17", "3.2万家"), (ORGS, "2021-06-24", "20"),
                 (FLOW, "2021-06-17", "1850")])
    out = tmp_path / "weeks"
    result = ftz("--data", str(ws), "weekly", "--from", "2021-06-14", "--to", "2021-06-27", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    held, corrected = ((out / f"2021-W{n}.md").read_text(encoding="utf-8") for n in (24, 25))
    assert "53333.3%" not in held + corrected and "53,333.3%" not in held + corrected
    # the figure beside it still moves; the held one is only what was reported (附件1)
    changes = held[held.index("## 二、较上周变化"):held.index("## 三、下周到期")]
    assert "金融组织" not in changes and "进出口额（首次报送，52.9%）" in changes


def test_the_annex_tables_print_no_completion_for_a_held_figure(ws, ftz, tmp_path):
    """The body says 核实前不计完成率; the 附件's table beside it must not print 53333.3%: it
    gives the figure before the held one, and names the held one after it."""
    from docx import Document

    by_hand(ws, [(ORGS, "2021-03-31", "12"), (ORGS, "2021-06-30", "3.2万家"), (FLOW, "2021-06-30", "1850")])
    texts = {}
    for fmt in ("md", "html", "docx"):
        out = tmp_path / f"brief.{fmt}"
        result = ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "--draft", "-o", str(out))
        assert result.exit_code == 0, result.stderr
        texts[fmt] = ("\n".join(c.text for t in Document(str(out)).tables for row in t.rows for c in row.cells)
                      if fmt == "docx" else out.read_text(encoding="utf-8"))
    for fmt, text in texts.items():
        assert "53333.3%" not in text and "待核实" in text, fmt
        assert "52.9%" in text, fmt  # the figure beside it keeps its completion
    assert re.search(r"\| 12家（数据截至3月31日） \| 20\.0% \| [\d.]+% \| 正常推进（绿灯，待核实） \|", texts["md"])


@pytest.mark.parametrize(("typed", "likely"), [
    ("1050万元", "1050万元（即 0.105亿元） 需要核实：是上次（2021年3月31日 1050亿元）的 10000 分之一；"),
    ("1050元", "1050元（即 0.0000105亿元） 需要核实："),
])
def test_a_unit_of_its_own_magnitude_typed_wrong_is_named_not_a_stray_wan(typed, likely, ws, ftz):
    """On a 亿元 item, 万元 is a unit, not a stray 万: the slip named is the unit, and a small
    figure is written out, never 1e-05亿元."""
    assert ftz("--data", str(ws), "update", FLOW, "--value", "1050亿元", "--date", "2021-03-31").exit_code == 0
    held = ftz("--data", str(ws), "update", FLOW, "--value", typed, "--date", "2021-04-30")
    assert held.exit_code == 1 and len(records(ws)) == 1
    assert likely in held.stderr
    unit = typed.removeprefix("1050")
    assert f"可能把单位“亿元”写成了“{unit}”（应为 1050亿元）。" in held.stderr
    assert "不带" not in held.stderr and "e-0" not in held.stderr


def test_a_unit_far_from_the_figure_it_is_compared_with_is_not_blamed(ws, ftz):
    assert ftz("--data", str(ws), "update", FLOW, "--value", "1050亿元", "--date", "2021-03-31").exit_code == 0
    held = ftz("--data", str(ws), "update", FLOW, "--value", "105000000万元", "--date", "2021-04-30")
    assert held.exit_code == 1
    assert "的 10 倍。可能多了 1 位数或小数点错位。" in held.stderr and "写成了" not in held.stderr
