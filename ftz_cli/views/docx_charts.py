"""The brief's pictures in Word as native charts (DrawingML chart parts), editable in Word and
WPS and drawn by LibreOffice, from the same numbers as the HTML's SVG (``views/charts.py``).

Each chart is a part ``/word/charts/chartN.xml`` related to the document and placed inline.
The figures are kept in each series' cache (what every program draws from) and, from that
cache, in the chart's own workbook (``/word/embeddings/…xlsx``, made with openpyxl), so that
Word's and WPS's 编辑数据 opens them for an office to correct or extend. Lines differ by
dash and lights by pattern as well as by colour, so a black-and-white print reads.
Imported only when a .docx is written.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from ftz_cli.views.docx_parts import xml
from ftz_cli.views.formats import cn_number

_NS = ('xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # chart dates are spreadsheet day numbers
_FONT = '<a:latin typeface="SimHei"/><a:ea typeface="SimHei"/>'
# a light's colour and the pattern that tells it apart in black and white
_LIGHTS = {"done": ("1565C0", None), "on_track": ("2E7D32", "wdUpDiag"), "behind": ("F2C200", "pct20"),
           "red": ("C62828", "diagCross"), "verdict": ("FFFFFF", "narHorz"),
           "carried": ("FFFFFF", "narVert"), "grey": ("E0E0E0", None)}
EMU_PER_MM = 36000
_PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
# the charts' type (hundredths of a point): names, axes, counts and legends 9 pt in print
TYPE_PT = 900


def holder(w: Any) -> Any:
    """A paragraph for charts: centred, single-spaced (the body's exact line height would clip
    them to one line), no indent, kept with what follows."""
    p = w.para()
    fmt = p.paragraph_format
    fmt.first_line_indent, fmt.line_spacing, fmt.keep_with_next = 0, 1.0, True
    p.alignment = 1
    return p


def add_chart(doc: Any, paragraph: Any, chart_xml: str, width_mm: float, height_mm: float) -> None:
    """``chart_xml`` as a new chart part with its workbook (the figures an office edits in
    Word or WPS: 编辑数据), drawn inline at the end of ``paragraph``."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part, XmlPart
    from docx.oxml import parse_xml

    package = doc.part.package
    number = sum(1 for p in package.iter_parts() if p.partname.startswith("/word/charts/")) + 1
    space = parse_xml(chart_xml.encode("utf-8"))
    part = XmlPart(PackURI(f"/word/charts/chart{number}.xml"), _CHART_TYPE, space, package)
    book = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Sheet{number}.xlsx"), _XLSX_TYPE,
                workbook(space), package)
    link = part.relate_to(book, _PACKAGE_REL)
    space.append(parse_xml(f'<c:externalData {_NS} r:id="{link}"><c:autoUpdate val="0"/></c:externalData>'))
    rid = doc.part.relate_to(part, _CHART_REL)
    cx, cy = round(width_mm * EMU_PER_MM), round(height_mm * EMU_PER_MM)
    drawing = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f'<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{9000 + number}" name="图表 {number}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic {_NS}><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
    xml(paragraph).append(parse_xml(drawing))


def workbook(space: Any) -> bytes:
    """The chart's sheet (Sheet1) from the figures cached in its series: each reference
    ``Sheet1!$B$2:$B$5`` gets its points, row 1 the series' name (日期 over a date column)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for series in space.iter(f"{_C}ser"):
        name = series.findtext(f"{_C}tx/{_C}v") or ""
        for ref in series.iter(f"{_C}numRef", f"{_C}strRef"):
            column = ref.findtext(f"{_C}f").split("!$")[1].split("$")[0]
            fmt = ref.findtext(f"{_C}numCache/{_C}formatCode") or "General"
            is_x = ref.getparent().tag in (f"{_C}xVal", f"{_C}cat")
            sheet[f"{column}1"] = ("日期" if fmt.startswith("yyyy") else "专班") if is_x else name
            for point in ref.iter(f"{_C}pt"):
                cell = sheet[f"{column}{int(point.get('idx')) + 2}"]
                text = point.findtext(f"{_C}v")
                cell.value = float(text) if ref.tag == f"{_C}numRef" else text
                cell.number_format = fmt
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(content: str, size: int = TYPE_PT, bold: bool = False) -> str:
    b = ' b="1"' if bold else ""
    return (f'<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}"{b}>{_FONT}</a:defRPr>'
            f'</a:pPr><a:r><a:rPr lang="zh-CN" sz="{size}"{b}>{_FONT}</a:rPr><a:t>{escape(content)}</a:t></a:r>'
            "</a:p></c:rich></c:tx>")


def _txpr(size: int = TYPE_PT) -> str:
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}">{_FONT}</a:defRPr></a:pPr>'
            '<a:endParaRPr lang="zh-CN"/></a:p></c:txPr>')


def _numbers(values: Sequence[float], column: str, fmt: str = "General") -> str:
    """Figures as a reference into the chart's sheet with their cache (what programs draw)."""
    points = "".join(f'<c:pt idx="{i}"><c:v>{v!r}</c:v></c:pt>' for i, v in enumerate(values))
    return (f"<c:numRef><c:f>Sheet1!${column}$2:${column}${len(values) + 1}</c:f><c:numCache>"
            f"<c:formatCode>{escape(fmt)}</c:formatCode><c:ptCount val=\"{len(values)}\"/>"
            f"{points}</c:numCache></c:numRef>")


def _strings(values: Sequence[str], column: str) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(v)}</c:v></c:pt>' for i, v in enumerate(values))
    return (f"<c:strRef><c:f>Sheet1!${column}$2:${column}${len(values) + 1}</c:f><c:strCache>"
            f'<c:ptCount val="{len(values)}"/>{points}</c:strCache></c:strRef>')


def _line(colour: str, dash: str, width: int = 19050) -> str:
    return (f'<c:spPr><a:ln w="{width}" cap="flat"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
            f'<a:prstDash val="{dash}"/></a:ln></c:spPr>')


def _scatter(index: int, name: str, xs: Sequence[float], ys: Sequence[float], line: str,
             marker: str) -> str:
    return (f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/><c:tx><c:v>{escape(name)}</c:v></c:tx>'
            f"{line}<c:marker>{marker}</c:marker>"
            f"<c:xVal>{_numbers(xs, 'ABCDEF'[index * 2], 'yyyy-mm-dd')}</c:xVal>"
            f"<c:yVal>{_numbers(ys, 'ABCDEF'[index * 2 + 1])}</c:yVal>"
            '<c:smooth val="0"/></c:ser>')


def _day(day: dt.date) -> float:
    return float((day - _EXCEL_EPOCH).days)


def trend_xml(name: str, chart: dict[str, Any], unit: str) -> str:
    """One target's trend: 实际 (solid, dots), 序时进度 (dotted), 按目前进度预计 (dashed)."""
    s = chart["series"]
    start, deadline, target = _day(s["start"]), _day(s["deadline"]), float(s["target"])
    days = [_day(d) for d, _ in s["records"]]
    values = [float(v) for _, v in s["records"]]
    dot = '<c:symbol val="circle"/><c:size val="5"/><c:spPr><a:solidFill><a:srgbClr val="000000"/></a:solidFill></c:spPr>'
    series = [_scatter(0, "实际", days, values, _line("000000", "solid", 22225), dot),
              _scatter(1, "序时进度", [start, deadline], [0.0, target], _line("616161", "sysDot", 12700),
                       '<c:symbol val="none"/>')]
    if chart["projection"] is not None:
        series.append(_scatter(2, "按目前进度预计", [days[-1], deadline], [values[-1], float(s["projection"])],
                               _line("000000", "dash", 19050), '<c:symbol val="none"/>'))
    top = chart["top_value"]
    axes = (_value_axis(1001, 1002, "b", start, deadline, 'm"月"', max((deadline - start) / 4, 1))
            + _value_axis(1002, 1001, "l", 0.0, top, "General", None, grid=True))
    title = f"{name}（{unit}）" if unit else name
    return _space(title, legend=False, plot='<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>'
                  + "".join(series) + '<c:axId val="1001"/><c:axId val="1002"/></c:scatterChart>' + axes)


def _value_axis(axis: int, cross: int, pos: str, low: float, high: float, fmt: str,
                unit: float | None, grid: bool = False) -> str:
    lines = "<c:majorGridlines><c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"D9D9D9\"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>" if grid else ""
    step = f'<c:majorUnit val="{unit!r}"/>' if unit else ""
    return (f'<c:valAx><c:axId val="{axis}"/><c:scaling><c:orientation val="minMax"/>'
            f'<c:max val="{high!r}"/><c:min val="{low!r}"/></c:scaling><c:delete val="0"/>'
            f'<c:axPos val="{pos}"/>{lines}<c:numFmt formatCode="{escape(fmt, {chr(34): "&quot;"})}" sourceLinked="0"/>'
            '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
            f'{_txpr()}<c:crossAx val="{cross}"/><c:crosses val="autoZero"/>'
            f'<c:crossBetween val="midCat"/>{step}</c:valAx>')


def _space(title: str, plot: str, legend: bool = True) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace {_NS}>'
            '<c:roundedCorners val="0"/><c:chart>'
            f'<c:title>{_text(title, 1000, bold=True)}<c:overlay val="0"/></c:title>'
            f'<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>{plot}</c:plotArea>'
            + (f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{_txpr()}</c:legend>' if legend else "")
            + '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
            '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
            f"{_txpr()}</c:chartSpace>")


def _fill(key: str) -> str:
    colour, pattern = _LIGHTS[key]
    fill = (f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>' if pattern is None else
            f'<a:pattFill prst="{pattern}"><a:fgClr><a:srgbClr val="000000"/></a:fgClr>'
            f'<a:bgClr><a:srgbClr val="{colour}"/></a:bgClr></a:pattFill>')
    return f'<c:spPr>{fill}<a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></c:spPr>'


def lights_xml(picture: dict[str, Any]) -> str:
    """各专班亮灯情况: a stacked bar per 专班, a series per light, the counts written on them."""
    bars = picture["bars"]
    categories = f'<c:cat>{_strings([b["team"] for b in bars], "A")}</c:cat>'
    series = []
    for index, light in enumerate(picture["lights"]):
        counts = [next((s["count"] for s in b["segments"] if s["key"] == light["key"]), 0) for b in bars]
        if not any(counts):
            continue
        labels = ('<c:dLbls><c:numFmt formatCode="0;-0;;" sourceLinked="0"/><c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></c:spPr>'
                  f'{_txpr()}<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
                  '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>')
        series.append(f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
                      f'<c:tx><c:v>{escape(light["light"])}</c:v></c:tx>{_fill(light["key"])}'
                      f'<c:invertIfNegative val="0"/>{labels}{categories}'
                      f'<c:val>{_numbers([float(c) for c in counts], "BCDEFGHIJ"[index])}</c:val></c:ser>')
    plot = ('<c:barChart><c:barDir val="bar"/><c:grouping val="stacked"/><c:varyColors val="0"/>'
            + "".join(series) + '<c:gapWidth val="60"/><c:overlap val="100"/>'
            '<c:axId val="2001"/><c:axId val="2002"/></c:barChart>'
            '<c:catAx><c:axId val="2001"/><c:scaling><c:orientation val="maxMin"/></c:scaling>'
            '<c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/>'
            '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
            f'{_txpr()}<c:crossAx val="2002"/><c:crosses val="autoZero"/><c:auto val="1"/>'
            '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
            '<c:valAx><c:axId val="2002"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling>'
            '<c:delete val="0"/><c:axPos val="t"/><c:numFmt formatCode="General" sourceLinked="0"/>'
            '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
            f'{_txpr()}<c:crossAx val="2001"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>')
    return _space("各专班亮灯情况（项）", plot)


LEGEND = "图中实线为实际进度，点线为序时进度，虚线为按目前进度预计。"


def caption(r: dict[str, Any]) -> str:
    """The line under a trend: its class and the forecast in words."""
    note = f"；{r['chart']['note']}" if r.get("chart") and r["chart"]["note"] else ""
    return f"{r['outlook_label']}：{r['projection_text']}（目标{cn_number(r['target'], r['unit'])}{note}）"
