"""Many writers at once, and a writer killed mid-write: the workspace stays valid, and
holds either everything a writer meant to add or none of it."""

from __future__ import annotations

import datetime as dt
import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_ftz

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork timing")

FLOW = "trade.import-export-2021"
OTHER = "trade.two-countries-parks-2021"  # not among the big import's items
ITEMS = ("trade.import-export-2021", "trade.overseas-warehouses-2021", "trade.cloud-warehouses-2021",
         "trade.outlets-2021", "capital.cross-border-rmb-2021", "capital.new-financial-orgs-2021")


def ftz_process(*args: str, prelude: str = "") -> subprocess.Popen[bytes]:
    """The real ftz in a new process; ``prelude`` is Python run before it starts."""
    code = f"{prelude}\nimport sys\nfrom ftz_cli.cli.main import main\nsys.argv = ['ftz', *sys.argv[1:]]\nmain()"
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def logged(ws: Path) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for path in sorted((ws / "updates").glob("**/*.yaml")):
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return found


def visible(ws: Path) -> dict[str, str]:
    """The workspace as ftz reads it: every file but hidden ones (the lock, temporary files)."""
    return {p.relative_to(ws).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(ws.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def assert_valid(ws: Path) -> None:
    result = run_ftz("--data", str(ws), "validate")
    assert result.returncode == 0, result.stderr.decode()


def big_import(tmp_path: Path, count: int) -> Path:
    lines = ["指标编号,日期,数值"]
    for n in range(count):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=n // len(ITEMS))
        lines.append(f"{ITEMS[n % len(ITEMS)]},{day.isoformat()},{n // len(ITEMS) + 1}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_twenty_updates_at_once_all_land(ws: Path, tmp_path: Path):
    go = tmp_path / "go"
    # every process starts, then waits at the line until all twenty are there
    barrier = f"import os, time\nwhile not os.path.exists({str(go)!r}): time.sleep(0.002)"
    writers = [ftz_process("--data", str(ws), "update", FLOW, "--value", str(100 + n),
                           "--date", f"2021-01-{n + 1:02d}", "--by", f"写入者{n}", prelude=barrier)
               for n in range(20)]
    go.touch()
    outcomes = []
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        outcomes.append((writer.returncode, err.decode()))
    assert [code for code, _ in outcomes] == [0] * 20, outcomes
    records = logged(ws)
    assert len(records) == 20
    assert sorted(str(r["by"]) for r in records) == sorted(f"写入者{n}" for n in range(20))
    assert_valid(ws)


def test_two_writers_of_one_record_both_checked_first_only_one_lands(ws: Path, tmp_path: Path):
    # each writer checks its record, then waits at the lock until the other has checked too:
    # the second to take the lock must see the first one's record and refuse its own
    prelude = f"""
import os, time, contextlib
from ftz_cli.store import append as store
_locked = store.locked
@contextlib.contextmanager
def locked(ws):
    open(os.path.join({str(tmp_path)!r}, "checked-%d" % os.getpid()), "w").close()
    while len([n for n in os.listdir({str(tmp_path)!r}) if n.startswith("checked-")]) < 2:
        time.sleep(0.002)
    with _locked(ws):
        yield
store.locked = locked
"""
    writers = [ftz_process("--data", str(ws), "update", FLOW, "--value", str(value),
                           "--date", "2021-01-31", prelude=prelude) for value in (100, 200)]
    outcomes = sorted((w.wait(timeout=120), w.stderr.read().decode() if w.stderr else "")
                      for w in writers)
    assert [code for code, _ in outcomes] == [0, 1], outcomes
    assert "错误 E210 " in outcomes[1][1]
    assert len(logged(ws)) == 1
    assert_valid(ws)


def test_a_writer_killed_while_writing_leaves_the_old_state(ws: Path, tmp_path: Path):
    assert run_ftz("--data", str(ws), "update", OTHER, "--value", "1", "--date", "2021-01-31").returncode == 0
    before = visible(ws)
    source = big_import(tmp_path, 3000)
    # the writer stalls in fsync of its temporary file: every byte written, nothing renamed yet
    stall = "import os, time\n_fsync = os.fsync\nos.fsync = lambda fd: (time.sleep(600), _fsync(fd))"
    writer = ftz_process("--data", str(ws), "import", str(source), "--confirm", prelude=stall)
    try:
        deadline = time.monotonic() + 60
        while not list((ws / "updates").glob("*/.*.tmp")):
            assert writer.poll() is None, writer.communicate()
            assert time.monotonic() < deadline, "the writer never began writing"
            time.sleep(0.01)
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.communicate(timeout=60)
    assert visible(ws) == before
    assert_valid(ws)
    # the lock died with the writer: the next one goes ahead
    assert run_ftz("--data", str(ws), "import", str(source), "--confirm").returncode == 0
    assert len(logged(ws)) == 3001


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.4, 0.8])
def test_a_writer_killed_at_any_moment_leaves_old_or_new(delay: float, ws: Path, tmp_path: Path):
    assert run_ftz("--data", str(ws), "update", OTHER, "--value", "1", "--date", "2021-01-31").returncode == 0
    source = big_import(tmp_path, 3000)
    writer = ftz_process("--data", str(ws), "import", str(source), "--confirm")  # values past 200%: confirmed
    time.sleep(delay)
    writer.send_signal(signal.SIGKILL)
    writer.communicate(timeout=60)
    assert len(logged(ws)) in (1, 3001)
    assert_valid(ws)
    if len(logged(ws)) == 1:  # the old state: the same import, run to the end, is accepted
        result = run_ftz("--data", str(ws), "import", str(source), "--confirm")  # values past 200%: confirmed
        assert result.returncode == 0, result.stderr.decode()
        assert len(logged(ws)) == 3001


def test_no_stray_files_after_a_clean_run(ws: Path, tmp_path: Path):
    result = run_ftz("--data", str(ws), "import", str(big_import(tmp_path, 50)), "--confirm")
    assert result.returncode == 0, result.stderr.decode()
    assert sorted(p.name for p in (ws / "updates").rglob("*")
                  if p.is_file() and not p.name.endswith(".yaml")) == [".lock"]
    assert len(logged(ws)) == 50
