"""Benchmark ``ftz weekly`` for a whole year (52 weeks × md and html) on 10,000 updates.

    .venv/bin/python bench/bench_weekly.py [--runs 5] [--updates 10000]

Prints the median wall time of the batch, the time per brief, and how many single
``ftz report`` runs the batch costs (the issue's budget: ≤ 3 s, ≤ about 10 reports).
Warm runs: one untimed run first, as for the other benchmarks.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_report import build_workspace  # noqa: E402
from common import FTZ, byte_compile, median_ms  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--updates", type=int, default=10_000)
    args = parser.parse_args()
    byte_compile()
    work = Path(tempfile.mkdtemp(prefix="ftz-bench-weekly-"))
    try:
        root = work / "ws"
        build_workspace(root, args.updates)
        env = {"FTZ_DATA": str(root), "FTZ_CACHE_DIR": str(work / "cache")}
        out = work / "briefs"
        weekly = median_ms([*FTZ, "weekly", "--from", "2021-01-04", "--to", "2021-12-31",
                            "--format", "md", "--format", "html", "--out", str(out)],
                           args.runs, env=env, cwd=work)
        briefs = len(list(out.glob("2021-W*.*")))
        single = median_ms([*FTZ, "report", "--as-of", "2021-06-30", "-o", str(work / "r.html")],
                           args.runs * 2, env=env, cwd=work)
        floor = median_ms([sys.executable, "-c", "import typer, jinja2, yaml"], args.runs * 2)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"updates in the workspace                {args.updates:>8}")
    print(f"ftz weekly, {briefs} briefs + index      {weekly:8.1f} ms   (budget 3000 ms)")
    print(f"per brief                               {weekly / briefs:8.1f} ms")
    print(f"one ftz report (html)                   {single:8.1f} ms")
    print(f"the batch costs                         {weekly / single:8.1f} single reports (budget ≈10)")
    print(f"python -c 'import typer, jinja2, yaml'  {floor:8.1f} ms")


if __name__ == "__main__":
    main()
