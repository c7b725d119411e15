"""The ``ftz`` command line: thin adapters from options to the core, nothing more."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info
from typer.models import CommandInfo

from ftz_cli import __version__
from ftz_cli.cli.usage import check_text, usage_diagnostic
from ftz_cli.core.errors import Diagnostic, FtzError, UsageProblem, has_errors
from ftz_cli.parse.dates import DateError, parse_date, today


class _Commands(TyperGroup):
    """The command group; click's own usage errors come out in the contract's form.

    Commands are turned into click commands only when asked for: a run builds the one it
    runs, not all nine (Typer's conversion reads every signature, and start-up counts)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in _COMMANDS:
            self.commands[cmd_name] = get_command_from_info(
                _COMMANDS[cmd_name], pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode)
        return self.commands.get(cmd_name)

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:
        with _usage_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        with _usage_errors():  # an unknown command
            return super().invoke(ctx)


class _Command(TyperCommand):
    """A command; its usage errors name it (click does not always give them a context)."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:
        with _usage_errors(f"ftz {info_name}"):
            return super().make_context(info_name, args, parent, **extra)


app = typer.Typer(
    name="ftz",
    cls=_Commands,
    help="义乌自贸区推进情况报告工具：计划数据、进度录入、校验与简报。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])
_COMMANDS: dict[str, CommandInfo] = {}  # registered by ``command``, built by ``_Commands``


@dataclass(frozen=True, slots=True)
class Options:
    data: str | None
    color: bool
    quiet: bool


def opts(ctx: Any) -> Options:
    root = ctx.find_root()
    if isinstance(root.obj, Options):
        return root.obj
    return Options(None, False, False)


def report(diagnostics: list[Diagnostic], color: bool) -> None:
    """Diagnostics to standard error, in the contract's text form."""
    for d in diagnostics:
        text = d.format()
        if color:
            label = "错误" if d.severity == "error" else "警告"
            text = text.replace(f" {label} ", " " + typer.style(
                label, fg="red" if d.severity == "error" else "yellow", bold=True) + " ", 1)
        typer.echo(text, err=True)


def command(name: str, **kwargs: Any) -> Callable[[F], F]:
    """Register a command whose errors become messages and exit codes, here and only here."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def run(*args: Any, **kw: Any) -> Any:
            ctx = kw.get("ctx")
            color = opts(ctx).color if isinstance(ctx, typer.Context) else False
            try:
                check_text(ctx)
                return fn(*args, **kw)
            except FtzError as err:
                report(err.diagnostics, color)
                raise typer.Exit(err.exit_code) from None
            except BrokenPipeError:
                # the reader went away (``ftz list | head``): not an error of ours
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                raise typer.Exit(0) from None
            except KeyboardInterrupt:
                typer.echo("已中断，未写入任何内容。", err=True)
                raise typer.Exit(130) from None
            except (typer.Exit, typer.Abort, SystemExit):
                raise
            except Exception as err:  # noqa: BLE001 - the last line of defence
                if os.environ.get("FTZ_DEBUG"):
                    raise
                typer.echo(f"内部错误：{type(err).__name__}: {err}\n"
                           "  提示：这是 ftz 的缺陷，不是您的操作问题。请把这条信息和所用命令发给维护人员；"
                           "设置环境变量 FTZ_DEBUG=1 可看到详细信息。", err=True)
                raise typer.Exit(1) from None

        _COMMANDS[name] = CommandInfo(name, cls=_Command, callback=run, **kwargs)
        return fn

    return decorate


@contextlib.contextmanager
def _usage_errors(where: str = "ftz") -> Iterator[None]:
    """Click's usage errors (English, in a box) as E407 diagnostics in Chinese, exit 2."""
    try:
        yield
    except Exception as err:
        classes = {c.__name__ for c in type(err).__mro__}
        # click is vendored in recent typer, so the classes are recognised by name
        if "UsageError" not in classes or "NoArgsIsHelpError" in classes:
            raise
        ctx = getattr(err, "ctx", None)
        report([usage_diagnostic(err, ctx, where)], opts(ctx).color if ctx is not None else False)
        raise typer.Exit(2) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ftz {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[str | None, typer.Option(
        "--data", metavar="DIR", help="工作区文件夹（含 targets.yaml 和 updates/）")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="不使用颜色")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只输出错误")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="显示版本号")] = False,
) -> None:
    """义乌自贸区推进情况报告工具。"""
    color = not no_color and not os.environ.get("NO_COLOR") and sys.stderr.isatty()
    ctx.obj = Options(data, color, quiet)


def workspace(ctx: typer.Context) -> Any:
    from ftz_cli.store.workspace import find

    return find(opts(ctx).data)


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


def choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise UsageProblem(f"{name} 不能是“{value}”", hint="可用：" + "、".join(allowed))
    return value


def emit(text: str, output: str | None = None) -> None:
    """Results to standard output, or to a file (``-`` is standard output)."""
    if output in (None, "-"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    assert output is not None
    if Path(output).is_dir():
        raise FtzError(Diagnostic("E405", f"“{output}”是一个文件夹，不是文件",
                                  hint=f"在 -o 后写出文件名，例如 -o {Path(output) / 'out.txt'}"))
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as err:
        raise FtzError(Diagnostic("E405", f"无法写入“{output}”：{err.strerror}",
                                  hint="检查文件夹是否存在、是否有写入权限。")) from None


def _complete_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from ftz_cli.cli.completion import item_ids

    return item_ids(ctx, incomplete)


def _complete_areas(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from ftz_cli.cli.completion import area_names

    return area_names(ctx, incomplete)


FormatOption = Annotated[str, typer.Option("--format", "-f", help="输出格式")]
AreaOption = Annotated[list[str] | None, typer.Option(
    "--area", "-a", help="只看某个领域（可重复），如 trade 或 贸易自由", autocompletion=_complete_areas)]
IdArgument = Annotated[str, typer.Argument(
    metavar="ID", help="指标编号，如 trade.import-export-2021", autocompletion=_complete_ids)]
AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE", help="统计截至日期（默认今天），如 2021-06-30")]


@command("init")
def init_command(
    ctx: typer.Context,
    directory: Annotated[str, typer.Argument(metavar="DIR", help="新工作区的文件夹")],
) -> None:
    """用自带的计划新建一个工作区（不会覆盖已有的工作区）。"""
    from ftz_cli.store.workspace import init

    root = init(Path(not_blank(directory, "DIR", "给出新工作区的文件夹，如 ftz init 自贸区进度"))).resolve()
    if not opts(ctx).quiet:
        typer.echo(f"已创建工作区：{root}\n下一步：export FTZ_DATA={root}  （或在命令前加 --data {root}）",
                   err=True)


@command("validate")
def validate_command(
    ctx: typer.Context,
    directory: Annotated[str | None, typer.Argument(
        metavar="[DIR]", help="要校验的工作区（默认同 --data 的查找顺序）")] = None,
    fmt: FormatOption = "text",
) -> None:
    """校验计划和全部进度文件，一次列出所有问题。"""
    from ftz_cli.store.validation import validate
    from ftz_cli.store.workspace import find

    choice(fmt, ("text", "json"), "--format")
    ws = find(directory) if directory else workspace(ctx)
    diagnostics = validate(ws, today())
    if fmt == "json":
        from ftz_cli.views.rows import to_json

        emit(to_json([d.to_json() for d in diagnostics]))
    else:
        report(diagnostics, opts(ctx).color)
        if not opts(ctx).quiet:
            errors = sum(d.severity == "error" for d in diagnostics)
            warnings = len(diagnostics) - errors
            where = "ftz 自带的计划" if ws.readonly else str(ws.root)
            verdict = "校验通过" if not errors else "校验未通过"
            typer.echo(f"{verdict}：{where}，{errors} 个错误，{warnings} 个警告。", err=True)
    if has_errors(diagnostics):
        raise typer.Exit(1)


@command("list")
def list_command(
    ctx: typer.Context,
    area: AreaOption = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", "-k", help="只看某类：flow、level、count、milestone、qualitative")] = None,
    status: Annotated[list[str] | None, typer.Option(
        "--status", "-s", help="只看某种状态（可重复），如 behind、overdue、no_data")] = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = "table",
    bom: Annotated[bool, typer.Option("--bom", help="CSV 加 BOM，便于中文 Excel 直接打开")] = False,
    output: Annotated[str | None, typer.Option("--output", "-o", help="写入文件（- 为标准输出）")] = None,
) -> None:
    """列出指标和事项及其进度、状态。"""
    from ftz_cli.core.selection import loaded_or_fail, progress
    from ftz_cli.views.rows import COLUMNS, row, to_csv, to_json

    choice(fmt, ("table", "json", "csv"), "--format")
    day = date_option(as_of, "--as-of")
    loaded = loaded_or_fail(workspace(ctx), today())
    rows = progress(loaded, day, area or (), kind, status or ())
    if fmt == "json":
        emit(to_json([row(loaded.plan, p) for p in rows]), output)
    elif fmt == "csv":
        emit(to_csv([row(loaded.plan, p) for p in rows], COLUMNS, bom), output)
    elif output in (None, "-"):
        from ftz_cli.views.tables import print_progress

        print_progress(loaded.plan, rows, day, color=opts(ctx).color and output is None)
    else:
        from ftz_cli.views.tables import progress_text

        emit(progress_text(loaded.plan, rows, day), output)


@command("show")
def show_command(
    ctx: typer.Context,
    item_id: IdArgument,
    as_of: AsOfOption = None,
    fmt: FormatOption = "text",
) -> None:
    """查看一个事项：原文出处、进度记录和状态。"""
    from ftz_cli.core.selection import loaded_or_fail
    from ftz_cli.views.show import show

    choice(fmt, ("text", "json"), "--format")
    day = date_option(as_of, "--as-of")
    loaded = loaded_or_fail(workspace(ctx), today())
    emit(show(loaded, item_id, day, fmt))


@command("update")
def update_command(
    ctx: typer.Context,
    item_id: IdArgument,
    value: Annotated[str | None, typer.Option(
        "--value", "-v", help="数值，可带单位：3500、3,500、3500亿元、1.2万")] = None,
    status: Annotated[str | None, typer.Option(
        "--status", "-s", help="节点和定性目标的状态：未启动、推进中、已完成")] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help="数据日期（默认今天）")] = None,
    note: Annotated[str, typer.Option("--note", "-n", help="说明")] = "",
    by: Annotated[str, typer.Option("--by", help="填报人")] = "",
    replace: Annotated[bool, typer.Option(
        "--replace", help="更正同一日期已有的记录（原记录保留在历史中）")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查，不写入")] = False,
    fmt: FormatOption = "text",
) -> None:
    """录入一条进度：先校验，再追加到进度文件。"""
    if (value is None) == (status is None):
        raise UsageProblem("请给出 --value 或 --status 中的一个",
                           hint="数量型指标用 --value，节点和定性目标用 --status。")
    choice(fmt, ("text", "json"), "--format")
    from ftz_cli.parse.records import Raw

    date = today().isoformat() if date is None else not_blank(date, "--date")
    fields = {"id": item_id, "date": date, "value": value,
              "status": status, "note": note, "by": by}
    _record(ctx, [Raw(fields, "")], replace, dry_run, fmt)


@command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE|-", help="导入文件；- 表示标准输入")],
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help="csv、json、jsonl、yaml 或 xlsx（默认按扩展名）")] = None,
    replace: Annotated[bool, typer.Option(
        "--replace", help="更正同一日期已有的记录（原记录保留在历史中）")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查并显示将录入的内容，不写入")] = False,
    output: Annotated[str, typer.Option("--output-format", help="结果格式：text 或 json")] = "text",
) -> None:
    """批量导入进度（全部正确才写入，有一条错就一条也不写）。"""
    from ftz_cli.importers import read_records

    choice(output, ("text", "json"), "--output-format")
    if fmt is not None:
        choice(fmt, ("csv", "json", "jsonl", "yaml", "xlsx"), "--format")
    options = opts(ctx)
    raws = read_records(file, fmt, warn=lambda d: None if options.quiet else report([d], options.color))
    _record(ctx, raws, replace, dry_run, output)


def _record(ctx: typer.Context, raws: list[Any], replace: bool, dry_run: bool, fmt: str) -> None:
    from ftz_cli.store.updates import record
    from ftz_cli.views.echo import as_rows, summary_lines

    day = today()
    updates, problems, loaded = record(workspace(ctx), raws, day, replace=replace, dry_run=dry_run)
    report(problems, opts(ctx).color)
    if fmt == "json":
        from ftz_cli.views.rows import to_json

        emit(to_json(as_rows(loaded, updates, day)))
        return
    head = "检查通过，将录入" if dry_run else "已录入"
    lines = summary_lines(loaded, updates, day)
    emit(f"{head} {len(updates)} 条{'（未写入）' if dry_run else ''}：\n"
         + "".join(f"  {line}\n" for line in lines))


@command("report")
def report_command(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    area: AreaOption = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help="md 或 html（默认按 -o 的扩展名，否则 md）")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="写入文件（- 为标准输出）")] = None,
    templates: Annotated[Path | None, typer.Option(
        "--templates", metavar="DIR", help="自定义模板文件夹，其中的文件覆盖同名内置模板")] = None,
    title: Annotated[str | None, typer.Option("--title", help="简报名称（默认取 ftz.yaml）")] = None,
    issue: Annotated[int | None, typer.Option("--issue", help="期号（默认取 ftz.yaml，否则为周次）")] = None,
    org: Annotated[str | None, typer.Option("--org", help="编发单位（默认取 ftz.yaml）")] = None,
) -> None:
    """生成推进情况简报（Markdown 或 HTML）。"""
    from ftz_cli.core.selection import loaded_or_fail
    from ftz_cli.views.briefing import build_context, render_report, report_format, template_dirs

    kind = report_format(fmt, output)
    if issue is not None and issue < 1:
        raise UsageProblem(f"--issue 应为正整数，不能是 {issue}", hint="期号从 1 开始，如 --issue 12。")
    day = date_option(as_of, "--as-of")
    loaded = loaded_or_fail(workspace(ctx), today())
    context = build_context(loaded, day, area or (), title=title, issue=issue, org=org)
    emit(render_report(context, kind, template_dirs(templates, loaded.workspace)), output)


@command("sheet")
def sheet_command(
    ctx: typer.Context,
    area: Annotated[list[str] | None, typer.Option(
        "--area", "-a", help="只含某个领域（可重复），如 trade 或 贸易自由")] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE.xlsx", help="保存为（默认 进度填报表-日期.xlsx；- 为标准输出）")] = None,
    as_of: AsOfOption = None,
    force: Annotated[bool, typer.Option("--force", help="文件已存在时覆盖")] = False,
) -> None:
    """生成发给各部门的进度填报表（Excel）；填好后用 ftz import 导入。"""
    from ftz_cli.core.selection import loaded_or_fail
    from ftz_cli.views.sheet import build_sheet, default_name, save_sheet

    day = date_option(as_of, "--as-of")
    data, count = build_sheet(loaded_or_fail(workspace(ctx), today()), day, area or ())
    path = save_sheet(data, output or default_name(day), force)
    if not opts(ctx).quiet and path != "-":
        typer.echo(f"已生成填报表：{path}（{count} 项）。填好后运行：ftz import {path}", err=True)


@command("weekly")
def weekly_command(
    ctx: typer.Context,
    start: Annotated[str, typer.Option("--from", metavar="DATE", help="第一周所含的日期，如 2021-01-04")],
    end: Annotated[str, typer.Option("--to", metavar="DATE", help="最后一周所含的日期，如 2021-12-31")],
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="输出文件夹")] = Path("briefs"),
    fmt: Annotated[list[str] | None, typer.Option(
        "--format", "-f", help="md 或 html（可重复，默认 md）")] = None,
    area: AreaOption = None,
    templates: Annotated[Path | None, typer.Option(
        "--templates", metavar="DIR", help="自定义模板文件夹")] = None,
    title: Annotated[str | None, typer.Option("--title", help="周报名称")] = None,
    org: Annotated[str | None, typer.Option("--org", help="编发单位")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只输出错误")] = False,
) -> None:
    """按 ISO 周批量生成周报（每周截至周日），并生成索引。"""
    from ftz_cli.core.selection import loaded_or_fail
    from ftz_cli.views.briefing import FORMATS, template_dirs
    from ftz_cli.views.weekly import weeks_between, write_all

    formats = list(dict.fromkeys(choice(f, FORMATS, "--format") for f in fmt or ["md"]))
    weeks = weeks_between(date_option(start, "--from"), date_option(end, "--to"))
    loaded = loaded_or_fail(workspace(ctx), today())
    dirs = template_dirs(templates, loaded.workspace)
    # on a terminal: a progress bar and a summary; in scripts and with --quiet: only errors
    quiet = quiet or opts(ctx).quiet or not sys.stderr.isatty()
    with progress_bar(len(weeks), "生成周报", quiet) as step:
        files = write_all(loaded, weeks, out, formats, area or (), dirs, title=title, org=org,
                          step=step)
    if not quiet:
        typer.echo(f"已生成 {len(weeks)} 周、{len(files)} 个文件（含索引），在 {out}/", err=True)


@contextlib.contextmanager
def progress_bar(total: int, label: str, quiet: bool) -> Iterator[Callable[[str], None]]:
    """A Rich progress bar on a terminal; nothing at all in pipes, scripts or with --quiet."""
    if quiet or os.environ.get("TERM") == "dumb":
        yield lambda _: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda name: bar.update(task, advance=1, description=f"{label} {name}")


def main() -> None:
    """Console entry point."""
    try:
        app(prog_name="ftz")
    except BrokenPipeError:  # pragma: no cover
        sys.exit(0)
