"""The code stays in the shape the README's "Code layout" describes: layers that import one
way (import-linter), small functions and modules, and no private API of another library."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ftz_cli"
SOURCES = sorted(PACKAGE.rglob("*.py"))
MAX_FUNCTION_LINES = 50
MAX_MODULE_LINES = 330  # "about 300"


def test_no_function_is_over_fifty_lines() -> None:
    long = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({lines})")
    assert not long, long


def test_no_module_is_much_over_three_hundred_lines() -> None:
    long = [f"{p.relative_to(PACKAGE)} ({n})" for p in SOURCES
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert not long, long


def test_no_private_api_of_another_library() -> None:
    """``from openpyxl.x import _y``, ``import _blake2``, ``typer.main._z``: private names of
    code ftz does not own break on any upgrade."""
    private = re.compile(r"^\s*(?:from\s+(?!ftz_cli)[\w.]*\b_\w+|from\s+(?!ftz_cli)[\w.]+\s+import\s+.*\b_[a-z]\w*"
                         r"|import\s+_\w+)", re.M)
    found = [f"{p.relative_to(PACKAGE)}: {m.group(0).strip()}" for p in SOURCES
             for m in private.finditer(p.read_text(encoding="utf-8"))
             if "__future__" not in m.group(0)]
    assert not found, found


@pytest.mark.skipif(shutil.which("lint-imports", path=str(Path(sys.executable).parent)) is None
                    and shutil.which("lint-imports") is None, reason="import-linter not installed")
def test_the_layers_import_one_way() -> None:
    tool = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    done = subprocess.run([tool], cwd=PACKAGE.parent, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
