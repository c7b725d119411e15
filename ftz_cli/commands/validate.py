"""``ftz validate``: every problem in a workspace, in one run."""

from __future__ import annotations

from ftz_cli.commands.output import emit, print_diagnostics, say
from ftz_cli.core.errors import has_errors
from ftz_cli.parse.dates import today
from ftz_cli.store.validation import validate
from ftz_cli.store.workspace import Workspace


def run(ws: Workspace, *, fmt: str, color: bool, quiet: bool) -> bool:
    """Print the problems; True when there is no error."""
    diagnostics = validate(ws, today())
    if fmt == "json":
        from ftz_cli.views.rows import to_json

        emit(to_json([d.to_json() for d in diagnostics]))
    else:
        print_diagnostics(diagnostics, color)
        errors = sum(d.severity == "error" for d in diagnostics)
        where = "ftz 自带的计划" if ws.readonly else str(ws.root) + ("（示例数据）" if ws.settings.sample else "")
        verdict = "校验通过" if not errors else "校验未通过"
        say(f"{verdict}：{where}，{errors} 个错误，{len(diagnostics) - errors} 个警告。", quiet)
    return not has_errors(diagnostics)
