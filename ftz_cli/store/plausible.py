"""Warnings about values that are allowed but unlikely: a department's typo or a wrong unit.

Each item's effective records (a correction replaces its date's record) are compared in
date order with the one before:
- W201 a level or count that falls (unless lower is better: 压缩至2小时以内);
- W203 a 年度累计 (flow) value lower than an earlier one of the same year: often the month's
  figure typed where the year's belongs;
- W204 a value ten times (or a tenth of) the one before (for a flow, of the same year): often
  a unit slip (万元 for 亿元);
- W205 a value above 200% of its target (not for a lower-is-better one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ftz_cli.core.errors import Diagnostic
from ftz_cli.core.model import LOWER_IS_BETTER, Item, Plan, Update
from ftz_cli.parse.dates import cn_date
from ftz_cli.parse.values import clean_number

Located = tuple[Update, str, int | None, int | None]  # a record and where it stands

TENFOLD = 10.0
MOST_COMPLETION = 2.0


def value_warnings(plan: Plan, located: Sequence[Located]) -> list[Diagnostic]:
    """Every warning about the values of ``located``, item by item, in date order."""
    by_item: dict[str, dict[dt.date, Located]] = {}
    for entry in located:  # in recording order: a later record of a date wins
        update = entry[0]
        if update.value is not None:
            by_item.setdefault(update.id, {})[update.date] = entry
    problems: list[Diagnostic] = []
    for item_id, effective in by_item.items():
        item = plan.items_by_id[item_id]
        if item.quantitative:
            problems.extend(_item_warnings(item, [effective[day] for day in sorted(effective)]))
    return problems


def _item_warnings(item: Item, entries: Sequence[Located]) -> list[Diagnostic]:
    """The warnings of one item's records in date order."""
    problems: list[Diagnostic] = []
    values = [entry[0].value or 0.0 for entry in entries]
    years = [entry[0].date.year for entry in entries]
    for index, before, top in flagged(item, values, years):
        problems.extend(_compare(item, entries[before][0] if before >= 0 else None,
                                 entries[top][0] if top >= 0 else None, entries[index]))
    return problems


def flagged(item: Item, values: Sequence[float], years: Sequence[int]) -> list[tuple[int, int, int]]:
    """Which of an item's values in date order (with their years) may be unlikely: each
    with the one before and the highest earlier one of its year (-1: none). Plain
    comparisons: the common case, nothing unlikely, for a million records."""
    found: list[tuple[int, int, int]] = []
    lower = item.comparator in LOWER_IS_BETTER  # 压缩至2小时以内: a value above target, falling, is news
    most = item.target * MOST_COMPLETION if item.target and not lower else None
    falls, flow = item.kind in ("level", "count") and not lower, item.kind == "flow"
    highest = -1  # the highest earlier value of the year (a flow's)
    for index, now in enumerate(values):
        if highest >= 0 and years[highest] != years[index]:
            highest = -1
        before = values[index - 1] if index else None
        if ((most is not None and now > most)
                or (before is not None and (now >= before * TENFOLD or now * TENFOLD <= before
                                            or (falls and now < before)))
                or (highest >= 0 and flow and now < values[highest])):
            found.append((index, index - 1, highest))
        if highest < 0 or values[highest] < now:
            highest = index
    return found


def _compare(item: Item, previous: Update | None, highest: Update | None, entry: Located
             ) -> list[Diagnostic]:
    update, shown, line, column = entry
    value = update.value
    assert value is not None
    found: list[tuple[str, str, str]] = []
    if item.target and item.comparator not in LOWER_IS_BETTER and value / item.target > MOST_COMPLETION:
        found.append(("W205", f"指标 {item.id} 的完成率为 {value / item.target * 100:.1f}%，超过 200%"
                      f"（{_shown(value, item)}，目标 {_shown(item.target, item)}）",
                      "请核对数值和单位（如把万元当作亿元填写）；确实超额完成可忽略此警告。"))
    if previous is not None and previous.value is not None:
        found.extend(_change(item, previous, update))
    if item.kind == "flow" and highest is not None and value < (highest.value or 0.0):
        found.append(("W203", f"年度累计指标 {item.id} 的数值比同年早些时候还少"
                      f"（{cn_date(highest.date)} {_shown(highest.value or 0.0, item)} → "
                      f"{cn_date(update.date)} {_shown(value, item)}）",
                      "年度累计指标应填本年1月1日起的累计数，不是当月数；请核对是否填成了当月值。"))
    return [Diagnostic(code, message, shown, line, column, hint, "warning")
            for code, message, hint in found]


def _change(item: Item, previous: Update, update: Update) -> list[tuple[str, str, str]]:
    before, now = previous.value or 0.0, update.value or 0.0
    span = f"（{cn_date(previous.date)} {_shown(before, item)} → {cn_date(update.date)} {_shown(now, item)}）"
    found = []
    if now < before and item.kind in ("level", "count") and item.comparator not in LOWER_IS_BETTER:
        found.append(("W201", f"指标 {item.id} 的数值从 {clean_number(before)} 减少到 "
                      f"{clean_number(now)}（{cn_date(previous.date)} → {cn_date(update.date)}）",
                      "存量和件数一般不会减少，请核对；如确实减少可忽略此警告。"))
    new_year = item.kind == "flow" and previous.date.year != update.date.year  # a total starts again
    if before > 0 and now > 0 and not new_year and (now >= before * TENFOLD or now * TENFOLD <= before):
        found.append(("W204", f"指标 {item.id} 的数值与上次相差十倍以上{span}",
                      "请核对单位（万元与亿元、个与万个）和小数点；确实如此可忽略此警告。"))
    return found


def _shown(value: float, item: Item) -> str:
    return f"{clean_number(value)}{item.unit}"
