"""A command that only reads says the workspace has errors (E011), never that it cannot write
(E405); and every command has the one ``--quiet``, before or after its name."""

from __future__ import annotations

from pathlib import Path

import pytest

ITEM = "trade.outlets-2021"
READERS = [("list",), ("show", ITEM), ("report", "--as-of", "2021-03-31", "--format", "md"), ("units",),
           ("remind",), ("sheet", "-o", "-"), ("weekly", "--from", "2021-03-01", "--to", "2021-03-07")]


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_a_reader_says_the_workspace_has_errors(ftz, ws: Path, tmp_path: Path, command: tuple[str, ...]) -> None:
    (ws / "updates" / "2021-03.yaml").write_text(f"- id: {ITEM}\n  date: 2021-03-02\n  value: 三\n", encoding="utf-8")
    extra = ("--out", str(tmp_path / "周报")) if command[0] == "weekly" else ()
    result = ftz("--data", str(ws), *command, *extra)
    assert result.exit_code == 1 and "E204" in result.stderr and "错误 E011 工作区有 1 个错误" in result.stderr
    assert "E405" not in result.stderr and "无法写入" not in result.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_weekly_has_the_one_quiet(ftz, ws: Path, tmp_path: Path, where: str) -> None:
    weekly = ("weekly", "--from", "2021-03-01", "--to", "2021-03-14", "--out", str(tmp_path / "周报"))
    args = ("-q", *weekly) if where == "before" else (*weekly, "-q")
    result = ftz("--data", str(ws), *args)
    assert result.exit_code == 0 and result.stderr == "" and len(list((tmp_path / "周报").glob("2021-W*.md"))) == 2
    loud = ftz("--data", str(ws), *weekly[:-2], "--out", str(tmp_path / "又一份"))
    assert "已生成：2 周" in loud.stderr
    assert ftz("weekly", "--help").stdout.count("--quiet") == 1
