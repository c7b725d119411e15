"""The ``ftz`` console entry point."""

from __future__ import annotations

import contextlib
import sys
from typing import Any

_INTERRUPTED = 130


def main() -> None:
    """Console entry point."""
    for stream in (sys.stdout, sys.stderr):
        # a console that cannot show a character (GBK lacks some) gets "?", not a crash
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
    try:
        # imported here, inside the handler: Ctrl-C while starting up is a message, not a traceback
        from ftz_cli.cli import commands, plans  # noqa: F401 - registers the commands, in help order
        from ftz_cli.cli.app import app
    except KeyboardInterrupt:
        print("已中断，未写入任何内容。", file=sys.stderr)
        sys.exit(_INTERRUPTED)
    try:
        app(prog_name="ftz")
    except BrokenPipeError:  # pragma: no cover
        sys.exit(0)
    except KeyboardInterrupt:  # while the command line is read, outside any command
        from ftz_cli.store import journal

        print(journal.interrupted_message(), file=sys.stderr)
        sys.exit(_INTERRUPTED)


def __getattr__(name: str) -> Any:
    """``app`` for tests and embedding, with every command registered."""
    if name == "app":
        from ftz_cli.cli import commands, plans  # noqa: F401
        from ftz_cli.cli.app import app

        return app
    raise AttributeError(name)
