"""``ftz init``: a new workspace from the bundled plan, empty or with sample progress."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from shlex import quote

from ftz_cli.commands.output import say
from ftz_cli.store.workspace import Workspace, init, is_workspace


@dataclass(frozen=True, slots=True)
class Request:
    """What ``ftz init`` is asked: a new workspace in ``directory``, empty or the example."""

    directory: Path
    example: bool = False


@dataclass(frozen=True, slots=True)
class Result:
    """The workspace made, how many sample records it holds, and what to do next."""

    workspace: Workspace
    records: int
    message: str


def run(request: Request) -> Result:
    """Make the workspace (nothing printed: ``render`` says it)."""
    directory = request.directory
    # paths in the next command are shell-quoted: a folder with spaces, quotes or $ pastes as is
    folder, brief = quote(str(directory)), quote(str(directory / "简报.html"))
    if not request.example:
        ws = init(directory)
        here = ws.root == _cwd()
        return Result(ws, 0, f"已创建工作区：{ws.root}\n"
                             + ("下一步：在这个文件夹中运行 ftz 命令" if here else
                                f"下一步：cd {folder}，在其中运行 ftz 命令（或在命令前加 --data {folder}）")
                             + _nested(ws.root))
    from ftz_cli.commands import sample
    from ftz_cli.parse.dates import today

    ws = init(directory, settings=sample.settings())
    count = sample.fill(ws, today())
    return Result(ws, count, f"已创建示例工作区（示例数据，{count} 条进度记录，截至 2021 年 6 月）：{ws.root}\n"
                             f"下一步：ftz --data {folder} report --as-of {sample.SAMPLE_AS_OF} -o {brief}"
                             + _nested(ws.root))


def _cwd() -> Path | None:
    try:
        return Path.cwd().resolve()
    except OSError:  # the current folder was deleted under us
        return None


def _nested(root: Path) -> str:
    """A note when the new workspace sits inside another: ftz run there finds the new one (as
    git finds the nearest repository), so records typed there no longer go to the outer one."""
    outer = next((p for p in root.parents if is_workspace(p)), None)
    if outer is None:
        return ""
    return (f"\n注意：它在另一个工作区（{outer}）之内；在新文件夹中运行 ftz 用的是新工作区，"
            f"进度不会记入 {outer}。如是误建，删去这个文件夹即可。")


def render(result: Result, *, quiet: bool) -> None:
    say(result.message, quiet)
