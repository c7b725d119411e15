"""The ``ftz`` console entry point."""

from __future__ import annotations

import contextlib
import sys

from ftz_cli.cli import commands  # noqa: F401 - registers the commands, in help order
from ftz_cli.cli.app import app


def main() -> None:
    """Console entry point."""
    for stream in (sys.stdout, sys.stderr):
        # a console that cannot show a character (GBK lacks some) gets "?", not a crash
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
    try:
        app(prog_name="ftz")
    except BrokenPipeError:  # pragma: no cover
        sys.exit(0)
