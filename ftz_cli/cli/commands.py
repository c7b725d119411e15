"""The commands' options, and nothing more: each reads its options and calls ``commands``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ftz_cli.cli.app import command, opts
from ftz_cli.cli.options import (
    AreaOption,
    AsOfOption,
    BomOption,
    ForceOption,
    IdArgument,
    OutputOption,
    TemplatesOption,
    choice,
    date_option,
    format_for,
    format_option,
    not_blank,
    workspace,
)
from ftz_cli.core.errors import UsageProblem

ReplaceOption = Annotated[bool, typer.Option(
    "--replace", help="更正同一日期已有的记录（原记录保留在历史中）")]
ConfirmOption = Annotated[bool, typer.Option(
    "--confirm", help="数值已核实：超过目标 200%、与上次相差十倍或年度累计减少的数值照常录入，并标为已核实")]


@command("init")
def init_command(
    ctx: typer.Context,
    directory: Annotated[str, typer.Argument(metavar="文件夹", help="新工作区的文件夹")],
    example: Annotated[bool, typer.Option(
        "--example", help="附带 2021 年上半年的示例进度（标为示例数据），用来试用 ftz")] = False,
) -> None:
    """用自带的计划新建一个工作区（不会覆盖已有的工作区）。"""
    from ftz_cli.commands import init

    request = init.Request(Path(not_blank(directory, "文件夹", "给出新工作区的文件夹，如 ftz init 自贸区进度")),
                           example)
    init.render(init.run(request), quiet=opts(ctx).quiet)


@command("validate")
def validate_command(
    ctx: typer.Context,
    directory: Annotated[str | None, typer.Argument(
        metavar="[文件夹]", help="要校验的工作区（默认同 --data 的查找顺序）")] = None,
    fmt: Annotated[str, format_option("text", "json")] = "text",
) -> None:
    """校验计划和全部进度文件，一次列出所有问题。"""
    from ftz_cli.commands import validate
    from ftz_cli.parse.dates import today

    choice(fmt, ("text", "json"), "--format")
    options = opts(ctx)
    result = validate.run(validate.Request(workspace(ctx, directory), today()))
    validate.render(result, fmt=fmt, color=options.color, quiet=options.quiet)
    if not result.ok:
        raise typer.Exit(1)


@command("list")
def list_command(
    ctx: typer.Context,
    area: AreaOption = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", "-k", metavar="类型",
        help="只看某类：flow、level、count、milestone、qualitative，或 年度累计、存量、件数、节点、定性")] = None,
    status: Annotated[list[str] | None, typer.Option(
        "--status", "-s", metavar="状态",
        help="只看某种状态（可重复），如 behind、overdue、no_data，或 进度滞后、严重滞后、红灯、黄灯")] = None,
    unit: Annotated[list[str] | None, typer.Option(
        "--unit", "-u", metavar="单位", help="只看某个责任单位的事项（可重复），如 市商务局")] = None,
    as_of: AsOfOption = None,
    fmt: Annotated[str, format_option("table", "json", "csv")] = "table",
    bom: BomOption = False,
    zh: Annotated[bool, typer.Option(
        "--zh", help="CSV 给人看：中文表头，完成率等写成百分数（脚本请用默认的列）")] = False,
    output: OutputOption = None,
    force: ForceOption = False,
    wide: Annotated[bool, typer.Option(
        "--wide", "-w", help="表格每项一行（较宽）；默认每项分几行显示，适合窄终端")] = False,
) -> None:
    """列出指标和事项及其进度、状态。"""
    from ftz_cli.commands import list_

    fmt = format_for(ctx, choice(fmt, ("table", "json", "csv"), "--format"), output, "list")
    if zh and fmt != "csv":
        raise UsageProblem("--zh 只用于 --format csv", hint="例如：ftz list --format csv --zh --bom -o 进度.csv")
    options = opts(ctx)
    request = list_.Request(workspace(ctx), date_option(as_of, "--as-of"), tuple(area or ()), kind,
                            tuple(status or ()), tuple(unit or ()), fmt, bom, zh)
    list_.render(list_.run(request), output=output, force=force, color=options.color, quiet=options.quiet,
                 wide=wide)


@command("show")
def show_command(
    ctx: typer.Context,
    item_id: IdArgument,
    as_of: AsOfOption = None,
    fmt: Annotated[str, format_option("text", "json")] = "text",
) -> None:
    """查看一个事项：原文出处、进度记录和状态。"""
    from ftz_cli.commands import show

    choice(fmt, ("text", "json"), "--format")
    from ftz_cli.commands.output import render_text

    render_text(show.run(show.Request(workspace(ctx), item_id, date_option(as_of, "--as-of"), fmt)),
                quiet=opts(ctx).quiet)


@command("update")
def update_command(
    ctx: typer.Context,
    item_id: IdArgument,
    value: Annotated[str | None, typer.Option(
        "--value", "-v", metavar="数值", help="数值，可带单位：3500、3,500、3500亿元、1.2万")] = None,
    status: Annotated[str | None, typer.Option(
        "--status", "-s", metavar="状态", help="节点和定性目标的状态：未启动、推进中、已完成")] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", metavar="日期", help="数据日期（默认今天），如 2021-03-31")] = None,
    note: Annotated[str, typer.Option("--note", "-n", metavar="文字", help="说明")] = "",
    by: Annotated[str, typer.Option("--by", metavar="姓名", help="填报人")] = "",
    replace: ReplaceOption = False,
    confirm: ConfirmOption = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查，不写入")] = False,
    fmt: Annotated[str, format_option("text", "json", help="结果格式")] = "text",
    evidence: Annotated[list[Path] | None, typer.Option(
        "--evidence", "-e", metavar="文件", help="佐证材料（可重复）：验收报告、批复、照片，按内容保存在工作区 evidence/")] = None,
    outlook: Annotated[str | None, typer.Option(
        "--outlook", metavar="预计", help="单位对按期完成的预计：能完成、有难度、不能完成")] = None,
) -> None:
    """录入一条进度：先校验，再追加到进度文件。"""
    from ftz_cli.commands import record
    from ftz_cli.parse.dates import today
    from ftz_cli.parse.records import Raw

    if (value is None) == (status is None):
        raise UsageProblem("请给出 --value 或 --status 中的一个",
                           hint="数量型指标用 --value，节点和定性目标用 --status。")
    choice(fmt, ("text", "json"), "--format")
    fields = {"id": item_id, "date": today().isoformat() if date is None else not_blank(date, "--date"),
              "value": value, "status": status, "note": note, "by": by, "outlook": outlook}
    request = record.Request(workspace(ctx, writing=True), (Raw(fields, "", typed=True),), replace, dry_run,
                             confirm, tuple(evidence or ()))
    result = record.run(request)  # a record refused is told alone: no word of the date it would have had
    if date is None:
        from ftz_cli.commands.output import say
        from ftz_cli.parse.dates import cn_date

        say(f"未给出 --date：数据日期记为今天（{cn_date(today())}）。如数据截至其他日期，请加 --date，"
            "如 --date 2021-06-30。", opts(ctx).quiet)
    record.render(result, fmt=fmt, color=opts(ctx).color)


@command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="文件|-", help="导入文件；- 表示标准输入")],
    fmt: Annotated[str | None, format_option(
        "csv", "json", "jsonl", "yaml", "xlsx", "xls", "ods",
        help="导入文件的格式（默认按扩展名，否则按内容）")] = None,
    replace: ReplaceOption = False,
    confirm: ConfirmOption = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查并显示将录入的内容，不写入")] = False,
    output: Annotated[str, typer.Option(
        "--output-format", metavar="[text|json]", help="结果格式")] = "text",
) -> None:
    """批量导入进度（全部正确才写入，有一条错就一条也不写）。"""
    from ftz_cli.commands import record
    from ftz_cli.commands.output import print_diagnostics
    from ftz_cli.importers import read_records

    choice(output, ("text", "json"), "--output-format")
    if fmt is not None:
        from ftz_cli.importers import FORMATS

        choice(fmt, FORMATS, "--format")
    options = opts(ctx)
    raws, unread = read_records(file, fmt, warn=lambda d: None if options.quiet else print_diagnostics(
        [d], options.color))
    request = record.Request(workspace(ctx, writing=True), tuple(raws), replace, dry_run, confirm,
                             base=Path(file).parent if file != "-" else Path.cwd(), unread=tuple(unread))
    record.render(record.run(request), fmt=output, color=options.color)


@command("report")
def report_command(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    area: AreaOption = None,
    fmt: Annotated[str | None, format_option(
        "md", "html", "docx", "pdf", help="简报格式（默认按 -o 的扩展名，否则 md）")] = None,
    output: OutputOption = None,
    templates: TemplatesOption = None,
    title: Annotated[str | None, typer.Option("--title", metavar="文字", help="简报名称（默认取 ftz.yaml）")] = None,
    issue: Annotated[int | None, typer.Option(
        "--issue", metavar="期号", help="期号（默认按 issued/ 中的简报登记取本年下一期）")] = None,
    org: Annotated[str | None, typer.Option("--org", metavar="单位", help="编发单位（默认取 ftz.yaml）")] = None,
    draft: Annotated[bool, typer.Option("--draft", help="草稿：标注“草稿”，不占用期号、不登记")] = False,
    body_only: Annotated[bool, typer.Option(
        "--body-only", help="只要正文（不含附件：分领域明细表、百日攻坚成效、数据说明）")] = False,
    reference_doc: Annotated[Path | None, typer.Option(
        "--reference-doc", metavar="文件", help="Word 简报的样式模板（默认取 ftz.yaml，否则用自带的）")] = None,
    issued: Annotated[str | None, typer.Option(
        "--issued", metavar="日期", help="印发日期（红头和版记的日期；数据截至日仍为 --as-of）")] = None,
    headline: Annotated[str | None, typer.Option(
        "--headline", metavar="文字", help="红头下的一行提要（默认取简报文字文件的 headline）")] = None,
    force: ForceOption = False,
) -> None:
    """生成推进情况简报（Markdown、HTML、Word 或 PDF）。"""
    from ftz_cli.commands import report

    if issue is not None and issue < 1:
        raise UsageProblem(f"--issue 应为正整数，不能是 {issue}", hint="期号从 1 开始，如 --issue 12。")
    request = report.Request(
        workspace(ctx), date_option(as_of, "--as-of"), tuple(area or ()), fmt, output, templates, title, issue,
        org, draft, body_only, reference_doc, date_option(issued, "--issued") if issued is not None else None,
        headline or "")
    report.render(report.run(request), force=force, quiet=opts(ctx).quiet)


UnitOption = Annotated[list[str] | None, typer.Option(
    "--unit", "-u", metavar="单位", help="只含某个责任单位（可重复），如 市商务局；单位在 ftz.yaml 的 units: 中设置")]


@command("sheet")
def sheet_command(
    ctx: typer.Context,
    area: Annotated[list[str] | None, typer.Option(
        "--area", "-a", metavar="领域", help="只含某个领域（可重复），如 trade 或 贸易自由")] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="文件.xlsx", help="保存为（默认 进度填报表-日期.xlsx；- 为标准输出）")] = None,
    unit: UnitOption = None,
    by_unit: Annotated[Path | None, typer.Option(
        "--by-unit", metavar="文件夹", help="每个责任单位一份填报表，写入这个文件夹")] = None,
    as_of: AsOfOption = None,
    force: ForceOption = False,
) -> None:
    """生成发给各部门的进度填报表（Excel）；填好后用 ftz import 导入。"""
    from ftz_cli.commands import sheet

    if by_unit is not None and output is not None:
        raise UsageProblem("--by-unit 和 -o 不能同时使用", hint="--by-unit 给出文件夹，文件名按单位自动生成。")
    if output is not None and Path(output).suffix.lower() not in ("", ".xlsx"):
        # ftz import reads a file by its extension (one without is read by its content):
        # 填报表.xls holding a workbook would not go back in
        from shlex import quote

        raise UsageProblem(f"填报表是 Excel 工作簿（.xlsx），-o 的文件名不能是“{output}”",
                           hint=f"例如 -o {quote(str(Path(output).with_suffix('.xlsx')))}")
    request = sheet.Request(workspace(ctx), date_option(as_of, "--as-of"), tuple(area or ()), tuple(unit or ()),
                            by_unit, output)
    sheet.render(sheet.run(request), force=force, quiet=opts(ctx).quiet)


@command("remind")
def remind_command(
    ctx: typer.Context,
    unit: UnitOption = None,
    as_of: AsOfOption = None,
    within: Annotated[int | None, typer.Option(
        "--within", metavar="天数", help="列出多少天内到期的事项（默认取 ftz.yaml 的 due_soon_days）")] = None,
    fmt: Annotated[str, format_option(
        "text", "json", "csv", "docx", help="text：每个单位一份通知；docx：每个单位一份督办通知（-o 文件夹）")] = "text",
    bom: BomOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    send: Annotated[str | None, typer.Option(
        "--send", metavar="[dingtalk|wecom]", help="发到钉钉或企业微信群机器人，每个单位一条（地址见 FTZ_WEBHOOK）")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="与 --send 同用：只以 JSON 显示将发送的内容")] = False,
) -> None:
    """催办：按责任单位列出未报送、超期未更新、逾期和即将到期的事项，列入督办的事项在前。"""
    from ftz_cli.commands import remind

    fmt = format_for(ctx, choice(fmt, ("text", "json", "csv", "docx"), "--format"), output, "remind")
    if send is not None:
        choice(send, ("dingtalk", "wecom"), "--send")
    elif dry_run:
        raise UsageProblem("--dry-run 只与 --send 同用", hint="例如：ftz remind --send dingtalk --dry-run")
    if within is not None and not 0 <= within <= 3650:
        raise UsageProblem(f"--within 应为 0 到 3650 之间的天数，不能是 {within}", hint="例如 --within 30。")
    request = remind.Request(workspace(ctx, writing=send is not None and not dry_run), date_option(as_of, "--as-of"),
                             tuple(unit or ()), within, fmt, bom, output, send, dry_run)
    remind.render(remind.run(request), force=force, quiet=opts(ctx).quiet)


@command("weekly")
def weekly_command(
    ctx: typer.Context,
    start: Annotated[str, typer.Option("--from", metavar="日期", help="第一周所含的日期，如 2021-01-04")],
    end: Annotated[str, typer.Option("--to", metavar="日期", help="最后一周所含的日期，如 2021-12-31")],
    out: Annotated[Path, typer.Option("--out", metavar="文件夹", help="输出文件夹")] = Path("briefs"),
    fmt: Annotated[list[str] | None, format_option(
        "md", "html", "docx", "pdf", help="周报格式（可重复，默认 md；pdf 用本机浏览器打印）")] = None,
    area: AreaOption = None,
    templates: TemplatesOption = None,
    title: Annotated[str | None, typer.Option("--title", metavar="文字", help="周报名称")] = None,
    org: Annotated[str | None, typer.Option("--org", metavar="单位", help="编发单位")] = None,
    draft: Annotated[bool, typer.Option("--draft", help="草稿：不占用期号、不登记")] = False,
    force: ForceOption = False,
) -> None:
    """按 ISO 周批量生成周报（每周截至周日，按简报登记连续编号），并生成索引。"""
    import sys

    from ftz_cli.commands import weekly
    from ftz_cli.views.weekly import ALL_FORMATS

    formats = list(dict.fromkeys(choice(f, ALL_FORMATS, "--format") for f in fmt or ["md"]))
    quiet = opts(ctx).quiet  # -q before or after the command: the one --quiet
    request = weekly.Request(workspace(ctx), date_option(start, "--from"), date_option(end, "--to"), out,
                             tuple(formats), tuple(area or ()), templates, title, org, draft,
                             progress=not quiet and sys.stderr.isatty())
    weekly.render(weekly.run(request), force=force, quiet=quiet)


# registered after these: units, confirm, return; verdict
from ftz_cli.cli import unit_commands, verdict  # noqa: E402, F401
