"""The ``units:`` section of ``ftz.yaml``: unit name → a list of item, group or area ids."""

from __future__ import annotations

from typing import Any

from ftz_cli.core.units import Assignment
from ftz_cli.parse.schema import Checker, describe
from ftz_cli.parse.ytree import YList, YMap

_EXAMPLE = "例如：\nunits:\n  市商务局: [trade, capital.window.2]\n  义乌海关: [trade.import-export-2021]"


def read_units(tree: Any, check: Checker, pos: tuple[int, int] | None) -> tuple[Assignment, ...]:
    """The assignments under ``units:``; problems go to ``check`` with their line and column."""
    if tree is None:
        return ()
    if not isinstance(tree, YMap):
        check.at("E110", pos, f"units（责任单位）应为映射：单位名称: [编号, ……]，现在是{describe(tree)}",
                 _EXAMPLE)
        return ()
    found: list[Assignment] = []
    for unit, refs in tree.items():
        where = tree.value_pos.get(unit) or tree.key_pos.get(unit)
        name = str(unit).strip() if unit is not None else ""
        if not name:
            check.at("E113", tree.key_pos.get(unit), "units 中的单位名称不能为空", _EXAMPLE)
            continue
        if isinstance(refs, str) and refs.strip():
            found.append(Assignment(name, refs.strip(), *(where or (None, None))))
            continue
        if not isinstance(refs, YList) or not refs:
            shown = "空列表" if isinstance(refs, YList) else describe(refs)
            check.at("E113", where, f"责任单位“{name}”应有一个编号列表，现在是{shown}", _EXAMPLE)
            continue
        for ref, (line, column) in zip(refs, refs.item_pos, strict=True):
            if isinstance(ref, str) and ref.strip():
                found.append(Assignment(name, ref.strip(), line, column))
            else:
                check.at("E113", (line, column),
                         f"责任单位“{name}”的列表中应为编号，现在是{describe(ref)}", _EXAMPLE)
    return tuple(found)
