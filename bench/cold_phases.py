"""Where a cold ``ftz list`` spends its work, phase by phase, in instructions.

Run: python bench/cold_phases.py WORKSPACE [--jobs 2]. Needs valgrind. Each phase is a run of
this script that stops after it, under ``valgrind --tool=cachegrind --cache-sim=no``; a
phase's cost is its run's instructions minus the previous one's. Instructions, unlike
seconds, do not move with the machine's load, so two versions compare within a percent:

  start   Python, ftz's imports, the plan, every record file's bytes
  read    the files' text as records (``recordfile.json_lines`` or the YAML reader)
  check   every record through ``records.check`` (the rest of ``recordfile.checked``)
  index   the index filled and every item described (``index.synced``, from nothing)
  list    the rest of ``ftz list --format json``: the table, the JSON (the whole command)

The bench workspaces of ``bench_store.py`` (``--keep`` keeps them) or any workspace will do.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PHASES = ("start", "read", "check", "index", "list")


def stop_after(phase: str, root: str) -> None:
    """Do a cold ``list``'s work up to ``phase`` (the last phase runs the command itself)."""
    if phase == "list":
        from ftz_cli.cli.main import main

        os.environ["FTZ_DATA"] = root
        sys.argv = ["ftz", "list", "--format", "json"]
        main()
        return
    from ftz_cli.parse import recordfile
    from ftz_cli.parse.ytree import decode
    from ftz_cli.store import index, load, workspace

    ws = workspace.find(root)
    plan, _, digest = load.load_plan(ws)
    assert plan is not None
    files = [(ws.rel(path), path.read_bytes()) for path in ws.update_files()]
    if phase == "read":
        for shown, data in files:
            text = decode(data, shown)[0] or ""
            recordfile.read(text, shown)
    elif phase == "check":
        for shown, data in files:
            recordfile.checked(data, shown, plan)
    elif phase == "index":
        index.synced(ws.updates_dir, plan, index.index_key(digest), files,
                     lambda shown, data: recordfile.checked(data, shown, plan))


def instructions(phase: str, root: str, cache: str) -> int:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["FTZ_CACHE_DIR"] = cache
    command = [sys.executable, __file__, root, "--phase", phase]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # compiled, then cold
    shutil.rmtree(cache)
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           *command], env=env, check=True, capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    assert found, done.stderr
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    root = str(Path(args.workspace).resolve())
    if args.phase:
        stop_after(args.phase, root)
        return
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(args.jobs) as pool:
        caches = [str(Path(tmp) / phase) for phase in PHASES]
        counts = list(pool.map(instructions, PHASES, [root] * len(PHASES), caches))
    print(f"{'phase':8}{'instructions':>16}{'share':>8}")
    before = 0
    for phase, count in zip(PHASES, counts, strict=True):
        print(f"{phase:8}{count - before:>16,}{(count - before) / counts[-1]:>8.0%}")
        before = count
    print(f"{'total':8}{counts[-1]:>16,}")


if __name__ == "__main__":
    main()
