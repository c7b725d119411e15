"""``list --format csv --zh``: the CSV for people who open it in Excel — Chinese headers,
percentages as 49.6%, kinds and comparators in words. Scripts keep the contract's columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ftz_cli.core.model import KIND_LABELS
from ftz_cli.views.rows import percent

HEADERS = {
    "id": "编号", "area_name": "领域", "title": "事项", "kind": "类型", "metric": "指标",
    "comparator": "要求", "target": "目标值", "unit": "单位", "deadline": "截止日期",
    "value": "当前值", "progress": "进展", "value_date": "数据日期", "completion": "完成率",
    "time_progress": "时序进度", "status_label": "状态", "units": "责任单位", "lead": "牵头领导",
    "source": "原文",
}
_COMPARATORS = {">": "超过", ">=": "达到"}


def people_rows(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of ``list`` under Chinese headers, with values as a reader writes them."""
    out = []
    for r in records:
        shown = dict(r)
        shown["kind"] = KIND_LABELS.get(r["kind"], r["kind"])
        shown["comparator"] = _COMPARATORS.get(r.get("comparator") or "", "")
        for name in ("completion", "time_progress"):
            shown[name] = "" if r.get(name) is None else percent(r[name])
        out.append({HEADERS[k]: shown.get(k) for k in HEADERS})
    return out


COLUMNS = tuple(HEADERS.values())
