"""What this run has written, so that an interrupted run can say so honestly.

Every writer notes a file before its atomic rename (pending) and after it (written). After
Ctrl-C the message names what was written, and a file caught mid-rename as "either the
old or the new content, whole" — never "nothing was written" when something was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

_written: list[Path] = []
_pending: list[Path] = []


def reset() -> None:
    """Forget earlier runs (several commands run in one process in tests)."""
    _written.clear()
    _pending.clear()


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Around the rename that puts ``path`` in place.

    No ``finally``: a path whose rename was interrupted, or failed, stays pending, since
    nobody can say from here whether the rename had happened."""
    _pending.append(path)
    yield
    _written.append(path)
    _pending.remove(path)


def interrupted_message() -> str:
    """What to say after Ctrl-C, in the user's words."""
    pending = [p for p in _pending if p not in _written]
    if not _written and not pending:
        return "已中断，未写入任何内容。"
    lines = ["已中断。"]
    if _written:
        lines.append("中断前已完整写入：" + "、".join(str(p) for p in _written))
    if pending:
        lines.append("中断时正在写入：" + "、".join(str(p) for p in pending)
                     + "（文件要么仍是原来的内容，要么已是完整的新内容，不会只写一半）")
    lines.append("  提示：运行 ftz validate 或 ftz show 查看已录入的内容，不要重复录入。")
    return "\n".join(lines)


def written_note() -> str | None:
    """After an error: the files already written whole before it, if any."""
    if not _written:
        return None
    return "注意：出错之前已完整写入：" + "、".join(str(p) for p in _written) + "（不要重复录入）"
