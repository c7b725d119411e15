"""The plans of a workspace: the 2021 plan (``targets.yaml``, named ``2021``) and more beside
it, one file each under ``plans/`` (``plans/2022.yaml``, its source text ``plans/2022.txt``,
its records under ``plans/2022/updates/``)."""

from __future__ import annotations

import os
from dataclasses import replace

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.names import DEFAULT_PLAN, check_plan_name, is_plan_name
from ftz_cli.store.workspace import PLANS_DIR, UPDATES_GITIGNORE, Workspace, shipped


def new_plan(ws: Workspace, name: str) -> Workspace:
    """``ws`` working on a new plan ``name`` (E600 when it cannot be one's name): its file, the
    text of its source document and its records are ``plan_path``, ``document_path`` and
    ``updates_dir``, as for any plan."""
    return replace(ws, plan=check_plan_name(name))


def make_records_folder(ws: Workspace) -> None:
    """The records folder of ``ws``'s plan, with the .gitignore of ``updates/`` (locks stay out of git)."""
    folder = ws.own(ws.updates_dir)
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(shipped(UPDATES_GITIGNORE), encoding="utf-8")


def names(ws: Workspace) -> list[str]:
    """The workspace's plans: 2021 (targets.yaml), then plans/*.yaml by name."""
    folder = ws.root / PLANS_DIR
    found = sorted(p.stem for p in folder.glob("*.yaml") if is_plan_name(p.stem)) if folder.is_dir() else []
    return [DEFAULT_PLAN, *(n for n in found if n != DEFAULT_PLAN)]


def choose(ws: Workspace, given: str | None) -> Workspace:
    """``ws`` working on the plan named by --plan, else FTZ_PLAN, else ``plan:`` in ftz.yaml."""
    for name, origin in ((given, "--plan"), (os.environ.get("FTZ_PLAN"), "FTZ_PLAN"),
                         (ws.settings.plan, "ftz.yaml 的 plan:")):
        if not name:
            continue
        if name == DEFAULT_PLAN:
            return replace(ws, plan=None)
        if not is_plan_name(name) or not replace(ws, plan=name).plan_path.is_file():
            raise FtzError(Diagnostic(
                "E607", f"{origin} 指定的计划“{name}”不存在", hint="可用的计划：" + "、".join(names(ws))
                + "。新计划用 ftz plan import 任务分解表 --name 名称 起草；ftz plans 列出全部计划。"))
        return replace(ws, plan=name)  # its units are the plan file's (store.load)
    return ws
