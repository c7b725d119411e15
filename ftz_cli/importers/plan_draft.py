"""A plan drafted from the rows of a 任务分解表: items with kind, target, deadline, area and
units, each task quoted from its notice (or marked ``unverified``), every guess ``inferred``.

The draft is plain data (``Draft.plan``), written as YAML a person can read and correct by
``dump``; the same schema and rules as the 2021 plan check it (``ftz validate``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

from ftz_cli.core.errors import Diagnostic
from ftz_cli.importers.document import Notice
from ftz_cli.importers.task_table import TaskRow
from ftz_cli.parse.plan_fields import squash
from ftz_cli.parse.tasks import Deadline, TargetGuess, deadline_of, kind_of, target_of
from ftz_cli.parse.values import clean_number

# the "5+2" teams keep the 2021 plan's area ids, so that units and habits carry over
KNOWN_AREAS = {"贸易": "trade", "投资": "investment", "资金": "capital", "运输": "transport",
               "人员": "people", "数字政府": "digital-gov", "营商环境": "business-env"}
GENERAL = ("general", "综合")
_TITLE_END = re.compile(r"[，。；：,;:（(]")
_UNIT_SPLIT = re.compile(r"[、，,；;/／\s]+")
_LONG_TERM = re.compile(r"长期坚持|持续推进|常态化")


class Source(NamedTuple):
    table: str  # the table's name as shown
    notice: Notice | None
    document: str  # the notice's title (its file name without extension), or the table's
    year: int


class Draft(NamedTuple):
    plan: dict[str, Any]
    lines: dict[str, int]  # item id → the table row it came from
    problems: list[Diagnostic]  # what could not be read, row by row (warnings)


def draft(rows: list[TaskRow], source: Source, name: str, document_file: str | None) -> Draft:
    """The plan the rows describe; guesses marked ``inferred``, unread cells reported."""
    areas: dict[str, dict[str, Any]] = {}
    units: dict[str, list[str]] = {}
    items: list[dict[str, Any]] = []
    lines: dict[str, int] = {}
    problems: list[Diagnostic] = []
    for row in rows:
        area = _area(areas, row.area)
        item, found = _item(row, area, source, set(lines))
        problems.extend(found)
        items.append(item)
        lines[item["id"]] = row.line
        for unit in dict.fromkeys(_names(row.lead)):
            if not _unit_named(unit, row, source, problems):
                units.setdefault(unit, []).append(item["id"])
    if source.notice is None and items:  # no notice to look in: one word, not "not found" on every row
        problems.append(Diagnostic(
            "W603", f"没有给出来源文件（--source），{len(items)} 项任务都没有核对原文，已标为 unverified",
            source.table, hint="加 --source 印发通知（.docx、.txt 或 .pdf）再运行一次：ftz 到通知中逐项找到原句，"
                               "找不到的才标为 unverified。", severity="warning"))
    return Draft(_plan(source, name, document_file, list(areas.values()), items, units), lines, problems)


def _plan(source: Source, name: str, document_file: str | None, areas: list[dict[str, Any]],
          items: list[dict[str, Any]], units: dict[str, list[str]]) -> dict[str, Any]:
    document: dict[str, Any] = {"title": source.document}
    if document_file:
        document["file"] = document_file
    return {
        "schema": 1,
        "programme": {"name": _programme_name(source), "short_name": _short_name(source, name),
                      "began": dt.date(source.year, 1, 1), "document": document,
                      "note": f"由 ftz plan import 从 {source.table} 起草。inferred 列出的是推定内容，"
                              "unverified 的来源未在来源文件中找到：请逐项核对后删去标记。"},
        "speakers": {},
        "areas": areas,
        "items": items,
        "units": units,
    }


def _programme_name(source: Source) -> str:
    """关于印发义乌市2022年…重点任务的通知 → 义乌市2022年…重点任务 (with its year)."""
    name = re.sub(r"^关于(?:印发|下达)?|的通知$", "", source.document).strip("《》“”") or source.document
    return name if str(source.year) in name else f"{source.year}年{name}"


def _short_name(source: Source, name: str) -> str:
    """How a brief names the plan's scope: 义乌市2022年自贸试验区(建设共跟踪…)."""
    short = re.sub(r"(?:建设)?(?:重点任务|任务分解表|工作要点|实施方案|行动计划|工作任务)$", "",
                   _programme_name(source))
    return short or name


def _area(areas: dict[str, dict[str, Any]], printed: str) -> dict[str, Any]:
    printed = printed.strip()
    if printed in areas:
        return areas[printed]
    name = printed.removesuffix("专班").removesuffix("工作专班") or GENERAL[1]
    known = next((code for word, code in KNOWN_AREAS.items() if word in name), None)
    taken = {a["id"] for a in areas.values()}
    area_id = known if known and known not in taken else (
        GENERAL[0] if not printed and GENERAL[0] not in taken else f"area{len(areas) + 1}")
    areas[printed] = {"id": area_id, "name": name, "team": printed or "综合组", "lead": None}
    return areas[printed]


def _unit_named(unit: str, row: TaskRow, source: Source, problems: list[Diagnostic]) -> bool:
    """A unit's name becomes a file name (its sheet, its notice): one that cannot is refused at
    its row of the table (E022, E231), where the user can correct it; True if it was."""
    from ftz_cli.core.chars import escape_unsafe
    from ftz_cli.core.names import problem

    found = problem(unit)
    if found is not None:
        problems.append(Diagnostic(found[0], f"牵头单位“{escape_unsafe(unit)}”的{found[1]}", source.table,
                                   row.line, None, "在任务分解表中改用普通的单位名称，例如“市商务局”。"))
    return found is not None


def _names(cell: str) -> list[str]:
    return [u for u in _UNIT_SPLIT.split(cell) if u and u not in ("等", "各")]


def _item(row: TaskRow, area: dict[str, Any], source: Source, taken: set[str]
          ) -> tuple[dict[str, Any], list[Diagnostic]]:
    problems: list[Diagnostic] = []
    inferred: list[str] = []
    deadline = _deadline(row, source, problems, inferred)
    guess = target_of(row.task) or target_of(row.target)  # the task's words name what is measured
    if guess is None and re.search(r"\d", row.target):
        problems.append(_warn(row, source, "W602", f"目标值“{row.target}”读不出数字和单位，按任务起草",
                              "单位不在 ftz 的单位表中时，可把目标写进说明，或改成 ftz 认识的单位。"))
    kind = kind_of(f"{row.task}{row.target}", guess, deadline.ongoing)
    quote = source.notice.quote(row.task) if source.notice else None
    item: dict[str, Any] = {"id": _id(area["id"], row, taken), "area": area["id"], "kind": kind,
                            "title": _title(row.task), "horizon": str(deadline.day.year),
                            "start": dt.date(source.year, 1, 1), "deadline": deadline.day}
    if deadline.ongoing:
        item["ongoing"] = True
    source_entry: dict[str, Any] = {"section": _section(row), "text": quote or row.task}
    if quote is None:
        source_entry["unverified"] = True
    if quote is None and source.notice is not None:
        problems.append(_warn(row, source, "W603", "这项任务在来源文件中没有找到，已标为 unverified",
                              "在来源文件中找到原句，复制到 source.text，再删去 unverified。"))
    item["source"] = source_entry
    if guess is not None:
        item.update(_quantities(guess, row, quote or row.task, inferred))
    inferred[:0] = ["start"] + ([] if row.area else ["area"])  # no 专班 in the table: 综合
    item["inferred"] = ["kind", *inferred]
    item["note"] = _note(row, guess)
    return item, problems


def _deadline(row: TaskRow, source: Source, problems: list[Diagnostic], inferred: list[str]) -> Deadline:
    stated = deadline_of(row.deadline, source.year)
    if stated is None and row.deadline not in (None, ""):
        problems.append(_warn(row, source, "W602", f"完成时限“{row.deadline}”无法识别，按{source.year}年底起草",
                              "写成“2022年6月底前”“一季度”“年底前”或“长期坚持”等。"))
    if stated is None:
        found = deadline_of(row.task, source.year)  # 一季度完成…, 6月底前… in the task itself
        stated = found._replace(ongoing=False) if found else None
    if stated is None or (not stated.ongoing and _LONG_TERM.search(row.task) and not row.deadline):
        stated = Deadline(dt.date(source.year, 12, 31), False, bool(_LONG_TERM.search(row.task)))
    if not stated.stated:
        inferred.append("deadline")
    return stated


def _quantities(guess: TargetGuess, row: TaskRow, quoted: str, inferred: list[str]) -> dict[str, Any]:
    metric = guess.metric if len(guess.metric) > 2 and not re.fullmatch(r"[\d年]+", guess.metric) \
        else _title(row.task)
    fields: dict[str, Any] = {"metric": metric, "unit": guess.unit, "comparator": guess.comparator}
    inferred.extend(["metric", "comparator"] if guess.wording[:1].isdigit() else ["metric"])
    if guess.growth is not None:
        fields["growth"] = clean_number(guess.growth)
    else:
        fields["target"] = clean_number(guess.target or 0.0)
    if guess.baseline is not None:
        fields["baseline"] = {"value": clean_number(guess.baseline)}
    if squash(guess.wording) in squash(quoted):
        fields["wording"] = guess.wording
    return fields


def _note(row: TaskRow, guess: TargetGuess | None) -> str:
    parts = [f"任务分解表第{row.line}行"]
    if row.target:
        parts.append(f"目标值：{row.target}")
    if row.partners:
        parts.append(f"配合单位：{row.partners}")
    if guess is not None and guess.rate_only:
        parts.append(f"原文“{guess.wording}”未给出基数，暂以增减幅度（%）为目标；有基数后可改为 growth 加 baseline")
    if guess is not None and guess.comparator in ("<", "<=") and guess.baseline is None:
        parts.append("越低越好，未给出基数：达到即完成；补上 baseline 后按压缩幅度计算完成率")
    if row.note:
        parts.append(f"备注：{row.note}")
    return "；".join(parts)


def _id(area_id: str, row: TaskRow, taken: set[str]) -> str:
    number = int(row.seq) if row.seq.isdigit() else row.line
    base = f"{area_id}.t{number:02d}"
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    return found


def _title(task: str) -> str:
    head = _TITLE_END.split(task.strip(), maxsplit=1)[0].strip()
    return head[:30] if head else task.strip()[:30]


def _section(row: TaskRow) -> str:
    where = "·".join(p for p in ("任务分解表", row.area, f"第{row.seq}项" if row.seq else "") if p)
    return where


def _warn(row: TaskRow, source: Source, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(code, message, source.table, row.line, None, hint, "warning")


_HEADER = """\
# 计划草稿：由 ftz plan import 从任务分解表起草，请逐项核对后使用。
# - inferred: 列出的是推定内容（类型、指标名称、比较方式、推定的日期等），核对无误可保留；
# - unverified: true 表示这项任务在来源文件中没有找到原句：找到后复制到 text，再删去这一行；
# - units: 是本计划的责任单位（取自牵头单位列）。改完后运行 ftz validate 检查。
"""


def dump(plan: dict[str, Any], lines: dict[str, int]) -> str:
    """The draft as YAML a person reads and corrects: one block per item, its table row above it."""
    import yaml

    def block(value: Any) -> str:
        return str(yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=10_000,
                                  default_flow_style=False))

    head = {k: v for k, v in plan.items() if k not in ("items", "units")}
    parts = [_HEADER, block(head), "items:\n"]
    for item in plan["items"]:
        parts.append(f"  # 第{lines[item['id']]}行\n")
        parts.append(_indent(block([item]), "  "))
    parts.append(block({"units": plan["units"]}) if plan["units"] else "units: {}\n")
    return "".join(parts)


def _indent(text: str, prefix: str) -> str:
    return "".join(prefix + line if line.strip() else line for line in text.splitlines(keepends=True))
