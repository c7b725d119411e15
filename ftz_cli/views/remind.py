"""``ftz remind``: one ready-to-send notice per unit (plain text for 钉钉, email or SMS), or
the reminders as JSON or CSV rows for scripts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ftz_cli.core.chase import REASON_LABELS, REASONS, Chase
from ftz_cli.core.closure import RETURNED, marked
from ftz_cli.core.status import Progress
from ftz_cli.parse.dates import cn_date
from ftz_cli.views.formats import cn_number, days_left_text

COLUMNS = ("unit", "id", "title", "area", "deadline", "days_left", "status", "status_label",
           "last_date", "last_value", "reason", "reason_label", "reasons", "returned")
_NUMERALS = "一二三四五六七八九十"


def rows(chased: Sequence[Chase], returned: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The reminders as flat mappings (the contract's fields and a few more); an item whose
    销号 was sent back (``returned``: its reason, by id) is labelled as in ``list``:
    正常推进（已退回）, with the reason."""
    back = returned or {}
    return [{
        "unit": c.unit,
        "id": c.progress.item.id,
        "title": c.progress.item.title,
        "area": c.progress.item.area,
        "deadline": c.progress.item.deadline.isoformat(),
        "days_left": c.days_left,
        "status": c.progress.status,
        "status_label": marked(c.progress.status_label, RETURNED) if c.progress.item.id in back
        else c.progress.status_label,
        "returned": back.get(c.progress.item.id),
        "last_date": c.progress.reported.date.isoformat() if c.progress.reported else None,
        "last_value": _last(c),
        "reason": c.reason,
        "reason_label": reason_label(c),
        "reasons": list(c.reasons),
    } for c in chased]


def reason_label(c: Chase) -> str:
    """Why the unit is reminded, in Chinese: past the deadline with nothing reported is
    逾期未报送, never 逾期未完成 (domain.md: counts keep the two apart)."""
    if c.reason == "overdue" and c.progress.reported is None:
        return "逾期未报送"
    return REASON_LABELS[c.reason]


def _last(c: Chase) -> str | None:
    """What the unit reported last: a figure held for checking (待核实) too."""
    latest = c.progress.reported
    if latest is None:
        return None
    if latest.value is not None:
        return cn_number(latest.value, c.progress.item.unit)
    return latest.status


class Escalated(NamedTuple):
    """The 督办 list for ``remind``: per unit, its items yellow or red in ``after`` briefs in a row."""

    by_unit: Mapping[str, Sequence[Progress]]
    after: int


def notices(chased: Sequence[Chase], as_of: dt.date, org: str, stale_days: int, within: int,
            returned: Mapping[str, str] | None = None, escalated: Escalated | None = None) -> str:
    """One notice per unit with something to report, separated by a rule (``returned``: the
    office's reason for each item sent back; ``escalated``: the 督办 list, first in a notice)."""
    texts = unit_notices(chased, as_of, org, stale_days, within, returned, escalated)
    return ("\n" + "─" * 30 + "\n\n").join(texts.values())


def unit_notices(chased: Sequence[Chase], as_of: dt.date, org: str, stale_days: int, within: int,
                 returned: Mapping[str, str] | None = None, escalated: Escalated | None = None
                 ) -> dict[str, str]:
    """Each unit's notice (units with reminders or items on the 督办 list)."""
    pressed = escalated.by_unit if escalated is not None else {}
    units = list(dict.fromkeys([c.unit for c in chased] + [u for u, items in pressed.items() if items]))
    after = escalated.after if escalated is not None else 0
    return {unit: _notice(unit, [c for c in chased if c.unit == unit], as_of, org, stale_days, within,
                          returned or {}, _escalation(pressed.get(unit, ()), after)) for unit in units}


def _escalation(items: Sequence[Progress], after: int) -> list[str]:
    """督办's first lines of a unit's notice."""
    if not items:
        return []
    lines = [f"列入督办：以下 {len(items)} 项已连续{after}期简报亮黄灯或红灯，请说明原因和整改措施，限期赶上进度："]
    lines += [f"{n}. {p.item.title}（{p.item.id}）：{p.status_label}" for n, p in enumerate(items, start=1)]
    return lines


def _notice(unit: str, mine: Sequence[Chase], as_of: dt.date, org: str, stale_days: int,
            within: int, returned: Mapping[str, str], pressed: Sequence[str] = ()) -> str:
    heads = {"overdue": "逾期未完成", "not_reported": "尚未报送进度",
             "stale": f"超过{stale_days}天未更新", "due_soon": f"{within}天内到期",
             "returned": "销号被退回，请补充后重新报送", "unexplained": "进度滞后，请说明存在问题"}
    lines = [f"【{'督办通知' if pressed else '催办提醒'}】{unit}：", "", *pressed, *([""] if pressed else [])]
    if mine:
        lines.append(f"截至{cn_date(as_of)}，贵单位负责的以下 {len(mine)} 项自贸区建设工作需要报送或更新进度：")
    groups = [(heads[reason], [c for c in mine if c.reason == reason]) for reason in REASONS]
    at = [head for head, _ in groups].index("逾期未完成")  # 逾期未报送 apart from it (domain.md)
    groups[at:at + 1] = [(label, [c for c in groups[at][1] if reason_label(c) == label])
                         for label in ("逾期未完成", "逾期未报送")]
    for number, (head, group) in enumerate([g for g in groups if g[1]]):
        lines.append(f"{_NUMERALS[number]}、{head}（{len(group)}项）")
        lines += [f"{n}. {_line(c, returned)}" for n, c in enumerate(group, start=1)]
    lines += ["", "请于收到后尽快填写进度填报表（注明数据截至日期；年度累计指标填本年累计数），"
              f"报送{org}。", "", org, cn_date(as_of)]
    return "\n".join(lines) + "\n"


def _line(c: Chase, returned: Mapping[str, str]) -> str:
    item = c.progress.item
    parts = [f"{item.title}（{item.id}）", f"截止{cn_date(item.deadline)}，{days_left_text(c.progress)}"]
    latest = c.progress.reported
    if c.reason == "returned":  # the record sent back counts for nothing, but it was reported
        parts += ["报送的“已完成”未予销号", f"退回理由：{returned.get(item.id) or '未写明'}"]
    elif latest is None:
        parts.append("尚未报送进度")
    else:
        parts.append(f"最近报送：{cn_date(latest.date)}，{_last(c)}"
                     + ("（待核实：请核实，填错的请更正）" if c.progress.needs_check else ""))
    if c.reason != "returned" and "unexplained" in c.reasons:
        parts.append(f"{c.progress.status_label}，请在“存在问题”中说明原因")
    return "；".join(parts) + "。"
