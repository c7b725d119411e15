"""What checking one plan file remembers across its sections, and the checks they share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ftz_cli.core.model import Source, Speaker
from ftz_cli.parse.plan_fields import SOURCE, squash
from ftz_cli.parse.schema import Checker, describe
from ftz_cli.parse.values import UNITS
from ftz_cli.parse.ytree import YList, YMap

Pos = tuple[int, int] | None


class PlanContext:
    """The checker of one plan file, the ids and links seen so far."""

    def __init__(self, path: str, document: str | None) -> None:
        self.check = Checker(path)
        self.document = squash(document) if document is not None else None
        self.speakers: dict[str, Speaker] = {}
        self.area_ids: set[str] = set()
        self.ids: dict[str, int] = {}
        self.parents: list[tuple[str, str, Pos]] = []
        self.group_parent: dict[str, str | None] = {}
        self.outcomes: list[tuple[str, str, Pos]] = []
        self.item_outcome: dict[str, str | None] = {}  # every item seen → its outcome

    def new_id(self, entry: YMap, value: str) -> bool:
        if value in self.ids:
            self.check.at("E114", entry.value_pos.get("id"),
                          f"编号“{value}”重复（第 {self.ids[value]} 行已使用）",
                          "每个编号只能使用一次，请改用新的编号。")
            return False
        self.ids[value] = entry.value_pos["id"][0]
        return True

    def area(self, entry: YMap, value: str) -> bool:
        if value not in self.area_ids:
            self.check.at("E120", entry.value_pos.get("area"), f"未知的领域“{value}”",
                          "可用的领域：" + "、".join(sorted(self.area_ids)))
            return False
        return True

    def source(self, entry: YMap, what: str, *, carried: bool = False) -> Source | None:
        """The entry's source; a carried item's (结转) quotes its own plan's document, checked there."""
        raw = entry.get("source")
        got = self.check.fields(raw, SOURCE, f"{what}的来源", entry.value_pos.get("source"))
        if got is None:
            return None
        assert isinstance(raw, YMap)
        ok = True
        if carried:
            return Source(got["speaker"] or "", got["section"], got["text"], bool(got["unverified"]))
        if got["speaker"] is not None and got["speaker"] not in self.speakers:
            self.check.at("E123", raw.value_pos.get("speaker"), f"未知的发言人“{got['speaker']}”",
                          "可用的发言人：" + "、".join(self.speakers))
            ok = False
        if got["unverified"]:  # a draft's task not found in its notice: said, not refused
            self.check.at("W600", raw.value_pos.get("unverified"),
                          f"{what}的来源原文未在来源文件中核实",
                          "在来源文件中找到这项任务的原句，复制到 text，再删去“unverified: true”。")
        elif self.document is not None and squash(got["text"]) not in self.document:
            self.check.at("E125", raw.value_pos.get("text"), "来源原文在文档中找不到",
                          "请从原文逐字复制（空格和换行不计）。")
            ok = False
        return Source(got["speaker"] or "", got["section"], got["text"],
                      bool(got["unverified"])) if ok else None

    def parent(self, entry: YMap, own_id: str, value: str | None) -> None:
        if value is not None:
            self.parents.append((own_id, value, entry.value_pos.get("parent")))

    def start_deadline(self, entry: YMap, start: dt.date, end: dt.date, end_key: str) -> bool:
        if end < start:
            self.check.at("E119", entry.value_pos.get(end_key),
                          f"截止日期 {end} 早于开始日期 {start}", "请检查两个日期是否写反。")
            return False
        return True

    def unit(self, raw: YMap, unit: str, key: str = "unit") -> bool:
        if unit not in UNITS:
            self.check.at("E117", raw.value_pos.get(key), f"未知的单位“{unit}”",
                          "可用的单位：" + "、".join(UNITS))
            return False
        return True

    def inferred(self, entry: YMap, value: Any, dates: tuple[str, ...]) -> tuple[str, ...] | None:
        """The names in ``inferred:``, each one of ``dates`` and named once (None if not)."""
        if value is None:
            return ()
        assert isinstance(value, YList)
        names: list[str] = []
        for name, pos in zip(value, value.item_pos, strict=True):
            if name not in dates or name in names:
                problem = "重复" if name in names else f"不是本条的日期字段（{describe(name)}）"
                self.check.at("E127", pos, f"推定日期清单 inferred 中的一项{problem}",
                              "inferred 列出由数据推定、原文未写明的日期字段，可用："
                              + "、".join(dates) + "，每个只写一次。")
                return None
            names.append(name)
        return tuple(names)

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

    def link_outcome(self, entry: YMap, own_id: str, value: str | None) -> None:
        self.item_outcome[own_id] = value
        if value is not None:
            self.outcomes.append((own_id, value, entry.value_pos.get("outcome")))

    def check_outcomes(self) -> None:
        """Each ``outcome:`` names another item that is itself canonical (no chains)."""
        hint = "outcome 写同一成果的主条目编号；主条目自身不写 outcome。"
        outcome_of = self.item_outcome
        for own, target, pos in self.outcomes:
            if target == own:
                self.check.at("E126", pos, f"“{own}”的 outcome 指向自身", hint)
            elif target not in outcome_of:
                self.check.at("E126", pos, f"“{own}”的 outcome“{target}”不是已定义的事项", hint)
            elif outcome_of[target] is not None:
                self.check.at("E126", pos, f"“{own}”的 outcome“{target}”本身又指向"
                              f"“{outcome_of[target]}”，不能串联", hint)
