"""``ftz weekly``: one brief per ISO week, and an index."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ftz_cli.commands.output import Page, own_unchanged, remove_own, say, write_files
from ftz_cli.commands.report import template_dirs
from ftz_cli.core.issues import Issued, next_number
from ftz_cli.parse.dates import today
from ftz_cli.store.briefs import check_loggable, log_issued, read_log
from ftz_cli.store.load import loaded_or_fail
from ftz_cli.store.private import private_dir
from ftz_cli.store.workspace import Workspace
from ftz_cli.views.echo import some_files
from ftz_cli.views.weekly import ALL_FORMATS, Folder, Week, render_all, weeks_between

SERIES = "weekly"


@dataclass(frozen=True, slots=True)
class Request:
    """What ``ftz weekly`` is asked: a brief for each ISO week from ``first`` to ``last`` in the
    folder ``out``, in some formats, of some areas (``draft``: not numbered in the issue log;
    ``progress``: a progress bar on the terminal while they are made)."""

    workspace: Workspace
    first: dt.date
    last: dt.date
    out: Path = Path("briefs")
    formats: tuple[str, ...] = ("md",)
    areas: tuple[str, ...] = ()
    templates: Path | None = None
    title: str | None = None
    org: str | None = None
    draft: bool = False
    progress: bool = False


@dataclass(frozen=True, slots=True)
class Result:
    """The briefs and the index, not yet written; the log entries to record once they are
    (none for a draft); how many weeks, and the folder."""

    workspace: Workspace
    pages: tuple[Page, ...]
    entries: tuple[Issued, ...]
    weeks: int
    out: Path
    stale: tuple[Path, ...] = ()  # ftz's own briefs the new ones make out of date: removed once they are written
    behind: tuple[Path, ...] = ()  # other briefs of the weeks made, not made again: left, and named


def run(request: Request) -> Result:
    """Every week's brief and the index (nothing written or printed: ``render`` does it)."""
    r, ws = request, request.workspace
    weeks = weeks_between(r.first, r.last)
    loaded = loaded_or_fail(ws, today())
    dirs = template_dirs(r.templates, loaded.workspace)
    log = [] if ws.readonly else read_log(ws)
    entries = [] if ws.readonly else numbered(log, weeks, ws.rel(r.out.resolve()))
    folder = in_folder(r.out, weeks, log, ws.rel(r.out.resolve()))
    reference = ws.setting_path(loaded.book.settings.reference_doc, "report.reference_doc") if "docx" in r.formats else None
    others = Others(r.out, r.formats)
    with progress_bar(len(weeks), "生成周报", not r.progress) as step:
        done = render_all(loaded.book, weeks, r.out, r.formats, r.areas, dirs, title=r.title, org=r.org,
                          step=step, cache=private_dir(), numbers=[e.number for e in entries] or None,
                          folder=folder, reference=reference, outdated=others.outdated)
    pages = done.pages + printed(done.to_print, r.progress)
    return Result(ws, tuple(pages), () if r.draft else tuple(entries), len(weeks), r.out,
                  tuple(others.stale), tuple(others.behind))


class Others:
    """A week's briefs of an earlier run in formats this run does not make. When the week's
    brief changed (the new Markdown, HTML or Word brief is not the one on disk), those ftz
    made and nobody changed since are out of date (``stale``: removed once the new ones are
    written; the index leaves them out); any other, or any when there is nothing to compare
    (a run of PDFs only), may be (``behind``: named). An unchanged week keeps them all."""

    def __init__(self, out: Path, formats: Sequence[str]) -> None:
        self.out, self.formats = out, formats
        self.stale: list[Path] = []
        self.behind: list[Path] = []

    def outdated(self, week: Week, pages: Mapping[Path, bytes]) -> list[str]:
        there = [p for f in ALL_FORMATS if f not in self.formats and (p := self.out / f"{week.name}.{f}").is_file()]
        if not there:
            return []
        same = _same_brief(pages)
        gone = own_unchanged(there) if same is False else []
        self.stale += gone
        self.behind += [p for p in there if p not in gone] if same is not True else []
        return [p.suffix[1:] for p in gone]


def _same_brief(pages: Mapping[Path, bytes]) -> bool | None:
    """Whether a week's new brief is the one ftz wrote before, by the first format that tells
    (a PDF never does: it carries the time it was printed); None when none can."""
    for path, data in pages.items():
        if path.suffix in (".md", ".html", ".docx") and own_unchanged([path]):
            return _content(path.suffix, path.read_bytes()) == _content(path.suffix, data)
    return None


def _content(suffix: str, data: bytes) -> object:
    """What a brief says: a Word file's parts, without the times its zip stamps on them."""
    if suffix != ".docx":
        return data
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(i.filename, archive.read(i)) for i in archive.infolist()]
    except (zipfile.BadZipFile, OSError, ValueError):
        return data


def render(result: Result, *, force: bool = False, quiet: bool = False) -> None:
    """Write every file (all or none), log the issued weeks, and say where they are."""
    # one line per file would bury the summary under 105 lines: the summary names the folder
    if result.entries:
        check_loggable(result.workspace)  # a read-only workspace: said before any brief is out
    files = write_files(result.pages, force=force, quiet=True, make_folders=True)
    if result.entries:
        log_issued(result.workspace, list(result.entries))
    say(f"已生成：{result.weeks} 周、{len(files)} 个文件（含索引），在 {result.out}/", quiet)
    removed = remove_own(result.stale)
    if removed:
        say(f"已删除 {some_files([p.name for p in removed], 6)}：这些周的周报有变化，以前生成的这些格式本次没有重新生成，内容已过时。", quiet)
    if result.behind:  # the index lists them: the person should know they were not made again
        say(f"注意：{some_files([p.name for p in result.behind], 6)} 不是本次生成的，内容可能已过时（未删除："
            "生成后被改过、不是 ftz 生成的，或无法比对）；如需更新，请加上相应的 --format 再运行一次。")


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
