"""``ftz weekly``: one brief per ISO week, and an index."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ftz_cli.commands.output import say, write_files
from ftz_cli.commands.report import setting_path, template_dirs
from ftz_cli.core.issues import Issued, next_number
from ftz_cli.parse.dates import today
from ftz_cli.store.briefs import log_issued, read_log
from ftz_cli.store.cache import private_dir
from ftz_cli.store.load import loaded_or_fail
from ftz_cli.store.workspace import Workspace
from ftz_cli.views.weekly import Folder, Week, render_all, weeks_between

SERIES = "weekly"


def run(ws: Workspace, *, first: dt.date, last: dt.date, out: Path, formats: Sequence[str],
        areas: Sequence[str], templates: Path | None, title: str | None, org: str | None,
        force: bool, quiet: bool, progress: bool, draft: bool = False) -> None:
    weeks = weeks_between(first, last)
    loaded = loaded_or_fail(ws, today())
    dirs = template_dirs(templates, loaded.workspace)
    log = [] if ws.readonly else read_log(ws)
    entries = [] if ws.readonly else numbered(log, weeks, ws.rel(out.resolve()))
    folder = in_folder(out, weeks, log, ws.rel(out.resolve()))
    reference = setting_path(ws, loaded.book.settings.reference_doc) if "docx" in formats else None
    with progress_bar(len(weeks), "生成周报", not progress) as step:
        done = render_all(loaded.book, weeks, out, formats, areas, dirs, title=title, org=org,
                          step=step, cache=private_dir(), numbers=[e.number for e in entries] or None,
                          folder=folder, reference=reference)
    pages = done.pages + printed(done.to_print, progress)
    # one line per file would bury the summary under 105 lines: the summary names the folder
    files = write_files(pages, force=force, quiet=True, make_folders=True)
    if not draft and entries:
        log_issued(ws, entries)
    say(f"已生成：{len(weeks)} 周、{len(files)} 个文件（含索引），在 {out}/", quiet)


_BRIEF = re.compile(r"(\d{4})-W(\d{2})\.(md|html|docx|pdf)")


def printed(to_print: Sequence[tuple[Path, str]], progress: bool) -> list[tuple[Path, bytes]]:
    """The PDFs, every page printed by one start of the browser (commands/pdf.py)."""
    if not to_print:
        return []
    from ftz_cli.commands.pdf import find_browser, print_pdfs

    browser = find_browser()
    with progress_bar(len(to_print), "打印 PDF", not progress) as step:
        pdfs = print_pdfs([html for _, html in to_print], browser, step=step)
    return [(path, pdf) for (path, _), pdf in zip(to_print, pdfs, strict=True)]


def in_folder(out: Path, weeks: Sequence[Week], log: list[Issued], shown: str) -> Folder:
    """The weekly briefs already in ``out`` that this run does not make again: the index
    lists them too, so it always lists exactly the briefs in the folder."""
    files: dict[str, list[str]] = {}
    index_formats = []
    with contextlib.suppress(OSError):
        for path in out.iterdir():
            found = _BRIEF.fullmatch(path.name)
            if found:
                files.setdefault(path.name.rsplit(".", 1)[0], []).append(found.group(3))
            elif path.name in ("index.md", "index.html"):  # the index's own formats
                index_formats.append(path.suffix[1:])
    made = {w.name for w in weeks}
    others = []
    for name in sorted(set(files) - made):
        year, number = int(name[:4]), int(name[6:])
        with contextlib.suppress(ValueError):  # 2021-W60 is no week
            monday = dt.date.fromisocalendar(year, number, 1)
            logged = [e.as_of for e in log if e.series == SERIES and e.file == f"{shown}/{name}"]
            others.append(Week(year, number, monday, monday + dt.timedelta(days=6),
                               logged[-1] if logged else monday + dt.timedelta(days=6)))
    numbers = [next_number(log, SERIES, w.as_of) if any(e.as_of == w.as_of for e in log) else w.number
               for w in others]
    return Folder(others, numbers, {k: tuple(v) for k, v in files.items()}, tuple(sorted(index_formats)))


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
