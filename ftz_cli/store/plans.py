"""The plans of a workspace: the bundled 2021 plan (``targets.yaml``) and more beside it, one
file each under ``plans/`` (``plans/2022.yaml``), each with its source document's text."""

from __future__ import annotations

import re
from pathlib import Path

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.store.workspace import Workspace

PLANS_DIR = "plans"
DEFAULT = "default"  # the workspace's own targets.yaml (the 2021 plan), by this name too
_NAME = re.compile(r"[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z\u4e00-\u9fff_-]{0,39}")


def check_name(name: str) -> str:
    """A plan's name as given, refused when it could not be a file name of its own (E600)."""
    if not _NAME.fullmatch(name) or name == DEFAULT:
        raise FtzError(Diagnostic(
            "E600", f"计划名称“{name}”不能使用", hint="计划名称用字母、数字、汉字、连字符或下划线，"
            f"最长 40 个字符，不能是 {DEFAULT}，例如 2022 或 2022-百日攻坚。"))
    return name


def plan_file(ws: Workspace, name: str) -> Path:
    return ws.root / PLANS_DIR / f"{check_name(name)}.yaml"


def document_file(ws: Workspace, name: str) -> Path:
    """The text of a plan's source document, beside the plan (its ``document.file``)."""
    return ws.root / PLANS_DIR / f"{check_name(name)}.txt"
