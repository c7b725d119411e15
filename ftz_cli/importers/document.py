"""A plan's source document (the notice a 任务分解表 comes with) as text, its Word tables as
rows, and the sentence of it that a task quotes."""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.importers.common import MAX_COLUMNS, MAX_ROWS
from ftz_cli.importers.table import Row
from ftz_cli.parse.plan_fields import squash

CLOSE_ENOUGH = 0.75  # a notice's sentence this like a table's task (the table shortened it)
_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_PDF_SECONDS = 60


def docx_tables(data: bytes, shown: str) -> list[list[Row]]:
    """Every table of a Word file, row by row (merged cells repeat their text, as Word shows it)."""
    document = _docx(data, shown)
    tables: list[list[Row]] = []
    for table in document.tables:
        rows: list[Row] = []
        for number, row in enumerate(table.rows, start=1):
            if number > MAX_ROWS:
                break
            rows.append((number, [cell.text.strip() for cell in row.cells][:MAX_COLUMNS]))
        tables.append(rows)
    return tables


def _docx(data: bytes, shown: str) -> Any:
    from ftz_cli.importers.excel import check_zip

    unopenable = Diagnostic("E602", "Word 文件无法打开：文件已损坏，或不是 .docx 格式", shown,
                            hint="请在 Word 或 WPS 中打开，“另存为”Word 文档（.docx）后再试。")
    check_zip(data, shown, unopenable)  # a .docx is a zip: bounded before anything is inflated
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - any failure to parse a hostile file is "cannot open"
        raise FtzError(unopenable) from None


def document_text(path: Path, data: bytes, shown: str) -> str:
    """The text of a notice: a Word file's paragraphs, a text file, or a PDF's text (pdftotext)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return "\n".join(p.text for p in _docx(data, shown).paragraphs)
    if suffix in (".txt", ".md"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise FtzError(Diagnostic("E002", "文件既不是 UTF-8 也不是 GBK 编码，无法读取", shown))
    if suffix == ".pdf":
        return _pdf_text(path, shown)
    raise FtzError(Diagnostic("E603", f"不能读取“{suffix or path.name}”格式的来源文件", shown,
                              hint="来源文件可以是 .docx、.txt，或 .pdf（需要安装 pdftotext，即 poppler-utils）。"))


def _pdf_text(path: Path, shown: str) -> str:
    program = shutil.which("pdftotext")
    if program is None:
        raise FtzError(Diagnostic("E603", "读取 PDF 需要 pdftotext，本机没有找到", shown,
                                  hint="安装 poppler-utils（Debian/Ubuntu：apt install poppler-utils），"
                                       "或先把 PDF 另存为文本文件（.txt）再用 --source 指定。"))
    try:
        done = subprocess.run([program, "-enc", "UTF-8", "--", str(path), "-"], capture_output=True,
                              timeout=_PDF_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is None or done.returncode != 0:
        raise FtzError(Diagnostic("E603", "pdftotext 没能读出这个 PDF 的文字", shown,
                                  hint="PDF 可能是扫描件（只有图片）或已损坏；请改用 Word 或文本文件。"))
    return done.stdout.decode("utf-8", "replace")


class Notice:
    """A source document, ready to be searched for the sentence each task quotes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.squashed = squash(text)
        self.sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]

    def quote(self, task: str) -> str | None:
        """The task as the notice words it: the task itself when the notice holds it, else
        the notice's one sentence most like it (None: no sentence is like it)."""
        if squash(task) in self.squashed:
            return task
        wanted = squash(task)
        best, best_ratio = None, CLOSE_ENOUGH
        for sentence in self.sentences:
            matcher = difflib.SequenceMatcher(None, wanted, squash(sentence), autojunk=False)
            if matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = sentence, ratio
        return best
