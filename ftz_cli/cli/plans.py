"""The options of ``ftz plan …``: several plans in one workspace (drafting one from a table)."""

from __future__ import annotations

from typing import Annotated

import typer

from ftz_cli.cli.app import command, opts, subcommand
from ftz_cli.cli.options import AsOfOption, choice, date_option, format_option, not_blank, workspace
from ftz_cli.core.errors import UsageProblem

_PLAN_HELP = "管理工作区中的多个计划：从任务分解表起草新计划（import），结转未完成事项（carry）。"


@subcommand("plan", "import", _PLAN_HELP)
def plan_import_command(
    ctx: typer.Context,
    table: Annotated[str, typer.Argument(
        metavar="任务分解表", help="任务分解表：.xlsx、.xls、.ods、.csv，或含表格的 Word 文件（.docx）")],
    name: Annotated[str, typer.Option("--name", metavar="名称", help="新计划的名称，如 2022（写入 plans/名称.yaml）")],
    source: Annotated[str | None, typer.Option(
        "--source", metavar="文件", help="来源文件（印发通知）：.docx、.txt 或 .pdf，用来核对每项任务的原文")] = None,
    year: Annotated[int | None, typer.Option(
        "--year", metavar="年份", help="计划年份（默认取表中第一个年份，否则今年）")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查并显示结果，不写入")] = False,
) -> None:
    """从任务分解表起草一个新计划（每项任务到来源文件中核对原文），写入 plans/名称.yaml。"""
    from ftz_cli.commands.plan import ImportRequest, render_import, run_import

    if year is not None and not 2000 <= year <= 2100:
        raise UsageProblem(f"--year 应为 2000 到 2100 之间的年份，不能是 {year}", hint="例如 --year 2022。")
    options = opts(ctx)
    table, name = not_blank(table, "任务分解表"), not_blank(name, "--name")
    request = ImportRequest(workspace(ctx, writing=not dry_run), table, name, source, year, dry_run)
    render_import(run_import(request), quiet=options.quiet, color=options.color)


@subcommand("plan", "carry", _PLAN_HELP)
def plan_carry_command(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="原计划", help="结转出的计划（其中未完成的事项），如 2021")],
    target: Annotated[str, typer.Argument(metavar="新计划", help="结转入的计划（事项复制到这里），如 2022")],
    as_of: AsOfOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查并列出将结转的事项，不写入")] = False,
) -> None:
    """结转：把原计划中到期未完成（或认定“转入年度任务”）的事项复制到新计划，各标 carried_from。"""
    from ftz_cli.commands.carry import CarryRequest, run_carry

    request = CarryRequest(workspace(ctx, writing=not dry_run), source, target, date_option(as_of, "--as-of"), dry_run)
    print(run_carry(request))


@command("plans")
def plans_command(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    fmt: Annotated[str, format_option("text", "json")] = "text",
) -> None:
    """列出工作区中的计划：名称、期限、事项数、进度记录数、结转事项数。"""
    from ftz_cli.commands.carry import PlansRequest, render_plans, run_plans

    choice(fmt, ("text", "json"), "--format")
    request = PlansRequest(workspace(ctx), date_option(as_of, "--as-of"), fmt)
    typer.echo(render_plans(run_plans(request), request.fmt))
