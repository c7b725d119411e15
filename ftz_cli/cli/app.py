"""The command group: lazy commands, and the one place where errors become exit codes."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from typing import Annotated, Any, NamedTuple, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from ftz_cli import __version__
from ftz_cli.cli.usage import check_text, usage_diagnostic
from ftz_cli.commands.output import drop_stdout, print_diagnostics
from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.store import atomic

# what --quiet leaves out: notes on standard error (已生成：…, hints); results, warnings and errors stay
QUIET_HELP = "不显示提示信息（如“已生成”）；结果、警告和错误照常输出"


class _Commands(TyperGroup):
    """The command group; click's own usage errors come out in the contract's form.

    Commands are turned into click commands only when asked for: a run builds the one it
    runs, not all nine (Typer's conversion reads every signature, and start-up counts)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in _COMMANDS:
            # a one-command Typer app converts to that command (Typer's documented get_command)
            self.commands[cmd_name] = _with_quiet(typer.main.get_command(_COMMANDS[cmd_name]))
        return self.commands.get(cmd_name)

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:
        with _usage_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        with _usage_errors():  # an unknown command
            return super().invoke(ctx)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from ftz_cli.cli.help import group_help

        formatter.write(group_help(ctx, self))


def _with_quiet(command: Any) -> Any:
    """``command`` accepting ``-q``/``--quiet`` after its name too (``ftz report -q``), as before it."""
    if not any("--quiet" in getattr(p, "opts", ()) for p in command.params):
        command.params.append(typer.core.TyperOption(
            param_decls=["--quiet", "-q"], is_flag=True, expose_value=False, callback=_quiet,
            help=QUIET_HELP))
    return command


def _quiet(ctx: Any, _param: Any, value: bool) -> None:
    root = ctx.find_root()
    if value and isinstance(root.obj, Options):
        root.obj = root.obj._replace(quiet=True)


class _Command(TyperCommand):
    """A command; its usage errors name it (click does not always give them a context)."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:
        with _usage_errors(f"ftz {info_name}"):
            return super().make_context(info_name, args, parent, **extra)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from ftz_cli.cli.help import command_help

        formatter.write(command_help(ctx, self))


app = typer.Typer(
    name="ftz",
    cls=_Commands,
    help="义乌自贸区推进情况报告工具：计划数据、进度录入、校验与简报。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help is ftz's own, in Chinese (cli/help.py); no Rich at start-up
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])
_COMMANDS: dict[str, typer.Typer] = {}  # registered by ``command``, built by ``_Commands``


class Options(NamedTuple):
    data: str | None
    color: bool
    quiet: bool
    plan: str | None = None


def opts(ctx: Any) -> Options:
    root = ctx.find_root()
    if isinstance(root.obj, Options):
        return root.obj
    return Options(None, False, False)


def _guarded(fn: F) -> Callable[..., Any]:
    """``fn`` with its errors turned into messages and exit codes, here and only here."""

    @functools.wraps(fn)
    def run(*args: Any, **kw: Any) -> Any:
        ctx = kw.get("ctx")
        color = opts(ctx).color if isinstance(ctx, typer.Context) else False
        atomic.reset()
        try:
            check_text(ctx)
            return fn(*args, **kw)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except (Exception, KeyboardInterrupt) as err:  # noqa: BLE001 - every error, one place
            raise typer.Exit(_exit_code(err, color)) from None

    return run


def command(name: str, **kwargs: Any) -> Callable[[F], F]:
    """Register a command whose errors become messages and exit codes."""

    def decorate(fn: F) -> F:
        one = typer.Typer(pretty_exceptions_enable=False, add_completion=False)
        one.command(name, cls=_Command, **kwargs)(_guarded(fn))
        _COMMANDS[name] = one
        return fn

    return decorate


class _SubCommands(TyperGroup):
    """A command with subcommands (``ftz plan import``): usage errors and help as ftz's own."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:
        with _usage_errors(f"ftz {info_name}"):
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        with _usage_errors(ctx.command_path):
            return super().invoke(ctx)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from ftz_cli.cli.help import group_help

        formatter.write(group_help(ctx, self))


def subcommand(group: str, name: str, group_help: str, **kwargs: Any) -> Callable[[F], F]:
    """Register ``ftz GROUP NAME``, guarded as ``command`` guards a command."""

    def decorate(fn: F) -> F:
        if group not in _COMMANDS:
            sub = typer.Typer(name=group, cls=_SubCommands, pretty_exceptions_enable=False, add_completion=False,
                              no_args_is_help=True, rich_markup_mode=None)
            sub.callback(help=group_help)(lambda: None)
            _COMMANDS[group] = sub
        _COMMANDS[group].command(name, cls=_Command, **kwargs)(_guarded(fn))
        return fn

    return decorate


def _exit_code(err: BaseException, color: bool) -> int:
    """Say what went wrong, in the contract's form, and give the exit code for it."""
    if isinstance(err, FtzError):
        print_diagnostics(err.diagnostics, color)
        # E011 already counts the workspace's errors: a second tally would count itself too
        summed = any(d.code == "E011" for d in err.diagnostics)
        _say_written(0 if summed else sum(d.severity == "error" for d in err.diagnostics))
        return err.exit_code
    if isinstance(err, BrokenPipeError):
        # the reader went away (``ftz list | head``): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    if isinstance(err, KeyboardInterrupt) or _interrupted(err):
        # Python wraps Ctrl-C during a class's creation in RuntimeError
        typer.echo(interrupted_message(), err=True)
        return 130
    if isinstance(err, OSError):  # the machine's state (permissions, a full disk), not a defect
        from ftz_cli.core.oserrors import os_diagnostic

        if err.filename is None:
            drop_stdout()  # most likely stdout itself: its buffer would fail again at exit
        print_diagnostics([os_diagnostic(err)], color)
        _say_written()
        return 1
    if type(err).__module__ == "sqlite3" and not os.environ.get("FTZ_DEBUG"):
        print_diagnostics([_index_problem(err)], color)
        return 1
    if os.environ.get("FTZ_DEBUG"):
        raise err
    typer.echo(f"内部错误：{type(err).__name__}: {err}\n"
               "  提示：这是 ftz 的缺陷，不是您的操作问题。请把这条信息和所用命令发给维护人员；"
               "设置环境变量 FTZ_DEBUG=1 可看到详细信息。", err=True)
    return 1


def _index_problem(err: BaseException) -> Diagnostic:
    """E012: the index failed after it was opened (a page broken on disk); a broken one is
    deleted, as it holds nothing the record files do not."""
    from ftz_cli.store.private import discard

    if type(err).__name__ == "OperationalError":  # busy, read-only, full: the file may be fine
        return Diagnostic("E012", f"ftz 的索引（缓存）暂时无法使用：{err}",
                          hint="记录文件没有受到影响。请稍后再运行一次；问题持续时，可删除缓存文件夹中的 index-*.sqlite3。")
    discard()
    return Diagnostic("E012", f"ftz 的索引（缓存）已损坏：{err}",
                      hint="记录文件没有受到影响，ftz 已删除损坏的索引。请再运行一次刚才的命令，ftz 会从记录文件重建它。")


def _interrupted(err: BaseException) -> bool:
    """Whether a KeyboardInterrupt is behind ``err``."""
    seen: set[int] = set()
    cause: BaseException | None = err
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def interrupted_message() -> str:
    """What to say after Ctrl-C: what this run wrote whole, and what it was writing."""
    written, pending = atomic.written()
    if not written and not pending:
        return "已中断，未写入任何内容。"
    from ftz_cli.views.echo import some_files
    lines = ["已中断。"]
    if written:
        lines.append("中断前已完整写入：" + some_files(list(map(str, written)), 10))
    if pending:
        lines.append("中断时正在写入：" + some_files(list(map(str, pending)), 10)
                     + "（文件要么仍是原来的内容，要么已是完整的新内容，不会只写一半）")
    lines.append("  提示：运行 ftz validate 或 ftz show 查看已录入的内容，不要重复录入。")
    return "\n".join(lines)


def _say_written(errors: int = 1) -> None:
    """After an error: the files already written whole before it, if any; after several, how
    many (an import of a large sheet can list thousands) and that nothing was written."""
    written, _ = atomic.written()
    if written:
        from ftz_cli.views.echo import some_files

        typer.echo("注意：出错之前已完整写入：" + some_files(list(map(str, written)), 10) + "（不要重复录入）", err=True)
    elif errors > 1:
        typer.echo(f"以上共 {errors} 处需要改正，未写入任何内容。", err=True)


@contextlib.contextmanager
def _usage_errors(where: str = "ftz") -> Iterator[None]:
    """Click's usage errors (English, in a box) as E407 diagnostics in Chinese, exit 2."""
    try:
        yield
    except KeyboardInterrupt:  # while the command line is read: typer would exit 130 silently
        typer.echo(interrupted_message(), err=True)
        raise typer.Exit(130) from None
    except Exception as err:
        classes = {c.__name__ for c in type(err).__mro__}
        # click is vendored in recent typer, so the classes are recognised by name
        if "UsageError" not in classes or "NoArgsIsHelpError" in classes:
            raise
        ctx = getattr(err, "ctx", None)
        print_diagnostics([usage_diagnostic(err, ctx, where)], opts(ctx).color if ctx is not None else False)
        raise typer.Exit(2) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ftz {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[str | None, typer.Option(
        "--data", metavar="文件夹", help="工作区文件夹（含 targets.yaml 和 updates/）")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="不使用颜色")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
    plan: Annotated[str | None, typer.Option(
        "--plan", metavar="计划", help="使用工作区中的哪个计划（默认 2021，即 targets.yaml；ftz plans 列出全部）")] = None,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="显示版本号")] = False,
) -> None:
    """义乌自贸区推进情况报告工具。"""
    color = not no_color and not os.environ.get("NO_COLOR") and sys.stderr.isatty()
    ctx.obj = Options(data, color, quiet, plan)
