"""Reading the command line's values: dates, choices, the workspace, shared option types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from ftz_cli.cli.app import opts
from ftz_cli.core.errors import UsageProblem
from ftz_cli.parse.dates import DateError, parse_date, today


def workspace(ctx: typer.Context, directory: str | None = None, *, writing: bool = False) -> Any:
    """The workspace the command works on. Falling back to the bundled plan is said aloud,
    and so is writing into a sample workspace (W450), where real records would be mixed in."""
    from ftz_cli.store.plans import choose
    from ftz_cli.store.workspace import find

    found = choose(find(directory if directory is not None else opts(ctx).data), opts(ctx).plan)
    if found.readonly and not writing:
        from ftz_cli.commands.output import say

        say(BUNDLED_NOTE, opts(ctx).quiet)
    elif found.settings.sample and writing and not opts(ctx).quiet:
        from ftz_cli.commands.output import print_diagnostics
        from ftz_cli.core.errors import Diagnostic

        print_diagnostics([Diagnostic(
            "W450", f"“{found.root}”是示例工作区（示例数据），录入的记录会和示例数据混在一起",
            hint="真实进度请录入用 ftz init 文件夹 新建的工作区；这里只适合试用。",
            severity="warning")], opts(ctx).color)
    return found


BUNDLED_NOTE = ("注意：当前文件夹及其上级都不是工作区，使用的是 ftz 自带的计划（只读，没有进度数据）。\n"
                "  提示：进入工作区文件夹再运行，或加 --data 文件夹；"
                "新建带示例数据的工作区：ftz init --example 示例")


def date_option(value: str | None, name: str) -> dt.date:
    if value is None:
        return today()
    not_blank(value, name)
    try:
        return parse_date(value)
    except DateError as err:
        raise UsageProblem(f"{name} 的{err}", hint="日期写成 2021-03-05、2021/3/5 或 2021年3月5日。") from None


def not_blank(value: str, name: str, hint: str = "") -> str:
    if not value.strip():
        raise UsageProblem(f"{name} 不能为空", hint=hint or f"不需要时，整个去掉 {name}。")
    return value


_WORKBOOKS = frozenset({".xlsx", ".xlsm", ".xls", ".et", ".ods"})
_DOCUMENTS = frozenset({".docx", ".doc", ".wps", ".pdf"})


def format_for(ctx: typer.Context, fmt: str, output: str | None, command: str) -> str:
    """``--format`` as typed, else the one ``-o``'s extension names (.csv, .json): ``ftz list -o
    进度.csv`` writes CSV, never the terminal's table under a name Excel opens; a workbook or a
    Word or PDF name, which would hold text its program cannot open, is refused."""
    from shlex import quote

    source = ctx.get_parameter_source("fmt")  # by name: typer carries its own copy of click's enum
    if output is None or output == "-" or source is None or source.name != "DEFAULT":
        return fmt
    path = Path(output)
    suffix = path.suffix.lower()
    if suffix in _DOCUMENTS and command == "remind":
        raise UsageProblem(f"ftz remind 的 -o 不能是“{output}”：督办通知每个单位一份，写入一个文件夹",
                           hint="每个单位一份督办通知（Word）：ftz remind --format docx -o 文件夹")
    if suffix in _WORKBOOKS | _DOCUMENTS:
        what = "Excel 工作簿" if suffix in _WORKBOOKS else "Word 或 PDF 文件"
        raise UsageProblem(f"ftz {command} 不能生成 {what}，没有写入“{output}”",
                           hint=f"写成 CSV，中文 Excel 可以直接打开：ftz {command} -o "
                                f"{quote(str(path.with_suffix('.csv')))} --bom")
    return {".csv": "csv", ".json": "json"}.get(suffix, fmt)


def choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise UsageProblem(f"{name} 不能是“{value}”", hint="可用：" + "、".join(allowed))
    return value


def _complete_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from ftz_cli.cli.completion import item_ids

    return item_ids(ctx, incomplete)


def _complete_areas(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from ftz_cli.cli.completion import area_names

    return area_names(ctx, incomplete)


def format_option(*choices: str, help: str = "输出格式") -> Any:
    """``--format``, its choices shown in help as ``[text|json]`` (checked by ``choice``)."""
    return typer.Option("--format", "-f", metavar="[" + "|".join(choices) + "]", help=help)


AreaOption = Annotated[list[str] | None, typer.Option(
    "--area", "-a", metavar="领域", help="只看某个领域（可重复），如 trade 或 贸易自由",
    autocompletion=_complete_areas)]
IdArgument = Annotated[str, typer.Argument(
    metavar="ID", help="指标编号，如 trade.import-export-2021；也可写名称或其中几个字，如 进出口额",
    autocompletion=_complete_ids)]
AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", metavar="日期", help="统计截至日期（默认今天），如 2021-06-30")]
OutputOption = Annotated[str | None, typer.Option(
    "--output", "-o", metavar="文件", help="写入文件（- 为标准输出）")]
BomOption = Annotated[bool, typer.Option("--bom", help="CSV 加 BOM，便于中文 Excel 直接打开")]
ForceOption = Annotated[bool, typer.Option(
    "--force", help="输出文件已存在且不是 ftz 生成的（或生成后被改过）时，仍然覆盖")]
TemplatesOption = Annotated[Path | None, typer.Option(
    "--templates", metavar="文件夹", help="自定义模板文件夹，其中的文件覆盖同名内置模板")]
