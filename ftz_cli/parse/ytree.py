"""Text from bytes, and the position-keeping trees YAML is read into.

Apart from ``yamlio`` (the parser) so that what every command needs, the settings in the
shape ``ftz init`` writes, is read without compiling the parser's patterns or importing
PyYAML.
"""

from __future__ import annotations

from typing import Any

from ftz_cli.core.errors import Diagnostic

MAX_BYTES = 64 * 1024 * 1024
SPLIT_HINT = "请把文件拆成几个较小的文件。"
_UTF8_HINT = "请在记事本或 WPS 中用“另存为”，把编码选为“UTF-8”后保存，再运行一次。"


class YMap(dict[Any, Any]):
    """A mapping that remembers its own position and those of its keys and values."""

    __slots__ = ("line", "column", "key_pos", "value_pos")

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.key_pos: dict[Any, tuple[int, int]] = {}
        self.value_pos: dict[Any, tuple[int, int]] = {}


class YList(list[Any]):
    """A sequence that remembers its own position and those of its entries."""

    __slots__ = ("line", "column", "item_pos")

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.item_pos: list[tuple[int, int]] = []


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 (a BOM is fine); GBK, UTF-16 and binary files are named."""
    if len(data) > MAX_BYTES:
        from ftz_cli.core.files import too_big

        return None, [too_big(path, len(data), MAX_BYTES, SPLIT_HINT)]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Diagnostic("E002", "文件是 UTF-16 编码，ftz 只读 UTF-8", path, 1, 1,
                                 hint=_UTF8_HINT)]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        try:
            data.decode("gb18030")
            message = "文件不是 UTF-8 编码，看起来是 GBK（中文 Windows 的默认编码）"
        except UnicodeDecodeError:
            message = "文件不是 UTF-8 编码的文本"
        return None, [Diagnostic("E002", message, path, line, column, hint=_UTF8_HINT)]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Diagnostic("E002", "文件含有二进制内容，不是文本文件", path, line, 1,
                                 hint="请确认选对了文件。")]
    return text, []
