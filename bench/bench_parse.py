"""The cold parse of record files: ``recordfile.checked`` over a 100k-record workspace.

Run: python bench/bench_parse.py [--records N] [--runs N]. Builds its own workspace in a
temporary folder and prints two medians (seconds, garbage collector off):
  in one process: ``runs`` passes over every file, one after the other (module-level caches
                  are warm after the first pass);
  fresh process:  the first pass of each of ``runs`` new processes (what ``ftz`` pays on
                  its first run after every file changed: nothing cached anywhere).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import byte_compile, make_workspace  # noqa: E402


def passes(root: str, runs: int) -> list[float]:
    """Seconds of ``runs`` passes of ``recordfile.checked`` over the workspace's record files."""
    from ftz_cli.parse import recordfile
    from ftz_cli.store import load, workspace

    ws = workspace.find(root)
    plan, problems, _ = load.load_plan(ws)
    assert plan is not None, problems
    files = sorted(Path(root, "updates").rglob("*.yaml"))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parsed = [recordfile.checked(p.read_bytes(), "x", plan) for p in files]
        times.append(time.perf_counter() - start)
        assert sum(len(read.records) for read in parsed) and not any(read.problems for read in parsed)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(passes(args.child, args.runs)))
        return
    byte_compile()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        root = make_workspace(Path(tmp) / "w", args.records)
        env["FTZ_CACHE_DIR"] = str(Path(tmp) / "cache")  # load_plan's cache, not the parse's

        def child(runs: int) -> list[float]:
            done = subprocess.run([sys.executable, __file__, "--child", str(root), "--runs", str(runs)],
                                  env=env, capture_output=True, text=True, check=True)
            return list(json.loads(done.stdout))

        child(1)  # the plan's cache, and the file system's
        in_process = child(args.runs)
        fresh = [child(1)[0] for _ in range(args.runs)]
    print(f"{args.records} records, median of {args.runs}, gc off")
    print(f"  in one process: {statistics.median(in_process):.3f} s  "
          f"({' '.join(f'{t:.3f}' for t in in_process)})")
    print(f"  fresh process:  {statistics.median(fresh):.3f} s  ({' '.join(f'{t:.3f}' for t in fresh)})")


if __name__ == "__main__":
    main()
