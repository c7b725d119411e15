"""Where a record is appended: checked against the workspace, then added to the writer's file.

Update files are append-only logs: a new record is added after the existing bytes, which
are kept exactly, comments included. New records are checked first without the lock (wrong
input touches nothing); the write then takes the lock, checks again if another writer came
first, and replaces the file atomically (temp file, fsync, rename), so concurrent writers
queue up and a crash leaves the old file or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Collection, Sequence
from pathlib import Path

from ftz_cli.core.errors import Diagnostic, FtzError, has_errors
from ftz_cli.core.history import History
from ftz_cli.core.model import Item, Update
from ftz_cli.core.names import safe_name
from ftz_cli.core.slips import compared_from
from ftz_cli.parse.crosscheck import Located, contested, duplicates
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.incoming import corrected, drop_identical, placed
from ftz_cli.parse.plausible import held_records, value_warnings
from ftz_cli.parse.recordfile import appendable, render
from ftz_cli.parse.records import Raw, check, nothing_to_record
from ftz_cli.parse.shown import check_shown, shown_day
from ftz_cli.store import atomic, layout
from ftz_cli.store.load import Loaded, load
from ftz_cli.store.lock import file_lock
from ftz_cli.store.workspace import Workspace


def _now() -> dt.datetime:
    return dt.datetime.now(CHINA).replace(microsecond=0)


Checked = tuple[list[Update], list[Diagnostic], Loaded, dict[str, History]]


def record(ws: Workspace, raws: Sequence[Raw], today: dt.date, *, replace: bool = False,
           dry_run: bool = False, now: dt.datetime | None = None, writer: str = "", confirm: bool = False
           ) -> Checked:
    """Check ``raws`` against the workspace and, unless dry_run, append them; all or nothing.
    Returns the records, the warnings, the workspace they were checked against and the
    histories of their items with them (for the echo).

    Wrong input is refused before anything on disk is touched (not even the lock file);
    right input is checked again under the lock, against what is there by then. A figure
    held for checking (core/slips.py) is refused (E232) unless ``confirm``: then it is
    recorded as confirmed (已核实).
    """
    ws.require_writable()
    stamp = now or _now()
    seen = _signature(ws)
    checked = _check_new(ws, raws, today, replace, stamp, confirm)
    if dry_run or not checked[0]:
        return checked
    with locked(ws):
        if _signature(ws) != seen:  # another writer came first: check against its records too
            checked = _check_new(ws, raws, today, replace, stamp, confirm)
        append(ws, checked[0], stamp, writer)
    return checked


def _signature(ws: Workspace) -> tuple[tuple[str, int, int, int], ...]:
    """What the plan and update files are on disk now; an append always changes it."""
    found = []
    for path in (ws.plan_path, *layout.update_files(ws.updates_dir)):
        with contextlib.suppress(OSError):
            stat = path.stat()
            found.append((str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return tuple(found)


def _check_new(ws: Workspace, raws: Sequence[Raw], today: dt.date, replace: bool,
               stamp: dt.datetime, confirm: bool) -> Checked:
    loaded = load(ws, today)
    # two writers' contradicting records (E250) do not block the correction that settles them
    blocking = [d for d in loaded.diagnostics if d.severity == "error" and d.code != "E250"]
    if blocking:
        raise FtzError(blocking + [Diagnostic(
            "E011", "工作区中已有错误，先更正后才能录入新数据",
            hint="运行 ftz validate 查看全部问题。")])
    new: list[tuple[Update, Raw]] = []
    problems = _shown_problems(loaded, raws)
    if raws and all(raw.blank for raw in raws) and not problems:  # a sheet sent back untouched
        raise FtzError(nothing_to_record(raws[0].path))
    raws = [raw for raw in raws if not raw.blank]
    for raw in raws:
        update, more = check(raw, loaded.plan, today, stamp)
        problems.extend(more)
        if update is not None:
            new.append((update, raw))
    # the checks across records are item by item: only the new records' items need them again
    since = _since(loaded, [u for u, _ in new])
    old = loaded.records.around(since)
    disputed = contested(old)  # there a correction is never "the same again"
    # a figure 待核实 sent again with --confirm is its confirmation, not the same again
    pending = held_records(loaded.plan, old) if confirm else set()
    kept, skipped = drop_identical([u for u, *_ in old], [n for n in new if (n[0].id, n[0].date) not in disputed],
                                   pending)
    still = {id(u) for u, _ in kept}
    new = [n for n in new if (n[0].id, n[0].date) in disputed or id(n[0]) in still]
    if skipped:
        problems.append(Diagnostic(
            "W206", f"已存在 {skipped} 条相同的记录（同一指标、同一日期、相同数值或状态），跳过",
            raws[0].path if raws else "", hint="重复导入同一份表格是安全的：只有新的或不同的数据才会录入。",
            severity="warning"))
    marked = [(corrected(u, old, replace), raw) for u, raw in new]
    located = placed(old, marked)
    if confirm:
        held = held_records(loaded.plan, located, {id(u) for u, _ in marked})
        marked = [(u._replace(confirmed=True) if id(u) in held else u, raw) for u, raw in marked]
        located = placed(old, marked)
    problems.extend(_across(loaded, located, {id(u) for u, _ in marked}))
    if has_errors(problems):
        raise FtzError(problems)
    updates = [u for u, _ in marked]
    return updates, problems, loaded, _histories(loaded, since, old, updates)


def _since(loaded: Loaded, new: Sequence[Update]) -> dict[str, dt.date]:
    """For each item of ``new``, the date from which its stored records are needed to check
    them, besides the last figure before that not held (``Index.around``): the first date a
    new record names; for a figure, its year's first day (core/slips.compared_from); every
    record when two writers contradict each other on one of its dates (E250 holds until
    settled)."""
    since: dict[str, dt.date] = {}
    for update in new:
        since[update.id] = min(since.get(update.id, update.date), update.date)
    for item_id, day in since.items():
        if any(d.code == "E250" for d in loaded.records.across(item_id)):
            since[item_id] = dt.date.min
        elif loaded.plan.items_by_id[item_id].quantitative:
            since[item_id] = compared_from(day)
    return since


def _across(loaded: Loaded, located: Sequence[Located], new: Collection[int]) -> list[Diagnostic]:
    """The problems across records (parse/crosscheck.py) that ``new`` (``id()``s) bring, and
    every E250 of their items, as checking all the items' records would give them: each
    item's unlikely figures in the order of its first figure (problems of the records
    already there were reported by load(); only new ones count)."""
    known = set(loaded.diagnostics)
    found = [d for d in duplicates(located) if d not in known or d.code == "E250"]
    by_item: dict[str, list[Located]] = {}
    for entry in located:
        by_item.setdefault(entry[0].id, []).append(entry)
    warned = {item_id: more for item_id, entries in by_item.items()
              if (more := [d for d in value_warnings(loaded.plan, entries, new) if d not in known])}
    if len(warned) > 1:  # rare: the order of the items' first figures is asked for only then
        firsts = [u.id for u, *_ in reversed(loaded.located(warned)) if u.value is not None]
        rank = {item_id: -n for n, item_id in enumerate(firsts)}  # the first figure's place wins
        warned = dict(sorted(warned.items(), key=lambda kv: rank.get(kv[0], 1)))
    return found + [d for more in warned.values() for d in more]


def _histories(loaded: Loaded, since: dict[str, dt.date], old: Sequence[Located], updates: Sequence[Update]
               ) -> dict[str, History]:
    """Each item's history with ``updates``, from the records ``old`` holds (``_since``),
    the office's verdicts and the date its target was first met before them, from the index."""
    records: dict[str, list[Update]] = {item_id: [] for item_id in since}
    for update in [*(entry[0] for entry in old), *updates]:
        records[update.id].append(update)
    found = {}
    for item_id, start in since.items():
        stored, item = loaded.records.history(item_id), loaded.plan.items_by_id[item_id]
        first = stored.first_met(item)
        met = (item, first) if first is not None and first < start else None
        found[item_id] = History.of(records[item_id], [v for v in stored.verdicts if v.date < start], met=met)
    return found


def _shown_problems(loaded: Loaded, raws: Sequence[Raw]) -> list[Diagnostic]:
    """E233 for a figure typed into a column ftz fills (最新值): it would be lost."""
    from ftz_cli.core.snapshot import outcomes

    groups = {i: group for group in outcomes(loaded.plan).values() for i in group}
    problems: list[Diagnostic] = []
    for raw in raws:
        if raw.shown:
            item = loaded.plan.items_by_id.get(str(raw.fields.get("id") or "").strip())
            records = _shown_records(loaded, raw, item, groups.get(item.id, ())) if item else []
            problems += check_shown(raw, item, records)
    return problems


def _shown_records(loaded: Loaded, raw: Raw, item: Item, group: Sequence[str]) -> list[Update]:
    """The records a sheet may show for ``item`` on the row's 最新日期: its own and, for a
    milestone or goal that tracks one outcome with others, 已完成 on the date another met it
    (core.snapshot.share_done)."""
    from ftz_cli.core.status import DONE, met

    day = shown_day(raw)
    if day is None:
        return []
    own = [u for u, *_ in loaded.records.around({item.id: day}) if u.date == day]
    if item.quantitative or not group:
        return own
    others = [u for u, *_ in loaded.records.around(dict.fromkeys(set(group) - {item.id}, day)) if u.date == day]
    return own + [u._replace(id=item.id, value=None, status=DONE) for u in others
                  if met(loaded.plan.items_by_id[u.id], u)]


def locked(ws: Workspace) -> contextlib.AbstractContextManager[None]:
    """Hold the workspace's write lock: one writer at a time, others wait."""
    ws.updates_dir.mkdir(parents=True, exist_ok=True)
    return file_lock(ws.updates_dir / ".lock")


_NEW_FILE = "# ftz 进度记录（{month}录入）：由 ftz update / ftz import 追加。\n" \
            "# 可以手工更正，改后请运行 ftz validate。\n"


def append(ws: Workspace, updates: Sequence[Update], now: dt.datetime, by: str = ""
           ) -> tuple[Path, bytes]:
    """Add ``updates`` to this writer's file for this month, keeping its bytes; atomic and
    fsynced (``by``: a writer's name that overrides the usual one). Returns the file and the
    bytes now in it. Call with the lock held (``locked``).
    """
    local = now.astimezone(CHINA)
    folder = ws.updates_dir / f"{local:%Y-%m}"
    created = not folder.is_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for orphan in atomic.orphans(folder, "*.yaml"):  # left by a writer that was killed
        orphan.unlink(missing_ok=True)
    path, old = _log_for(ws, folder, safe_name(by) or layout.writer(ws.settings.writer))
    if old is None:
        old = _NEW_FILE.format(month=f"{local.year}年{local.month}月").encode()
    if old and not old.endswith(b"\n"):
        old += b"\n"
    new = old + "".join(render(u) for u in updates).encode("utf-8")
    atomic.write(path, new)
    if created:
        atomic.sync_dir(ws.updates_dir)
    return path, new


def _log_for(ws: Workspace, folder: Path, name: str) -> tuple[Path, bytes | None]:
    """This writer's log in ``folder`` and its bytes (None if new); a log edited by hand
    into a shape records cannot be appended to is left as it is, and the next one
    (zhang_2.yaml …) is used."""
    for number in range(1, 1000):
        path = folder / (f"{name}.yaml" if number == 1 else f"{name}_{number}.yaml")
        if not path.exists():
            return path, None
        old = path.read_bytes()
        if appendable(old.decode("utf-8", "replace")):
            return path, old
    raise FtzError(Diagnostic("E405", f"{ws.rel(folder)} 中 {name} 的进度文件过多，无法写入", ws.rel(folder),
                              hint="请整理 updates 文件夹后再录入。"))
