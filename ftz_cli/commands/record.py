"""``ftz update`` and ``ftz import``: check records, append them, say what was recorded."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ftz_cli.commands.closure import attach, evidence_by_record, read_evidence
from ftz_cli.commands.output import emit, print_diagnostics
from ftz_cli.parse.dates import today
from ftz_cli.parse.records import Raw
from ftz_cli.store.append import record
from ftz_cli.store.workspace import Workspace


def run(ws: Workspace, raws: Sequence[Raw], *, replace: bool, dry_run: bool, fmt: str,
        color: bool, evidence: Sequence[Path] = (), base: Path | None = None, confirm: bool = False) -> None:
    from ftz_cli.views.echo import as_rows, summary_lines

    day = today()
    # every evidence file readable before anything is recorded (``base``: an import's folder)
    by_record = evidence_by_record(ws, raws, read_evidence(ws, evidence), base)
    updates, problems, loaded = record(ws, raws, day, replace=replace, dry_run=dry_run,
                                       confirm=confirm)
    print_diagnostics(problems, color)
    if not dry_run:
        attach(ws, loaded.book, updates, fmt == "json", by_record)
    if fmt == "json":
        from ftz_cli.views.rows import to_json

        emit(to_json(as_rows(loaded.book, updates)))
        return
    head = "检查通过，将录入" if dry_run else "已录入"
    lines = summary_lines(loaded.book, updates)
    colon = "：" if lines else "。"  # all skipped as already stored: nothing to list
    emit(f"{head} {len(updates)} 条{'（未写入）' if dry_run else ''}{colon}\n"
         + "".join(f"  {line}\n" for line in lines), people=True)
