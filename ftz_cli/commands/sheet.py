"""``ftz sheet``: the fill-in workbook for departments, one for all or one per unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from shlex import quote

from ftz_cli.commands.output import Page, say, write_files, write_stdout
from ftz_cli.commands.target import is_stream
from ftz_cli.parse.dates import today
from ftz_cli.store.load import Loaded, loaded_or_fail
from ftz_cli.store.workspace import Workspace
from ftz_cli.views.sheet import build_sheet, default_name


@dataclass(frozen=True, slots=True)
class Request:
    """What ``ftz sheet`` is asked: the workbook of some areas and units as of a day, into
    ``output`` (``-``: standard output), or one per unit into the folder ``by_unit``."""

    workspace: Workspace
    as_of: dt.date
    areas: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    by_unit: Path | None = None
    output: str | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """The workbooks (path and bytes; to standard output when ``stream``), the folder to make
    for them (``--by-unit``), and what to say once they are written."""

    pages: tuple[Page, ...]
    stream: bool
    folder: Path | None
    note: str


def run(request: Request) -> Result:
    """The workbooks, built and not yet written (``render`` writes them)."""
    r = request
    loaded = loaded_or_fail(r.workspace, today())
    from ftz_cli.core.units import check_units, known_units

    settings = loaded.book.settings
    check_units(loaded.plan, settings.units, r.units)
    known = known_units(loaded.plan, settings.units)
    if r.by_unit is not None:
        return _per_unit(loaded, r.as_of, r.areas, [u for u in known if not r.units or u in r.units], r.by_unit)
    data, count = build_sheet(loaded.book, r.as_of, r.areas, r.units)
    if is_stream(r.output):
        return Result(((Path("-"), data),), True, None, "")
    path = Path(r.output or default_name(r.as_of, "、".join(r.units)))
    return Result(((path, data),), False, None, f"填报表共 {count} 项。填好后运行：ftz import {quote(str(path))}")


def render(result: Result, *, force: bool = False, quiet: bool = False) -> None:
    """Write the workbooks (all or none), then say what to do next."""
    if result.stream:
        write_stdout(result.pages[0][1])
        return
    if result.pages:
        if result.folder is not None:
            result.folder.mkdir(parents=True, exist_ok=True)
        write_files(result.pages, force=force, quiet=quiet)
    say(result.note, quiet)


def _per_unit(loaded: Loaded, as_of: dt.date, areas: Sequence[str], units: Sequence[str], folder: Path) -> Result:
    """One workbook per unit with something to report."""
    pages = []
    for unit in units:
        data, count = build_sheet(loaded.book, as_of, areas, [unit])
        if count:
            pages.append((folder / default_name(as_of, unit), data))
    if not pages:
        return Result((), False, None, "没有需要填报的事项，未生成填报表。")
    return Result(tuple(pages), False, folder, f"共 {len(pages)} 个单位的填报表，在 {folder}。")
