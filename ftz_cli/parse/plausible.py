"""The words for values that look like a slip (the rule is ``core.slips``).

Each item's effective records (a correction replaces its date's record) are compared in
date order with the one before. A figure held for checking (W203, W204, W205) that is new
(``ftz update``, ``ftz import``) is refused with E232 unless confirmed (``--confirm``); one
already in the files without confirmation is 待核实, a warning; a confirmed one says
nothing. W201 (a level or count that falls) is only ever a warning.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Sequence
from decimal import Decimal

from ftz_cli.core.errors import Diagnostic
from ftz_cli.core.model import Item, Plan, Update
from ftz_cli.core.slips import HELD, MOST_COMPLETION, findings, held
from ftz_cli.parse.dates import cn_date
from ftz_cli.parse.values import UNITS, clean_number, number_and_unit

Located = tuple[Update, str, int | None, int | None]  # a record and where it stands

__all__ = ["Located", "held_records", "value_warnings"]


def value_warnings(plan: Plan, located: Sequence[Located], new: Collection[int] = ()) -> list[Diagnostic]:
    """Every problem with the values of ``located``, item by item, in date order; ``new``:
    the ids (``id()``) of the records being recorded now."""
    by_item: dict[str, dict[dt.date, Located]] = {}
    for entry in located:  # in recording order: a later record of a date wins
        update = entry[0]
        if update.value is not None:
            by_item.setdefault(update.id, {})[update.date] = entry
    problems: list[Diagnostic] = []
    for item_id, effective in by_item.items():
        item = plan.items_by_id[item_id]
        if item.quantitative:
            problems.extend(_item_warnings(item, [effective[day] for day in sorted(effective)], new))
    return problems


def _item_warnings(item: Item, entries: Sequence[Located], new: Collection[int]) -> list[Diagnostic]:
    """The problems of one item's records in date order."""
    problems: list[Diagnostic] = []
    values = [entry[0].value or 0.0 for entry in entries]
    years = [entry[0].date.year for entry in entries]
    for index, before, top, codes in findings(item, values, years, [e[0].confirmed for e in entries]):
        previous = entries[before][0] if before >= 0 else None
        highest = entries[top][0] if top >= 0 else None
        problems.extend(_words(item, previous, highest, entries[index], codes, id(entries[index][0]) in new))
    return problems


def _words(item: Item, previous: Update | None, highest: Update | None, entry: Located,
           codes: frozenset[str], new: bool) -> list[Diagnostic]:
    update, shown, line, column = entry
    value = update.value
    assert value is not None
    if new and codes & HELD and not update.confirmed:
        return [_refused(item, previous, highest, entry, codes)]
    found: list[tuple[str, str, str]] = []
    if "W201" in codes and previous is not None:
        found.append(("W201", f"指标 {item.id} 的数值从 {clean_number(previous.value or 0.0)} 减少到 "
                      f"{clean_number(value)}（{cn_date(previous.date)} → {cn_date(update.date)}）",
                      "存量和件数一般不会减少，请核对；如确实减少可忽略此警告。"))
    if not update.confirmed:
        found.extend(_held(item, previous, highest, update, codes))
    return [Diagnostic(code, message, shown, line, column, hint, "warning")
            for code, message, hint in found]


def _held(item: Item, previous: Update | None, highest: Update | None, update: Update,
          codes: frozenset[str]) -> list[tuple[str, str, str]]:
    """The 待核实 warnings of a stored figure nobody confirmed."""
    value = update.value or 0.0
    confirm = (f"核实无误请运行 ftz update {item.id} --date {update.date.isoformat()} --value "
               f"{clean_number(value)} --replace --confirm（记为已核实）；填错了请用 --replace 更正。")
    found = []
    if "W205" in codes and item.target:
        found.append(("W205", f"待核实：指标 {item.id} 的完成率为 {value / item.target * 100:.1f}%，超过 200%"
                      f"（{_shown(value, item)}，目标 {_shown(item.target, item)}）",
                      "请核对数值和单位（如把万元当作亿元填写）。" + confirm))
    if "W204" in codes and previous is not None:
        found.append(("W204", f"待核实：指标 {item.id} 的数值与上次相差十倍以上{_span(item, previous, update)}",
                      "请核对单位（万元与亿元、个与万个）和小数点。" + confirm))
    if "W203" in codes and highest is not None:
        found.append(("W203", f"待核实：年度累计指标 {item.id} 的数值比同年早些时候还少"
                      f"{_span(item, highest, update)}",
                      "年度累计指标应填本年1月1日起的累计数，不是当月数。" + confirm))
    return found


def _refused(item: Item, previous: Update | None, highest: Update | None, entry: Located,
             codes: frozenset[str]) -> Diagnostic:
    """E232: a new figure that looks like a slip, with what it was compared with and the slip
    it most likely is."""
    update, shown, line, column = entry
    value = update.value or 0.0
    typed = f"{update.input}（即 {_shown(value, item)}）" if update.input else _shown(value, item)
    reasons, likely = [], ""
    if "W205" in codes and item.target:
        reasons.append(f"是目标 {_shown(item.target, item)} 的 {value / item.target * 100:.1f}%，超过 "
                       f"{MOST_COMPLETION * 100:.0f}%")
        likely = likely or _slip(value, item.target, item, update.input)
    if "W204" in codes and previous is not None:
        reasons.append(f"是上次（{cn_date(previous.date)} {_shown(previous.value or 0.0, item)}）的 "
                       f"{_times(value, previous.value or 0.0)}")
        likely = likely or _slip(value, previous.value or 0.0, item, update.input)
    if "W203" in codes and highest is not None:
        reasons.append(f"比同年早些时候（{cn_date(highest.date)} {_shown(highest.value or 0.0, item)}）还少，"
                       "年度累计数不会减少")
        likely = likely or "可能填成了当月数（年度累计指标应填本年1月1日起的累计数）"
    if previous is not None and "W204" not in codes and previous is not highest:
        reasons.append(f"上次为 {cn_date(previous.date)} {_shown(previous.value or 0.0, item)}")
    return Diagnostic(
        "E232", f"指标 {item.id} 的数值 {typed} 需要核实：{'；'.join(reasons)}。{likely and likely + '。'}",
        shown, line, column,
        "填错了请改正后重新录入；核实无误请加 --confirm 再录入一次（update 和 import 都可以），记录会标为已核实。")


def _slip(value: float, reference: float, item: Item, typed: str) -> str:
    """The slip a figure most likely is: a 万 or 亿 typed into a figure of 家 or 个, another
    unit than the item's (万元 for 亿元), or a ratio to what it is compared with close to a
    power of ten (a unit or a decimal point)."""
    written = number_and_unit(typed) if typed else None
    if UNITS.get(item.unit, ("", 1.0))[1] == 1.0:
        for word, size in (("亿", 1e8), ("万", 1e4)):
            if word in typed and word not in item.unit:
                return (f"可能多写了“{word}”：{typed} 即 {_shown(value, item)}，"
                        f"不带“{word}”则是 {_shown(value / size, item)}")
    elif (written is not None and written[1] in UNITS and written[1] != item.unit
          and written[0] > 0 and reference > 0 and abs(math.log10(written[0] / reference)) <= 0.3):
        # on a 亿元 item "1050万元" is a tiny figure in its own right: dropping the 万 (1050元)
        # means nothing; the slip is the unit, 万元 written for 亿元 beside a figure near 1050
        return f"可能把单位“{item.unit}”写成了“{written[1]}”（应为 {_shown(written[0], item)}）"
    if value <= 0 or reference <= 0:
        return ""
    exact = math.log10(value / reference)
    power = round(exact)
    if abs(exact - power) > 0.3 or power == 0:
        return ""
    unit = {4: "万", 8: "亿", -4: "万", -8: "亿"}.get(power)
    if unit:
        return f"可能{'多' if power > 0 else '少'}写了“{unit}”（相差 {10 ** abs(power):,} 倍）"
    return f"可能{'多' if power > 0 else '少'}了 {abs(power)} 位数或小数点错位"


def _times(value: float, before: float) -> str:
    if before <= 0:
        return "多倍"
    ratio = value / before
    return f"{clean_number(round(ratio, 1))} 倍" if ratio >= 1 else f"{clean_number(round(1 / ratio, 1))} 分之一"


def _span(item: Item, previous: Update, update: Update) -> str:
    return (f"（{cn_date(previous.date)} {_shown(previous.value or 0.0, item)} → "
            f"{cn_date(update.date)} {_shown(update.value or 0.0, item)}）")


def _shown(value: float, item: Item) -> str:
    shown = str(clean_number(value))
    if "e" in shown or (shown == "0" and value):  # 1050元 is 0.0000105亿元, never 1e-05亿元 or 0亿元
        shown = format(Decimal(f"{value:.6g}").normalize(), "f")
    return f"{shown}{item.unit}"


def held_records(plan: Plan, located: Sequence[Located], among: Collection[int] | None = None) -> set[int]:
    """The records (their ``id()``) of ``located`` held for checking and not confirmed, of
    those in ``among`` (all when None): what ``--confirm`` confirms."""
    by_item: dict[str, dict[dt.date, Update]] = {}
    for entry in located:
        if entry[0].value is not None:
            by_item.setdefault(entry[0].id, {})[entry[0].date] = entry[0]
    found: set[int] = set()
    for item_id, effective in by_item.items():
        updates = [effective[day] for day in sorted(effective)]
        item = plan.items_by_id[item_id]
        for index in held(item, [u.value or 0.0 for u in updates], [u.date.year for u in updates],
                          [u.confirmed for u in updates]):
            update = updates[index]
            if among is None or id(update) in among:
                found.add(id(update))
    return found
