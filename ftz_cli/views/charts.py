"""The brief's pictures as plain numbers: a trend per numeric target, the lights per 专班.

The templates draw them as inline SVG (``_charts.html.j2``) and the Word writer as native
charts (``docx_charts``), from the same data, so the HTML, PDF and .docx show one picture.
A trend is the item's records from its start, against the 序时进度 line (from nothing on the
start to the target on the deadline) and, dashed, the projection from the last record to
the deadline (``core/outlook.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ftz_cli.core.model import Item, Update
from ftz_cli.core.outlook import Outlook

# a trend's drawing box (SVG user units): the plot inside the margins left for labels. Two
# trends share a line of the text block in print (about 215 pt each), so a unit prints as about
# a point and the template's 9 and 10 are the type's size on paper
WIDTH, HEIGHT = 216, 120
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 20, 24
# the lights picture spans the A4 text block (156 mm, about 442 pt) in print, so one of its
# units prints as about a point: its type is 10 pt (Word's chart: 9 pt); rows kept tight so that
# the body keeps its pages
LIGHTS_WIDTH, LIGHTS_FONT, LIGHTS_ROW, LIGHTS_BAR = 440, 10, 14, 11
# lights in the order of the stacked bars, each with its pattern for black-and-white print
LIGHT_KEYS = {"已完成": "done", "绿灯": "on_track", "黄灯": "behind", "红灯": "red", "待认定": "verdict",
              "已转入": "carried", "灰灯": "grey"}


def trend(item: Item, records: Sequence[Update], outlook: Outlook, as_of: dt.date,
          held: frozenset[int] = frozenset()) -> dict[str, Any] | None:
    """A target's path, or None when it has no value to draw. A figure held for checking
    (待核实, dates as ordinals in ``held``) is left out and said so under the chart: a slip
    drawn to scale would flatten every true figure against the axis."""
    shown = [u for u in records if u.value is not None and item.start <= u.date <= as_of]
    points = [(u.date, u.value) for u in shown if u.value is not None and u.date.toordinal() not in held]
    left_out = len(shown) - len(points)
    if not points or item.target is None:
        return None
    top = max([item.target, *(v for _, v in points), outlook.projection or 0.0]) * 1.1 or 1.0
    span = max((item.deadline - item.start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return round(LEFT + plot_w * min(max((day - item.start).days / span, 0.0), 1.0), 1)

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - max(value, 0.0) / top), 1)

    last_day, last = points[-1]
    projection = None
    if outlook.projection is not None and last_day < item.deadline:
        projection = {"x1": x(last_day), "y1": y(last), "x2": x(item.deadline),
                      "y2": y(outlook.projection), "value": outlook.projection}
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "records": [{"x": x(d), "y": y(v), "date": d, "value": v} for d, v in points],
        "pace": {"x1": x(item.start), "y1": y(0.0), "x2": x(item.deadline), "y2": y(item.target)},
        "target_y": y(item.target),
        "projection": projection,
        "ticks": _ticks(item.start, item.deadline, x),
        "top_value": top,
        "note": f"另有{left_out}个待核实的数值未画出" if left_out else "",
        # raw figures for the Word chart: dates as days from the start
        "series": {"start": item.start, "deadline": item.deadline, "target": item.target,
                   "records": points, "projection": outlook.projection},
    }


def _ticks(start: dt.date, deadline: dt.date, x: Any) -> list[dict[str, Any]]:
    """Labels under the axis: the start and deadline, and quarter ends between them."""
    days = [start]
    if (deadline - start).days <= 400:
        days += [dt.date(y, m, 1) for y in range(start.year, deadline.year + 1) for m in (4, 7, 10)
                 if start < dt.date(y, m, 1) < deadline]
    days.append(deadline)
    return [{"x": x(d), "label": f"{d.month}月" if start.year == deadline.year else f"{d.year}年{d.month}月"}
            for d in days]


def lights_by_area(areas: Sequence[dict[str, Any]], rows: Sequence[dict[str, Any]],
                   named: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per 专班 (areas with items), its items counted by light: stacked bars to one scale, and
    the key: the lights the summary names (``named``: light, count), each with its pattern and
    count (已完成 34项), so the key stands for the summary's list."""
    bars = []
    for area in areas:
        mine = [r for r in rows if r["area"] == area["id"]]
        if not mine:
            continue
        counts = {light: sum(r["light"] == light for r in mine) for light in LIGHT_KEYS}
        bars.append({"team": area["team"], "name": area["name"], "total": len(mine),
                     "segments": _segments(counts)})
    widest = max((b["total"] for b in bars), default=1)
    for b in bars:
        b["scale"] = b["total"] / widest
    lights = [{"light": k, "key": v} for k, v in LIGHT_KEYS.items()]
    return {"bars": bars, "lights": lights, **_lights_layout(bars, named)}


def _width(text: str, font: float) -> float:
    """About how wide ``text`` sets: a CJK glyph is one em, a digit or Latin letter about half."""
    return sum(font if ord(c) > 0x2E7F else font * 0.55 for c in text)


def _lights_layout(bars: list[dict[str, Any]], named: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Where the SVG draws each bar, count and key: names at the left, bars to one scale, the
    total after each bar, and under them the key, wrapped to the width."""
    font = LIGHTS_FONT
    label_w = round(max((_width(b["team"], font) for b in bars), default=0) + 8, 1)
    bar_w = LIGHTS_WIDTH - label_w - 4 * font  # room for the total (185项)
    for i, b in enumerate(bars):
        b["y"], b["end"] = i * LIGHTS_ROW + 2, round(label_w + bar_w * b["scale"], 1)
        b["baseline"] = round(b["y"] + LIGHTS_BAR / 2 + font * 0.36, 1)  # text centred on the bar
        for s in b["segments"]:
            s["x"] = round(label_w + bar_w * b["scale"] * s["start"], 1)
            s["w"] = round(bar_w * b["scale"] * s["share"], 1)
            s["labelled"] = s["w"] >= _width(str(s["count"]), font) + 6
    legend, x, y = [], 0.0, len(bars) * LIGHTS_ROW + 2
    for light in named:
        text = f"{light['light']} {light['count']}项"
        step = 18 + _width(text, font) + 14
        if x and x + step - 14 > LIGHTS_WIDTH:
            x, y = 0.0, y + LIGHTS_ROW
        legend.append({"key": LIGHT_KEYS[light["light"]], "text": text, "x": round(x, 1), "y": y,
                       "baseline": round(y + 5 + font * 0.36, 1)})
        x += step
    return {"width": LIGHTS_WIDTH, "height": y + 11, "font": font, "bar": LIGHTS_BAR,
            "label_w": label_w, "legend": legend}


def _segments(counts: dict[str, int]) -> list[dict[str, Any]]:
    total = sum(counts.values()) or 1
    out, at = [], 0.0
    for light, count in counts.items():
        if count:
            out.append({"light": light, "key": LIGHT_KEYS[light], "count": count,
                        "start": round(at / total, 4), "share": round(count / total, 4)})
            at += count
    return out
