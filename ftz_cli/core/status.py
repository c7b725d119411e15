"""Completion, time progress and status lights: pure functions of an item and its records.

The rules are domain.md's "Status lights" (documented for users in docs/status.md):
- time progress  = clamp((day − start + 1 day) / (deadline − start + 1 day), 0, 1): both
                   the first day and the day itself count, as in Chinese reports (6月30日 = 49.6%);
                   a figure is judged at its own date (the 序时进度 of ``value_date``), so a
                   light moves with the data, and the calendar alone turns it only at the deadline
- completion     = value / target (flow, level, count); for a target measured from its
                   baseline (lower is better: 压缩至2小时以内; growth: 增长10%) the change
                   achieved over the change required, (value − baseline) / (target − baseline),
                   never below 0; 1 or 0 for a milestone; none for qualitative goals
- status         = done when the target is met (by its comparator) or the state is 已完成
                   (``late`` when first met after the deadline: 逾期完成);
                   not_started before the start date;
                   overdue (red) on or after the deadline when not met, reported or not
                   (逾期未完成 / 逾期未报送; on the deadline day itself 今日到期未完成 /
                   今日到期未报送): the tolerances apply only while time remains;
                   an ongoing item (长期坚持/持续推进) is never overdue by the calendar;
                   awaiting_verdict (到期待认定) for a qualitative goal reported but not 已完成
                   on or after its deadline: whether it was achieved is the office's judgement;
                   no_data before the deadline with no record (未报送);
                   otherwise by the gap = the figure's time progress − completion, both
                   rounded as every view prints them (tenths of a percent), so the light
                   and the printed gap agree: gap ≤ on_track_tolerance → on_track,
                   ≤ behind_tolerance → behind, else severely_behind. A milestone or goal
                   that is 推进中 is on_track; one still 未启动 when half its time had gone
                   (时间过半) at the record's date is behind.
- stale          = the latest record is older than ``stale_days``: the item keeps its last
                   state and value, and its label says 超期未更新.
- needs_check    = the latest figure is held for checking (core/slips.py) and nobody
                   confirmed it (待核实, ``held``): it counts for nothing until confirmed.
                   The item is judged on its latest figure not held (``latest``: its light,
                   value and completion), or is 待核实 (grey) when it has none; the held one
                   is listed for checking. A slip never turns a light, red or green.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ftz_cli.core.model import COMPARE, LOWER_IS_BETTER, Item, Update, Verdict
from ftz_cli.core.rounding import tenths
from ftz_cli.core.settings import Settings

if TYPE_CHECKING:
    from ftz_cli.core.history import History

DONE = "已完成"  # the progress state that meets a milestone or goal
STATUSES: tuple[str, ...] = (
    "done", "on_track", "behind", "severely_behind", "overdue", "awaiting_verdict", "carried",
    "no_data", "not_started")
STATUS_LABELS = {
    "done": "已完成",
    "on_track": "正常推进",
    "behind": "进度滞后",
    "severely_behind": "严重滞后",
    "overdue": "逾期未完成",
    "awaiting_verdict": "到期待认定",
    "carried": "转入年度任务",
    "no_data": "未报送",
    "not_started": "未开始",
}
LIGHTS = {
    "done": "已完成", "on_track": "绿灯", "behind": "黄灯", "severely_behind": "红灯",
    "overdue": "红灯", "awaiting_verdict": "待认定", "carried": "已转入", "no_data": "灰灯",
    "not_started": "灰灯",
}
CLOSED = frozenset({"done", "carried"})  # nothing more to ask of a unit
LATE_DONE = "逾期完成"
OVERDUE_UNREPORTED = "逾期未报送"
DUE_TODAY = "今日到期未完成"
DUE_TODAY_UNREPORTED = "今日到期未报送"
STALE_MARK = "超期未更新"
# the words of ``label`` that name part of a status: ``--status`` takes each exactly
SUBLABELS: dict[str, str] = {LATE_DONE: "done", OVERDUE_UNREPORTED: "overdue",
                             DUE_TODAY: "overdue", DUE_TODAY_UNREPORTED: "overdue"}
CHECK_MARK = "待核实"


@dataclass(frozen=True, slots=True)
class Progress:
    """Where one item stands on one day: the one evaluation every view prints."""

    item: Item
    as_of: dt.date
    latest: Update | None
    completion: float | None
    time_progress: float
    status: str
    stale: bool = False
    late: bool = False
    data_time_progress: float | None = None  # 序时进度 on the figure's own date: the light's
    verdict: Verdict | None = None  # the office's verdict on a goal due, when it decides
    held: Update | None = None  # a newer figure held for checking (待核实): counts for nothing until confirmed

    @property
    def needs_check(self) -> bool:
        return self.held is not None

    @property
    def reported(self) -> Update | None:
        """The unit's newest record on the date, a figure held for checking included: what
        says the item was reported."""
        return self.held or self.latest

    @property
    def value(self) -> float | None:
        return self.latest.value if self.latest else None

    @property
    def state(self) -> str | None:
        return self.latest.status if self.latest else None

    @property
    def value_date(self) -> dt.date | None:
        return self.latest.date if self.latest else None

    @property
    def light(self) -> str:
        return LIGHTS[self.status]

    @property
    def label(self) -> str:
        """The status in words: 逾期完成 and 逾期未报送 told apart from 已完成 and 逾期未完成."""
        if self.status == "done" and self.late:
            return LATE_DONE
        if self.status == "no_data" and self.held is not None:  # reported, but only a figure held for checking
            return CHECK_MARK
        if self.status == "overdue":
            unreported = self.reported is None and self.verdict is None  # a verdict is a report
            if self.days_left == 0:  # due today: red already, but not yet 逾期
                return DUE_TODAY_UNREPORTED if unreported else DUE_TODAY
            return OVERDUE_UNREPORTED if unreported else STATUS_LABELS["overdue"]
        return STATUS_LABELS[self.status]

    @property
    def status_label(self) -> str:
        """``label``, marked 超期未更新 when the latest record is older than the window, and
        待核实 when its figure is held for checking."""
        label = self.label
        marks = [mark for mark, on in ((STALE_MARK, self.stale), (CHECK_MARK, self.needs_check)) if on and mark != label]
        return f"{label}（{'，'.join(marks)}）" if marks else label

    @property
    def days_left(self) -> int:
        return (self.item.deadline - self.as_of).days

    @property
    def gap(self) -> float | None:
        """How far behind the figure's own 序时进度, as a fraction, from the rounded
        percentages every view prints (49.6% − 30.0% = 19.6个百分点): what the light judges."""
        if self.completion is None or self.data_time_progress is None:
            return None
        return points_behind(self.data_time_progress, self.completion) / 1000

    @property
    def closed(self) -> bool:
        """Done, or closed by a verdict: nothing is asked of a unit any more."""
        return self.status in CLOSED

    @property
    def shortfall(self) -> float | None:
        """How much of a quantitative target is missing (差X), when a value is reported."""
        target, value = self.item.target, self.value
        if not self.item.quantitative or target is None or value is None or self.status == "done":
            return None
        if self.item.comparator in LOWER_IS_BETTER:
            return max(value - target, 0.0)
        return max(target - value, 0.0)


def time_progress(start: dt.date, deadline: dt.date, as_of: dt.date) -> float:
    """Days gone over days allowed, counting both the first day and the as-of day.

    That is how Chinese progress reports count (序时进度 on 6月30日 is 181/365 = 49.6%), so
    a target ends at exactly 100% on its deadline and starts above 0 on its first day.
    """
    span = (deadline - start).days + 1
    return min(max(((as_of - start).days + 1) / span, 0.0), 1.0)


def met(item: Item, update: Update | None) -> bool:
    if update is None:
        return False
    if item.quantitative:
        if update.value is None or item.target is None:
            return False
        return COMPARE[item.comparator](update.value, item.target)
    return update.status == DONE


def completion(item: Item, update: Update | None) -> float | None:
    if update is None or item.kind == "qualitative":
        return None
    if item.quantitative:
        if update.value is None or not item.target:
            return None
        if item.relative:
            return _relative_completion(item, update.value)
        ratio = update.value / item.target
        return ratio if math.isfinite(ratio) else None  # a target too tiny to divide by
    return 1.0 if update.status == DONE else 0.0


def _relative_completion(item: Item, value: float) -> float | None:
    """The change achieved from the baseline over the change required (a reduction for a
    lower-is-better target): 4小时 → 3小时 against 2小时以内 is 50%; never below 0."""
    assert item.baseline is not None and item.target is not None  # noqa: S101 - item.relative
    required = item.target - item.baseline.value
    if not required:
        return None
    ratio = (value - item.baseline.value) / required
    return max(ratio, 0.0) if math.isfinite(ratio) else None


def evaluate(item: Item, history: History, as_of: dt.date, settings: Settings) -> Progress:
    """The status of ``item`` on ``as_of``, from its history: its latest figure judged at
    the figure's own date, and the calendar only at the deadline."""
    reported = history.latest(as_of)
    held = reported if history.needs_check(item, reported) else None
    latest = history.latest(as_of, history.held_days(item)) if held else reported  # a slip is held back
    tp = time_progress(item.start, item.deadline, as_of)
    data_tp = time_progress(item.start, item.deadline, latest.date) if latest else None
    done_ratio = completion(item, latest)
    verdict = history.verdict(as_of) if item.kind == "qualitative" and as_of >= item.deadline else None
    if met(item, latest):  # done is done: an old record of it is not out of date
        return Progress(item, as_of, latest, done_ratio, tp, "done",
                        late=_first_met(item, history, as_of) > item.deadline,
                        data_time_progress=data_tp, held=held)
    stale = reported is not None and (as_of - reported.date).days > settings.stale_days
    status = _judged(verdict) if verdict else _open_status(item, latest, data_tp, as_of, settings)
    return Progress(item, as_of, latest, done_ratio, tp, status, stale, data_time_progress=data_tp,
                    verdict=verdict, held=held)


def _judged(verdict: Verdict) -> str:
    """The status the office's verdict gives a goal due: 已完成, 未完成 (red), 转入年度任务."""
    return {"done": "done", "not_done": "overdue", "carried": "carried"}[verdict.outcome]


def _open_status(item: Item, latest: Update | None, data_tp: float | None, as_of: dt.date,
                 settings: Settings) -> str:
    """The status of an item not (yet) done."""
    if as_of < item.start:
        return "not_started"
    if as_of >= item.deadline and not item.ongoing:  # 长期坚持: never red by the calendar
        if item.kind == "qualitative" and latest is not None:
            return "awaiting_verdict"  # achieved or not is a judgement, not arithmetic
        return "overdue"  # no tolerance once time is up, and silence is no better than bad news
    if latest is None or data_tp is None:
        return "no_data"
    if item.quantitative:
        return _light(points_behind(data_tp, completion(item, latest) or 0.0), settings)
    if latest.status == "未启动" and data_tp > 0.5:
        return "behind"
    return "on_track"


def _first_met(item: Item, history: History, as_of: dt.date) -> dt.date:
    """The date of the first record, up to ``as_of``, that met the target (there is one)."""
    first = history.first_met(item)
    assert first is not None and first <= as_of  # noqa: S101 - evaluate asks only when latest is met
    return first


def points_behind(data_time_progress: float, completion: float) -> int:
    """Time progress minus completion, in tenths of a percentage point, from the two figures
    as they are printed: the light and the printed gap read the same number."""
    return tenths(data_time_progress) - tenths(completion)


def _light(behind: int, settings: Settings) -> str:
    """The light of a gap of ``behind`` tenths of a point (within a tolerance: on it counts)."""
    if behind <= tenths(settings.on_track_tolerance):
        return "on_track"
    if behind <= tenths(settings.behind_tolerance):
        return "behind"
    return "severely_behind"


def year_progress(as_of: dt.date) -> float:
    """Time progress of the calendar year: the 序时进度 a briefing quotes."""
    return time_progress(dt.date(as_of.year, 1, 1), dt.date(as_of.year, 12, 31), as_of)
