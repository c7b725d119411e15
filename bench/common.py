"""Shared helpers for the benchmarks: timing subprocesses and building big workspaces."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FTZ = [sys.executable, "-m", "ftz_cli"]


def byte_compile() -> str:
    """Byte-compile the ftz package the benchmarks run, as ``pip install`` does.

    A source checkout run with PYTHONDONTWRITEBYTECODE set (or from a read-only folder)
    otherwise compiles every ftz module from source on every start: about 8 ms that no
    installed user pays, and that would be charged to ftz. Returns the package's folder."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("ftz_cli")
    if spec is None or spec.origin is None:
        raise SystemExit("ftz_cli is not importable: pip install -e . first")
    package = Path(spec.origin).parent
    compileall.compile_dir(package, quiet=1)
    return str(package)


def median_ms(cmd: list[str], runs: int = 15, env: dict[str, str] | None = None,
              cwd: Path | None = None, warmup: int = 1) -> float:
    """Median wall time of ``cmd`` in milliseconds, after ``warmup`` untimed runs."""
    full_env = {**os.environ, **(env or {})}
    times = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, env=full_env, cwd=cwd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise SystemExit(f"{cmd} failed: {done.stderr.decode()[-500:]}")
        if i >= warmup:
            times.append(elapsed)
    return statistics.median(times) * 1000


def make_workspace(root: Path, n_updates: int, files: int = 60) -> Path:
    """A workspace with ``n_updates`` valid records spread over ``files`` monthly files."""
    if root.exists():
        shutil.rmtree(root)
    (root / "updates").mkdir(parents=True)
    for name in ("targets.yaml", "document.txt"):
        shutil.copyfile(ROOT / "data" / name, root / name)
    plan = yaml.safe_load((ROOT / "data" / "targets.yaml").read_text(encoding="utf-8"))
    items = plan["items"]
    first = dt.date(2020, 9, 1)
    days = (dt.date(2026, 10, 31) - first).days
    per_item = -(-n_updates // len(items))
    step = max(days // per_item, 1)
    records: list[tuple[dt.date, str]] = []
    for index, item in enumerate(items):
        for k in range(per_item):
            if len(records) >= n_updates:
                break
            day = first + dt.timedelta(days=k * step + index % step)
            if item["kind"] in ("milestone", "qualitative"):
                field = "  status: " + ("推进中" if k < per_item - 1 else "已完成")
            else:
                field = f"  value: {round(float(item['target']) * (k + 1) / per_item, 2)}"
            records.append((day, f"- id: {item['id']}\n  date: {day.isoformat()}\n{field}\n"
                                 f"  note: \"第{k + 1}次报送\"\n  by: \"测试\"\n"
                                 f"  recorded_at: {day.isoformat()}T10:00:00+08:00\n"))
    records.sort(key=lambda r: r[0])
    chunk = -(-len(records) // files)
    for n in range(files):
        part = records[n * chunk:(n + 1) * chunk]
        if part:
            (root / "updates" / f"{n:04d}.yaml").write_text(
                "".join(text for _, text in part), encoding="utf-8")
    return root
