"""Completion, time progress and status lights: pure functions of an item and its records.

The rules are domain.md's "Status lights" (documented for users in docs/status.md):
- time progress  = clamp((as_of − start + 1 day) / (deadline − start + 1 day), 0, 1): both
                   the first day and the as-of day count, as in Chinese reports (6月30日 = 49.6%)
- completion     = value / target (flow, level, count); for a target measured from its
                   baseline (lower is better: 压缩至2小时以内; growth: 增长10%) the change
                   achieved over the change required, (value − baseline) / (target − baseline),
                   never below 0; 1 or 0 for a milestone; none for qualitative goals
- status         = done when the target is met (by its comparator) or the state is 已完成
                   (``late`` when first met after the deadline: 逾期完成);
                   not_started before the start date;
                   overdue (red) on or after the deadline when not met, reported or not
                   (逾期未完成 / 逾期未报送): the tolerances apply only while time remains;
                   an ongoing item (长期坚持/持续推进) is never overdue by the calendar;
                   no_data before the deadline with no record (未报送);
                   otherwise by the gap = time progress − completion:
                   gap ≤ on_track_tolerance → on_track, ≤ behind_tolerance → behind,
                   else severely_behind. A milestone or goal that is 推进中 is on_track;
                   one still 未启动 when half its time has gone (时间过半) is behind.
- stale          = the latest record is older than ``stale_days``: the item keeps its last
                   state and value, and its label says 超期未更新.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ftz_cli.core.model import COMPARE, LOWER_IS_BETTER, Item, Update
from ftz_cli.core.settings import Settings

if TYPE_CHECKING:
    from ftz_cli.core.history import History

DONE = "已完成"  # the progress state that meets a milestone or goal
STATUSES: tuple[str, ...] = (
    "done", "on_track", "behind", "severely_behind", "overdue", "no_data", "not_started")
STATUS_LABELS = {
    "done": "已完成",
    "on_track": "正常推进",
    "behind": "进度滞后",
    "severely_behind": "严重滞后",
    "overdue": "逾期未完成",
    "no_data": "未报送",
    "not_started": "未开始",
}
LIGHTS = {
    "done": "已完成", "on_track": "绿灯", "behind": "黄灯", "severely_behind": "红灯",
    "overdue": "红灯", "no_data": "灰灯", "not_started": "灰灯",
}
LATE_DONE = "逾期完成"
OVERDUE_UNREPORTED = "逾期未报送"
STALE_MARK = "超期未更新"


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
        if self.status == "overdue" and self.latest is None:
            return OVERDUE_UNREPORTED
        return STATUS_LABELS[self.status]

    @property
    def status_label(self) -> str:
        """``label``, marked 超期未更新 when the latest record is older than the window."""
        return f"{self.label}（{STALE_MARK}）" if self.stale else self.label

    @property
    def days_left(self) -> int:
        return (self.item.deadline - self.as_of).days

    @property
    def gap(self) -> float | None:
        """Time progress minus completion: how far behind, as a fraction."""
        if self.completion is None:
            return None
        return self.time_progress - self.completion

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
    """The status of ``item`` on ``as_of``, from its history."""
    latest = history.latest(as_of)
    tp = time_progress(item.start, item.deadline, as_of)
    done_ratio = completion(item, latest)
    if met(item, latest):  # done is done: an old record of it is not out of date
        return Progress(item, as_of, latest, done_ratio, tp, "done",
                        late=_first_met(item, history, as_of) > item.deadline)
    stale = latest is not None and (as_of - latest.date).days > settings.stale_days
    return Progress(item, as_of, latest, done_ratio, tp,
                    _open_status(item, latest, tp, as_of, settings), stale)


def _open_status(item: Item, latest: Update | None, tp: float, as_of: dt.date,
                 settings: Settings) -> str:
    """The status of an item not (yet) done."""
    if as_of < item.start:
        return "not_started"
    if as_of >= item.deadline and not item.ongoing:  # 长期坚持: never red by the calendar
        return "overdue"  # no tolerance once time is up, and silence is no better than bad news
    if latest is None:
        return "no_data"
    if item.quantitative:
        return _light(tp - (completion(item, latest) or 0.0), settings)
    if latest.status == "未启动" and tp > 0.5:
        return "behind"
    return "on_track"


def _first_met(item: Item, history: History, as_of: dt.date) -> dt.date:
    """The date of the first record, up to ``as_of``, that met the target (there is one)."""
    first = history.first_met(item)
    assert first is not None and first <= as_of  # noqa: S101 - evaluate asks only when latest is met
    return first


def _light(gap: float, settings: Settings) -> str:
    if gap <= settings.on_track_tolerance + 1e-9:
        return "on_track"
    if gap <= settings.behind_tolerance + 1e-9:
        return "behind"
    return "severely_behind"


def year_progress(as_of: dt.date) -> float:
    """Time progress of the calendar year: the 序时进度 a briefing quotes."""
    return time_progress(dt.date(as_of.year, 1, 1), dt.date(as_of.year, 12, 31), as_of)
