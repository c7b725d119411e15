"""New records on top of those stored: the rules a new record is checked by against the
records already there, before ``store/append`` writes it.

Each record on its own is checked by ``records.check`` (and what a sheet's read-only columns
show by ``shown``), the records together by ``crosscheck`` and ``plausible``; here is what
stops a workspace with errors taking more, which stored records a new one is compared with
(not every record of its item: those from the first date it names, ``needed_from``), what
says again what is already recorded, where a new record stands, a correction's place after
what it corrects, and the problems new records bring. The stored records are asked for
through ``Stored`` (the store's index answers); nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.history import History
from ftz_cli.core.model import Item, Plan, Update
from ftz_cli.core.slips import compared_from
from ftz_cli.parse.crosscheck import Located, contested, duplicates
from ftz_cli.parse.plausible import held_records, value_warnings
from ftz_cli.parse.records import Raw, check
from ftz_cli.parse.shown import check_shown, shown_day
from ftz_cli.parse.values import clean_number


class Stored(Protocol):
    """What the rules ask of the stored records (``store/lookup.Index`` answers from the index)."""

    def around(self, since: Mapping[str, dt.date]) -> list[Located]: ...

    def across(self, item_id: str) -> list[Diagnostic]: ...

    def located(self, ids: Collection[str] | None) -> list[Located]: ...

    def history(self, item_id: str) -> History: ...


def nothing_to_record(shown: str) -> Diagnostic:
    """E306: a file or sheet with no record in it."""
    return Diagnostic("E306", "文件中没有需要录入的记录", shown, hint=(
        "表格每行一条：填写指标编号、日期，以及数值（数量型指标）或状态（节点）。"
        "全部留空的行会被跳过。"))


def workable(known: Sequence[Diagnostic]) -> None:
    """E011 with the workspace's errors (``known``: what loading it found): new records wait
    until they are corrected; two writers' contradicting records (E250) do not block the
    correction that settles them."""
    blocking = [d for d in known if d.severity == "error" and d.code != "E250"]
    if blocking:
        raise FtzError(blocking + [Diagnostic(
            "E011", "工作区中已有错误，先更正后才能录入新数据",
            hint="运行 ftz validate 查看全部问题。")])


def each_checked(plan: Plan, stored: Stored, raws: Sequence[Raw], today: dt.date, stamp: dt.datetime
                 ) -> tuple[list[tuple[Update, Raw]], list[Diagnostic]]:
    """Each record of ``raws`` checked on its own (``records.check``), with the problems of
    the rows and of what a sheet's read-only columns show (E233); a sheet sent back
    untouched is nothing to record."""
    problems = shown_problems(plan, stored, raws)
    if raws and all(raw.blank for raw in raws) and not problems:  # a sheet sent back untouched
        raise FtzError(nothing_to_record(raws[0].path))
    new: list[tuple[Update, Raw]] = []
    for raw in raws:
        if raw.blank:
            continue
        update, more = check(raw, plan, today, stamp)
        problems.extend(more)
        if update is not None:
            new.append((update, raw))
    return new, problems


def shown_problems(plan: Plan, stored: Stored, raws: Sequence[Raw]) -> list[Diagnostic]:
    """E233 for a figure typed into a column ftz fills (最新值): it would be lost."""
    from ftz_cli.core.snapshot import outcomes

    groups = {i: group for group in outcomes(plan).values() for i in group}
    problems: list[Diagnostic] = []
    for raw in raws:
        if raw.shown:
            item = plan.items_by_id.get(str(raw.fields.get("id") or "").strip())
            records = _shown_records(plan, stored, raw, item, groups.get(item.id, ())) if item else []
            problems += check_shown(raw, item, records)
    return problems


def _shown_records(plan: Plan, stored: Stored, raw: Raw, item: Item, group: Sequence[str]) -> list[Update]:
    """The records a sheet may show for ``item`` on the row's 最新日期: its own and, for a
    milestone or goal that tracks one outcome with others, 已完成 on the date another met it
    (core.snapshot.share_done)."""
    from ftz_cli.core.status import DONE, met

    day = shown_day(raw)
    if day is None:
        return []
    own = [u for u, *_ in stored.around({item.id: day}) if u.date == day]
    if item.quantitative or not group:
        return own
    others = [u for u, *_ in stored.around(dict.fromkeys(set(group) - {item.id}, day)) if u.date == day]
    return own + [u._replace(id=item.id, value=None, status=DONE) for u in others
                  if met(plan.items_by_id[u.id], u)]


def needed_from(plan: Plan, stored: Stored, new: Sequence[Update]) -> dict[str, dt.date]:
    """For each item of ``new``, the date from which its stored records are needed to check
    them, besides the last figure before that not held (``Stored.around``): the first date a
    new record names; for a figure, its year's first day (core/slips.compared_from); every
    record when two writers contradict each other on one of its dates (E250 holds until
    settled)."""
    since: dict[str, dt.date] = {}
    for update in new:
        since[update.id] = min(since.get(update.id, update.date), update.date)
    for item_id, day in since.items():
        if any(d.code == "E250" for d in stored.across(item_id)):
            since[item_id] = dt.date.min
        elif plan.items_by_id[item_id].quantitative:
            since[item_id] = compared_from(day)
    return since


def on_top(plan: Plan, old: list[Located], new: list[tuple[Update, Raw]], raws: Sequence[Raw], *,
           replace: bool, confirm: bool) -> tuple[list[tuple[Update, Raw]], list[Located], list[Diagnostic]]:
    """``new`` (checked from ``raws``) after ``old``, the stored records around them
    (``Stored.around``): without those that say again what is recorded (W206 counts them),
    each as a correction where ``replace`` asks, a figure 待核实 sent again confirmed when
    ``confirm``; and the records with where each stands (``placed``)."""
    disputed = contested(old)  # there a correction is never "the same again"
    # a figure 待核实 sent again with --confirm is its confirmation, not the same again
    pending = held_records(plan, old) if confirm else set()
    kept, skipped, repeated = drop_identical([u for u, *_ in old],
                                             [n for n in new if (n[0].id, n[0].date) not in disputed], pending)
    still = {id(u) for u, _ in kept}
    new = [n for n in new if (n[0].id, n[0].date) in disputed or id(n[0]) in still]
    problems: list[Diagnostic] = []
    if skipped:
        problems.append(_skipped(skipped, repeated, next((raw.path for raw in raws if not raw.blank), "")))
    marked = [(corrected(u, old, replace), raw) for u, raw in new]
    located = placed(old, marked)
    if confirm:
        held = held_records(plan, located, {id(u) for u, _ in marked})
        marked = [(u._replace(confirmed=True) if id(u) in held else u, raw) for u, raw in marked]
        located = placed(old, marked)
    return marked, located, problems


def drop_identical(old: Sequence[Update], new: list[tuple[Update, Raw]], pending: Collection[int] = ()
                   ) -> tuple[list[tuple[Update, Raw]], int, int]:
    """``new`` without the records that say again what is already recorded for their date
    (a re-sent sheet), how many those were, and how many of them only repeat an earlier row
    of ``new``. A different value still needs --replace; the same as a record in ``pending``
    (``id()``s: 待核实, being confirmed) is kept; a new 预计完成情况 (outlook) with the same
    figure is news, and so is a text (说明, 进展情况, 存在问题, 下步计划) the record does not
    have: a sheet sent again with more words is not the same sheet."""
    said: dict[tuple[str, dt.date], Update | None] = {}
    for update in old:  # in recording order: the effective record of a date is the last
        said[(update.id, update.date)] = None if id(update) in pending else update
    stored = set(said)
    kept: list[tuple[Update, Raw]] = []
    repeated = 0
    for update, raw in new:
        key = (update.id, update.date)
        if _says_again(update, said.get(key)):
            repeated += key not in stored
            continue
        said.setdefault(key, update)
        kept.append((update, raw))
    return kept, len(new) - len(kept), repeated


def _says_again(update: Update, before: Update | None) -> bool:
    """Whether ``update`` says nothing ``before`` does not: its figure or state and outlook,
    and each of its texts empty or the same (a row sent again without its words is no news)."""
    return before is not None and (
        _said(update) == _said(before)
        and all(not getattr(update, name) or getattr(update, name) == getattr(before, name) for name in _WORDS))


_WORDS = ("note", "progress_note", "problems", "next_steps")


def _said(update: Update) -> tuple[object, ...]:
    """What a record says besides its words: its figure or state, outlook, and a verdict's
    outcome (认定已完成 after 认定未完成 on one day is the office changing its mind)."""
    return _same(update.value), update.status, update.outlook, update.verdict, update.carried_into


def _skipped(skipped: int, repeated: int, path: str) -> Diagnostic:
    """W206: records not recorded again, those already stored apart from rows the input repeats."""
    parts = ([f"已存在 {skipped - repeated} 条相同的记录"] if skipped > repeated else []) + (
        [f"有 {repeated} 行与前面的行相同"] if repeated else [])
    return Diagnostic("W206", "、".join(parts) + "（同一指标、同一日期、相同数值或状态），跳过", path,
                      hint="重复导入同一份表格是安全的：只有新的或不同的数据才会录入。", severity="warning")


def _same(value: float | None) -> object:
    return None if value is None else clean_number(value)


def corrected(update: Update, old: Sequence[Located], replace: bool) -> Update:
    """``update`` as a correction (``replace: true``) when ``replace`` is asked and a record of
    its item and date is stored; a correction stamped after every record it corrects: records
    of the same second (or from a clock ahead of this one) would otherwise precede it by file
    and line."""
    if not (replace or update.replace):
        return update
    seen = [u.recorded_at for u, *_ in old if (u.id, u.date) == (update.id, update.date)]
    if seen and not update.replace:
        update = update._replace(replace=True)
    if not update.replace or not seen or update.recorded_at > max(seen):
        return update
    return update._replace(recorded_at=max(seen) + dt.timedelta(seconds=1))


def placed(old: list[Located], new: list[tuple[Update, Raw]]) -> list[Located]:
    """``old`` and then ``new``, each new record where its date was written."""
    return old + [(u, raw.path, *raw.positions.get("date", (raw.line, raw.column))) for u, raw in new]


def new_problems(plan: Plan, known: Collection[Diagnostic], stored: Stored, located: Sequence[Located],
                 new: Collection[int]) -> list[Diagnostic]:
    """The problems across records (parse/crosscheck.py) that ``new`` (``id()``s) bring, and
    every E250 of their items, as checking all the items' records would give them: each
    item's unlikely figures in the order of its first figure (problems of the records
    already there, ``known``, were reported when they were loaded; only new ones count)."""
    seen = set(known)
    found = [d for d in duplicates(located) if d not in seen or d.code == "E250"]
    by_item: dict[str, list[Located]] = {}
    for entry in located:
        by_item.setdefault(entry[0].id, []).append(entry)
    warned = {item_id: more for item_id, entries in by_item.items()
              if (more := [d for d in value_warnings(plan, entries, new) if d not in seen])}
    if len(warned) > 1:  # rare: the order of the items' first figures is asked for only then
        firsts = [u.id for u, *_ in reversed(stored.located(warned)) if u.value is not None]
        rank = {item_id: -n for n, item_id in enumerate(firsts)}  # the first figure's place wins
        warned = dict(sorted(warned.items(), key=lambda kv: rank.get(kv[0], 1)))
    return found + [d for more in warned.values() for d in more]


def histories_with(plan: Plan, stored: Stored, since: Mapping[str, dt.date], old: Sequence[Located],
                   updates: Sequence[Update]) -> dict[str, History]:
    """Each item's history with ``updates``, from the records ``old`` holds (``needed_from``),
    the office's verdicts and the date its target was first met before them (``stored``)."""
    records: dict[str, list[Update]] = {item_id: [] for item_id in since}
    for update in [*(entry[0] for entry in old), *updates]:
        records[update.id].append(update)
    found = {}
    for item_id, start in since.items():
        history, item = stored.history(item_id), plan.items_by_id[item_id]
        first = history.first_met(item)
        met = (item, first) if first is not None and first < start else None
        found[item_id] = History.of(records[item_id], [v for v in history.verdicts if v.date < start], met=met)
    return found
