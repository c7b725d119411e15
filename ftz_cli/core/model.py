"""The plan and its progress records, as frozen values. Built once, after validation.

Named tuples rather than frozen dataclasses: every command imports this module, and a
dataclass costs its class about a millisecond to make (its methods are compiled on import),
ten times a named tuple; a workspace holds a hundred thousand records, and a tuple is built
from a cached row in a third of a dataclass's time."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from typing import Literal, NamedTuple

from ftz_cli.core.units import Assignment

Kind = Literal["flow", "level", "count", "milestone", "qualitative"]
KINDS: tuple[str, ...] = ("flow", "level", "count", "milestone", "qualitative")
QUANTITATIVE: frozenset[str] = frozenset({"flow", "level", "count"})
COMPARATORS: tuple[str, ...] = (">", ">=", "<", "<=")
# Lower is better (压缩至2小时以内, 下降10%, 控制在…以内): met at or under the target, measured
# from a baseline, so that completion is the reduction achieved over the reduction required.
LOWER_IS_BETTER: frozenset[str] = frozenset({"<", "<="})
# How a value meets a target, one table for every place that asks (status, history).
COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
HORIZONS: tuple[str, ...] = ("2021", "2025", "2035", "campaign-2")

# What an item's ``inferred:`` may name: its dates, and in a drafted plan the other guesses.
INFERABLE = {"start": "开始日期", "deadline": "完成时限", "kind": "类型", "metric": "指标名称",
             "unit": "单位", "comparator": "比较方式", "target": "目标值", "growth": "增减幅度",
             "baseline": "基数", "area": "领域"}

KIND_LABELS = {
    "flow": "年度累计",
    "level": "存量",
    "count": "件数",
    "milestone": "节点",
    "qualitative": "定性",
}

# Milestone and qualitative progress, as staff write it.
PROGRESS_STATES: tuple[str, ...] = ("未启动", "推进中", "已完成")
PROGRESS_ALIASES = {
    "未启动": "未启动", "未开始": "未启动", "not_started": "未启动", "not started": "未启动",
    "推进中": "推进中", "进行中": "推进中", "in_progress": "推进中", "in progress": "推进中",
    "已完成": "已完成", "完成": "已完成", "done": "已完成", "completed": "已完成",
}


# the office's verdict on a qualitative goal due (到期待认定): code → the word a record keeps
VERDICTS = {"done": "已完成", "not_done": "未完成", "carried": "转入年度任务"}


class Source(NamedTuple):
    speaker: str  # "" when the source is a notice or a table, not a speech
    section: str
    text: str
    unverified: bool = False  # the sentence was not found in the source document (a draft)


class Speaker(NamedTuple):
    key: str
    name: str
    title: str
    speech: str


class DesignPart(NamedTuple):
    key: str
    text: str


class Design(NamedTuple):
    code: str
    parts: tuple[DesignPart, ...]


class Area(NamedTuple):
    id: str
    name: str
    team: str
    lead: Speaker | None
    design: Design | None = None
    note: str = ""


class Campaign(NamedTuple):
    id: str
    name: str
    start: dt.date
    end: dt.date
    note: str = ""
    inferred: tuple[str, ...] = ()  # which of start/end the data inferred, not the text


class Zone(NamedTuple):
    id: str
    name: str
    value: float
    unit: str
    source: Source
    note: str = ""


class Group(NamedTuple):
    id: str
    area: str
    title: str
    source: Source
    parent: str | None = None
    deadline: dt.date | None = None
    note: str = ""


class Baseline(NamedTuple):
    value: float
    date: dt.date | None
    note: str = ""


class Item(NamedTuple):
    """Anything trackable: a quantitative target, a measure or milestone, a goal."""

    id: str
    area: str
    kind: Kind
    title: str
    horizon: str
    start: dt.date
    deadline: dt.date
    source: Source
    metric: str = ""
    unit: str = ""
    comparator: str = ""
    target: float | None = None
    baseline: Baseline | None = None
    parent: str | None = None
    note: str = ""
    wording: str = ""  # the document's own words for the target figure: 建设5组, 超3500亿元
    outcome: str | None = None  # the item that counts this outcome, when tracked twice
    inferred: tuple[str, ...] = ()  # which of start/deadline (and, in a draft, kind …) were guessed
    growth: float | None = None  # 增长10% → 10, 下降10% → -10: percent change from the baseline
    ongoing: bool = False  # 长期坚持/持续推进: no deadline to miss, never red by the calendar
    carried_from: str | None = None  # 结转: "PLAN:ID" of the item this one continues

    @property
    def quantitative(self) -> bool:
        return self.kind in QUANTITATIVE

    @property
    def relative(self) -> bool:
        """Measured from its baseline: a lower-is-better or a growth target."""
        return self.baseline is not None and (
            self.comparator in LOWER_IS_BETTER or self.growth is not None)


class Figure(NamedTuple):
    label: str
    value: float
    unit: str
    comparator: str = "="


class Achievement(NamedTuple):
    id: str
    area: str
    title: str
    as_of: dt.date
    figures: tuple[Figure, ...]
    source: Source
    parent: str | None = None
    note: str = ""


class Problem(NamedTuple):
    """A problem the document names (存在问题), not a diagnostic."""

    id: str
    area: str
    title: str
    term: str
    source: Source
    note: str = ""


class Event(NamedTuple):
    id: str
    date: dt.date
    title: str
    source: Source
    note: str = ""


class Plan(NamedTuple):
    name: str
    short_name: str
    began: dt.date
    document_title: str
    speakers: dict[str, Speaker]
    areas: tuple[Area, ...]
    campaigns: tuple[Campaign, ...]
    zones: tuple[Zone, ...]
    groups: tuple[Group, ...]
    events: tuple[Event, ...]
    items: tuple[Item, ...]
    achievements: tuple[Achievement, ...]
    problems: tuple[Problem, ...]
    items_by_id: dict[str, Item]  # the items by id, built with the plan
    units: tuple[Assignment, ...] = ()  # 责任单位 the plan file itself assigns (a drafted plan's)

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)


class Update(NamedTuple):
    """One progress record: a value (targets) or a progress state (milestones, goals)."""

    id: str
    date: dt.date
    value: float | None
    status: str | None
    note: str
    by: str
    recorded_at: dt.datetime
    replace: bool = False
    input: str = ""
    progress_note: str = ""  # 进展情况, 存在问题, 下步计划: a department's own words, optional
    problems: str = ""
    next_steps: str = ""
    verdict: str = ""  # a verdict record (认定): a key of VERDICTS; its reason is ``note``
    carried_into: str = ""  # the annual item a campaign item is carried into (转入年度任务)
    confirmed: bool = False  # a figure held for checking (core/slips.py), confirmed: 已核实
    outlook: str = ""  # 预计完成情况, the unit's own view: 能完成 / 有难度 / 不能完成 (core/outlook.py)


class Verdict(NamedTuple):
    """The office's judgement of a qualitative goal at or after its deadline (认定)."""

    id: str
    date: dt.date
    outcome: str  # a key of VERDICTS
    reason: str
    by: str
    recorded_at: dt.datetime
    carried_into: str = ""  # the annual item a campaign item is carried into (转入年度任务)
