"""WordprocessingML details python-docx has no API for: borders, header rows, fields, fonts.

Imported only when a .docx is written (python-docx is a heavy import).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

from ftz_cli.views.safe import printable

LIGHT_COLOURS = {"done": "1565C0", "on_track": "2E7D32", "behind": "E0A800",
                 "severely_behind": "C62828", "overdue": "C62828", "awaiting_verdict": "6A1B9A",
                 "carried": "00838F", "no_data": "9E9E9E", "not_started": "BDBDBD"}
RED = "C00000"


def xml(part: Any) -> Any:
    """The lxml element of a paragraph, run, table, row or cell.

    python-docx offers no public accessor for most of these (only ``Run.element``); its own
    documentation reaches features without an API through ``_element``, which is stable
    across its 1.x releases. Every such use in ftz goes through here.
    """
    return part._element


def style_ids(doc: Any) -> dict[str, str]:
    """Style names to ids, for setting a paragraph's style without python-docx's per-call lookup
    (which scans every style for the default: 2 ms a paragraph, most of a long brief's time)."""
    return {style.name: style.style_id for style in doc.styles if style.type == 1}  # paragraph


def set_style(paragraph: Any, style_id: str) -> None:
    xml(paragraph).style = style_id


def east_asian(run: Any, font: str) -> None:
    """Set a run's East-Asian font (python-docx's ``font.name`` sets only the Latin ones)."""
    fonts = xml(run).get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)


def light_run(paragraph: Any, status: str) -> None:
    """A coloured ● for a status light."""
    run = paragraph.add_run("●")
    run.font.color.rgb = RGBColor.from_string(LIGHT_COLOURS.get(status, "9E9E9E"))
    run.font.size = Pt(11)


def rule(paragraph: Any, where: str = "bottom", colour: str = "000000", size: int = 6) -> None:
    """A line above or below a paragraph (the red rule of the masthead, the 版记's rules)."""
    ppr = xml(paragraph).get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    line = OxmlElement(f"w:{where}")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"),
                       ("w:color", colour)):
        line.set(qn(key), value)
    borders.append(line)


def page_number_footer(section: Any) -> None:
    """— N — centred at the foot of every page (a PAGE field, so Word and WPS count)."""
    footer = section.footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = 1  # centre
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    field.append(inner)
    xml(paragraph).append(field)
    tail = OxmlElement("w:r")
    tail_text = OxmlElement("w:t")
    tail_text.set(qn("xml:space"), "preserve")
    tail_text.text = " —"
    tail.append(tail_text)
    xml(paragraph).append(tail)


def table(head: Sequence[str], rows: Sequence[Sequence[tuple[str, str | None]]],
          widths_mm: Sequence[float], style_id: str) -> Any:
    """A bordered table as one w:tbl element: fixed column widths, a shaded header row that
    repeats on every page, rows that never split, an optional light before a cell's text.

    Written as XML text and parsed once: building a long table cell by cell through
    python-docx costs about a millisecond a cell, most of a year-end brief's time.
    """
    from docx.oxml import parse_xml

    twips = [round(w * 56.7) for w in widths_mm]
    borders = "".join(f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
                      for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
           f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
           "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{t}"/>' for t in twips) + "</w:tblGrid>"]
    out.append(_row([(h, None) for h in head], twips, style_id, header=True))
    out.extend(_row(values, twips, style_id, header=False) for values in rows)
    out.append("</w:tbl>")
    return parse_xml("".join(out))


def _row(values: Sequence[tuple[str, str | None]], twips: Sequence[int], style_id: str,
         header: bool) -> str:
    cells = []
    for (text, status), width in zip(values, twips, strict=True):
        shade = '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>' if header else ""
        light = ("" if status is None else
                 f'<w:r><w:rPr><w:color w:val="{LIGHT_COLOURS.get(status, "9E9E9E")}"/>'
                 '<w:sz w:val="22"/></w:rPr><w:t>●</w:t></w:r>')
        bold = "<w:rPr><w:b/></w:rPr>" if header else ""
        cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
                     f'<w:p><w:pPr><w:pStyle w:val="{escape(style_id, _QUOTE)}"/></w:pPr>{light}'
                     f'<w:r>{bold}<w:t xml:space="preserve">{escape(printable(text))}</w:t></w:r></w:p></w:tc>')
    props = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


_QUOTE = {'"': "&quot;"}


def keep_with_next(doc: Any) -> None:
    """Keep the document's last content with what comes next: its last paragraph, or every
    paragraph of a closing table's last row (Word then moves them to the next page together)."""
    body = xml(doc).body
    last = next((e for e in reversed(body) if e.tag in (qn("w:p"), qn("w:tbl"))), None)
    if last is None:
        return
    found = [last] if last.tag == qn("w:p") else list(last.findall(qn("w:tr"))[-1].iter(qn("w:p")))
    for paragraph in found:
        paragraph.get_or_add_pPr().keepNext_val = True  # python-docx keeps the schema's order
