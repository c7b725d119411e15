"""Benchmark ``ftz weekly``: a year of md+html briefs, and half a year of Word and of PDF briefs.

    .venv/bin/python bench/bench_weekly.py [--runs 5] [--updates 10000] [--print-runs 1]

Prints the median wall time of each batch, the time per brief, and how many single
``ftz report`` runs (of the same format) the batch costs: the budget is about 10 (issue 19).
The PDF batch (one browser start for all the weeks) runs only where a Chromium-family
browser is found, ``--print-runs`` times (it takes tens of seconds); ``--print-runs 0`` skips
Word and PDF. Warm runs: one untimed run first, as for the other benchmarks.
"""

from __future__ import annotations

import argparse
import os
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
    parser.add_argument("--print-runs", type=int, default=1)
    args = parser.parse_args()
    byte_compile()
    work = Path(tempfile.mkdtemp(prefix="ftz-bench-weekly-"))
    try:
        root = work / "ws"
        build_workspace(root, args.updates)
        env = {"FTZ_DATA": str(root), "FTZ_CACHE_DIR": str(work / "cache")}
        rows = [batch(work, env, ("md", "html"), "2021-12-31", args.runs)]
        if args.print_runs:
            rows.append(batch(work, env, ("docx",), "2021-06-30", args.print_runs))
            if shutil.which("chromium") or shutil.which("google-chrome") or os.environ.get("FTZ_BROWSER"):
                rows.append(batch(work, env, ("pdf",), "2021-06-30", args.print_runs))
        floor = median_ms([sys.executable, "-c", "import typer, jinja2, yaml"], args.runs * 2)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"updates in the workspace                {args.updates:>8}")
    for formats, briefs, weekly, single in rows:
        name = "+".join(formats)
        print(f"ftz weekly --format {name:<9} {briefs:>3} briefs {weekly:9.1f} ms   ({weekly / briefs:.1f} ms a brief)")
        print(f"  one ftz report -o r.{formats[-1]:<5}           {single:9.1f} ms")
        print(f"  the batch costs                       {weekly / single:9.1f} single reports (budget ≈10)")
    print(f"python -c 'import typer, jinja2, yaml'  {floor:8.1f} ms")


def batch(work: Path, env: dict[str, str], formats: tuple[str, ...], last: str, runs: int
          ) -> tuple[tuple[str, ...], int, float, float]:
    """One batch from 2021-01-04 to ``last`` and one single report, each timed ``runs`` times."""
    out = work / ("briefs-" + "-".join(formats))
    flags = [f for fmt in formats for f in ("--format", fmt)]
    weekly = median_ms([*FTZ, "weekly", "--from", "2021-01-04", "--to", last, *flags, "--draft",
                        "--force", "--out", str(out)], runs, env=env, cwd=work,
                       warmup=1 if runs > 1 else 0)
    briefs = len(list(out.glob("2021-W*.*")))
    single = median_ms([*FTZ, "report", "--as-of", "2021-06-30", "--draft", "--force",
                        "-o", str(work / f"r.{formats[-1]}")], max(runs, 3), env=env, cwd=work)
    return formats, briefs, weekly, single


if __name__ == "__main__":
    main()
