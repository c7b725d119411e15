"""``ftz validate``: every problem in a workspace, in one run.

Every file is read once, and the settings, the plan and the records are all checked from
those bytes, so an edit made while ftz runs can never pair one file's problems with
another's. Records come through the index (``load``), as for every command.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from ftz_cli.commands.output import emit, print_diagnostics, say
from ftz_cli.commands.shared import shared_ground
from ftz_cli.core.errors import Diagnostic, FtzError, has_errors
from ftz_cli.core.model import Plan
from ftz_cli.store.workspace import SETTINGS_FILE, Workspace


@dataclass(frozen=True, slots=True)
class Request:
    """What ``ftz validate`` is asked: a workspace, as of a day."""

    workspace: Workspace
    today: dt.date


@dataclass(frozen=True, slots=True)
class Result:
    """Every problem found, which templates a brief would use, and where the workspace is."""

    diagnostics: tuple[Diagnostic, ...]
    templates: str
    where: str

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def run(request: Request) -> Result:
    """Every problem in the workspace (nothing printed: ``render`` says it)."""
    ws = request.workspace
    uses, more = templates_used(ws)
    diagnostics = workspace_problems(ws, request.today) + more + _closures(ws) + shared_ground(ws)
    where = "ftz 自带的计划" if ws.readonly else str(ws.root) + ("（示例数据）" if ws.settings.sample else "")
    where += f"（计划 {ws.plan}）" if ws.plan else ""
    return Result(tuple(diagnostics), uses, where)


def render(result: Result, *, fmt: str, color: bool, quiet: bool) -> None:
    """The result as text (problems, then the verdict) or as JSON."""
    if fmt == "json":
        from ftz_cli.views.rows import to_json

        emit(to_json([d.to_json() for d in result.diagnostics]))
        return
    print_diagnostics(list(result.diagnostics), color)
    errors = sum(d.severity == "error" for d in result.diagnostics)
    say(result.templates, quiet)
    say(f"{'校验通过' if result.ok else '校验未通过'}：{result.where}，{errors} 个错误，"
        f"{len(result.diagnostics) - errors} 个警告。", quiet)


def workspace_problems(ws: Workspace, today: dt.date) -> list[Diagnostic]:
    """Every problem of the settings, the plan and the records, from one reading of each file."""
    from ftz_cli.store.load import load

    try:
        contents = _read_once(ws)
        loaded = load(_as_read(ws, contents), today, contents)
    except FtzError as err:
        return list(err.diagnostics)
    return list(loaded.diagnostics) + _notes(ws, loaded.plan)


def _notes(ws: Workspace, plan: Plan) -> list[Diagnostic]:
    """The office's words for each brief (``notes/2021-06-30.yaml``): a mistake there stops
    that brief (E460), so it is named here first, not on the day the brief is due."""
    from ftz_cli.store.briefs import NOTES_DIR, read_notes
    from ftz_cli.views.digest import unknown_in_notes

    folder = ws.root / NOTES_DIR
    if ws.readonly or not folder.is_dir():
        return []
    problems: list[Diagnostic] = []
    for path in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        as_of = _brief_date(ws, path)
        if as_of is None:  # no brief reads it: the office's words would be missing unseen
            problems.append(_unread_note(ws, path))
            continue
        try:
            notes = read_notes(ws, as_of)
        except FtzError as err:
            problems.extend(err.diagnostics)
            continue
        if as_of >= plan.began:  # an older brief's words (last year's plan) name older items
            problems.extend(unknown_in_notes(plan, notes or {}))
    return problems


def _brief_date(ws: Workspace, path: Path) -> dt.date | None:
    """The as-of date of the brief that reads the notes file ``path`` (``briefs.notes_path``), if any."""
    from ftz_cli.store.briefs import notes_path

    try:
        as_of = dt.date.fromisoformat(path.stem)
    except ValueError:
        return None
    return as_of if path == notes_path(ws, as_of) and path.is_file() else None


def _unread_note(ws: Workspace, path: Path) -> Diagnostic:
    return Diagnostic("W465", f"“{ws.rel(path)}”的名字不是简报日期，没有哪一期简报会读它", ws.rel(path),
                      hint="简报文字文件以简报的截止日期命名，例如 notes/2021-06-30.yaml（年-月-日，两位月和日，"
                           "扩展名 .yaml）；改名后再运行 ftz validate。", severity="warning")


def _read_once(ws: Workspace) -> dict[Path, bytes | OSError | None]:
    """The plan, the source document, the settings and every update file, each read once
    (the settings too: their ``units`` are checked against the plan)."""
    from ftz_cli.core.files import read_regular
    from ftz_cli.parse.ytree import MAX_BYTES

    # a FIFO, a huge file, a symlinked log are not read here (None): load() names them (E009, E004, E007)
    return {path: None if path.is_symlink() else read_regular(path, MAX_BYTES)
            for path in (ws.plan_path, ws.document_path, ws.root / SETTINGS_FILE, *ws.update_files())}


def _as_read(ws: Workspace, contents: dict[Path, bytes | OSError | None]) -> Workspace:
    """``ws`` with the settings of the bytes in ``contents``, not of an earlier read."""
    data = contents.get(ws.root / SETTINGS_FILE)
    if not isinstance(data, bytes):
        return ws
    from ftz_cli.store.workspace import settings_of

    return replace(ws, settings=settings_of(ws.root, data))


def _closures(ws: Workspace) -> list[Diagnostic]:
    """The 销号 log's files, and every evidence file it names (there, and unchanged)."""
    if ws.readonly or not (ws.root / "closures").is_dir():  # no 销号 yet: nothing to import
        return []
    from ftz_cli.store.closures import check, read

    events, problems = read(ws)
    return problems + check(ws, events)


def templates_used(ws: Workspace) -> tuple[str, list[Diagnostic]]:
    """Which templates ``report`` and ``weekly`` would use here (without --templates), and
    a warning for a ``templates/`` folder that is no longer picked up by itself."""
    try:
        folders = ws.template_dirs()
    except FtzError as err:
        return "模板：内置模板（设置的模板文件夹有误，见上）", err.diagnostics
    problems: list[Diagnostic] = []
    unused = ws.templates_dir
    if unused.is_dir() and unused.resolve() not in {f.resolve() for f in folders}:
        problems.append(Diagnostic(
            "W220", "工作区中的 templates 文件夹不会被自动使用（为安全起见，模板只从您指定的文件夹读取）",
            ws.rel(unused), severity="warning",
            hint=f"如确要使用其中的模板，在 {SETTINGS_FILE} 的 report 下写一行“templates: templates”，"
                 "或运行 ftz report 时加 --templates templates。"))
    if not folders:
        return "模板：内置模板", problems
    names = sorted(p.name for p in folders[0].glob("*.j2"))
    shown = "、".join(names) if names else "（没有 .j2 文件）"
    return (f"模板：{ws.rel(folders[0])} 中的 {shown}，其余用内置模板", problems)
