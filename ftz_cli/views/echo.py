"""What ``ftz update`` and ``ftz import`` say back: each record and where its item now stands;
and the files a run wrote, named when it stops (``some_files``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ftz_cli.core.closure import Closure, label
from ftz_cli.core.history import History
from ftz_cli.core.model import Update
from ftz_cli.core.snapshot import Book, progress_after
from ftz_cli.core.status import Progress
from ftz_cli.parse.dates import cn_date
from ftz_cli.views.formats import cn_number, pct
from ftz_cli.views.rows import as_json, completion_text, row, verdict_words


def summary_lines(book: Book, updates: Sequence[Update], after: Mapping[str, History]) -> list[str]:
    """A line for each record: its item on its date (``after``: the items' histories with them)."""
    lines = []
    for u, p in zip(updates, progress_after(book, updates, after), strict=True):
        shown = cn_number(u.value, p.item.unit) if u.value is not None else u.status or verdict_words(u)
        completion = completion_text(p)
        tail = f"完成率 {completion}，" if completion else ""
        lines.append(f"{u.id}  {cn_date(u.date)}  {shown}{'（更正）' if u.replace else ''}"
                     f" → 截至当日{tail}序时进度 {pct(p.time_progress)}，{_label(book, p)}")
    return lines


def as_rows(book: Book, updates: Sequence[Update], after: Mapping[str, History]) -> list[dict[str, Any]]:
    """JSON for scripts: each recorded update with its item's new progress."""
    out = []
    for u, p in zip(updates, progress_after(book, updates, after), strict=True):
        fields = row(book.plan, p)
        out.append({**as_json(u), "completion": fields["completion"],
                    "time_progress": fields["time_progress"], "item_status": p.status,
                    "item_status_label": _label(book, p)})
    return out


def _label(book: Book, p: Progress) -> str:
    """The item's label after a record: a 已完成 just reported awaits the office's confirmation
    where it requires one (report.confirm_done: 已完成（待确认）)."""
    return label(p.status_label, Closure(required=True, done=True) if book.settings.confirm_done
                 and p.status == "done" else None)


def some_files(names: Sequence[str], most: int) -> str:
    """Files by name, the first ``most`` of them and then how many in all (…等 12 个文件): an
    import that kept evidence for every row writes an event file a row, and a message of
    hundreds of names is read by no one."""
    shown = "、".join(names[:most])
    return shown if len(names) <= most else f"{shown} 等 {len(names)} 个文件"
