"""``ftz list`` for a person at a terminal: a block per item that fits the terminal's width.

Each item starts with its id, whole, on a line of its own (so it can be copied into ``ftz
show`` or ``ftz update``), then its title wrapped to the width, then its figures with their
names. ``--wide`` gives the table with one row per item instead (``views/tables.py``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Mapping, Sequence

from ftz_cli.core.closure import Closure
from ftz_cli.core.model import KIND_LABELS, Plan
from ftz_cli.core.status import Progress
from ftz_cli.parse.dates import cn_date
from ftz_cli.views.cells import width, wrap
from ftz_cli.views.rows import table_cells
from ftz_cli.views.safe import printable

SAMPLE_MARK = "【示例数据】"
INDENT = "  "


def terminal_width() -> int:
    """The terminal's width, or 80 when the output is not a terminal; at least 40."""
    if not sys.stdout.isatty():
        return 80
    return max(40, shutil.get_terminal_size((80, 24)).columns)


def heading(plan: Plan, count: int, as_of: dt.date, sample: bool) -> str:
    mark = SAMPLE_MARK if sample else ""
    return f"{mark}{plan.short_name}进度（截至{cn_date(as_of)}，共 {count} 项）"


def blocks(plan: Plan, rows: Sequence[Progress], as_of: dt.date, *, limit: int,
           sample: bool = False, closures: Mapping[str, Closure] | None = None
           ) -> list[tuple[str, str, int]]:
    """Every line with its style and the characters it colours: (text, 'id', 0) for an id,
    (text, status code, the width of its status word) for a status line, else (text, '', 0)."""
    lines: list[tuple[str, str, int]] = [(line, "", 0) for line in wrap(
        heading(plan, len(rows), as_of, sample), limit)]
    lines.append(("─" * min(limit, 80), "", 0))
    if not rows:  # a filter that matched nothing says so, not only 共 0 项
        lines += [(line, "", 0) for line in wrap("没有符合条件的事项。", limit)]
    for p, cells in zip(rows, table_cells(plan, rows, closures), strict=True):
        item_id, area, title, target, current, completion, tp, dated, label = cells
        lines.append((f"{item_id}  {area}" if width(item_id + area) + 2 <= limit else item_id, "id", 0))
        lines += [(INDENT + line, "", 0) for line in wrap(title, limit - len(INDENT))]
        figures = [f"完成率 {completion}"] if completion != "—" else []
        figures.append(f"序时进度 {tp}")
        if dated != "—":
            figures.append(f"数据截至 {dated}")
        if current != "—":
            figures.append(f"当前 {current}")
        if target not in KIND_LABELS.values():
            figures.append(f"目标 {target}")
        words = wrap("  ".join(figures), limit - len(INDENT) - width(label) - 2)
        lines.append((f"{INDENT}{label}  {words[0]}", p.status, len(label)))
        lines += [(INDENT * 2 + " " * width(label) + line, "", 0) for line in words[1:]]
    return lines


def print_listing(plan: Plan, rows: Sequence[Progress], as_of: dt.date, *, color: bool,
                  sample: bool = False, closures: Mapping[str, Closure] | None = None) -> None:
    """The blocks on standard output; with colour, ids stand out and lights are coloured."""
    from rich.text import Text

    from ftz_cli.views.tables import STYLES, console

    out = console(color)
    for line, style, size in blocks(plan, rows, as_of, limit=terminal_width(), sample=sample,
                                     closures=closures):
        text = Text(printable(line))  # old data's control and bidi characters, escaped
        if style == "id":
            text.stylize("bold cyan")
        elif style in STYLES:
            text.stylize(STYLES[style], len(INDENT), len(INDENT) + size)
        out.print(text, soft_wrap=True)
