"""``ftz weekly``: one brief per ISO week, and an index."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ftz_cli.commands.output import say, write_files
from ftz_cli.commands.report import template_dirs
from ftz_cli.parse.dates import today
from ftz_cli.store.briefs import Issued, log_issued, next_number, read_log
from ftz_cli.store.cache import private_dir
from ftz_cli.store.load import loaded_or_fail
from ftz_cli.store.workspace import Workspace
from ftz_cli.views.weekly import Week, render_all, weeks_between

SERIES = "weekly"


def run(ws: Workspace, *, first: dt.date, last: dt.date, out: Path, formats: Sequence[str],
        areas: Sequence[str], templates: Path | None, title: str | None, org: str | None,
        force: bool, quiet: bool, progress: bool, draft: bool = False) -> None:
    weeks = weeks_between(first, last)
    loaded = loaded_or_fail(ws, today())
    dirs = template_dirs(templates, loaded.workspace)
    entries = [] if ws.readonly else numbered(read_log(ws), weeks, ws.rel(out.resolve()))
    with progress_bar(len(weeks), "生成周报", not progress) as step:
        pages = render_all(loaded.book, weeks, out, formats, areas, dirs, title=title, org=org,
                           step=step, cache=private_dir(), numbers=[e.number for e in entries] or None)
    # one line per file would bury the summary under 105 lines: the summary names the folder
    files = write_files(pages, force=force, quiet=True, make_folders=True)
    if not draft and entries:
        log_issued(ws, entries)
    say(f"已生成：{len(weeks)} 周、{len(files)} 个文件（含索引），在 {out}/", quiet)


def numbered(log: list[Issued], weeks: Sequence[Week], folder: str) -> list[Issued]:
    """Each week's entry in the issue log: the number it already has, else the next one."""
    entries: list[Issued] = []
    for week in weeks:
        number = next_number(log + entries, SERIES, week.as_of)
        entries.append(Issued(SERIES, number, today(), week.as_of, f"{folder}/{week.name}"))
    return entries


@contextlib.contextmanager
def progress_bar(total: int, label: str, quiet: bool) -> Iterator[Callable[[str], None]]:
    """A Rich progress bar on a terminal; nothing at all in pipes, scripts or with --quiet."""
    if quiet or os.environ.get("TERM") == "dumb":
        yield lambda _: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda name: bar.update(task, advance=1, description=f"{label} {name}")
