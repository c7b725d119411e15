"""``list --format csv --zh``: the CSV for people who open it in Excel — Chinese headers,
percentages as 49.6%, kinds and comparators in words. Scripts keep the contract's columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ftz_cli.core.model import KIND_LABELS
from ftz_cli.core.status import Progress
from ftz_cli.views.formats import pct

HEADERS = {
    "id": "编号", "area_name": "领域", "title": "事项", "kind": "类型", "metric": "指标",
    "comparator": "要求", "target": "目标值", "unit": "单位", "deadline": "截止日期",
    "value": "当前值", "progress": "进展", "value_date": "数据日期", "completion": "完成率",
    "data_time_progress": "数据截至日序时进度", "time_progress": "序时进度", "status_label": "状态", "units": "责任单位", "lead": "牵头领导",
    "evidence": "佐证材料", "returned": "退回理由", "source": "原文",
}
_COMPARATORS = {">": "超过", ">=": "达到", "<": "低于", "<=": "不超过"}


def people_rows(records: Sequence[dict[str, Any]], progress: Sequence[Progress]) -> list[dict[str, Any]]:
    """The rows of ``list`` (and their items' progress) under Chinese headers, with values as
    a reader writes them: percentages as every view prints them."""
    out = []
    for r, p in zip(records, progress, strict=True):
        shown = dict(r)
        shown["kind"] = KIND_LABELS.get(r["kind"], r["kind"])
        shown["comparator"] = _COMPARATORS.get(r.get("comparator") or "", "")
        shown["completion"] = pct(p.completion, "")
        shown["time_progress"] = pct(p.time_progress, "")
        shown["data_time_progress"] = pct(p.data_time_progress, "")
        out.append({HEADERS[k]: shown.get(k) for k in HEADERS})
    return out


COLUMNS = tuple(HEADERS.values())
