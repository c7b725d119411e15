"""The office's own files beside the plan: its words for each brief, and the log of issued briefs.

- ``notes/YYYY-MM-DD.yaml`` (named by the brief's as-of date): 存在问题 and 下一步工作, for the
  whole brief and per area, written by staff and carried verbatim into 四、存在问题和下一步工作.
- ``issued/<series>-<year>-<number>-<writer>.yaml`` (and the older ``issued.yaml``): one entry
  per issued brief (series, number, date, as-of, file). The next brief takes the next number
  of its series in the as-of year; "since the previous brief" means the latest entry before
  this one's as-of date. ftz only appends (under a lock, atomically); staff may correct the
  files by hand. ``read_log`` is the one way to read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.store import atomic
from ftz_cli.store.lock import file_lock
from ftz_cli.store.workspace import Workspace

NOTES_DIR = "notes"
ISSUE_LOG = "issued.yaml"  # the older one-file log: read, never written
ISSUE_DIR = "issued"
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


@dataclass(frozen=True, slots=True)
class Issued:
    """One brief in the log."""

    series: str  # "report" or "weekly"
    number: int
    date: dt.date  # when it was issued
    as_of: dt.date
    file: str


def notes_path(ws: Workspace, as_of: dt.date) -> Path:
    return ws.root / NOTES_DIR / f"{as_of.isoformat()}.yaml"


def read_notes(ws: Workspace, as_of: dt.date) -> dict[str, Any] | None:
    """The office's text for the brief as of ``as_of``, or None when there is no file.

    Returns ``{"problems": [str], "next_steps": [str], "areas": {area: {problems, next_steps}},
    "items": {id: {progress, problems, next_steps}}}``; area and item keys are left as
    written (an area's id or name, an item's id), for the caller to resolve.
    """
    path = notes_path(ws, as_of)
    if not path.is_file():
        return None
    shown = ws.rel(path)
    tree = _load_yaml(path, shown)
    problems: list[Diagnostic] = []
    notes = _section({} if tree is None else tree, shown, problems)
    if problems:
        raise FtzError(problems)
    return notes


def _load_yaml(path: Path, shown: str, data: bytes | None = None) -> Any:
    """The YAML tree of ``data`` (read from ``path`` when not given)."""
    from ftz_cli.parse.yamlio import decode, load

    if data is None:
        try:
            data = path.read_bytes()
        except OSError as err:
            raise FtzError(Diagnostic("E001", f"无法读取“{shown}”：{err.strerror}", shown)) from None
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
        else:
            notes[name] = _paragraphs(value, shown, problems, tree)
    if "headline" in notes:  # one line under the masthead
        notes["headline"] = "".join(notes["headline"])
    return notes


def _paragraphs(value: Any, shown: str, problems: list[Diagnostic], where: Any) -> list[str]:
    """A string or a list of strings: each one a paragraph, verbatim."""
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
        problems.append(_bad(shown, where, "每条内容应为一段文字（或以“- ”开头的若干段）"))
        return []
    return [str(v).strip() for v in values if str(v).strip()]


def _bad(shown: str, node: Any, message: str, pos: tuple[int, int] | None = None,
         hint: str = "") -> Diagnostic:
    line, column = pos or (getattr(node, "line", None), getattr(node, "column", None))
    return Diagnostic("E460", f"简报文字文件{message}", shown, line, column,
                      hint or "格式见 ftz 文档 docs/reports.md“存在问题和下一步工作”一节。")


# -- the issue log --------------------------------------------------------------------
# ``issued/<series>-<year>-<number>-<writer>.yaml``: one small file per brief and writer, so that
# two clones issuing briefs merge in git with nothing to merge line by line; two desks that
# issued the same 期号 both keep their entry, and ``validate`` names the pair (E023). The
# older one-file log ``issued.yaml`` is still read, and never rewritten.

def read_log(ws: Workspace) -> list[Issued]:
    """Every issued brief: the old ``issued.yaml`` first, in its order, then ``issued/``, by
    date, series and number. No file is an empty log. This is the reading API for anything
    that asks what was issued when (``next_number``, ``previous``, reminders)."""
    old = ws.root / ISSUE_LOG
    entries = _read_file(ws, old) if old.is_file() else []
    folder = ws.root / ISSUE_DIR
    try:
        files = sorted(p for p in folder.iterdir() if p.name.endswith(".yaml") and not p.name.startswith("."))
    except FileNotFoundError:
        files = []
    except OSError as err:
        raise FtzError(Diagnostic("E001", f"无法读取“{ISSUE_DIR}”：{err.strerror}", ISSUE_DIR)) from None
    new = [e for path in files for e in _read_file(ws, path)]
    return entries + sorted(new, key=lambda e: (e.date, e.series, e.number, e.file))


def _read_file(ws: Workspace, path: Path) -> list[Issued]:
    from ftz_cli.core.files import read_small

    shown = ws.rel(path)
    try:
        data = read_small(path, shown, 1 << 20, "简报登记应是普通的 YAML 文件。")
    except OSError as err:
        raise FtzError(Diagnostic("E001", f"无法读取“{shown}”：{err.strerror}", shown)) from None
    return _parse_log(path, shown, data)


def same_number(log: list[Issued]) -> list[tuple[Issued, Issued]]:
    """Pairs of briefs of one series and year that took one 期号 for two as-of dates (two
    desks issued at once, then merged in git)."""
    first: dict[tuple[str, int, int], Issued] = {}
    pairs = []
    for entry in log:
        seen = first.setdefault((entry.series, entry.as_of.year, entry.number), entry)
        if seen.as_of != entry.as_of:
            pairs.append((seen, entry))
    return pairs


def _parse_log(path: Path, shown: str, data: bytes) -> list[Issued]:
    tree = _load_yaml(path, shown, data)
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


def next_number(log: list[Issued], series: str, as_of: dt.date) -> int:
    """The number for a brief of ``series`` as of ``as_of``: the one it already has, else next.

    Writing the same brief again (another format, a correction) keeps its number; numbers
    run per year of the as-of date (2021年第N期).
    """
    same = [e for e in log if e.series == series and e.as_of.year == as_of.year]
    for entry in reversed(same):
        if entry.as_of == as_of:
            return entry.number
    return max((e.number for e in same), default=0) + 1


def previous(log: list[Issued], series: str, as_of: dt.date) -> Issued | None:
    """The latest brief of ``series`` issued as of a day before ``as_of``."""
    before = [e for e in log if e.series == series and e.as_of < as_of]
    return max(before, key=lambda e: (e.as_of, e.number), default=None)


def log_issued(ws: Workspace, entries: list[Issued]) -> None:
    """Log ``entries`` (one already there, same file and as-of, is skipped), each in the file of
    its brief and this writer, with the workspace's permissions (those of its plan)."""
    from ftz_cli.store.layout import writer

    with file_lock(ws.root / ".issued.lock"):
        known = {(e.series, e.number, e.as_of, e.file) for e in read_log(ws)}
        new = [e for e in entries if (e.series, e.number, e.as_of, e.file) not in known]
        by_file: dict[Path, list[Issued]] = {}
        name = writer(ws.settings.writer)
        for e in new:
            path = ws.root / ISSUE_DIR / f"{e.series}-{e.as_of.year}-{e.number:03d}-{name}.yaml"
            by_file.setdefault(path, []).append(e)
        for path, group in by_file.items():
            _append(ws, path, group)


def _append(ws: Workspace, path: Path, group: list[Issued]) -> None:
    try:
        path.parent.mkdir(exist_ok=True)
        old = path.read_bytes() if path.is_file() else _LOG_HEADER.encode("utf-8")
        mode = ws.plan_path.stat().st_mode & 0o666 if ws.plan_path.exists() else None
    except OSError as err:
        raise FtzError(Diagnostic("E405", f"无法写入“{ws.rel(path)}”：{err.strerror or err}", ws.rel(path))) from None
    if old and not old.endswith(b"\n"):
        old += b"\n"
    text = "".join(f"- series: {e.series}\n  number: {e.number}\n  date: {e.date.isoformat()}\n"
                   f"  as_of: {e.as_of.isoformat()}\n  file: {_quoted(e.file)}\n" for e in group)
    _atomic(path, old + text.encode("utf-8"), mode)


_LOG_HEADER = ("# 简报登记：ftz report / ftz weekly 发出这一期时追加（草稿 --draft 不登记）。\n"
               "# 每期每位录入者一个文件，git 合并时不会冲突；可以手工更正。\n")


def _quoted(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def _atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    try:
        atomic.write(path, data, mode=mode)
    except OSError as err:
        raise FtzError(Diagnostic("E405", f"无法写入“{path.name}”：{err.strerror or err}",
                                  path.name)) from None
