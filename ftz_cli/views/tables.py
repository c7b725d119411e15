"""Rich tables for people at a terminal (imported only by the commands that draw them)."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ftz_cli.core.closure import Closure
from ftz_cli.core.model import Plan
from ftz_cli.core.status import Progress
from ftz_cli.parse.dates import cn_date
from ftz_cli.views.rows import TABLE_HEADERS, table_cells
from ftz_cli.views.safe import printable

# by status, not by its words: every label (逾期未报送, 今日到期未完成, …（超期未更新）) is coloured
STYLES = {"done": "bold green", "on_track": "green", "behind": "yellow", "severely_behind": "bold red",
          "overdue": "bold red", "awaiting_verdict": "magenta", "carried": "cyan", "no_data": "dim",
          "not_started": "dim"}


def console(color: bool, width: int | None = None) -> Console:
    if not color or os.environ.get("NO_COLOR") or not sys.stdout.isatty():
        return Console(color_system=None, highlight=False, soft_wrap=False, emoji=False,
                       width=width or (200 if not sys.stdout.isatty() else None))
    return Console(highlight=False, emoji=False, width=width)


def progress_table(plan: Plan, rows: Sequence[Progress], as_of: dt.date,
                   sample: bool = False, closures: Mapping[str, Closure] | None = None) -> Table:
    table = Table(title=f"{'【示例数据】' if sample else ''}{plan.short_name}进度"
                        f"（截至{cn_date(as_of)}，共 {len(rows)} 项）", show_lines=False)
    for header in TABLE_HEADERS:  # an id is never cut: it is copied into other commands
        table.add_column(header, overflow="fold", no_wrap=header == "编号")
    for p, cells in zip(rows, table_cells(plan, rows, closures), strict=True):
        table.add_row(*(escape(printable(c)) for c in cells[:-1]), f"[{STYLES[p.status]}]{escape(cells[-1])}[/]")
    return table


def print_progress(plan: Plan, rows: Sequence[Progress], as_of: dt.date, color: bool,
                   sample: bool = False, closures: Mapping[str, Closure] | None = None) -> None:
    """The wide table (``list --wide``): a row per item, as wide as it needs (200 at most)."""
    console(color, width=200).print(progress_table(plan, rows, as_of, sample, closures))


def progress_text(plan: Plan, rows: Sequence[Progress], as_of: dt.date, sample: bool = False,
                  closures: Mapping[str, Closure] | None = None) -> str:
    """The table as plain text, for a file (``list -o``): no colour codes."""
    text = io.StringIO()
    Console(file=text, color_system=None, highlight=False, soft_wrap=False, emoji=False,
            width=200).print(progress_table(plan, rows, as_of, sample, closures))
    return text.getvalue()
