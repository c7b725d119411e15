"""The Jinja environment: the one place templates are found, configured and rendered.

Search order, first match wins, one file at a time: the folders given by the caller (a
user's ``--templates DIR``, or the ``report.templates`` setting), then the built-in
templates. So a user overrides any single file by copying it, and keeps the rest.

Templates are data a colleague may have written, so they render in Jinja's immutable
sandbox: no attribute starting with ``_``, no call that changes a list or dict, no way
from ``cycler`` or a filter to ``os``. A template that tries is a template error (E406).

jinja2 is imported here only, and this module only by the commands that render, so
``ftz --help`` and ``ftz validate`` never pay for it.
"""

from __future__ import annotations

import contextlib
import functools
import re
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.resources import bundled
from ftz_cli.views import formats as cnfmt
from ftz_cli.views import sandbox
from ftz_cli.views.safe import printable
from ftz_cli.views.sandbox import LimitedSandbox, TemplateLimit
from ftz_cli.views.template_files import FolderLoader, bytecode_cache

# Markdown punctuation that could start emphasis, code, links, HTML or a table cell
# boundary when it comes from data; a backslash makes each one literal (CommonMark §2.4).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")
# a line that would open a block (heading, quote, list item, rule) if data began with it
_MD_BLOCK_START = re.compile(r"^(\s*)(#{1,6}|[-+=]+|\d{1,9}[.)])(?=\s|$)")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def md(value: object) -> str:
    """Data made literal in Markdown: safe inline and inside a GFM table cell.

    ``|`` becomes ``\\|`` and line breaks become ``<br>``, so a table row always has the
    header's number of cells; HTML-looking text is shown, never interpreted.
    """
    text = _MD_SPECIAL.sub(r"\\\1", str(value))
    text = _MD_BLOCK_START.sub(_escape_marker, text)
    return _NEWLINES.sub("<br>", text)


def _escape_marker(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker[0].isdigit():  # "1." → "1\.": the backslash goes before the punctuation
        return match.group(1) + marker[:-1] + "\\" + marker[-1]
    return match.group(1) + "\\" + marker


FILTERS: dict[str, Callable[..., Any]] = {
    "cn_date": cnfmt.cn_date,
    "cn_number": cnfmt.cn_number,
    "cn_target": cnfmt.cn_target,
    "cn_ordinal": cnfmt.cn_ordinal,
    "cn_week": cnfmt.cn_week,
    "gb_number": cnfmt.gb_number,
    "pct": cnfmt.pct,
    "points": cnfmt.points,
    "md": md,
}


def environment(search: tuple[Path, ...] = (), *, html: bool,
                cache: Path | None = None) -> jinja2.Environment:
    """The environment for templates in ``search`` (first wins), then the built-in ones.

    ``html`` escapes every template's output for HTML except the CSS partials; Markdown
    templates escape data with the ``md`` filter. The mode belongs to the environment,
    not to a template's name, because the wording macros (``_text.j2``) are shared: in
    Jinja a macro escapes by the mode of the file that defines it, so a partial compiled
    without escaping would pass ``<script>`` from a note straight into the HTML.

    Cached, so rendering many briefs in one run (``ftz weekly``) builds each once; with
    ``cache`` (a folder), compiled templates are kept there between runs.
    """
    return _environment(search, html, cache)


def _escape_html(name: str | None) -> bool:
    return not (name or "").endswith(".css.j2")


@functools.lru_cache(maxsize=8)
def _environment(search: tuple[Path, ...], html: bool, cache: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [FolderLoader(folder) for folder in (*search, bundled("templates"))]
    # a folder the user names may hold anyone's template: it renders in the immutable sandbox.
    # ftz's own templates are its code; without the sandbox's check on every attribute and
    # call they render about a third faster (a year of weekly briefs).
    kind: type[jinja2.Environment] = LimitedSandbox if search else jinja2.Environment
    mode = ("jinja-sandbox-" if search else "jinja-plain-") + ("html" if html else "text")
    env = kind(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=_escape_html if html else False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_printable,
        # one folder per mode: a file compiles differently with and without escaping
        bytecode_cache=bytecode_cache(cache, mode),
    )
    env.filters.update(FILTERS)
    if isinstance(env, LimitedSandbox):
        env.guard_filters()
    return env


def _printable(value: Any) -> Any:
    """Every ``{{ }}`` from data: control, bidi and zero-width characters shown escaped."""
    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(printable(str(value)))
    return printable(value) if isinstance(value, str) else value


def render(name: str, context: Mapping[str, Any], search: Sequence[Path] = (), *,
           html: bool, cache: Path | None = None) -> str:
    """Template ``name`` rendered with ``context``; a template's fault is an FtzError E406."""
    env = environment(tuple(search), html=html, cache=cache)
    try:
        with limits(env):
            text = _generate(env, env.get_template(name), context)
        return with_csp(text) if html else text
    except FtzError:
        raise  # a template file that is not UTF-8, already named
    except (TemplateLimit, MemoryError) as err:
        raise _over_limit(err, name) from None
    except jinja2.TemplateNotFound as err:
        raise FtzError(Diagnostic(
            "E406", f"找不到模板 {err.name}", hint=_where_searched(search))) from None
    except jinja2.TemplateSyntaxError as err:
        raise FtzError(Diagnostic(
            "E406", f"模板语法错误：{err.message}", _shown(err.filename or err.name or name),
            err.lineno, hint="检查 {{ }}、{% %} 是否成对，以及 if/for 是否有对应的 endif/endfor。"
        )) from None
    except Exception as err:
        where = _template_frame(err)
        if where is None:
            raise  # not raised while running a template: a fault of ours, not the user's
        raise FtzError(Diagnostic(
            "E406", _runtime_message(err), _shown(where[0]), where[1],
            hint="模板可用的变量见 docs/templates.md。")) from None


# every HTML page ftz writes or prints loads nothing: no script, frame, font, remote or local
# file; only its own inline styles and data: images (a brief never fetches or embeds anything)
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
       "form-action 'none'; base-uri 'none'")
_CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
_ATTRS = r"""(?:\s+[\w-]+(?:=[\w-]+|="[^"<>]*")?)*\s*>\s*"""  # no quoted ">" to insert into
_PROLOGUE = re.compile(rf"\A\ufeff?\s*(?:<!doctype[^>]*>\s*)?(?:<html{_ATTRS})?(?:<head{_ATTRS})?",
                       re.IGNORECASE)


def with_csp(page: str) -> str:
    """``page`` with the policy as its first element (after a doctype and the ``<html>`` and
    ``<head>`` tags when they come first): whatever a template puts before its own ``<head>``,
    the policy is already in force for it."""
    end = _PROLOGUE.match(page)
    at = end.end() if end else 0
    return page[:at] + _CSP_META + page[at:]


@contextlib.contextmanager
def limits(env: jinja2.Environment) -> Iterator[None]:
    """A colleague's template within bounds (views.sandbox); ftz's own without checks."""
    if not isinstance(env, LimitedSandbox):
        yield
        return
    env.steps = 0
    with sandbox.deadline(), sandbox.memory_cap():
        yield


def _generate(env: jinja2.Environment, template: jinja2.Template, context: Mapping[str, Any]) -> str:
    if isinstance(env, LimitedSandbox):
        return sandbox.collect(template.generate(context))
    return template.render(context)


def _over_limit(err: BaseException, name: str) -> FtzError:
    where = _template_frame(err)
    why = str(err) if isinstance(err, TemplateLimit) else "模板运行所需内存超过上限（1 GB）"
    return FtzError(Diagnostic(
        "E470", why, _shown(where[0]) if where else name, where[1] if where else None,
        hint="模板只用来显示数据：检查其中的循环、重复和过长的文字。"))


def _template_frame(err: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in ``err``'s traceback (Jinja rewrites frames)."""
    found = None
    for frame in traceback.extract_tb(err.__traceback__):
        if frame.filename.endswith(".j2") and frame.lineno is not None:
            found = (frame.filename, frame.lineno)
    return found


def _runtime_message(err: Exception) -> str:
    text = str(err)
    if isinstance(err, jinja2.exceptions.SecurityError):
        return (f"模板试图做不允许的事（{text}）：模板只能显示数据，"
                "不能访问以“_”开头的属性、调用程序内部的方法或修改列表")
    if isinstance(err, jinja2.UndefinedError):
        missing = re.search(r"has no attribute '([^']+)'", text) or re.search(r"'([^']+)' is undefined", text)
        if missing:
            return f"模板使用了不存在的变量或字段“{missing.group(1)}”"
    return f"模板运行出错：{text}"


def _shown(filename: str) -> str:
    """User templates by their path; built-in ones named as such."""
    path = Path(filename)
    builtin = bundled("templates")
    try:
        return f"（内置模板）{path.resolve().relative_to(builtin.resolve()).as_posix()}"
    except (ValueError, OSError):
        return filename


def _where_searched(search: Sequence[Path]) -> str:
    folders = [str(f) for f in search] + ["（内置模板）"]
    return "查找过的文件夹：" + "、".join(folders)
