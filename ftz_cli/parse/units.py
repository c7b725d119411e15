"""The ``units:`` section of ``ftz.yaml``: unit name → a list of item, group or area ids."""

from __future__ import annotations

from typing import Any

from ftz_cli.core.names import collisions, problem
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
        if _bad_name(name, check, tree.key_pos.get(unit)):
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
    for first, later in collisions(dict.fromkeys(a.unit for a in found)):
        check.at("E022", tree.key_pos.get(later),
                 f"责任单位“{first}”和“{later}”用作文件名时是同一个（不区分大小写和全角半角）",
                 "两个单位的填报表和催办通知会互相覆盖：改用能区分的名称，或合并为一个单位。")
    return tuple(found)


def _bad_name(name: str, check: Checker, pos: tuple[int, int] | None) -> bool:
    """A unit's name becomes a file name (its sheet, its notice): refuse one that cannot."""
    found = problem(name)
    if found is None:
        return False
    from ftz_cli.core.chars import escape_unsafe

    check.at(found[0], pos, f"责任单位“{escape_unsafe(name)}”的{found[1]}",
             "改用普通的单位名称，例如“市商务局”。")
    return True
