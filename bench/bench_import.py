"""How long ``ftz import`` takes for 10,000 records (CSV) into a fresh workspace.

    .venv/bin/python bench/bench_import.py [--records 10000] [--runs 5]

Each run is the real command in a new process on a new workspace, as a user would run
it; the median is printed, and the median time of reading the file alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, byte_compile  # noqa: E402

# quantitative 2021 targets: records for them are valid on any day from 2021-01-01
ITEMS = ("zone.reform-projects-2021", "trade.import-export-2021", "trade.overseas-warehouses-2021",
         "trade.two-countries-parks-2021", "trade.cloud-warehouses-2021", "trade.outlets-2021",
         "investment.access-breakthroughs-2021", "investment.approval-delegation-2021",
         "capital.digital-finance-2021", "capital.foreign-bank-cooperation-2021",
         "capital.cross-border-rmb-2021", "capital.product-innovation-2021",
         "capital.new-financial-orgs-2021", "capital.project-funding-2021")


def records_csv(count: int) -> str:
    """``count`` valid records, one per item and day, rising values (levels never fall)."""
    lines = ["指标编号,日期,数值,说明,填报人"]
    start = dt.date(2021, 1, 1)
    for n in range(count):
        day = start + dt.timedelta(days=n // len(ITEMS))
        lines.append(f"{ITEMS[n % len(ITEMS)]},{day.isoformat()},{n // len(ITEMS) + 1},第{n}条,基准测试")
    return "\n".join(lines) + "\n"


def ftz(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "ftz_cli", *args], cwd=cwd, capture_output=True,
                          env={**os.environ, "FTZ_CACHE_DIR": str(cwd / ".cache")}, check=False)


def one_run(folder: Path, source: Path) -> float:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    assert ftz("init", "ws", cwd=folder).returncode == 0
    began = time.perf_counter()
    result = ftz("--data", "ws", "import", str(source), cwd=folder)
    elapsed = time.perf_counter() - began
    if result.returncode != 0:
        raise SystemExit(result.stderr.decode()[:2000])
    return elapsed


def read_only(source: Path) -> float:
    sys.path.insert(0, str(ROOT))
    from ftz_cli.importers import read_records

    began = time.perf_counter()
    read_records(str(source), None)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    byte_compile()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "records.csv"
        source.write_text(records_csv(args.records), encoding="utf-8")
        size = source.stat().st_size
        times = [one_run(Path(tmp) / "run", source) for _ in range(args.runs)]
        reading = statistics.median(read_only(source) for _ in range(args.runs))
    print(f"ftz import: {args.records:,} records ({size / 1024:.0f} KB of CSV) into a fresh workspace, "
          f"{args.runs} runs: median {statistics.median(times):.2f} s "
          f"(min {min(times):.2f} s, max {max(times):.2f} s); reading the file alone: {reading:.3f} s")


if __name__ == "__main__":
    main()
