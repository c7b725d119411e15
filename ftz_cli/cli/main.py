"""The ``ftz`` console entry point."""

from __future__ import annotations

import sys

from ftz_cli.cli import commands  # noqa: F401 - registers the commands, in help order
from ftz_cli.cli.app import app


def main() -> None:
    """Console entry point."""
    try:
        app(prog_name="ftz")
    except BrokenPipeError:  # pragma: no cover
        sys.exit(0)
