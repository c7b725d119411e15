"""全年预期: where a target heads by its deadline at the pace so far, and its outlook class.

The rules are domain.md's "Looking ahead" (documented for users in docs/outlook.md):
- projection  of a numeric target, from its figure's own date:
              flow (年度累计): value v at time progress t (序时进度 of the value's date) → v / t;
              level, count: the least-squares straight line through the records in the
              period (start … as-of, two or more), read at the deadline; with one record,
              the line from the plan's baseline through it (a baseline without a date
              counts from the start); with less, none (无法预计). On or after the deadline
              the projection is the value itself. A forecast of whole things (个, 项, 家 …,
              ``WHOLE_UNITS``) counts whole ones only: 19.6个 at the pace so far is 19个 done
              by the deadline (a target to stay under rounds the other way: 4.2家 is 5家).
- outlook     done (已完成) when the item is done; awaiting_verdict (待认定) while an item
              waits for the office's verdict; for a projection, projected completion ≥
              ``outlook_likely`` → likely (预计能完成), ≥ ``outlook_at_risk`` → at_risk
              (有风险), else unlikely (难以完成); anything past its deadline and not done
              is unlikely (长期坚持 items excepted); a figure held for checking (待核实) is
              not projected (unassessed); otherwise the unit's own view (能完成 →
              likely, 有难度 → at_risk, 不能完成 → unlikely), else unassessed (待评估).
- unit_view   预计完成情况 of the item's latest record (a unit states it each time it reports).
A projection is a forecast: every view prints it as 按目前进度预计…, never as a fact.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ftz_cli.core.model import Item, Update
from ftz_cli.core.settings import Settings
from ftz_cli.core.snapshot import Book
from ftz_cli.core.status import Progress, completion, time_progress

if TYPE_CHECKING:
    from ftz_cli.core.history import History

OUTLOOKS: tuple[str, ...] = ("done", "likely", "at_risk", "unlikely", "awaiting_verdict", "unassessed")
OUTLOOK_LABELS = {
    "done": "已完成",
    "likely": "预计能完成",
    "at_risk": "有风险",
    "unlikely": "难以完成",
    "awaiting_verdict": "待认定",
    "unassessed": "待评估",
}
# the unit's own view (预计完成情况, as the sheet asks it) and the class it stands for
UNIT_OUTLOOKS: tuple[str, ...] = ("能完成", "有难度", "不能完成")
UNIT_CLASSES = {"能完成": "likely", "有难度": "at_risk", "不能完成": "unlikely"}
UNKNOWN = "无法预计"
FORECAST = "按目前进度预计"  # how every view introduces a projection
_EPSILON = 1e-9  # 80% computed as 0.7999999999 is 80%
# units of things counted one by one (parse/values.py's base units of a count): a forecast of
# them is a whole number; 万户, 亿元, 平方公里 and durations (天, 小时) may well be fractions
WHOLE_UNITS = frozenset({"个", "项", "家", "组", "件", "座", "条", "批", "次", "笔", "户", "单", "人"})


class Outlook(NamedTuple):
    """An item's 全年预期 on one day."""

    code: str
    projection: float | None = None  # in the target's unit
    projected_completion: float | None = None  # the completion the projection would have
    unit_view: str | None = None  # 能完成 / 有难度 / 不能完成, from the latest record that says

    @property
    def label(self) -> str:
        return OUTLOOK_LABELS[self.code]

    @property
    def disagrees(self) -> bool:
        """The unit's view and the projection put the item in different classes."""
        return (self.unit_view is not None and self.projected_completion is not None
                and self.code in ("likely", "at_risk", "unlikely")
                and UNIT_CLASSES[self.unit_view] != self.code)


def project(item: Item, records: Sequence[Update], as_of: dt.date) -> float | None:
    """Where ``item`` heads by its deadline from its records up to ``as_of`` (by date); None
    when it cannot be told (无法预计)."""
    if not item.quantitative:
        return None
    valued = [u for u in records if u.value is not None and item.start <= u.date <= as_of]
    if not valued:
        return None
    latest = valued[-1]
    assert latest.value is not None  # noqa: S101 - valued
    if latest.date >= item.deadline:
        return latest.value
    if item.kind == "flow":
        t = time_progress(item.start, item.deadline, latest.date)
        return _whole(item, latest.value / t) if t > 0 else None
    points = [(u.date, u.value) for u in valued]
    if len(points) < 2 and item.baseline is not None:
        start = item.baseline.date or item.start
        if start < latest.date:
            points.insert(0, (start, item.baseline.value))
    return _whole(item, _line_at(points, item.deadline))


def _whole(item: Item, projection: float | None) -> float | None:
    """A forecast of whole things as whole things, never rounded up into meeting the target:
    19.6个 heading for 20个 is 19个 (a thing half done is not done); 4.2家 heading for 5家以内 is 5家."""
    if projection is None or item.unit not in WHOLE_UNITS:
        return projection
    if item.comparator in ("<", "<="):
        return float(math.ceil(projection - _EPSILON))
    return float(math.floor(projection + _EPSILON))


def _line_at(points: Sequence[tuple[dt.date, float | None]], day: dt.date) -> float | None:
    """The least-squares straight line through ``points`` read at ``day``; None for fewer
    than two distinct dates. A level never heads below zero."""
    if len({d for d, _ in points}) < 2:
        return None
    xs = [float(d.toordinal()) for d, _ in points]
    ys = [float(v or 0.0) for _, v in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = (sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
             / sum((x - mean_x) ** 2 for x in xs))
    return max(mean_y + slope * (day.toordinal() - mean_x), 0.0)


def classify(fraction: float, settings: Settings) -> str:
    """likely, at_risk or unlikely for a projected completion (thresholds from the settings)."""
    if fraction + _EPSILON >= settings.outlook_likely:
        return "likely"
    if fraction + _EPSILON >= settings.outlook_at_risk:
        return "at_risk"
    return "unlikely"


def assess(p: Progress, history: History, settings: Settings) -> Outlook:
    """The 全年预期 of the item ``p`` evaluates, from its history up to ``p.as_of``."""
    view = (p.reported.outlook or None) if p.reported is not None else None
    if p.status == "done":
        return Outlook("done", unit_view=view)
    if p.status == "awaiting_verdict":
        return Outlook("awaiting_verdict", unit_view=view)
    if p.status == "carried":  # 转入年度任务: its annual item carries the question on
        return Outlook("unassessed", unit_view=view)
    item = p.item
    # a flow needs its latest figure only; a level or count the line through all of them; a
    # figure held for checking (待核实) is no pace: the projection is from the figures the light is
    held = history.held_days(item) if p.needs_check else frozenset()
    records = [] if p.latest is None else [p.latest] if item.kind != "level" and item.kind != "count" \
        else [u for u in history.until(p.as_of) if u.date.toordinal() not in held]
    projection = project(item, records, p.as_of)
    # the completion the projected figure would have: projection / target, or measured from
    # the baseline for a lower-is-better or growth target (status.completion, the one rule)
    fraction = completion(item, p.latest._replace(value=projection)) \
        if projection is not None and p.latest is not None else None
    if p.as_of >= item.deadline and not item.ongoing:  # time is up and it is not done
        return Outlook("unlikely", projection, fraction, view)
    if fraction is not None:
        return Outlook(classify(fraction, settings), projection, fraction, view)
    if view is not None:  # a goal, a milestone, or a target with too little to project from
        return Outlook(UNIT_CLASSES[view], unit_view=view)
    return Outlook("unassessed")


def outlook_of(book: Book, p: Progress) -> Outlook:
    """``assess`` with the book's history and settings."""
    return assess(p, book.history(p.item.id), book.settings)
