"""``ftz init``: a new workspace from the bundled plan, empty or with sample progress."""

from __future__ import annotations

from pathlib import Path
from shlex import quote

from ftz_cli.commands.output import say
from ftz_cli.store.workspace import init


def run(directory: Path, *, example: bool, quiet: bool) -> None:
    ws = init(directory, sample=example)
    root = ws.root
    # paths in the next command are shell-quoted: a folder with spaces, quotes or $ pastes as is
    folder, brief = quote(str(directory)), quote(str(directory / "简报.html"))
    if example:
        from ftz_cli.commands.sample import SAMPLE_AS_OF, fill
        from ftz_cli.parse.dates import today

        count = fill(ws, today())
        say(f"已创建示例工作区（示例数据，{count} 条进度记录，截至 2021 年 6 月）：{root}\n"
            f"下一步：ftz --data {folder} report --as-of {SAMPLE_AS_OF} -o {brief}", quiet)
        return
    say(f"已创建工作区：{root}\n"
        f"下一步：cd {folder}，在其中运行 ftz 命令（或在命令前加 --data {folder}）", quiet)
