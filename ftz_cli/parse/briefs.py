"""The office's files beside the plan, text into values: its words for each brief (``notes/``:
存在问题, 下一步工作, per area and item), the entries of the issue log (``issued/``) and the
lights an issued brief printed (``issued/lights/``). The files are found, read and written by
``store/briefs.py``; the log's entries are written as ``issue_entries`` says (in the files
``log_files`` names), the lights as ``lights_file`` (named by ``lights_name``)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.issues import Issued

_KEYS = {"problems": "problems", "存在问题": "problems", "next_steps": "next_steps",
         "下一步": "next_steps", "下一步工作": "next_steps", "下步计划": "next_steps",
         "progress": "progress", "进展情况": "progress",
         "areas": "areas", "领域": "areas", "items": "items", "事项": "items",
         "headline": "headline", "提要": "headline"}
# the fields of each level of a notes file: the brief, an area, an item
_LEVELS = {"top": ("problems", "next_steps", "areas", "items", "headline"), "area": ("problems", "next_steps"),
           "item": ("progress", "problems", "next_steps")}
_NAMES = {"problems": "problems（存在问题）", "next_steps": "next_steps（下一步工作）",
          "progress": "progress（进展情况）", "areas": "areas（分领域，按领域编号或名称）",
          "items": "items（分事项，按指标编号）", "headline": "headline（提要：红头下的一行）"}


def notes(data: bytes, shown: str) -> dict[str, Any]:
    """The office's text for a brief, from a notes file (``notes/YYYY-MM-DD.yaml``).

    Returns ``{"problems": [str], "next_steps": [str], "areas": {area: {problems, next_steps}},
    "items": {id: {progress, problems, next_steps}}}``; area and item keys are left as
    written (an area's id or name, an item's id), for the caller to resolve.
    """
    tree = _load_yaml(data, shown)
    problems: list[Diagnostic] = []
    found = _section({} if tree is None else tree, shown, problems)
    if problems:
        raise FtzError(problems)
    return found


def _load_yaml(data: bytes, shown: str) -> Any:
    """The YAML tree of ``data``; None for an empty file, or one of only comments."""
    from ftz_cli.parse.yamlio import decode, load

    text, problems = decode(data, shown)
    if text is None:
        raise FtzError(problems)
    tree, problems = load(text, shown)
    if tree is None and all(p.code == "E003" for p in problems):
        return None  # an empty file, or only comments: nothing to say this time
    if any(p.severity == "error" for p in problems):
        raise FtzError(problems)
    return tree


def _section(tree: Any, shown: str, problems: list[Diagnostic], level: str = "top") -> dict[str, Any]:
    fields = _LEVELS[level]
    notes: dict[str, Any] = {k: {} if k in ("areas", "items") else [] for k in fields}
    allowed = "、".join(_NAMES[k] for k in fields)
    if not isinstance(tree, dict):
        problems.append(_bad(shown, tree, f"应为映射：{allowed}"))
        return notes
    for key, value in tree.items():
        name = _KEYS.get(str(key))
        if name not in fields:
            pos = getattr(tree, "key_pos", {}).get(key)
            problems.append(_bad(shown, tree, f"有未知字段“{key}”", pos, hint=f"可用的字段：{allowed}"))
        elif name in ("areas", "items"):
            if not isinstance(value, dict):
                problems.append(_bad(shown, tree, f"{key} 应为映射（编号: 内容）"))
                continue
            notes[name] = {str(k): _section(v, shown, problems, name[:-1]) for k, v in value.items()}
            # where each area and item is written: the plan decides later which are unknown (E460)
            notes.setdefault("where", {"file": shown})[name] = {
                str(k): pos for k, pos in getattr(value, "key_pos", {}).items()}
        else:
            pos = getattr(tree, "value_pos", {}).get(key)
            notes[name] = _paragraphs(value, shown, problems, tree, pos)
    if "headline" in notes:  # one line under the masthead
        notes["headline"] = "".join(notes["headline"])
    return notes


def _paragraphs(value: Any, shown: str, problems: list[Diagnostic], where: Any,
                pos: tuple[int, int] | None = None) -> list[str]:
    """A string or a list of strings: each one a paragraph, verbatim."""
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
        problems.append(_bad(shown, where, "每条内容应为一段文字（或以“- ”开头的若干段）", pos))
        return []
    return [str(v).strip() for v in values if str(v).strip()]


def _bad(shown: str, node: Any, message: str, pos: tuple[int, int] | None = None,
         hint: str = "") -> Diagnostic:
    line, column = pos or (getattr(node, "line", None), getattr(node, "column", None))
    return Diagnostic("E460", f"简报文字文件{message}", shown, line, column,
                      hint or "格式见 ftz 文档 docs/reports.md“存在问题和下一步工作”一节。")


LOG_HEADER = ("# 简报登记：ftz report / ftz weekly 发出这一期时追加（草稿 --draft 不登记）。\n"
              "# 每期每位录入者一个文件，git 合并时不会冲突；可以手工更正。\n")


def log_files(known: Sequence[Issued], entries: Sequence[Issued], writer: str) -> dict[str, list[Issued]]:
    """The ``entries`` not logged yet (``known``: one of the same series, number, as-of and file
    is), by the file of ``issued/`` each goes to: one per brief and writer."""
    logged = {(e.series, e.number, e.as_of, e.file) for e in known}
    files: dict[str, list[Issued]] = {}
    for e in entries:
        if (e.series, e.number, e.as_of, e.file) not in logged:
            files.setdefault(f"{e.series}-{e.as_of.year}-{e.number:03d}-{writer}.yaml", []).append(e)
    return files


def issue_entries(entries: Sequence[Issued]) -> str:
    """``entries`` as the issue log's YAML, as ftz appends them; ``issue_log`` reads them back
    (a file's name exactly, whatever it holds: ``recordfile.quoted``)."""
    from ftz_cli.parse.recordfile import quoted

    return "".join(f"- series: {e.series}\n  number: {e.number}\n  date: {e.date.isoformat()}\n"
                   f"  as_of: {e.as_of.isoformat()}\n  file: {quoted(e.file)}\n" for e in entries)


def issue_log(data: bytes, shown: str) -> list[Issued]:
    """The entries of one file of the issue log (``issued/…yaml``, or the older ``issued.yaml``)."""
    tree = _load_yaml(data, shown)
    if tree is None:
        return []
    if not isinstance(tree, list):
        raise FtzError(Diagnostic("E461", "简报登记应为列表（每期以“- ”开头）", shown, 1, 1))
    return [_entry(entry, shown) for entry in tree]


def _entry(entry: Any, shown: str) -> Issued:
    from ftz_cli.parse.yamlio import is_date

    ok = (isinstance(entry, dict) and isinstance(entry.get("number"), int)
          and not isinstance(entry.get("number"), bool) and entry["number"] > 0
          and is_date(entry.get("as_of")) and is_date(entry.get("date")))
    if not ok:
        raise FtzError(Diagnostic(
            "E461", "简报登记中有一期不完整：需要 number（正整数）、date 和 as_of（日期）",
            shown, getattr(entry, "line", None), getattr(entry, "column", None),
            hint="按其他各期的格式改正，或删去这一期。"))
    return Issued(str(entry.get("series") or "report"), entry["number"], entry["date"],
                  entry["as_of"], str(entry.get("file") or ""))


def lights_name(issued: Issued, *, old: bool = False) -> str:
    """``report-2021-12-2021-06-30.json``: with its as-of date, so that two desks that both issued
    第12期 (for two dates) add two files and their pulls merge; ``old``: the name before."""
    name = f"{issued.series}-{issued.as_of.year}-{issued.number}"
    return f"{name}.json" if old else f"{name}-{issued.as_of.isoformat()}.json"


def lights_file(issued: Issued, lights: Mapping[str, str]) -> bytes:
    """The file of the yellow and red items an issued brief printed, as ``printed_lights`` reads it."""
    body = {"series": issued.series, "number": issued.number, "as_of": issued.as_of.isoformat(),
            "lights": dict(lights)}
    return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def printed_lights(text: str, issued: Issued) -> dict[str, str] | None:
    """The lights in ``text``, a file of ``issued``'s (``lights_file``); None when it is not one
    of ours, or is another as-of date's."""
    try:
        body = json.loads(text)
    except ValueError:
        return None
    lights = body.get("lights") if isinstance(body, dict) else None
    if not isinstance(lights, dict) or body.get("as_of") != issued.as_of.isoformat():
        return None
    return {str(k): str(v) for k, v in lights.items()}
