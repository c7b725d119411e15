"""What an .xlsx holds, counted before openpyxl reads any of it.

openpyxl reads the shared strings and the styles whole when it opens a workbook (read-only
mode streams only the sheets), so a 229 KB file holding 5.5 million shared strings, or a
few hundred KB of styles, costs minutes and gigabytes before the first row. The parts are
counted here, streaming and bounded, against what a fill-in sheet can need.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable

from ftz_cli.core.errors import Diagnostic, FtzError

MAX_SHARED_STRINGS = 500_000        # distinct texts: 200,000 records of a few columns each
MAX_STYLE_RECORDS = 100_000         # cell formats, fonts, fills, borders (Excel allows 64,000 formats)
MAX_CELLS = 600_000                 # cells in all the worksheets (openpyxl reads ~100,000 a second)
MAX_ROW_CELLS = 500                 # cells in one row, and its last column (as MAX_COLUMNS)
_CHUNK = 1 << 20
_CARRY = 32

_SHARED = re.compile(rb"<(?:[\w.-]+:)?si[\s>/]")
_STYLE = re.compile(rb"<(?:[\w.-]+:)?(?:xf|font|fill|border|numFmt|dxf)[\s>/]")
_CELL = re.compile(rb"<(?:[\w.-]+:)?c[\s>/]")
# a row, or a cell with the column of its reference: a row's cells are padded up to its last one
_ROW_OR_CELL = re.compile(rb"<(?:[\w.-]+:)?(row|c)[\s>/](?:[^>]{0,200}?\br\s*=\s*[\"']([A-Za-z]{1,3}))?")

_HINT = ("这不像是一张填报表。请只保留“进度填报”这一个工作表，把内容复制到新建的工作簿，"
         "另存为 .xlsx 后再导入。")


def check_parts(archive: zipfile.ZipFile, shown: str) -> None:
    """Refuse a workbook whose shared strings, styles or cells exceed what a sheet needs."""
    names = archive.namelist()
    lowered = {n.lower(): n for n in names}
    shared = [lowered[n] for n in lowered if n.endswith("sharedstrings.xml")]
    styles = [lowered[n] for n in lowered if n.endswith("styles.xml")]
    sheets = [n for n in names if n.lower().startswith("xl/worksheets/") and n.lower().endswith(".xml")]
    for parts, pattern, limit, what in (
            (shared, _SHARED, MAX_SHARED_STRINGS, "不同的文字（共享字符串）"),
            (styles, _STYLE, MAX_STYLE_RECORDS, "单元格格式"),
            (sheets, _CELL, MAX_CELLS, "单元格")):
        count = _count(archive, parts, pattern, limit)
        if count <= limit and pattern is _CELL:
            _check_rows(archive, parts, shown)
        if count > limit:
            raise FtzError(Diagnostic("E008", f"工作簿中的{what}超过 {limit:,} 个，ftz 不读取", shown,
                                      hint=_HINT))


def _count(archive: zipfile.ZipFile, parts: Iterable[str], pattern: re.Pattern[bytes], limit: int) -> int:
    """Matches of ``pattern`` in ``parts``, read a chunk at a time; stops past ``limit``."""
    total = 0
    for name in parts:
        with archive.open(name) as stream:
            buffer = b""
            while True:
                chunk = stream.read(_CHUNK)
                buffer += chunk
                # a match is counted once the bytes after its start cannot change it
                cut = len(buffer) if not chunk else max(len(buffer) - _CARRY, 0)
                total += sum(1 for m in pattern.finditer(buffer) if m.start() < cut)
                if total > limit or not chunk:
                    break
                buffer = buffer[cut:]
        if total > limit:
            break
    return total


def _check_rows(archive: zipfile.ZipFile, sheets: Iterable[str], shown: str) -> None:
    """No row wider than a sheet can be: openpyxl builds a whole row before ftz sees it."""
    for name in sheets:
        with archive.open(name) as stream:
            data = stream.read()  # within MAX_CELLS cells: bounded
        cells = 0
        for match in _ROW_OR_CELL.finditer(data):
            if match.group(1) == b"row":
                cells = 0
                continue
            cells += 1
            letters = match.group(2)
            if cells > MAX_ROW_CELLS or (letters and _column(letters) > MAX_ROW_CELLS):
                raise FtzError(Diagnostic(
                    "E310", f"工作表的一行超过 {MAX_ROW_CELLS} 列", shown,
                    hint="可能是整行设置了格式或有远处的单元格。请把要导入的内容复制到一个新工作表再导入。"))


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number
