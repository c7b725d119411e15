"""``ftz init``: a new workspace from the bundled plan."""

from __future__ import annotations

from pathlib import Path

from ftz_cli.commands.output import say
from ftz_cli.store.workspace import init


def run(directory: Path, *, quiet: bool) -> None:
    root = init(directory).resolve()
    say(f"已创建工作区：{root}\n下一步：export FTZ_DATA={root}  （或在命令前加 --data {root}）", quiet)
