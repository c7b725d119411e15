"""Checks across records: one id and date recorded twice; two writers who disagree; unlikely
values (parse/plausible.py). Records come in precedence order (``recorded_at``, then file and line)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from operator import attrgetter, itemgetter

from ftz_cli.core.errors import Diagnostic
from ftz_cli.core.model import Plan, Update
from ftz_cli.core.names import writer_of
from ftz_cli.parse.dates import cn_date
from ftz_cli.parse.plausible import Located, value_warnings
from ftz_cli.parse.values import clean_number

__all__ = ["Located", "contested", "cross_check", "duplicates"]
_FIRST, _ID, _DATE = itemgetter(0), attrgetter("id"), attrgetter("date")


def cross_check(plan: Plan, located: Sequence[Located], new: Collection[int] = ()) -> list[Diagnostic]:
    """Every problem across ``located``; ``new``: the ``id()`` of the records being recorded now
    (a figure among them held for checking is refused, E232)."""
    problems = duplicates(located)
    problems.extend(value_warnings(plan, located, new))
    return problems


def duplicates(located: Sequence[Located]) -> list[Diagnostic]:
    """The problems of records for an id and date recorded before (``cross_check``'s first part)."""
    return [problem for _, problem in _duplicates(located)]


def _progress(located: Sequence[Located]) -> Sequence[Located]:
    """The progress records: a verdict (认定) beside a record of its date is no duplicate."""
    return [entry for entry in located if not entry[0].verdict]


def contested(located: Sequence[Located]) -> set[tuple[str, dt.date]]:
    """The ids and dates two writers gave different values for, with no correction since
    (E250): a correction with either value settles them, even one equal to the latest."""
    return {key for key, problem in _duplicates(located) if problem.code == "E250"}


def _duplicates(located: Sequence[Located]) -> list[tuple[tuple[str, dt.date], Diagnostic]]:
    """The problems of second records for an id and date that are not corrections."""
    corrected: dict[tuple[str, dt.date], int] = {}  # the last correction of each id and date
    first: dict[tuple[str, dt.date], Located] = {}
    effective: dict[tuple[str, dt.date], Located] = {}
    twice: list[tuple[int, tuple[str, dt.date], Located, Located]] = []
    for index, entry in _repeated(_progress(located)):
        update = entry[0]
        key = (update.id, update.date)
        seen = effective.get(key)
        if seen is None:
            first[key] = entry
        elif not update.replace:
            twice.append((index, key, seen, entry))
        if update.replace:
            corrected[key] = index
        effective[key] = entry
    found = []
    for index, key, before, entry in twice:  # rare: checked once every correction is known
        problem = _twice(first[key], before, entry, corrected.get(key, -1) > index)
        if problem is not None:
            found.append((key, problem))
    return found


def _repeated(located: Sequence[Located]) -> Iterable[tuple[int, Located]]:
    """The records (with their index) whose id and date another record has too: the only
    ones ``_duplicates`` needs to look at, found at C speed (most dates have one record)."""
    keys = list(zip(map(_ID, map(_FIRST, located)), map(_DATE, map(_FIRST, located)), strict=True))
    if len(set(keys)) == len(keys):
        return ()
    again = {key for key, count in Counter(keys).items() if count > 1}
    return ((index, located[index]) for index, key in enumerate(keys) if key in again)


def _place(path: str, line: int | None) -> str:
    return f"{path}{'' if line is None else f' 第 {line} 行'}"


def _shown(update: Update) -> str:
    return str(clean_number(update.value)) if update.value is not None else str(update.status)


def _twice(first: Located, before: Located, entry: Located, corrected_later: bool) -> Diagnostic | None:
    """A second record for an id and date that is not a correction."""
    update, shown, line, column = entry[0], entry[1], entry[2], entry[3]
    mine, theirs = writer_of(shown), writer_of(before[1])
    if mine is None or theirs is None or mine == theirs:
        first_path, first_line = first[1], first[2]
        what = "数值" if update.value is not None else "状态"
        again = f"{_place(shown, line)}又录了一条（{what}为 {_shown(update)}）" if shown else \
            f"这次又录入{what} {_shown(update)}"  # typed at the command line: no file, no line
        worded = (first[0].value, first[0].status) == (update.value, update.status)  # new words only
        return Diagnostic(
            "E210", f"指标 {update.id} 在 {cn_date(update.date)} 已有一条记录（{_place(first_path, first_line)}，"
            f"{'数值' if first[0].value is not None else '状态'}为 {_shown(first[0])}），{again}"
            + ("，说明或进展情况与原记录不同" if worded else ""),
            shown, line, column, "同一文件里同一指标、同一日期只能有一条记录，请删去多余的一条。"
            if first_path == shown else ("如需补充或更正说明、进展情况，请加 --replace 重新录入（会保留原记录）。"
                                         if worded else
                                         "如需更正，请加 --replace 重新录入（会保留原记录）；若是新数据，请检查日期。"))
    other = before[0]
    if (other.value, other.status) == (update.value, update.status):
        return Diagnostic(
            "W240", f"指标 {update.id} 在 {cn_date(update.date)} 的记录由两位录入者各录了一次，"
            f"数值相同（另一条在 {_place(before[1], before[2])}）", shown, line, column,
            "两条记录一致，不影响结果；如想整洁，可删去其中一条。", "warning")
    if corrected_later:
        return None  # a later correction settles which value holds
    return Diagnostic(
        "E250", f"指标 {update.id} 在 {cn_date(update.date)} 有两条相互矛盾的记录："
        f"{_place(before[1], before[2])} 为 {_shown(other)}，{_place(shown, line)} 为 {_shown(update)}",
        shown, line, column,
        f"两位录入者录了不同的{'数值' if update.value is not None else '状态'}。核实后用 ftz update {update.id} "
        f"--date {update.date.isoformat()} "
        f"{'--value 正确数值' if update.value is not None else '--status 正确状态'} --replace 录入更正（两条原记录都会保留）。")
