"""The ``ftz`` console entry point."""

from __future__ import annotations

import contextlib
import sys

_INTERRUPTED = 130


def main() -> None:
    """Console entry point."""
    try:
        for stream in (sys.stdout, sys.stderr):
            # a console that cannot show a character (GBK lacks some) gets "?", not a crash
            with contextlib.suppress(AttributeError, ValueError):
                stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        # imported here, inside the handler: Ctrl-C while starting up is a message, not a traceback
        from ftz_cli.cli import commands, plans  # noqa: F401 - registers the commands, in help order
        from ftz_cli.cli.app import app
    except KeyboardInterrupt:
        _interrupted(written=False)
    try:
        app(prog_name="ftz")
    except BrokenPipeError:  # pragma: no cover
        sys.exit(0)
    except KeyboardInterrupt:  # while the command line is read, outside any command
        _interrupted(written=True)


def _interrupted(*, written: bool) -> None:
    """Say so and leave with 130; a second Ctrl-C while saying it is ignored, not a traceback."""
    import signal

    with contextlib.suppress(ValueError, OSError):  # not the main thread: no handler to change
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    message = "已中断，未写入任何内容。"
    if written:
        with contextlib.suppress(Exception):
            from ftz_cli.cli.app import interrupted_message

            message = interrupted_message()
    print(message, file=sys.stderr)
    sys.exit(_INTERRUPTED)


def __getattr__(name: str) -> object:
    """``app`` for tests and embedding, with every command registered."""
    if name == "app":
        from ftz_cli.cli import commands, plans  # noqa: F401
        from ftz_cli.cli.app import app

        return app
    raise AttributeError(name)
