"""``ftz show``: one item, where the document says it, its history and its status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ftz_cli.core.aliases import suggest_ids
from ftz_cli.core.closure import Closure, before, label
from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.model import INFERABLE, KIND_LABELS, VERDICTS, Item, Plan, Update
from ftz_cli.core.outlook import outlook_of
from ftz_cli.core.snapshot import Book, snapshot
from ftz_cli.core.status import Progress
from ftz_cli.core.units import owners
from ftz_cli.parse.dates import cn_date
from ftz_cli.views.closing import lines as closing_lines
from ftz_cli.views.closing import with_closure
from ftz_cli.views.formats import cn_number, outlook_line, pct, target_text
from ftz_cli.views.rows import as_json, completion_text, row, to_json, verdict_words


def show(book: Book, item_id: str, as_of: dt.date, fmt: str,
         closures: Mapping[str, Closure] | None = None) -> str:
    plan = book.plan
    item = plan.items_by_id.get(item_id)
    if item is None:
        raise FtzError(Diagnostic("E201", f"未知的指标编号“{item_id}”", hint=suggest_ids(plan, item_id)))
    p = snapshot(book, as_of).get(item_id)
    # every record up to the as-of date, by date; a correction follows the record it corrects
    updates = sorted((u for u in book.records_of({item_id}) if u.date <= as_of),
                     key=lambda u: u.date)
    if fmt == "json":
        assigned = owners(plan, book.settings.units)
        return to_json({**with_closure(row(plan, p, assigned, outlook_of(book, p)), closures or {}),
                        "section": item.source.section, "note": item.note,
                        "updates": [as_json(u) for u in updates]})
    units = owners(plan, book.settings.units).get(item.id, ())
    lines = _describe(plan, item) + (["责任单位：" + "、".join(units)] if units else [])
    c = (closures or {}).get(item_id)
    standing = _standing(p, as_of)
    standing[0] = standing[0].replace(p.status_label, label(p.status_label, c), 1)
    return "\n".join(lines + standing + [outlook_line(p.item, outlook_of(book, p))] + closing_lines(c)
                     + _history(item, updates, book.returned.get(item_id, {}),
                                book.history(item_id).held_updates(item))) + "\n"


def _describe(plan: Plan, item: Item) -> list[str]:
    speaker = plan.speakers.get(item.source.speaker)
    area = plan.area(item.area)
    lines = [
        f"{item.title}（{item.id}）",
        f"领域：{area.name}    类型：{KIND_LABELS[item.kind]}    期限：{cn_date(item.start)} 至 "
        f"{cn_date(item.deadline)}",
    ]
    if item.inferred:
        named = "、".join(INFERABLE[d] for d in item.inferred)
        lines.append(f"注：{named}原文未写明，为推定")
    if item.ongoing:
        lines.append("长期坚持：没有完成时限，不因到期亮红灯")
    if item.carried_from:
        lines.append(f"结转自：{item.carried_from}")
    if item.quantitative and item.target is not None:
        lines.append(f"目标：{item.metric}{target_text(item)}")
    if item.outcome:
        same = plan.items_by_id[item.outcome]
        lines.append(f"同一成果：与“{same.title}”（{same.id}）为同一成果，汇总时只计一次")
    lines += [
        f"出处：{speaker.title} {speaker.name}《{speaker.speech}》·{item.source.section}" if speaker
        else f"出处：{item.source.section}",
        f"原文：{item.source.text}" + ("（未在来源文件中找到，待核对）" if item.source.unverified else ""),
    ]
    if item.note:
        lines.append(f"说明：{item.note}")
    return lines


def _standing(p: Progress, as_of: dt.date) -> list[str]:
    """Where the item stands: its light judged at the figure's own date (数据截至), and the
    office's verdict on a goal due."""
    completion = completion_text(p)
    line = f"截至{cn_date(as_of)}：{p.status_label}，" + (f"完成率 {completion}，" if completion else "")
    if p.value_date is not None and p.value_date != as_of and p.status != "done":
        line += (f"数据截至{cn_date(p.value_date)}（当日序时进度 {pct(p.data_time_progress)}），"
                 f"今日序时进度 {pct(p.time_progress)}")
    else:
        line += f"序时进度 {pct(p.time_progress)}"
    if p.stale and p.reported:
        line += f"，最近报送 {cn_date(p.reported.date)}"
    if p.held is not None:  # counts for nothing until confirmed: the light is the figure's before it
        line += (f"；{cn_date(p.held.date)}报送的 {cn_number(p.held.value, p.item.unit)} 待核实"
                 "（像是填错了，核实前不计入进度；ftz validate 说明原因和确认办法）")
    lines = [line]
    if p.verdict is not None:
        v = p.verdict
        into = f"（转入 {v.carried_into}）" if v.carried_into else ""
        lines.append(f"认定：{VERDICTS[v.outcome]}{into}，{cn_date(v.date)}"
                     f"{'，' + v.by if v.by else ''}；理由：{v.reason}")
    elif p.status == "awaiting_verdict":
        lines.append(f"已到完成时限，是否完成有待认定：ftz verdict {p.item.id} --done 或 --not-done --reason 理由")
    return lines


def _history(item: Item, updates: list[Update], returned: Mapping[dt.date, dt.datetime],
             held: list[Update]) -> list[str]:
    """Every record; one whose 已完成 was sent back (``returned``: by date, when) or whose figure
    is ``held`` for checking is marked: it counts for nothing."""
    lines = [f"进度记录（{len(updates)} 条）：" if updates else "进度记录：暂无"]
    for u in updates:
        shown = cn_number(u.value, item.unit) if u.value is not None else u.status or verdict_words(u)
        back = not u.verdict and u.date in returned and before(u, returned[u.date])
        extra = "".join(f"  {x}" for x in (u.note, f"填报人：{u.by}" if u.by else "",
                                            "（更正）" if u.replace else "", "（已核实）" if u.confirmed else "",
                                            "（待核实，不计）" if u in held else "",
                                            "（销号已退回，不计）" if back else "") if x)
        extra += "".join(f"\n    {label}：{text}" for label, text in (
            ("进展情况", u.progress_note), ("存在问题", u.problems), ("下步计划", u.next_steps)) if text)
        lines.append(f"  {cn_date(u.date)}  {shown}{extra}")
    return lines
