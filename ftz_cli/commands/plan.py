"""``ftz plan import``: a plan drafted from a 任务分解表, checked, then written under plans/."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What ``ftz plan import`` is asked: a plan named ``name`` drafted from the task table
    ``table``, checked against the notice ``source`` (a .docx table is its own), of ``year``."""

    workspace: Workspace
    table: str
    name: str
    source: str | None = None
    year: int | None = None
    dry_run: bool = False


@dataclass(frozen=True, slots=True)
class Drafted:
    """What could not be read (row by row), and what was drafted and written, in words."""

    problems: tuple[Diagnostic, ...]
    summary: str


def run_import(request: ImportRequest) -> Drafted:
    """Draft the plan, and write it unless a dry run (nothing printed: ``render_import`` says it)."""
    from ftz_cli.commands.output import atomic_write
    from ftz_cli.importers import read_input
    from ftz_cli.importers.task_table import read_task_rows
    from ftz_cli.store.plans import make_records_folder, new_plan

    ws = request.workspace
    new = new_plan(ws, request.name)
    path, text_path = ws.own(new.plan_path), ws.own(new.document_path)
    if not request.dry_run:
        ws.require_writable()
    if path.exists():
        raise FtzError(Diagnostic("E605", f"计划“{request.name}”已存在（{ws.rel(path)}），不会覆盖", ws.rel(path),
                                  hint="换一个 --name，或先把已有的计划文件改名、移走。"))
    warnings: list[Diagnostic] = []
    rows = read_task_rows(request.table, read_input(request.table, request.table), request.table,
                          warnings.append)
    if not rows:
        raise FtzError(Diagnostic("E606", "任务分解表中没有任务", request.table,
                                  hint="表头下每行一项任务，至少要有“重点任务”一列。"))
    # a Word notice with its table inside is its own source: the tasks are quoted from its text
    notice = _notice(request.source or (request.table if request.table.lower().endswith(".docx") else None))
    draft, text = _draft(rows, request, notice, ws.rel(path))
    if not request.dry_run:
        path.parent.mkdir(exist_ok=True)
        make_records_folder(new)
        if notice is not None:
            atomic_write(text_path, notice.text.encode("utf-8"))
        atomic_write(path, text.encode("utf-8"))
    problems = tuple(warnings + draft.problems)
    return Drafted(problems, _summary(draft.plan, ws.rel(path), request.dry_run, len(problems)))


def render_import(result: Drafted, *, quiet: bool, color: bool) -> None:
    from ftz_cli.commands.output import print_diagnostics

    if not quiet:
        print_diagnostics(result.problems, color)
    print(result.summary)


def _notice(source: str | None) -> Any:
    if source is None:
        return None
    from ftz_cli.importers import read_input
    from ftz_cli.importers.document import Notice, document_text

    return Notice(document_text(Path(source), read_input(source, source), source))


def _draft(rows: list[Any], request: ImportRequest, notice: Any, shown: str) -> tuple[Any, str]:
    """The draft and its YAML, checked by the plan's own rules before anything is written."""
    from ftz_cli.importers.plan_draft import Source, draft, dump
    from ftz_cli.parse.plan import read_plan

    year = request.year or _year_of(rows)
    # the notice's first line is its title (pdftotext spaces it out: 义乌市 2022 年)
    first = next((re.sub(r"\s+", "", line) for line in notice.text.splitlines() if line.strip()), "") \
        if notice else ""
    title = first[:60] or Path(request.source or request.table).stem
    made = draft(rows, Source(request.table, notice, title, year), request.name,
                 f"{request.name}.txt" if notice is not None else None)
    errors = [d for d in made.problems if d.severity == "error"]  # at their rows of the table
    if errors:
        raise FtzError(errors)
    text = dump(made.plan, made.lines)
    problems = read_plan(text, shown, notice.text if notice is not None else None)[1]
    errors = [d for d in problems if d.severity == "error"]
    if errors:  # a row the drafter wrote wrong: said with the row, nothing written
        raise FtzError(errors)
    return made, text


def _year_of(rows: list[Any]) -> int:
    """The plan's year: the first four-digit year of a deadline cell or a task, else this year's."""
    from ftz_cli.parse.dates import today

    for row in rows:
        found = re.search(r"(20\d\d)年", f"{row.deadline or ''}{row.task}")
        if found:
            return int(found[1])
    return today().year


def _summary(plan: dict[str, Any], shown: str, dry_run: bool, problems: int) -> str:
    items = plan["items"]
    kinds = Counter(i["kind"] for i in items)
    labels = {"flow": "年度累计", "level": "存量", "count": "件数", "milestone": "节点", "qualitative": "定性"}
    by_kind = "、".join(f"{labels[k]} {n}" for k, n in kinds.items())
    unverified = sum(1 for i in items if i["source"].get("unverified"))
    ongoing = sum(1 for i in items if i.get("ongoing"))
    lines = [f"计划“{plan['programme']['short_name']}”：{len(items)} 项（{by_kind}；长期坚持 {ongoing} 项），"
             f"领域 {len(plan['areas'])} 个，责任单位 {len(plan['units'])} 个；"
             f"来源未核实 {unverified} 项，需核对的提示 {problems} 条。"]
    if dry_run:
        lines.append(f"（--dry-run：只检查，未写入 {shown}）")
    else:
        lines.append(f"已写入：{shown}。请核对草稿（inferred、unverified），再运行 ftz validate。")
    return "\n".join(lines)
