"""Checking one progress record, from whatever it was read: a YAML file, a sheet, the CLI."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from ftz_cli.core.aliases import by_title, suggest_ids
from ftz_cli.core.chars import escaped, first_unsafe, kind_of
from ftz_cli.core.errors import Diagnostic, has_errors
from ftz_cli.core.model import PROGRESS_ALIASES, PROGRESS_STATES, Item, Plan, Update
from ftz_cli.parse.dates import CHINA, DateError, cn_date, day_and_time
from ftz_cli.parse.fields import TEXTS
from ftz_cli.parse.fields import text as _text
from ftz_cli.parse.kinds import ODD, flags, not_single
from ftz_cli.parse.values import ValueProblem, bare_number, clean_number, parse_value, storable
from ftz_cli.parse.verdicts import verdict_of


@dataclass(slots=True)
class Raw:
    """A record as read: field values and where each stands (path, line, column)."""

    fields: dict[str, Any]
    path: str
    line: int | None = None
    column: int | None = None
    positions: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    unit: str = ""  # the unit its value column's header names (数值（万元）)
    monthly: bool = False  # the value column holds the month's figures (数值（当月）, 当月值)
    typed: bool = False  # typed at the command line: an id may be part of a title (a sheet's may not)
    # the sheet's read-only cells on the row (最新值, 最新日期): header, value, line, column
    shown: tuple[tuple[str, Any, int | None, int | None], ...] = ()
    blank: bool = False  # nothing to record: read only for ``shown`` to be checked

    def at(self, name: str, code: str, message: str, hint: str = "",
           severity: str = "error") -> Diagnostic:
        line, column = self.positions.get(name, (self.line, self.column))
        return Diagnostic(code, message, self.path, line, column, hint,
                          "error" if severity == "error" else "warning")


def check(raw: Raw, plan: Plan, today: dt.date, now: dt.datetime | None = None
          ) -> tuple[Update | None, list[Diagnostic]]:
    """The Update a record stands for, or the problems that stop it.

    ``now`` is given for new input (its recording time) and None for a stored record: new
    input is held to stricter rules (no invisible characters). A date after ``today`` is
    refused (E209); stored records are checked as of no particular day (``date.max``), and a
    stored record dated after this PC's today (whose clock may be behind the writer's) is a
    warning of the day of the run (W221, ``late``), never of the file.

    A hundred thousand stored records are checked in a second: each field's text is read
    once (``_date_in``, ``_value_in`` and ``_stamp_in`` remember what a text
    reads as), and a Diagnostic, with its position, is made only for a field that is wrong.
    """
    f = raw.fields
    if not ODD.isdisjoint(map(type, f.values())) and (odd := not_single(raw)):
        return None, odd
    problems: list[Diagnostic] = []
    item = _item(raw, plan, problems)
    day = _day(raw, plan, today, problems)
    judged, into = "", ""
    verdict, outlook = f.get("verdict"), f.get("outlook")
    if verdict is not None and verdict != "" and item is not None and _text(verdict):  # the office's verdict
        judged, into, found = verdict_of(raw, item, plan, day)
        problems.extend(found)
        written, value, status = None, None, None
    else:
        written, value, status = _progress(raw, item, problems)
    texts = _texts(raw, now is not None, problems)
    replace, confirmed = f.get("replace"), f.get("confirmed")
    if replace is not None or confirmed is not None:
        problems.extend(flags(raw))
    recorded_at = _recorded_at(raw, now, problems)
    view = "" if outlook is None or outlook == "" else _unit_outlook(raw, problems)
    if item is None or day is None or (problems and has_errors(problems)):
        return None, problems
    text = texts.get
    entered = text("input") or (
        _as_typed(written, value) if value is not None and isinstance(written, str) else "")
    return Update(item.id, day, value, status, text("note", ""), text("by", ""), recorded_at,
                  replace is True, entered, text("progress_note", ""), text("problems", ""),
                  text("next_steps", ""), judged, into, confirmed is True, view), problems


def _texts(raw: Raw, new: bool, problems: list[Diagnostic]) -> dict[str, str]:
    """The record's texts as stored (stripped), by name; E215 for one that cannot be stored,
    and for ``new`` input E231 for an invisible character."""
    texts: dict[str, str] = {}
    fields = raw.fields
    for name in _CHECKED_TEXTS.intersection(fields):
        text = fields[name]
        if not isinstance(text, str):
            texts[name] = _text(text)
            continue
        stripped = None if new else _STORED.get(text)
        if stripped is not None:
            texts[name] = stripped
            continue
        texts[name] = stripped = text.strip()
        if not storable(text):
            problems.append(raw.at(name, "E215", f"“{name}”中有无法保存的字符（如不成对的代理字符）",
                                   "请删去这些字符后重新输入；从其他程序复制的文字可能带有它们。"))
            continue
        if len(_STORED) > 65536:
            _STORED.clear()
        _STORED[text] = stripped
        if new:
            problems.extend(_invisible(raw, name, text))
    return texts


# texts seen that can be stored, stripped: most are seen again (ids, names, states, notes)
_STORED: dict[str, str] = {}


_CHECKED_TEXTS = frozenset(("id", "status", "note", "by", "input", "verdict", "carried_into", *TEXTS))
OUTLOOK_ALIASES = {"能完成": "能完成", "可以完成": "能完成", "能": "能完成", "有难度": "有难度", "有困难": "有难度",
                   "难度较大": "有难度", "不能完成": "不能完成", "无法完成": "不能完成", "完成不了": "不能完成"}


def _unit_outlook(raw: Raw, problems: list[Diagnostic]) -> str:
    """The unit's 预计完成情况 (能完成 / 有难度 / 不能完成), or "" when it says none (E480)."""
    text = _text(raw.fields.get("outlook"))
    if not text or text in ("-", "—"):
        return ""
    if text not in OUTLOOK_ALIASES:
        problems.append(raw.at("outlook", "E480", f"预计完成情况“{text}”不是能完成、有难度、不能完成之一",
                               "填写能完成、有难度或不能完成；不确定时留空。"))
        return ""
    return OUTLOOK_ALIASES[text]


@functools.lru_cache(maxsize=4096)
def _as_typed(written: str, value: float) -> str:
    """A value's text as typed, kept when it is not how ``value``, what it reads as, is shown."""
    text = _text(written)
    return "" if text == _text(clean_number(value)) else text


def _item(raw: Raw, plan: Plan, problems: list[Diagnostic]) -> Item | None:
    written = raw.fields.get("id")
    if type(written) is str and written in plan.items_by_id:  # an id exactly as the plan writes it
        return plan.items_by_id[written]
    item_id = _text(written)
    item = plan.items_by_id.get(item_id)
    if not item_id:
        problems.append(raw.at("id", "E213", "缺少指标编号", "每条记录都要有指标编号（id）。"))
    elif item is None:
        item, named = by_title(plan, item_id, raw.typed)  # a title (typed: or part of one)
        if named is not None:
            problems.append(raw.at("id", named.code, named.message, named.hint))
        elif item is None:
            problems.append(raw.at("id", "E201", f"未知的指标编号“{item_id}”", suggest_ids(plan, item_id)))
    return item


def _progress(raw: Raw, item: Item | None, problems: list[Diagnostic]
              ) -> tuple[Any, float | None, str | None]:
    """The value as written (with the unit its row or header gives), the value in the item's
    unit, and the progress state."""
    raw_value, raw_status = raw.fields.get("value"), raw.fields.get("status")
    has_value, has_status = raw_value not in (None, ""), raw_status not in (None, "")
    if not has_value and not has_status:
        problems.append(raw.at("value", "E212", "记录既没有数值也没有状态",
                               "数量型指标填“数值”，节点和定性目标填“状态”（未启动/推进中/已完成）。"))
        return raw_value, None, None
    if item is None:
        return raw_value, None, None
    if item.quantitative:
        if has_status:
            problems.append(raw.at("status", "E202",
                                   f"“{item.title}”是数量型指标（{item.unit}），应填数值，不能填状态",
                                   "请把进度写在“数值”一栏。"))
        if not has_value:
            return raw_value, None, None
        written, monthly = _written(raw, item)
        value = None
        try:
            value = _value_in(written, item.unit) if isinstance(written, str) else parse_value(written, item.unit)
        except ValueProblem as err:
            message = f"指标 {item.id} 的{err.message}" if err.code == "E203" else err.message
            problems.append(raw.at("value", err.code, message, err.hint))
        problems.extend([monthly] if monthly is not None else [])
        return written, value, None
    if has_value:
        problems.append(raw.at("value", "E202",
                               f"“{item.title}”是{'节点' if item.kind == 'milestone' else '定性目标'}，"
                               "应填状态，不能填数值", "状态填 未启动、推进中 或 已完成。"))
    status = PROGRESS_ALIASES.get(_text(raw_status).lower()) if has_status else None
    if has_status and status is None:
        problems.append(raw.at("status", "E211", f"未知的状态“{_text(raw_status)}”",
                               "状态填 " + "、".join(PROGRESS_STATES) + " 之一。"))
    return raw_value, None, status


def _recorded_at(raw: Raw, now: dt.datetime | None, problems: list[Diagnostic]) -> dt.datetime:
    recorded = raw.fields.get("recorded_at")
    parsed = None if recorded in (None, "") else \
        _stamp_in(recorded) if isinstance(recorded, str) else _timestamp(recorded)
    if parsed is None and recorded not in (None, ""):
        problems.append(raw.at("recorded_at", "E214", f"记录时间“{recorded}”无效",
                               "写成 2021-04-01T09:30:00+08:00。"))
    return parsed or now or dt.datetime.now(CHINA).replace(microsecond=0)


def _written(raw: Raw, item: Item) -> tuple[Any, Diagnostic | None]:
    """The value with the unit its row (a 单位 column) or its column's header gives it, when
    the cell names none: a cell's own unit wins, then the row's, then the header's."""
    value = raw.fields.get("value")
    if raw.monthly and item.kind == "flow":
        return value, raw.at("value", "E312", f"“{item.title}”是年度累计指标，但这一列的表头写明是当月数",
                             "年度累计指标请填本年1月1日起的累计数，不是当月数；改好表头和数值后再导入。")
    if not raw.unit and "unit" not in raw.fields or not bare_number(value):
        return value, None  # no unit given beside the value's own
    row_unit = _text(raw.fields.get("unit"))
    if row_unit and raw.unit and row_unit != raw.unit:
        return value, raw.at("value", "E313", f"这一行的“单位”是“{row_unit}”，数值列的表头写的是“{raw.unit}”，"
                             f"数值“{_text(value)}”的单位无法确定",
                             f"请把数值写成带单位的形式，如 {_text(value)}{raw.unit}，或改正“单位”一栏或表头。")
    unit = row_unit or raw.unit
    if not unit or unit == item.unit:
        return value, None
    return f"{_text(value)}{unit}", None


def _day(raw: Raw, plan: Plan, today: dt.date, problems: list[Diagnostic]) -> dt.date | None:
    """The record's date, or None with the problem added to ``problems``."""
    value = raw.fields.get("date")
    if value in (None, ""):
        problems.append(raw.at("date", "E207", "缺少日期", "日期写成 2021-03-05、2021/3/5 或 2021年3月5日。"))
        return None
    try:
        # E208 and E209 below say more about a record's date than a range would
        day, clock = _date_in(value) if isinstance(value, str) else day_and_time(value)
    except DateError as err:
        problems.append(raw.at("date", "E207", str(err), "日期写成 2021-03-05、2021/3/5 或 2021年3月5日。"))
        return None
    if day < plan.began:
        problems.append(raw.at("date", "E208", f"日期 {cn_date(day)} 早于自贸区建设开始"
                               f"（{cn_date(plan.began)}）", "请检查年份。"))
        return None
    if day > today:
        problems.append(raw.at("date", "E209", f"日期 {cn_date(day)} 晚于今天（{cn_date(today)}）",
                               "进度只能记录已经发生的数据，请检查日期。"))
        return None
    if clock is not None:
        problems.append(raw.at("date", "W222", f"日期“{value}”带有时刻 {clock}，进度按日记录，记为{cn_date(day)}",
                               "日期只写年月日即可；时刻如有意义，请写进说明。", "warning"))
    return day


# the same text read the same way again (a hundred thousand records share their dates,
# values and stamps): what failed is not kept, and is worded where it stands
_value_in = functools.lru_cache(maxsize=8192)(parse_value)
_date_in = functools.lru_cache(maxsize=8192)(day_and_time)


MOST_CHARACTERS = 20_000  # a field of new input: ten pages; a 95 MB cell would make a file no one can read


def _invisible(raw: Raw, name: str, text: str) -> list[Diagnostic]:
    """A control, bidi or zero-width character in new text: it could spoof what is shown. Or
    text over MOST_CHARACTERS: its record file would grow past what ftz reads (E004)."""
    if len(text) > MOST_CHARACTERS:
        return [raw.at(name, "E024", f"“{name}”有 {len(text):,} 个字，超过上限 {MOST_CHARACTERS:,} 字",
                       "进度说明只写要点；长的材料作为佐证材料附上（ftz update --evidence 文件）。")]
    found = first_unsafe(text)
    if found is None:
        return []
    char = text[found]
    kind = kind_of(char)
    return [raw.at(name, "E231", f"“{name}”的第 {found + 1} 个字符是看不见的{kind}"
                   f"（{escaped(char)}），ftz 不保存这类字符",
                   "它们会改变文字在终端和文件中的显示。请删去后重新输入；"
                   "从网页、聊天软件或其他程序复制的文字常带有它们。")]


def _timestamp(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, str):
        try:
            stamp = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    # YAML gives timezone-aware stamps in UTC; a stamp without a zone is China time
    return stamp.replace(tzinfo=CHINA) if stamp.tzinfo is None else stamp.astimezone(CHINA)


_stamp_in = functools.lru_cache(maxsize=8192)(_timestamp)


def late(path: str, day: dt.date, line: int, column: int, today: dt.date) -> Diagnostic:
    """W221: a stored record dated ``day``, after this PC's ``today`` (its clock may be behind
    the writer's): a warning of the day of the run, asked for by the index (``store/lookup.py``)."""
    return Diagnostic(
        "W221", f"记录的日期 {cn_date(day)} 晚于这台电脑的今天（{cn_date(today)}）", path, line, column,
        "如果这台电脑的日期不对，请校准系统时间；如果记录的日期写错了，请更正。", "warning")
