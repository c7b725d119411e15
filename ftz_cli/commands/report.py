"""``ftz report``: the briefing, in Markdown or HTML; at a terminal, a summary of it."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from ftz_cli.commands.output import emit
from ftz_cli.core.errors import UsageProblem
from ftz_cli.parse.dates import today
from ftz_cli.store.cache import cache_dir
from ftz_cli.store.updates import loaded_or_fail
from ftz_cli.store.workspace import Workspace
from ftz_cli.views.briefing import build_context, render_report, report_format


def run(ws: Workspace, *, as_of: dt.date, areas: Sequence[str], fmt: str | None,
        output: str | None, templates: Path | None, title: str | None, issue: int | None,
        org: str | None, force: bool, quiet: bool) -> None:
    kind = report_format(fmt, output)
    loaded = loaded_or_fail(ws, today())
    context = build_context(loaded.book, as_of, areas, title=title, issue=issue, org=org)
    if output is None and fmt is None and on_terminal():
        # a person typed ``ftz report``: hundreds of lines of Markdown would tell them nothing
        from ftz_cli.views.listing import terminal_width
        from ftz_cli.views.summary import summary_text

        command = " ".join(["ftz report", f"--as-of {as_of.isoformat()}",
                            *(f'--area "{a}"' for a in areas)])
        emit(summary_text(context, limit=terminal_width(), command=command), people=True)
        return
    text = render_report(context, kind, template_dirs(templates, loaded.workspace), cache=cache_dir())
    emit(text, output, force=force, quiet=quiet,
         people=kind == "md")  # HTML declares its charset: UTF-8


def on_terminal() -> bool:
    return sys.stdout.isatty()


def template_dirs(user: Path | None, workspace: Workspace) -> list[Path]:
    """Where templates are looked for before the built-in ones: --templates, else the setting
    (report.templates); never a workspace's templates/ folder by itself (issue 14)."""
    if user is not None and not user.is_dir():
        raise UsageProblem(f"--templates 指定的文件夹“{user}”不存在",
                           hint="给出一个包含 report.md.j2 等模板文件的文件夹。")
    return [user] if user is not None else workspace.template_dirs()
