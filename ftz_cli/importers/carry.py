"""结转: the open items of one plan written into another plan's file, each marked
``carried_from``, with the areas they need. The file is added to, never rewritten: the
entries go at the end of its ``items:`` and ``areas:`` lists, so a person's comments stay."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from ftz_cli.core.model import Item, Plan
from ftz_cli.parse.values import clean_number

_TOP_KEY = re.compile(r"^[^\s#-][^:]*:")


def carried_entries(source: Plan, name: str, items: Sequence[Item], target: Plan, year: int,
                    why: dict[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The item entries for ``target`` (ids kept unless taken) and the areas it lacks."""
    taken = set(target.items_by_id)
    done = {i.carried_from for i in target.items if i.carried_from}
    areas = {a.id for a in target.areas}
    entries: list[dict[str, Any]] = []
    new_areas: list[dict[str, Any]] = []
    for item in items:
        if f"{name}:{item.id}" in done:
            continue  # carried before: carrying twice adds nothing
        if item.area not in areas:
            area = source.area(item.area)
            new_areas.append({"id": area.id, "name": area.name, "team": area.team, "lead": None})
            areas.add(area.id)
        new_id = item.id if item.id not in taken else f"{item.id}-{name.lower()}"
        taken.add(new_id)
        entries.append(_entry(item, new_id, name, year, why[item.id]))
    return entries, new_areas


def _entry(item: Item, new_id: str, name: str, year: int, why: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": new_id, "area": item.area, "kind": item.kind, "title": item.title, "horizon": str(year),
        "start": dt.date(year, 1, 1), "deadline": dt.date(year, 12, 31),
        "source": {"section": f"结转自{name}·{item.source.section}", "text": item.source.text},
    }
    if item.ongoing:
        entry["ongoing"] = True
    if item.quantitative:
        entry.update({"metric": item.metric, "unit": item.unit, "comparator": item.comparator})
        if item.growth is not None:
            entry["growth"] = clean_number(item.growth)
        else:
            entry["target"] = clean_number(item.target or 0.0)
        if item.wording:
            entry["wording"] = item.wording
        if item.baseline is not None:
            entry["baseline"] = {"value": clean_number(item.baseline.value)}
    entry["carried_from"] = f"{name}:{item.id}"
    entry["inferred"] = ["start", "deadline"]
    entry["note"] = f"结转自{name}计划“{item.id}”（{why}），原完成时限{item.deadline.isoformat()}；" \
                    "完成时限暂定年底，请按新计划核定"
    return entry


def insert(text: str, key: str, entries: Sequence[dict[str, Any]]) -> str:
    """``text`` with ``entries`` added at the end of its top-level list ``key``."""
    if not entries:
        return text
    import yaml

    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next(n for n, line in enumerate(lines) if re.match(rf"{key}:\s*(#.*)?$", line))
    end = next((n for n in range(start + 1, len(lines)) if _TOP_KEY.match(lines[n])), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # before the blank lines that end the list
    first = next((line for line in lines[start + 1:end] if line.lstrip().startswith("- ")), "- ")
    indent = first[: len(first) - len(first.lstrip())]
    block = yaml.safe_dump(list(entries), allow_unicode=True, sort_keys=False, width=10_000)
    added = "".join(indent + line if line.strip() else line for line in block.splitlines(keepends=True))
    return "".join([*lines[:end], added, *lines[end:]])


def insert_units(text: str, target: Plan, added: dict[str, list[str]]) -> str | None:
    """``text`` with the carried items' units added to its ``units:`` (each unit's list, or a
    new unit at the end); None when the lists are not one entry a line (as ``plan import``
    writes them), for a person to add by hand."""
    if not added:
        return text
    import yaml

    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    last: dict[str, int] = {}
    for a in target.units:
        if a.line is None or not lines[a.line - 1].lstrip().startswith("- "):
            return None  # a flow list (市商务局: [a, b]): not ours to rewrite
        last[a.unit] = max(last.get(a.unit, 0), a.line)
    at = {n: line for n, line in enumerate(lines) if re.match(r"units:\s*(\{\}\s*)?(#.*)?$", line)}
    if not last:  # no units yet: a block of its own, in place of "units: {}" or at the end
        block = yaml.safe_dump({"units": added}, allow_unicode=True, sort_keys=False, width=10_000)
        if at:
            n = next(iter(at))
            return "".join([*lines[:n], block, *lines[n + 1:]])
        return "".join([*lines, block])
    inserts: dict[int, list[str]] = {}
    end = max(last.values())
    indent = lines[end - 1][: len(lines[end - 1]) - len(lines[end - 1].lstrip())]
    new_units = ""
    for unit, ids in added.items():
        if unit in last:
            inserts.setdefault(last[unit], []).extend(f"{indent}- {i}\n" for i in ids)
        else:
            block = yaml.safe_dump({unit: ids}, allow_unicode=True, width=10_000)
            new_units += "".join(indent + line for line in block.splitlines(keepends=True))
    inserts.setdefault(end, []).append(new_units)  # after the last unit's own new ids
    out: list[str] = []
    for n, line in enumerate(lines, start=1):
        out.append(line)
        out.extend(inserts.get(n, []))
    return "".join(out)
