"""The units' commands: the reporting scoreboard (and, with it, 销号)."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from ftz_cli.cli.app import command, opts
from ftz_cli.cli.options import (
    AsOfOption,
    BomOption,
    ForceOption,
    IdArgument,
    OutputOption,
    choice,
    date_option,
    format_for,
    format_option,
    not_blank,
    workspace,
)
from ftz_cli.core.errors import UsageProblem

_MONTH = re.compile(r"(\d{4})(?:-|/|年)(\d{1,2})月?")


def month_option(value: str | None) -> tuple[int, int] | None:
    """``--period 2021-05`` (or 2021/5, 2021年5月) as (year, month)."""
    if value is None:
        return None
    found = _MONTH.fullmatch(value.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12 or not 2000 <= int(found.group(1)) <= 2100:
        raise UsageProblem(f"--period 不能是“{value}”", hint="写成 年-月，如 --period 2021-05（2021年5月）。")
    return int(found.group(1)), int(found.group(2))


@command("units")
def units_command(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    period: Annotated[str | None, typer.Option(
        "--period", "-p", metavar="年-月",
        help="统计哪个月的报送（默认：截至日期前已过报送截止日的最近一个月），如 2021-05")] = None,
    fmt: Annotated[str, format_option("table", "json", "csv")] = "table",
    bom: BomOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """报送情况通报：各责任单位某月的应报、已报、按时、逾期、未报和排名。"""
    from ftz_cli.commands import units
    from ftz_cli.commands.output import render_text

    fmt = format_for(ctx, choice(fmt, ("table", "json", "csv"), "--format"), output, "units")
    request = units.Request(workspace(ctx), date_option(as_of, "--as-of"), month_option(period), fmt, bom)
    render_text(units.run(request), output, force=force, quiet=opts(ctx).quiet)


ByOption = Annotated[str, typer.Option("--by", metavar="姓名", help="确认人或退回人")]


@command("confirm")
def confirm_command(
    ctx: typer.Context,
    item_id: IdArgument,
    by: ByOption = "",
    note: Annotated[str, typer.Option("--note", "-n", metavar="文字", help="说明")] = "",
) -> None:
    """确认销号：确认单位报送的“已完成”（report.confirm_done 为 true 时，确认前显示“已完成（待确认）”）。"""
    from ftz_cli.commands.closure import DecideRequest, decide
    from ftz_cli.commands.output import say

    say(decide(DecideRequest(workspace(ctx, writing=True), item_id, "confirm", by, note)), opts(ctx).quiet)


@command("return")
def return_command(
    ctx: typer.Context,
    item_id: IdArgument,
    reason: Annotated[str, typer.Option("--reason", "-r", metavar="文字", help="退回理由（必填），单位在催办通知中看到")],
    by: ByOption = "",
) -> None:
    """退回：单位报送的“已完成”不予销号，说明理由；单位在 ftz remind 中看到。"""
    from ftz_cli.commands.closure import DecideRequest, decide
    from ftz_cli.commands.output import say

    ws = workspace(ctx, writing=True)
    reason = not_blank(reason, "--reason", "写明退回理由，如 --reason 缺少验收报告")
    say(decide(DecideRequest(ws, item_id, "return", by, reason)), opts(ctx).quiet)
