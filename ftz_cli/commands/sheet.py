"""``ftz sheet``: the fill-in workbook for departments, one for all or one per unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from shlex import quote

from ftz_cli.commands.output import say, write_files, write_stdout
from ftz_cli.commands.target import is_stream
from ftz_cli.parse.dates import today
from ftz_cli.store.load import Loaded, loaded_or_fail
from ftz_cli.store.workspace import Workspace
from ftz_cli.views.sheet import build_sheet, default_name


def run(ws: Workspace, *, as_of: dt.date, areas: Sequence[str], units: Sequence[str] = (),
        by_unit: Path | None = None, output: str | None, force: bool, quiet: bool) -> None:
    loaded = loaded_or_fail(ws, today())
    from ftz_cli.core.units import check_units, known_units

    settings = loaded.book.settings
    check_units(loaded.plan, settings.units, units)
    known = known_units(loaded.plan, settings.units)
    if by_unit is not None:
        _per_unit(loaded, as_of, areas, [u for u in known if not units or u in units], by_unit,
                  force, quiet)
        return
    data, count = build_sheet(loaded.book, as_of, areas, units)
    if is_stream(output):
        write_stdout(data)
        return
    path = Path(output or default_name(as_of, "、".join(units)))
    write_files([(path, data)], force=force, quiet=quiet)
    say(f"填报表共 {count} 项。填好后运行：ftz import {quote(str(path))}", quiet)


def _per_unit(loaded: Loaded, as_of: dt.date, areas: Sequence[str], units: Sequence[str],
              folder: Path, force: bool, quiet: bool) -> None:
    """One workbook per unit with something to report, written all or none."""
    pages = []
    for unit in units:
        data, count = build_sheet(loaded.book, as_of, areas, [unit])
        if count:
            pages.append((folder / default_name(as_of, unit), data))
    if not pages:
        say("没有需要填报的事项，未生成填报表。", quiet)
        return
    folder.mkdir(parents=True, exist_ok=True)
    write_files(pages, force=force, quiet=quiet)
    say(f"共 {len(pages)} 个单位的填报表，在 {folder}。", quiet)
