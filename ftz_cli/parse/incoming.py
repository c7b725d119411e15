"""New records on top of those stored: what says again what is already recorded, where a
new record stands, and a correction's place after what it corrects.

``store/append`` checks new records with these rules before it writes them; each record on
its own is checked by ``records.check``, the records together by ``crosscheck``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from ftz_cli.core.model import Update
from ftz_cli.parse.crosscheck import Located
from ftz_cli.parse.records import Raw
from ftz_cli.parse.values import clean_number


def drop_identical(old: Sequence[Update], new: list[tuple[Update, Raw]], pending: Collection[int] = ()
                   ) -> tuple[list[tuple[Update, Raw]], int]:
    """``new`` without the records that say again what is already recorded for their date
    (a re-sent sheet), and how many those were. A different value still needs --replace;
    the same as a record in ``pending`` (``id()``s: 待核实, being confirmed) is kept; a
    new 预计完成情况 (outlook) with the same figure is news."""
    said: dict[tuple[str, dt.date], tuple[object, str | None, str] | None] = {}
    for update in old:  # in recording order: the effective record of a date is the last
        said[(update.id, update.date)] = None if id(update) in pending else (_same(update.value), update.status, update.outlook)
    kept: list[tuple[Update, Raw]] = []
    for update, raw in new:
        key, what = (update.id, update.date), (_same(update.value), update.status, update.outlook)
        if said.get(key) == what:
            continue
        said.setdefault(key, what)
        kept.append((update, raw))
    return kept, len(new) - len(kept)


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
