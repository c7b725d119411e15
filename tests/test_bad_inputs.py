"""Every file in tests/bad_inputs/ is refused: exit 1, the expected code, no traceback, and
a workspace left exactly as it was. ``expected.json`` maps each file to its code."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

BAD = Path(__file__).resolve().parent / "bad_inputs"
EXPECTED: dict[str, str] = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` with the hash of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_corpus_is_complete_and_covers_every_format():
    files = {p.name for p in BAD.iterdir()} - {"expected.json", "make_xlsx.py", "__pycache__"}
    assert files == set(EXPECTED), "every bad input needs an expected code, and every code a file"
    assert len(EXPECTED) >= 30
    suffixes = {Path(name).suffix for name in EXPECTED}
    assert {".csv", ".xlsx", ".json", ".yaml"} <= suffixes


@pytest.fixture
def used_ws(ws: Path, ftz) -> Path:
    """A workspace that already holds a record: an import must leave its bytes alone."""
    result = ftz("--data", str(ws), "update", "trade.import-export-2021", "--value", "300",
                 "--date", "2021-01-31")
    assert result.exit_code == 0, result.stderr
    return ws


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_is_refused_and_nothing_is_written(name: str, used_ws: Path, ftz, tmp_path: Path):
    target = tmp_path / name
    shutil.copyfile(BAD / name, target)  # diagnostics name the file as given
    before = snapshot(used_ws)
    result = ftz("--data", str(used_ws), "import", name)
    output = result.stdout + result.stderr
    assert result.exit_code == 1, output
    assert f"错误 {EXPECTED[name]} " in result.stderr, output
    assert result.stderr.startswith(name), "a problem begins with the file it is in"
    assert "Traceback" not in output and "内部错误" not in output
    assert snapshot(used_ws) == before


def test_tab_indentation_is_named(ws: Path, ftz, tmp_path: Path):
    shutil.copyfile(BAD / "tab-indent.yaml", tmp_path / "tab-indent.yaml")
    result = ftz("--data", str(ws), "import", "tab-indent.yaml")
    assert result.exit_code == 1
    assert "制表符（Tab）" in result.stderr and "换成空格" in result.stderr
