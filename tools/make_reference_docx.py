"""Build templates/reference.docx: the styles of the Word brief (GB/T 9704-2012 conventions).

Run: python tools/make_reference_docx.py. The file is committed; an office replaces it with its
own (``--reference-doc`` or ``report.reference_doc`` in ftz.yaml), as with pandoc's reference-doc.
ftz looks styles up by these names and falls back to Normal when an office's file lacks one.

Styles: Normal (仿宋 4号, first line indented two characters), ftz Masthead (小标宋, red),
Heading 1 (黑体, 一、), Heading 2 (楷体, （一）), Heading 3 (仿宋 bold, 1.), ftz Table
(仿宋 5号, in tables), ftz Annex (附件N), ftz Imprint (版记). Each sets its East-Asian font
explicitly (w:eastAsia), which python-docx does not do on its own.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"

# name: (East-Asian font, size in pt, bold, colour, centred, first-line indent in characters)
STYLES = {
    "Normal": ("仿宋", 14, False, None, False, 2),
    "ftz Masthead": ("方正小标宋简体", 26, False, "C00000", True, 0),
    "Heading 1": ("黑体", 14, False, None, False, 2),
    "Heading 2": ("楷体", 14, False, None, False, 2),
    "Heading 3": ("仿宋", 14, True, None, False, 2),
    "ftz Table": ("仿宋", 10.5, False, None, False, 0),
    "ftz Annex": ("黑体", 14, False, None, False, 0),
    "ftz Annex Title": ("方正小标宋简体", 18, False, None, True, 0),
    "ftz Imprint": ("仿宋", 12, False, None, False, 0),
}


def set_fonts(style, east_asian: str) -> None:
    style.font.name = "Times New Roman"
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the names above


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    for name, (font, size, bold, colour, centred, indent) in STYLES.items():
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
        set_fonts(style, font)
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor.from_string(colour or "000000")
        fmt = style.paragraph_format
        fmt.line_spacing = Pt(size * 1.35) if size < 20 else Pt(size * 1.3)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(size * indent) if indent else Pt(0)
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
        if name.startswith("Heading"):
            fmt.keep_with_next = True
            fmt.space_before = Pt(3)
    for name in ("Title", "Subtitle"):  # unused by ftz: keep them plain for offices that do
        set_fonts(doc.styles[name], "黑体")
    OUT.parent.mkdir(exist_ok=True)
    doc.save(str(OUT))
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
