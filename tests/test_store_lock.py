"""The write lock (``filelock``): a writer waits for another ftz for a while, then says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from filelock import FileLock

ITEM = "trade.outlets-2021"


def test_a_writer_waits_then_says_another_ftz_is_writing(ftz, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTZ_LOCK_TIMEOUT", "0.2")
    with FileLock(ws / "updates" / ".lock"):  # another ftz, writing
        result = ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-02", "--value", "3")
    assert result.exit_code == 1 and "E010" in result.stderr and "另一个 ftz 正在写入" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((ws / "updates").rglob("*.yaml"))  # nothing written
    again = ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-02", "--value", "3")
    assert again.exit_code == 0, again.stderr


def test_a_symlinked_lock_is_refused(ftz, ws: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("keep", encoding="utf-8")
    (ws / "updates" / ".lock").symlink_to(elsewhere)
    result = ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-02", "--value", "3")
    assert result.exit_code == 1 and "E007" in result.stderr
    assert elsewhere.read_text(encoding="utf-8") == "keep"
