"""The plan file: checked field by field, then built into a frozen ``Plan``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ftz_cli.core.errors import Diagnostic
from ftz_cli.core.model import (
    COMPARATORS,
    HORIZONS,
    KINDS,
    QUANTITATIVE,
    Achievement,
    Area,
    Baseline,
    Campaign,
    Design,
    DesignPart,
    Event,
    Figure,
    Group,
    Item,
    Plan,
    Problem,
    Source,
    Speaker,
    Zone,
)
from ftz_cli.parse.schema import Checker, Field
from ftz_cli.parse.values import UNITS
from ftz_cli.parse.yamlio import YMap

F = Field
SOURCE = {"speaker": F("str", True), "section": F("str", True), "text": F("str", True)}
PROGRAMME = {"name": F("str", True), "short_name": F("str", True), "began": F("date", True),
             "document": F("map", True)}
DOCUMENT = {"title": F("str", True), "subtitle": F("str"), "file": F("str")}
CAMPAIGN = {"id": F("id", True), "name": F("str", True), "start": F("date", True),
            "end": F("date", True), "note": F("str")}
SPEAKER = {"name": F("str", True), "title": F("str", True), "speech": F("str", True)}
AREA = {"id": F("str", True), "name": F("str", True), "team": F("str", True),
        "lead": F("str"), "design": F("map"), "note": F("str")}
DESIGN = {"code": F("str", True), "parts": F("list", True)}
PART = {"key": F("str", True), "text": F("str", True)}
ZONE = {"id": F("id", True), "name": F("str", True), "value": F("number", True),
        "unit": F("str", True), "source": F("map", True), "note": F("str")}
GROUP = {"id": F("id", True), "area": F("str", True), "title": F("str", True),
         "source": F("map", True), "parent": F("id"), "deadline": F("date"), "note": F("str")}
EVENT = {"id": F("id", True), "date": F("date", True), "title": F("str", True),
         "source": F("map", True), "note": F("str")}
ITEM = {"id": F("id", True), "area": F("str", True), "kind": F("str", True),
        "title": F("str", True), "horizon": F("str", True), "start": F("date", True),
        "deadline": F("date", True), "source": F("map", True), "metric": F("str"),
        "unit": F("str"), "comparator": F("str"), "target": F("number"),
        "baseline": F("map"), "parent": F("id"), "note": F("str")}
BASELINE = {"value": F("number", True), "date": F("date"), "note": F("str")}
ACHIEVEMENT = {"id": F("id", True), "area": F("str", True), "title": F("str", True),
               "as_of": F("date", True), "figures": F("list", True), "source": F("map", True),
               "parent": F("id"), "note": F("str")}
FIGURE = {"label": F("str", True), "value": F("number", True), "unit": F("str", True),
          "comparator": F("str")}
PROBLEM = {"id": F("id", True), "area": F("str", True), "title": F("str", True),
           "term": F("str", True), "source": F("map", True), "note": F("str")}
TOP = {"schema": F("int", True), "programme": F("map", True), "campaigns": F("list"),
       "speakers": F("map", True), "areas": F("list", True), "zones": F("list"),
       "groups": F("list"), "events": F("list"), "items": F("list", True),
       "achievements": F("list"), "problems": F("list")}
QUANT_FIELDS = ("metric", "unit", "comparator", "target")
TERMS = ("近期", "中长期")

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text with all white space removed: how sources are compared with the document."""
    return _SPACE.sub("", text)


class _PlanBuilder:
    def __init__(self, path: str, document: str | None) -> None:
        self.check = Checker(path)
        self.document = squash(document) if document is not None else None
        self.speakers: dict[str, Speaker] = {}
        self.area_ids: set[str] = set()
        self.ids: dict[str, int] = {}
        self.parents: list[tuple[str, str, tuple[int, int] | None]] = []
        self.group_parent: dict[str, str | None] = {}

    # -- helpers --------------------------------------------------------------------
    def _new_id(self, entry: YMap, value: str) -> bool:
        if value in self.ids:
            self.check.at("E114", entry.value_pos.get("id"),
                          f"编号“{value}”重复（第 {self.ids[value]} 行已使用）",
                          "每个编号只能使用一次，请改用新的编号。")
            return False
        self.ids[value] = entry.value_pos["id"][0]
        return True

    def _area(self, entry: YMap, value: str) -> bool:
        if value not in self.area_ids:
            self.check.at("E120", entry.value_pos.get("area"), f"未知的领域“{value}”",
                          "可用的领域：" + "、".join(sorted(self.area_ids)))
            return False
        return True

    def _source(self, entry: YMap, what: str) -> Source | None:
        raw = entry.get("source")
        got = self.check.fields(raw, SOURCE, f"{what}的来源", entry.value_pos.get("source"))
        if got is None:
            return None
        assert isinstance(raw, YMap)
        ok = True
        if got["speaker"] not in self.speakers:
            self.check.at("E123", raw.value_pos.get("speaker"), f"未知的发言人“{got['speaker']}”",
                          "可用的发言人：" + "、".join(self.speakers))
            ok = False
        if self.document is not None and squash(got["text"]) not in self.document:
            self.check.at("E125", raw.value_pos.get("text"), "来源原文在文档中找不到",
                          "请从原文逐字复制（空格和换行不计）。")
            ok = False
        return Source(got["speaker"], got["section"], got["text"]) if ok else None

    def _parent(self, entry: YMap, own_id: str, value: str | None) -> None:
        if value is not None:
            self.parents.append((own_id, value, entry.value_pos.get("parent")))

    def _start_deadline(self, entry: YMap, start: dt.date, end: dt.date, end_key: str) -> bool:
        if end < start:
            self.check.at("E119", entry.value_pos.get(end_key),
                          f"截止日期 {end} 早于开始日期 {start}", "请检查两个日期是否写反。")
            return False
        return True

    # -- sections -------------------------------------------------------------------
    def speaker_section(self, raw: Any, pos: tuple[int, int] | None) -> None:
        if not isinstance(raw, YMap):
            return
        for key, value in raw.items():
            got = self.check.fields(value, SPEAKER, f"发言人“{key}”", raw.value_pos.get(key))
            if got is not None:
                self.speakers[str(key)] = Speaker(str(key), got["name"], got["title"],
                                                  got["speech"])

    def area(self, raw: Any, pos: tuple[int, int]) -> Area | None:
        got = self.check.fields(raw, AREA, "领域", pos)
        if got is None:
            return None
        assert isinstance(raw, YMap)
        if got["id"] in self.area_ids:
            self.check.at("E114", raw.value_pos.get("id"), f"领域编号“{got['id']}”重复")
            return None
        self.area_ids.add(got["id"])
        lead = None
        if got["lead"] is not None:
            lead = self.speakers.get(got["lead"])
            if lead is None:
                self.check.at("E123", raw.value_pos.get("lead"), f"未知的发言人“{got['lead']}”",
                              "可用的发言人：" + "、".join(self.speakers))
        design = None
        if got["design"] is not None:
            d = self.check.fields(got["design"], DESIGN, "顶层设计", raw.value_pos.get("design"))
            if d is not None:
                parts: list[DesignPart] = []
                self.check.each(d["parts"], "parts", None, lambda p, ppos: parts.extend(
                    [DesignPart(x["key"], x["text"])]
                    if (x := self.check.fields(p, PART, "顶层设计的组成", ppos)) else []))
                design = Design(d["code"], tuple(parts))
        return Area(got["id"], got["name"], got["team"], lead, design, got["note"] or "")

    def campaign(self, raw: Any, pos: tuple[int, int]) -> Campaign | None:
        got = self.check.fields(raw, CAMPAIGN, "攻坚行动", pos)
        if got is None or not self._new_id(raw, got["id"]):
            return None
        if not self._start_deadline(raw, got["start"], got["end"], "end"):
            return None
        return Campaign(got["id"], got["name"], got["start"], got["end"], got["note"] or "")

    def zone(self, raw: Any, pos: tuple[int, int]) -> Zone | None:
        got = self.check.fields(raw, ZONE, "区域范围", pos)
        if got is None or not self._new_id(raw, got["id"]):
            return None
        source = self._source(raw, "区域范围")
        if not self._unit(raw, got["unit"]) or source is None:
            return None
        return Zone(got["id"], got["name"], float(got["value"]), got["unit"], source,
                    got["note"] or "")

    def group(self, raw: Any, pos: tuple[int, int]) -> Group | None:
        got = self.check.fields(raw, GROUP, "分组", pos)
        if got is None or not self._new_id(raw, got["id"]):
            return None
        source = self._source(raw, "分组")
        self.group_parent[got["id"]] = got["parent"]
        self._parent(raw, got["id"], got["parent"])
        if not self._area(raw, got["area"]) or source is None:
            return None
        return Group(got["id"], got["area"], got["title"], source, got["parent"],
                     got["deadline"], got["note"] or "")

    def event(self, raw: Any, pos: tuple[int, int]) -> Event | None:
        got = self.check.fields(raw, EVENT, "事件", pos)
        if got is None or not self._new_id(raw, got["id"]):
            return None
        source = self._source(raw, "事件")
        if source is None:
            return None
        return Event(got["id"], got["date"], got["title"], source, got["note"] or "")

    def _unit(self, raw: YMap, unit: str, key: str = "unit") -> bool:
        if unit not in UNITS:
            self.check.at("E117", raw.value_pos.get(key), f"未知的单位“{unit}”",
                          "可用的单位：" + "、".join(UNITS))
            return False
        return True

    def item(self, raw: Any, pos: tuple[int, int]) -> Item | None:
        got = self.check.fields(raw, ITEM, "事项", pos)
        if got is None or not self._new_id(raw, got["id"]):
            return None
        source = self._source(raw, f"事项“{got['id']}”")
        self._parent(raw, got["id"], got["parent"])
        ok = self._area(raw, got["area"]) and source is not None
        kind = got["kind"]
        if kind not in KINDS:
            self.check.at("E116", raw.value_pos.get("kind"), f"未知的指标类型“{kind}”",
                          "可用的类型：" + "、".join(KINDS))
            return None
        if got["horizon"] not in HORIZONS:
            self.check.at("E124", raw.value_pos.get("horizon"), f"未知的目标期限“{got['horizon']}”",
                          "可用的期限：" + "、".join(HORIZONS))
            ok = False
        ok = self._start_deadline(raw, got["start"], got["deadline"], "deadline") and ok
        if kind in QUANTITATIVE:
            for key in QUANT_FIELDS:
                if got[key] is None and key not in raw:
                    self.check.at("E112", (raw.line, raw.column),
                                  f"数量型指标“{got['id']}”缺少必填字段“{key}”")
                    ok = False
            if got["unit"] is not None and not self._unit(raw, got["unit"]):
                ok = False
            if got["comparator"] is not None and got["comparator"] not in COMPARATORS:
                self.check.at("E118", raw.value_pos.get("comparator"),
                              f"未知的比较方式“{got['comparator']}”",
                              "“超/突破”写 \">\"，“以上/达到”写 \">=\"。")
                ok = False
            if got["target"] is not None and got["target"] <= 0:
                self.check.at("E124", raw.value_pos.get("target"), "目标值应大于 0")
                ok = False
        else:
            for key in (*QUANT_FIELDS, "baseline"):
                if got[key] is not None:
                    self.check.at("E124", raw.key_pos.get(key),
                                  f"{kind} 类事项不应有字段“{key}”",
                                  "只有 flow、level、count 类指标有单位和目标值。")
                    ok = False
        baseline = None
        if got["baseline"] is not None:
            b = self.check.fields(got["baseline"], BASELINE, "基数", raw.value_pos.get("baseline"))
            if b is None:
                ok = False
            else:
                baseline = Baseline(float(b["value"]), b["date"], b["note"] or "")
        if not ok or source is None:
            return None
        target = float(got["target"]) if got["target"] is not None else None
        return Item(got["id"], got["area"], kind, got["title"], got["horizon"], got["start"],
                    got["deadline"], source, got["metric"] or "", got["unit"] or "",
                    got["comparator"] or "", target, baseline, got["parent"], got["note"] or "")

    def achievement(self, raw: Any, pos: tuple[int, int]) -> Achievement | None:
        got = self.check.fields(raw, ACHIEVEMENT, "成效", pos)
        if got is None or not self._new_id(raw, got["id"]):
            return None
        source = self._source(raw, f"成效“{got['id']}”")
        self._parent(raw, got["id"], got["parent"])
        ok = self._area(raw, got["area"]) and source is not None
        figures: list[Figure] = []

        def figure(entry: Any, fpos: tuple[int, int]) -> None:
            nonlocal ok
            f = self.check.fields(entry, FIGURE, "数据", fpos)
            if f is None or not self._unit(entry, f["unit"]):
                ok = False
                return
            comparator = f["comparator"] or "="
            if comparator not in ("=", *COMPARATORS):
                self.check.at("E118", entry.value_pos.get("comparator"),
                              f"未知的比较方式“{comparator}”", "可用：=、>、>=")
                ok = False
                return
            figures.append(Figure(f["label"], float(f["value"]), f["unit"], comparator))

        self.check.each(got["figures"], "figures", raw.value_pos.get("figures"), figure)
        if not ok or source is None:
            return None
        return Achievement(got["id"], got["area"], got["title"], got["as_of"], tuple(figures),
                           source, got["parent"], got["note"] or "")

    def problem(self, raw: Any, pos: tuple[int, int]) -> Problem | None:
        got = self.check.fields(raw, PROBLEM, "存在问题", pos)
        if got is None or not self._new_id(raw, got["id"]):
            return None
        source = self._source(raw, "存在问题")
        ok = self._area(raw, got["area"]) and source is not None
        if got["term"] not in TERMS:
            self.check.at("E124", raw.value_pos.get("term"), f"未知的期限“{got['term']}”",
                          "可用：近期、中长期")
            ok = False
        if not ok or source is None:
            return None
        return Problem(got["id"], got["area"], got["title"], got["term"], source,
                       got["note"] or "")

    def check_parents(self) -> None:
        for own, parent, pos in self.parents:
            if parent not in self.group_parent:
                self.check.at("E121", pos, f"“{own}”的上级“{parent}”不是已定义的分组",
                              "parent 应为 groups 中某个分组的编号。")
                continue
            seen = {own}
            step: str | None = parent
            while step is not None:
                if step in seen:
                    self.check.at("E121", pos, f"“{own}”的上级关系成环（经过“{step}”）")
                    break
                seen.add(step)
                step = self.group_parent.get(step)


def build_plan(tree: Any, path: str, document: str | None = None
               ) -> tuple[Plan | None, list[Diagnostic]]:
    """Check the parsed plan; return the Plan (None when there are errors) and diagnostics."""
    b = _PlanBuilder(path, document)
    top = b.check.fields(tree, TOP, "计划文件", (1, 1))
    if top is None:
        if not isinstance(tree, YMap):
            return None, b.check.diagnostics
        top = {k: (tree.get(k) if k in tree else None) for k in TOP}
    if top["schema"] not in (None, 1):
        b.check.at("E124", tree.value_pos.get("schema"), f"不支持的 schema 版本 {top['schema']}",
                   "本版本的 ftz 读取 schema: 1。")
    programme = b.check.fields(top["programme"], PROGRAMME, "programme",
                               tree.value_pos.get("programme"))
    document_title = ""
    if programme is not None:
        doc = b.check.fields(programme["document"], DOCUMENT, "document",
                             top["programme"].value_pos.get("document"))
        document_title = doc["title"] if doc else ""
    b.speaker_section(top["speakers"], tree.value_pos.get("speakers"))

    def collect(key: str, make: Any) -> tuple[Any, ...]:
        out: list[Any] = []
        b.check.each(top[key], key, tree.value_pos.get(key),
                     lambda raw, pos: out.extend(x for x in [make(raw, pos)] if x is not None))
        return tuple(out)

    areas = collect("areas", b.area)
    campaigns = collect("campaigns", b.campaign)
    zones = collect("zones", b.zone)
    groups = collect("groups", b.group)
    events = collect("events", b.event)
    items = collect("items", b.item)
    achievements = collect("achievements", b.achievement)
    problems = collect("problems", b.problem)
    b.check_parents()
    diagnostics = b.check.diagnostics
    if any(d.severity == "error" for d in diagnostics) or programme is None:
        return None, diagnostics
    plan = Plan(programme["name"], programme["short_name"], programme["began"], document_title,
                dict(b.speakers), areas, campaigns, zones, groups, events, items, achievements,
                problems, {item.id: item for item in items})
    return plan, diagnostics
