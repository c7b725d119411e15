"""Help screens in Chinese, whole: ftz writes them itself from click's public objects.

Click and Typer build their help from English strings ("Usage:", "Show this message and
exit.", "[default: …]", "[required]") and wrap by characters, not by terminal cells, so
Chinese lines overrun 80 columns or get cut. The command classes in ``app.py`` call
``command_help``/``group_help`` from ``format_help``; only public attributes are read
(``params``, ``opts``, ``help``, ``default``, ``metavar``, ``required`` …).
"""

from __future__ import annotations

import inspect
import shutil
from typing import Any

from ftz_cli.views.cells import pad, width, wrap

# help texts that click and Typer give their own options, in Chinese
_OWN_HELP = {
    "help": "显示本帮助并退出",
    "install_completion": "为当前使用的 shell 安装命令补全（按 Tab 补全命令、选项、指标编号）",
    "show_completion": "显示当前 shell 的补全脚本，以便复制或自行安装",
}
# a value's placeholder when the option names none, by click's type name
_TYPE_METAVARS = {"text": "文字", "integer": "整数", "path": "路径", "float": "数字",
                  "choice": "选项"}
_MAX_WIDTH = 100
_MAX_LEFT = 30


def screen_width() -> int:
    """The terminal's width (80 when unknown), never above 100, where text gets hard to read."""
    return max(40, min(_MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns))


def _metavar(param: Any) -> str:
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    if param.metavar:
        return str(param.metavar)
    return _TYPE_METAVARS.get(getattr(param.type, "name", ""), "值")


def _names(param: Any) -> str:
    names = sorted(param.opts, key=lambda o: (o.startswith("--"), o))  # -f, --format
    names += list(getattr(param, "secondary_opts", []))
    return ", ".join(names) + (f" {_metavar(param)}" if _metavar(param) else "")


def _default(param: Any) -> str:
    value = param.default
    if (callable(value) or value in (None, False, "", (), [])
            or getattr(param, "is_flag", False) or getattr(param, "show_default", True) is False):
        return ""
    return f"[默认：{value}]"


def _described(param: Any) -> str:
    text = _OWN_HELP.get(param.name) or inspect.cleandoc(getattr(param, "help", None) or "")
    marks = [m for m in (_default(param), "[必填]" if param.required else "") if m]
    return " ".join([text.rstrip("。"), *marks]).strip()


def _table(rows: list[tuple[str, str]], limit: int) -> list[str]:
    """Two columns, the second wrapped by cells; a long first column takes a line of its own."""
    # a name too long for the column takes its own line, so it does not widen the column
    left = max((width(name) for name, _ in rows if width(name) <= _MAX_LEFT), default=0)
    lines: list[str] = []
    for name, text in rows:
        body = wrap(text, max(20, limit - left - 4)) if text else [""]
        if width(name) > left:
            lines.append(f"  {name}")
            lines += [" " * (left + 4) + line for line in body if line]
            continue
        lines.append(f"  {pad(name, left)}  {body[0]}".rstrip())
        lines += [" " * (left + 4) + line for line in body[1:]]
    return lines


def _paragraphs(text: str, limit: int) -> list[str]:
    lines: list[str] = []
    for block in inspect.cleandoc(text).split("\n\n"):
        lines += ["  " + line for line in wrap(" ".join(block.split()), limit - 2)] + [""]
    return lines


def _options(ctx: Any, command: Any, limit: int) -> list[tuple[str, list[str]]]:
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [(p.human_readable_name, _described(p)) for p in params
                 if p.param_type_name == "argument"]
    options = [(_names(p), _described(p)) for p in params if p.param_type_name == "option"]
    sections = []
    if arguments:
        sections.append(("参数：", _table(arguments, limit)))
    if options:
        sections.append(("选项：", _table(options, limit)))
    return sections


def command_help(ctx: Any, command: Any) -> str:
    """The help of one command (``ftz list --help``)."""
    limit = screen_width()
    arguments = [p.human_readable_name for p in command.get_params(ctx)
                 if p.param_type_name == "argument"]
    lines = [" ".join(["用法：" + ctx.command_path, "[选项]", *arguments]), ""]
    lines += _paragraphs(command.help or "", limit)
    for title, body in _options(ctx, command, limit):
        lines += [title, *body, ""]
    return "\n".join(lines).rstrip() + "\n"


def group_help(ctx: Any, group: Any) -> str:
    """The help of ``ftz`` itself: global options and the commands."""
    limit = screen_width()
    lines = [f"用法：{ctx.command_path} {'[全局选项] ' if ctx.parent is None else ''}命令 [命令的参数和选项]", ""]
    lines += _paragraphs(group.help or "", limit)
    for _, body in _options(ctx, group, limit):
        lines += ["全局选项（写在命令之前）：" if ctx.parent is None else "选项：", *body, ""]
    commands = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            summary = inspect.cleandoc(command.help or "").split("\n\n")[0]
            commands.append((name, " ".join(summary.split())))
    lines += ["命令：", *_table(commands, limit), ""]
    example = "report" if ctx.parent is None else next(iter(group.list_commands(ctx)), "")
    lines += [f"每个命令的用法：{ctx.command_path} 命令 --help，例如 {ctx.command_path} {example} --help"]
    return "\n".join(lines) + "\n"
