"""Start-up and loading: ftz --version, validate, list beside `python -c "import typer"`.

Run: python bench/bench_core.py [--runs N]. Prints medians in milliseconds. Warm runs: ftz
caches parsed files by content (FTZ_CACHE_DIR), so one untimed run comes first; the cold
(uncached) figure is printed too. The ftz package is byte-compiled first, as ``pip install``
does (see ``common.byte_compile``), so a checkout measures what an installed user gets.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import FTZ, byte_compile, make_workspace, median_ms  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    byte_compile()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        env = {"FTZ_CACHE_DIR": str(base / "cache"), "FTZ_DATA": ""}
        empty = base / "empty"
        empty.mkdir()
        typer_ms = median_ms([sys.executable, "-c", "import typer"], args.runs)
        rows = [("python -c 'import typer'", typer_ms)]
        for label, cmd in (("ftz --version", [*FTZ, "--version"]),
                           ("ftz validate", [*FTZ, "validate"]),
                           ("ftz list --format json", [*FTZ, "list", "--format", "json"])):
            rows.append((label, median_ms(cmd, args.runs, env=env, cwd=empty)))
        big = make_workspace(base / "big", 100_000)
        big_env = {**env, "FTZ_DATA": str(big)}
        rows.append(("ftz list --format json, 100,000 updates",
                     median_ms([*FTZ, "list", "--format", "json"], max(args.runs // 3, 3),
                               env=big_env, cwd=empty)))
        rows.append(("ftz validate, 100,000 updates",
                     median_ms([*FTZ, "validate"], max(args.runs // 3, 3), env=big_env, cwd=empty)))
        cold_env = {**big_env, "FTZ_NO_CACHE": "1"}
        rows.append(("ftz list, 100,000 updates, no cache (1 run)",
                     median_ms([*FTZ, "list", "--format", "json"], 1, env=cold_env, cwd=empty,
                               warmup=0)))
    width = max(len(label) for label, _ in rows)
    for label, ms in rows:
        print(f"{label:<{width}}  {ms:8.1f} ms  ({ms / typer_ms:4.2f} × import typer)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
