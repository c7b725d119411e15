"""Small things a message must get right: a size just over a limit is told apart from the limit."""

from __future__ import annotations

from pathlib import Path

from ftz_cli import importers


def test_a_settings_file_just_over_its_limit_is_not_said_to_equal_it(ftz, ws: Path) -> None:
    (ws / "ftz.yaml").write_bytes(b"#" * ((1 << 20) + 100) + b"\n")
    result = ftz("--data", str(ws), "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("ftz.yaml: 错误 E004 文件有 1,048,677 字节，超过上限 1 MB（1,048,576 字节）\n")


def test_an_import_just_over_its_limit_is_not_said_to_equal_it(ftz, ws: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(importers, "MAX_BYTES", 1 << 20)
    (tmp_path / "a.csv").write_bytes(b"id,date,value\n" + b"#" * (1 << 20))
    result = ftz("--data", str(ws), "import", str(tmp_path / "a.csv"))
    assert result.exit_code == 1
    assert "错误 E004 文件有 1,048,590 字节，超过上限 1 MB（1,048,576 字节）\n" in result.stderr
    (tmp_path / "a.csv").write_bytes(b"#" * (3 << 19))  # 1.5 MB: megabytes tell them apart
    assert "错误 E004 文件有 1.5 MB，超过上限 1 MB\n" in ftz("--data", str(ws), "import", str(tmp_path / "a.csv")).stderr
