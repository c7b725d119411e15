"""Reading progress records from the files people send: CSV, JSON, JSON Lines, YAML, Excel
(.xlsx with openpyxl; .xls and .ods with python-calamine).

Each reader turns bytes into ``Raw`` records that remember where every field stood (the
line or sheet row, and the column), so that ``store.record`` can check them all and point
at the cell to fix. Problems with the file itself (encoding, syntax, missing columns, size)
raise ``FtzError`` listing every one found. Nothing here writes anything.

Hostile input is bounded before it is parsed: the file size, the number of records, the
unzipped size of a workbook and its declared rows and columns; YAML goes through
``yamlio`` (no tags, no aliases, duplicate keys reported).

- ``table``: rows under a header (CSV here, Excel in ``excel``);
- ``mappings``: records as mappings (YAML, JSON, JSON Lines), with their positions.
"""

from __future__ import annotations

import codecs
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.files import megabytes, over
from ftz_cli.importers.calamine import read_ods, read_xls
from ftz_cli.importers.common import SAVE_AS_XLSX, STDIN, Warn
from ftz_cli.importers.excel import read_xlsx
from ftz_cli.importers.mappings import read_json, read_jsonl, read_yaml
from ftz_cli.importers.table import read_csv
from ftz_cli.parse.incoming import nothing_to_record
from ftz_cli.parse.records import Raw

__all__ = ["FORMATS", "MAX_BYTES", "STDIN", "Reading", "read_records"]

MAX_BYTES = 50 * 1024 * 1024        # the file as given
FORMATS = ("csv", "json", "jsonl", "yaml", "xlsx", "xls", "ods")
_EXTENSIONS = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".json": "json", ".jsonl": "jsonl",
    ".ndjson": "jsonl", ".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".xls": "xls", ".ods": "ods",
}
_OLD_OFFICE = {".et": "WPS 表格（.et）", ".numbers": "Numbers 表格"}
# a brief or a notice given by mistake: a .docx is a zip like a workbook, but never a broken one
_DOCUMENTS = {".docx": "Word 文档", ".doc": "Word 文档", ".wps": "WPS 文字文档", ".pdf": "PDF 文件"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .et, .doc


def _to_stderr(diagnostic: Diagnostic) -> None:
    sys.stderr.write(diagnostic.format() + "\n")


class Reading(NamedTuple):
    """The records read, and the problems of rows that could not be read (a formula without
    its value, a broken CSV row): told with the other rows' problems, once those are checked."""

    raws: list[Raw]
    problems: list[Diagnostic]


def read_records(file: str, fmt: str | None, warn: Warn = _to_stderr) -> Reading:
    """The records in ``file`` (``-`` is standard input), one ``Raw`` per non-blank record.

    ``fmt`` is one of FORMATS, or None to go by the file name, then by the content.
    Warnings (unknown columns, a GBK file) go to ``warn``; a row that cannot be read is left
    out and its problem returned; problems with the file as a whole raise FtzError.
    """
    shown = STDIN if file == "-" else file
    data = read_input(file, shown)
    if not data.strip() or data.strip() == codecs.BOM_UTF8:
        raise FtzError(Diagnostic("E003", "文件是空的（没有任何内容）", shown,
                                  hint="请确认选对了文件，并已保存填好的内容。"))
    kind = fmt or _format_of(file, data, shown)
    _refuse_other_formats(data, kind, shown)
    once, problems = _Once(warn), list[Diagnostic]()

    def told(diagnostic: Diagnostic) -> None:
        # errors are not passed through _Once: two cells with the same formula are two problems
        if diagnostic.severity == "error":
            problems.append(diagnostic)
        else:
            once(diagnostic)

    raws = _READERS[kind](data, shown, told)
    if not raws:
        raise FtzError(problems or nothing_to_record(shown))
    return Reading(raws, problems)


# -- the file and its format --------------------------------------------------------

def read_input(file: str, shown: str) -> bytes:
    if file == "-":
        stream = getattr(sys.stdin, "buffer", None)
        data = stream.read(MAX_BYTES + 1) if stream is not None else \
            sys.stdin.read(MAX_BYTES + 1).encode("utf-8")
    else:
        path = Path(file)
        try:
            if path.is_dir():
                raise FtzError(Diagnostic("E001", f"“{file}”是文件夹，不是文件", shown,
                                          hint="请给出要导入的文件，例如 进度填报表.xlsx。"))
            status = path.stat()
            if not stat.S_ISREG(status.st_mode):  # /dev/zero never ends; a FIFO may never start
                raise FtzError(Diagnostic(
                    "E009", f"“{file}”不是普通文件（是设备、命名管道或套接字），ftz 不从它读取", shown,
                    hint="请给出保存好的文件；要从其他程序的输出导入，用管道和“-”：某命令 | ftz import -"))
            size = status.st_size
            if size > MAX_BYTES:
                raise FtzError(_too_big(size, shown))
            with path.open("rb") as stream:  # it may grow after stat(): read no more than the limit
                data = stream.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise FtzError(Diagnostic("E001", f"找不到文件“{file}”", shown,
                                      hint=f"请检查文件名和所在文件夹（当前文件夹：{Path.cwd()}）。")) from None
        except OSError as err:
            raise FtzError(Diagnostic("E001", f"无法读取“{file}”：{err.strerror}", shown,
                                      hint="检查文件是否被其他程序占用、是否有读取权限。")) from None
    if len(data) > MAX_BYTES:
        raise FtzError(_too_big(len(data), shown))
    return data


def _too_big(size: int, shown: str) -> Diagnostic:
    """``size`` is the whole file's, or for standard input just past the limit (all that is read)."""
    shown_size, limit = over(size, MAX_BYTES)
    message = f"输入超过上限 {megabytes(MAX_BYTES)}" if shown == STDIN else f"文件有 {shown_size}，超过上限 {limit}"
    return Diagnostic("E004", message, shown, hint="请把文件拆成几个较小的文件分别导入。")


def _format_of(file: str, data: bytes, shown: str) -> str:
    """The format from the file name, else from the first bytes."""
    suffix = "" if file == "-" else Path(file).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if suffix in _OLD_OFFICE:
        raise FtzError(Diagnostic("E301", f"不能直接读取{_OLD_OFFICE[suffix]}文件", shown,
                                  hint=SAVE_AS_XLSX))
    if suffix in _DOCUMENTS:
        raise FtzError(Diagnostic("E301", f"“{Path(file).name}”是 {_DOCUMENTS[suffix]}，ftz import 读不了", shown,
                                  hint="ftz import 导入进度填报表（.xlsx、.xls、.ods）、CSV、JSON 或 YAML；"
                                       "文档中的表格请复制到 Excel，另存为 .xlsx 后再导入。"))
    if data.startswith(_ZIP_MAGIC):
        return "ods" if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in data[:200] else "xlsx"
    if data.startswith(_OLE_MAGIC):
        return "xls"
    head = data[:65536].removeprefix(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        lines = [line.strip() for line in head.splitlines() if line.strip()][:2]
        one_per_line = len(lines) == 2 and all(line.startswith(b"{") for line in lines)
        return "jsonl" if one_per_line else "json"
    if head.startswith((b"- ", b"---", b"#")):
        return "yaml"
    return "csv"


def _refuse_other_formats(data: bytes, kind: str, shown: str) -> None:
    if data.startswith(_OLE_MAGIC) and kind != "xls":
        raise FtzError(Diagnostic("E301", f"文件内容是旧版 Excel（.xls）工作簿，不是 {kind.upper()}", shown,
                                  hint="把文件扩展名改为 .xls，或加选项 --format xls。"))
    if kind in ("xls", "xlsx", "ods") and not data.startswith((_OLE_MAGIC, _ZIP_MAGIC)) and (text := _text_kind(data)):
        # a web system's "Excel" export, or a CSV renamed: say what the file is, not that it is damaged
        raise FtzError(Diagnostic("E303", f"文件扩展名是 .{kind}，但内容是{' ' * text[0].isascii()}{text}，不是 Excel 工作簿", shown,
                                  hint="把扩展名改为 .csv，或加选项 --format csv。" if text.startswith("CSV")
                                  else SAVE_AS_XLSX))
    if kind not in ("xlsx", "ods") and data.startswith(_ZIP_MAGIC):  # 填报表.xls holding a workbook, too
        raise FtzError(Diagnostic("E301", f"文件内容是 Excel 工作簿（.xlsx），不是 {kind.upper()}", shown,
                                  hint="把文件扩展名改为 .xlsx，或加选项 --format xlsx。"))
    if kind == "xls" and not data.startswith(_OLE_MAGIC):
        raise FtzError(Diagnostic("E303", "文件不是旧版 Excel（.xls）工作簿", shown, hint=SAVE_AS_XLSX))


def _text_kind(data: bytes) -> str:
    """What a text file that claims to be a workbook holds: a web page's table (what many
    systems export as "Excel"), the XML of Excel 2003, CSV text; "" when it is none of them."""
    head = data[:4096].removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")) or b"<table" in head:
        return "网页（HTML）表格"
    if head.startswith(b"<?xml"):
        return "XML 表格（Excel 2003 的 XML 格式）"
    line = head.split(b"\n", 1)[0]
    return "CSV 文本" if b"\0" not in head and (b"," in line or b"\t" in line) else ""


class _Once:
    """Pass each distinct warning on once (an unknown field in 10,000 records is one warning)."""

    def __init__(self, warn: Warn) -> None:
        self.warn = warn
        self.seen: set[tuple[str, str]] = set()

    def __call__(self, diagnostic: Diagnostic) -> None:
        key = (diagnostic.code, diagnostic.message)
        if key not in self.seen:
            self.seen.add(key)
            self.warn(diagnostic)


_READERS: dict[str, Callable[[bytes, str, Warn], list[Raw]]] = {
    "csv": read_csv, "json": read_json, "jsonl": read_jsonl, "yaml": read_yaml,
    "xlsx": read_xlsx, "xls": read_xls, "ods": read_ods,
}
