"""The command line's own mistakes, told in the contract's form: click's usage errors in
Chinese, and text that is not UTF-8 refused before it can reach a file."""

from __future__ import annotations

import re
from typing import Any

from ftz_cli.core.errors import Diagnostic, UsageProblem

# options that name files: a file name need not be UTF-8 (Linux allows any bytes)
_FILE_OPTIONS = frozenset({"data", "directory", "file", "output"})


def check_text(ctx: Any) -> None:
    """Refuse text that is not UTF-8 (``--note $'\\xff'``) before it reaches a file."""
    while ctx is not None:
        for param in ctx.command.params:
            given = ctx.params.get(param.name)
            for value in given if isinstance(given, list | tuple) else [given]:
                if (isinstance(value, str) and not value.isascii()
                        and param.name not in _FILE_OPTIONS and not _storable(value)):
                    raise UsageProblem(f"{param_name(param)} 含有无法识别的字符（不是 UTF-8 编码的文字）",
                                       hint="请把终端或脚本文件的编码设为 UTF-8，再重新输入这一项。")
        ctx = ctx.parent


def param_name(param: Any) -> str:
    """``--format`` for an option, ``ID`` for an argument, as the user types or reads it."""
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "argument":
        return str(param.human_readable_name)
    return str(next((o for o in param.opts if o.startswith("--")), param.opts[0]))


def usage_diagnostic(err: Any, ctx: Any, where: str) -> Diagnostic:
    kind = type(err).__name__
    param = getattr(err, "param", None)
    name = param_name(param)
    hint = f"运行“{ctx.command_path if ctx is not None else where} --help”查看用法。"
    text = str(getattr(err, "message", err))
    if kind == "NoSuchOption":
        message = f"没有选项“{err.option_name}”"
        if err.possibilities:
            hint = f"您是不是要用 {'、'.join(sorted(err.possibilities))}？" + hint
    elif kind == "MissingParameter":
        argument = getattr(param, "param_type_name", "") == "argument"
        message = f"缺少{'参数' if argument else '选项'} {name}"
    elif kind == "BadOptionUsage":
        taken = "does not take" in text
        message = f"选项 {err.option_name} {'不带取值' if taken else '后面缺少取值'}"
    elif kind == "BadParameter":
        value = re.match(r"'(.*)' is not a valid", text)
        message = f"{name} 的取值{f'“{value.group(1)}”' if value else ''}不对"
        if getattr(getattr(param, "type", None), "name", "") in ("int", "integer"):
            hint = "应为整数，如 3。"
    elif command := re.match(r"No such command '(.*?)'", text):
        message = f"没有命令“{command.group(1)}”"
        known = ctx.command.list_commands(ctx) if ctx is not None else []
        import difflib

        close = difflib.get_close_matches(command.group(1), known, n=1)
        hint = (f"您是不是要用 {close[0]}？" if close else "") + "可用的命令：" + "、".join(known)
    elif text.startswith("Missing command"):
        message = "缺少命令（全局选项之后要写一个命令）"
        known = ctx.command.list_commands(ctx) if ctx is not None else []
        hint = "可用的命令：" + "、".join(known) + "。" + hint
    elif extra := re.search(r"unexpected extra argument\S* \((.*)\)", text):
        message = f"多余的参数：{extra.group(1)}"
        hint = "值里有空格时，请用引号把整个值括起来。" + hint
    else:
        message = f"命令行有误：{text}"
    return Diagnostic("E407", message, hint=hint)


def _storable(text: str) -> bool:
    from ftz_cli.parse.values import storable  # deferred: most arguments are ASCII, and start-up counts

    return storable(text)
