"""Limits for templates a colleague may have written: they show data, within bounds.

Jinja's immutable sandbox keeps a template from reaching ``os`` or changing a list; it does
not bound what a template costs. A template in a folder named by ``--templates`` or the
``report.templates`` setting renders here under three limits, each a clear error (E470)
instead of an out-of-memory kill or a hang:

- **size**: no string or list longer than ``MAX_TEXT`` is made by ``*``, ``**``, ``%``, ``+``
  or a call (``'a' * 10**10``, ``'{:>9999999999}'.format(1)``), the rendered output stops at
  ``MAX_TEXT`` characters, and on Linux rendering may take at most 1 GiB more memory
  (``'a' | center(10**10)``: a MemoryError, said as this limit);
- **steps**: at most ``MAX_STEPS`` attribute look-ups, calls and filter uses, and each loop
  at most the sandbox's ``range`` (100,000 items);
- **time**: at most ``MAX_SECONDS`` of rendering (nested loops that do nothing), on systems with
  ``SIGALRM`` (Linux, macOS; on Windows the step limit remains).

ftz's own templates are its code and render without these checks (templating.py).
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_TEXT = 20_000_000  # characters: a hundred times a year's brief
MAX_STEPS = 20_000_000
MAX_SECONDS = 30.0
_WIDTH = re.compile(r"(\d{7,})")  # a width or precision of a million or more in a format spec


class TemplateLimit(Exception):  # noqa: N818 - a limit reached, said in the user's words
    """A template went beyond a limit; ``str()`` is the Chinese message."""


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with every operator that can allocate and every call checked."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.steps = 0

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateLimit(f"模板运算超过 {MAX_STEPS:,} 步（循环太多或嵌套太深）")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.step()
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_product(left, right)
        elif operator == "%" and isinstance(left, str) and _WIDTH.search(left):
            raise TemplateLimit("模板中的格式宽度过大")
        result = super().call_binop(context, operator, left, right)
        return _bounded(result)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.step()
        return super().getattr(obj, attribute)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.step()
        _check_format(__obj, args)
        return _bounded(super().call(__context, __obj, *args, **kwargs))

    def guard_filters(self) -> None:
        """Every filter checked like a call (filters are called directly, not through ``call``)."""
        for name, function in list(self.filters.items()):
            self.filters[name] = self._guarded(function)

    def _guarded(self, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.step()
            _check_format(function, args)
            return _bounded(function(*args, **kwargs))

        return guarded


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


def _bounded(value: Any) -> Any:
    if _size(value) > MAX_TEXT:
        raise TemplateLimit(f"模板生成的文字或列表超过 {MAX_TEXT:,} 个")
    return value


def _check_product(left: Any, right: Any) -> None:
    for seq, times in ((left, right), (right, left)):
        if isinstance(times, int) and _size(seq) * max(times, 0) > MAX_TEXT:
            raise TemplateLimit(f"模板生成的文字或列表超过 {MAX_TEXT:,} 个")


def _check_power(base: Any, exponent: Any) -> None:
    if (isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1 and exponent > 0
            and exponent * math.log2(abs(base)) > 100_000):  # a number of more than 30,000 digits
        raise TemplateLimit("模板中的乘方结果过大")


def _check_format(function: Any, args: tuple[Any, ...]) -> None:
    """``'{:>9999999}'.format(x)`` or ``'%9999999s' | format(x)``: a width of a million or more."""
    owner = getattr(function, "__self__", None)
    if isinstance(owner, str) and getattr(function, "__name__", "") in ("format", "format_map"):
        spec = owner
    elif getattr(function, "__name__", "") == "do_format" and args and isinstance(args[0], str):
        spec = args[0]
    else:
        return
    if _WIDTH.search(spec):
        raise TemplateLimit("模板中的格式宽度过大（不能超过一百万）")


def collect(pieces: Iterator[str]) -> str:
    """The rendered pieces joined, stopping at ``MAX_TEXT`` characters."""
    out: list[str] = []
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > MAX_TEXT:
            raise TemplateLimit(f"模板输出超过 {MAX_TEXT:,} 个字符")
        out.append(piece)
    return "".join(out)


@contextlib.contextmanager
def memory_cap(extra: int = 1 << 30) -> Iterator[None]:
    """At most ``extra`` bytes more address space while a template renders (Linux): what the
    checks above miss (``'a' | center(10**10)``, strings doubled again and again) is then a
    MemoryError, made a clear error by the caller, not the machine swapping until a kill."""
    try:
        import resource

        used = int(Path("/proc/self/statm").read_bytes().split()[0]) * resource.getpagesize()
    except (ImportError, OSError, ValueError, IndexError):
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = used + extra
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # already bounded more tightly
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def deadline(seconds: float | None = None) -> Iterator[None]:
    """At most ``seconds`` (default ``MAX_SECONDS``) of rendering, where the system allows it."""
    import signal

    limit = MAX_SECONDS if seconds is None else seconds
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise TemplateLimit(f"模板运行超过 {limit:g} 秒（循环太多或嵌套太深）")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
