"""The units' commands: the reporting scoreboard (and, with it, 销号)."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from ftz_cli.cli.app import command, opts
from ftz_cli.cli.options import (
    AsOfOption,
    ForceOption,
    OutputOption,
    choice,
    date_option,
    format_option,
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
    bom: Annotated[bool, typer.Option("--bom", help="CSV 加 BOM，便于中文 Excel 直接打开")] = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """报送情况通报：各责任单位某月的应报、已报、按时、逾期、未报和排名。"""
    from ftz_cli.commands import units

    choice(fmt, ("table", "json", "csv"), "--format")
    units.run(workspace(ctx), as_of=date_option(as_of, "--as-of"), period=month_option(period),
              fmt=fmt, bom=bom, output=output, force=force, quiet=opts(ctx).quiet)
