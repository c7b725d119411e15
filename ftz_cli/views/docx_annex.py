"""附件 of the Word brief: the full tables per area, the 督办 list and the 报送情况 table when the
body leaves them to a 附件, the first campaign's results, 数据说明 (numbered by views/annexes.py).

The same context and wording macros as ``report.html.j2``'s 附件 (``_areas.html.j2``).
"""

from __future__ import annotations

from typing import Any

from ftz_cli.views.formats import cn_date, gb_number, pct

TARGET_HEAD = ("指标", "目标值", "当前值", "完成率", "序时进度", "状态")
TARGET_WIDTHS = (44.0, 26.0, 26.0, 18.0, 18.0, 24.0)
TASK_HEAD = ("事项", "时限", "进展", "状态")
TASK_WIDTHS = (60.0, 28.0, 44.0, 24.0)


def write_annex(w: Any) -> None:
    """Everything after the body, starting on a new page."""
    from docx.enum.text import WD_BREAK

    w.doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    numbers = w.c["annexes"]
    _heading(w, numbers["areas"], "分领域进展情况")
    w.para(f"注：{w.words.legend_columns()}")
    for i, area in enumerate(w.c["areas"], 1):
        _area(w, i, area)
    if w.c["empty_areas"]:
        w.para(str(w.text.empty_areas_line()))
    if numbers["escalated"]:
        _heading(w, numbers["escalated"], "列入督办事项")
        w.para(str(w.words.escalated_annex_lead())).paragraph_format.keep_with_next = True
        w.table(("序号", "事项", "领域", "责任单位", "状态"), [[
            (str(n), None), (r["title"], None), (r["area_name"], None), ("、".join(r["units"]) or "—", None),
            (r["status_label"], r["status"])] for n, r in enumerate(w.c["escalated"]["all"], 1)],
            (12.0, 58.0, 22.0, 24.0, 40.0))
    if numbers["outlook"]:
        _outlook(w, numbers["outlook"])
    if numbers["reporting"]:
        _reporting(w, numbers["reporting"])
    if numbers["closures"]:
        _heading(w, numbers["closures"], "销号和数据核实")
        for line, shown in ((w.words.pending_line(all=True), w.c["pending"] or w.c["returned"]),
                            (w.words.checking_line(all=True), w.c["checking"])):
            if shown:
                w.para(str(line))
    if numbers["campaign"]:
        _heading(w, numbers["campaign"], f"{w.c['campaign']['name']}成效")
        w.para(str(w.text.campaign_lead()))
        for i, group in enumerate(w.c["achievements"], 1):
            w.para(f"{gb_number(i, 2)}{group['name']}", "Heading 2")
            w.table(("成效", "基线数据"), [[(a["title"], None), (str(w.text.figures(a)), None)]
                                          for a in group["achievements"]], (90.0, 66.0))
    _heading(w, numbers["notes"], "数据说明")
    notes = [f"数据截至{cn_date(w.c['as_of'])}。{w.text.updates_text()}", str(w.text.sources_text()),
             str(w.text.rules_text())]
    if w.c["inferred"]:
        notes.append(str(w.words.inferred_line()))
    if w.c["outlook"]["whole"]:
        notes.append(str(w.words.whole_line()))
    for i, note in enumerate(notes, 1):
        w.para(note, lead=f"{i}. ")


def _outlook(w: Any, n: int) -> None:
    """全年预期需关注事项: every item of the body's 全年预期 sentences that name only some."""
    _heading(w, n, "全年预期需关注事项")
    w.para(str(w.words.outlook_annex_lead())).paragraph_format.keep_with_next = True
    w.table(("序号", "事项", "领域", "全年预期", "预计", "单位预计"), [[
        (str(i), None), (str(w.words.outlook_name(r)), None), (r["area_name"], None), (r["outlook_label"], None),
        (r["projection_text"] if r["projection"] is not None else "—", None), (r["unit_view"] or "—", None),
    ] for i, r in enumerate(w.c["outlook_annex"]["rows"], 1)], (12.0, 44.0, 20.0, 20.0, 38.0, 22.0))


def _reporting(w: Any, n: int) -> None:
    """各责任单位报送情况: every unit's 报送率 when the body names the lowest only; the 报送情况 table."""
    _heading(w, n, "各责任单位报送情况")
    if len(w.c["rates_listed"]) < len(w.c["rates"]):
        w.para(str(w.words.rates_line(all=True)))
    board = w.c["scoreboard"]
    if board:
        w.para(f"{board['title']}：")
        w.table(tuple(board["head"]), [[(cell, None) for cell in row] for row in board["rows"]],
                (12.0, 32.0, 12.0, 12.0, 14.0, 12.0, 20.0, 22.0, 20.0))


def _heading(w: Any, n: int, name: str) -> None:
    """附件N and its title, kept with what follows: never alone at the foot of a page."""
    for p in (w.para(f"附件{n}", "ftz Annex"), w.para(name, "ftz Annex Title")):
        p.paragraph_format.keep_with_next = True


def _area(w: Any, i: int, area: dict[str, Any]) -> None:
    w.para(f"{gb_number(i, 2)}{area['name']}", "Heading 2")
    lead = f"（牵头：{area['lead']}）" if area["lead"] else ""
    design = f"，顶层设计“{area['design']}”" if area["design"] else ""
    w.para(f"{area['team']}{lead}{design}。")
    sub = 0
    if area["targets"]:
        sub += 1
        w.para(f"{gb_number(sub, 3)} 量化指标", "Heading 3")
        w.table(TARGET_HEAD, [[
            (str(w.text.target_name(r)), None), (r["target_text"], None),
            (str(w.text.value_text(r)), None), (str(w.text.completion_cell(r)), None),
            (pct(r["time_progress"]), None), (r["status_label"], r["status"]),
        ] for r in area["targets"]], TARGET_WIDTHS)
        for k, r in enumerate(area["lagging"], 1):
            w.para(str(w.text.lag_sentence(r)), lead=gb_number(k, 4))
        _trends(w, area["targets"])
    if area["tasks"]:
        sub += 1
        w.para(f"{gb_number(sub, 3)} 重点任务", "Heading 3")
        w.table(TASK_HEAD, [[
            (r["title"], None), (cn_date(r["deadline"]), None),
            (str(w.text.progress_text(r)), None), (r["status_label"], r["status"]),
        ] for r in area["tasks"]], TASK_WIDTHS)
    unlisted = str(w.text.unlisted(area))
    if unlisted:
        w.para(unlisted)


def _trends(w: Any, targets: list[dict[str, Any]]) -> None:
    """A chart for each reported target, two to a line, each with its forecast in words."""
    from ftz_cli.views.docx_charts import LEGEND, add_chart, caption, holder, trend_xml

    charted = [r for r in targets if r["chart"]]
    if charted:
        w.para(LEGEND, "ftz Table").paragraph_format.keep_with_next = True
    for pair in (charted[i:i + 2] for i in range(0, len(charted), 2)):
        line = holder(w)
        for r in pair:
            add_chart(w.doc, line, trend_xml(str(w.text.target_name(r)), r["chart"], r["unit"]), 76, 46)
        note = w.para("；".join(caption(r) for r in pair), "ftz Table")
        note.paragraph_format.first_line_indent = 0
