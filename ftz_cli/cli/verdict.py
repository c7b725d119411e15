"""``ftz verdict``: the office's verdict on a goal due (到期待认定), recorded as ``update`` records."""

from __future__ import annotations

from typing import Annotated

import typer

from ftz_cli.cli.app import command, opts
from ftz_cli.cli.options import IdArgument, choice, format_option, not_blank, workspace
from ftz_cli.core.errors import UsageProblem


@command("verdict")
def verdict_command(
    ctx: typer.Context,
    item_id: IdArgument,
    done: Annotated[bool, typer.Option("--done", help="认定已完成")] = False,
    not_done: Annotated[bool, typer.Option("--not-done", help="认定未完成（红灯：逾期未完成）")] = False,
    carried_into: Annotated[str | None, typer.Option(
        "--carried-into", metavar="编号", help="百日攻坚事项转入年度任务：转入的年度事项编号")] = None,
    reason: Annotated[str, typer.Option("--reason", metavar="文字", help="认定理由（必填）")] = "",
    by: Annotated[str, typer.Option("--by", metavar="姓名", help="认定人")] = "",
    date: Annotated[str | None, typer.Option("--date", "-d", metavar="日期", help="认定日期（默认今天）")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查，不写入")] = False,
    fmt: Annotated[str, format_option("text", "json", help="结果格式")] = "text",
) -> None:
    """认定到期的定性目标是否完成（到期待认定）：已完成、未完成或转入年度任务。"""
    from ftz_cli.commands import record
    from ftz_cli.parse.dates import today
    from ftz_cli.parse.records import Raw

    if done + not_done + (carried_into is not None) != 1:
        raise UsageProblem("请给出 --done、--not-done 或 --carried-into 中的一个",
                           hint="例如 ftz verdict 编号 --done --reason “经核实已建成”。")
    choice(fmt, ("text", "json"), "--format")
    word = "已完成" if done else "未完成" if not_done else "转入年度任务"
    fields = {"id": item_id, "date": today().isoformat() if date is None else not_blank(date, "--date"),
              "verdict": word, "carried_into": carried_into, "note": reason, "by": by}
    request = record.Request(workspace(ctx, writing=True), (Raw(fields, "", typed=True),), dry_run=dry_run)
    record.render(record.run(request), fmt=fmt, color=opts(ctx).color)
