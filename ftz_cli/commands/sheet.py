"""``ftz sheet``: the fill-in workbook for departments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ftz_cli.commands.output import say, write_files, write_stdout
from ftz_cli.parse.dates import today
from ftz_cli.store.updates import loaded_or_fail
from ftz_cli.store.workspace import Workspace
from ftz_cli.views.sheet import build_sheet, default_name


def run(ws: Workspace, *, as_of: dt.date, areas: Sequence[str], output: str | None,
        force: bool, quiet: bool) -> None:
    data, count = build_sheet(loaded_or_fail(ws, today()).book, as_of, areas)
    if output == "-":
        write_stdout(data)
        return
    path = Path(output or default_name(as_of))
    write_files([(path, data)], force=force, quiet=quiet)
    say(f"填报表共 {count} 项。填好后运行：ftz import {path}", quiet)
