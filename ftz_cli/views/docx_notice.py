"""督办通知 as Word documents (``ftz remind --format docx -o DIR``): one per unit, with the
same 红头 conventions as the brief (the title in the reference document's masthead style, the
office and date above a red rule, page numbers — 1 — at the foot), then the unit's notice."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from ftz_cli.views import docx_parts as parts
from ftz_cli.views.docx import open_reference
from ftz_cli.views.formats import cn_date
from ftz_cli.views.safe import printable

_HEADS = tuple(f"{n}、" for n in "一二三四五六七八九十")


def notice_docx(unit: str, text: str, org: str, as_of: dt.date, reference: Path | None = None,
                sample: bool = False) -> bytes:
    """One unit's notice (the text ``remind`` prints for it) as a .docx document."""
    doc = open_reference(reference)
    styles = parts.style_ids(doc)

    def para(content: str, style: str = "Normal", *, bold: bool = False, indent: bool = True) -> Any:
        p = doc.add_paragraph()
        parts.set_style(p, styles.get(style) or styles.get("Normal", "Normal"))
        p.add_run(printable(content)).bold = bold
        if not indent:
            p.paragraph_format.first_line_indent = 0
        return p

    lines = text.rstrip("\n").split("\n")
    section = doc.sections[0]
    parts.page_number_footer(section)
    para("督办通知" if lines[0].startswith("【督办通知】") else "催办通知", "ftz Masthead")
    if sample:
        para("示例数据：本通知由示例进度生成，不是真实进度，请勿发送。", bold=True).alignment = 1
    meta = para(f"{org}\t{cn_date(as_of)}", indent=False)
    meta.paragraph_format.tab_stops.add_tab_stop(
        section.page_width - section.left_margin - section.right_margin, alignment=2)
    parts.rule(meta, "bottom", parts.RED, 18)
    para(f"{unit}：", indent=False)
    body = [line for line in lines[1:] if line.strip()]
    signature = body[-2:]  # the office and the date close the notice
    for line in body[:-2]:
        if line.startswith("列入督办："):
            para(line, bold=True)
        else:
            para(line, "Heading 1" if line.startswith(_HEADS) else "Normal")
    for line in signature:
        para(line, indent=False).alignment = 2
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
