"""The store's budgets, measured as a new user would: ftz built as a wheel and installed
(not editable) in a fresh virtual environment, big workspaces, medians.

Run: python bench/bench_store.py [--runs N] [--skip-million] [--reuse-venv]

Prints, each beside its budget (issue 12):
  100k records: list cold ≤ 1 s, list warm ≤ 0.3 s, one update ≤ 0.3 s, peak ≤ 150 MiB
  1M records:   list warm ≤ 3 s, list cold ≤ 15 s
  ftz validate on a new workspace ≤ 1.5 × python -c "import typer"
"Cold" is a run with an empty cache folder (what the first command after an edit of every
file, or on a new machine, costs); "warm" is a run after one untimed run.
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
from common import ROOT, make_workspace  # noqa: E402

WORK = ROOT / "bench" / ".work"


def fresh_venv(reuse: bool) -> Path:
    """A virtual environment with ftz installed from a freshly built wheel."""
    venv = WORK / "venv"
    python = venv / "bin" / "python"
    if reuse and python.exists():
        return python
    shutil.rmtree(venv, ignore_errors=True)
    dist = WORK / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(dist), str(ROOT)], check=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    (wheel,) = dist.glob("ftz-*.whl")
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    return python


CPU: list[float] = []  # CPU seconds (user + system) of every run, in order


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one run; its CPU seconds go to CPU."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{cmd} failed: {errors.read().decode()[-500:]}")
    CPU.append(usage.ru_utime + usage.ru_stime)
    return elapsed, usage.ru_maxrss / 1024


def median(cmd: list[str], env: dict[str, str], runs: int, before: object = None) -> tuple[float, float]:
    """Median seconds and the highest peak MiB over ``runs``; ``before`` runs before each.
    The median CPU seconds of these runs is appended to CPU last."""
    times, peaks, first = [], [], len(CPU)
    for _ in range(runs):
        if callable(before):
            before()
        seconds, peak = run(cmd, env)
        times.append(seconds)
        peaks.append(peak)
    CPU.append(statistics.median(CPU[first:]))
    return statistics.median(times), max(peaks)


def alternating(cmds: list[list[str]], env: dict[str, str], runs: int) -> list[tuple[float, float]]:
    """Median wall and CPU seconds of each of ``cmds``, run in turn ``runs`` times: a ratio
    of two commands is not skewed by the machine getting busier between their batches."""
    walls: list[list[float]] = [[] for _ in cmds]
    cpus: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for index, cmd in enumerate(cmds):
            walls[index].append(run(cmd, env)[0])
            cpus[index].append(CPU[-1])
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus, strict=True)]


def make_many(root: Path, count: int, files: int = 60) -> Path:
    """A workspace of ``count`` valid records (a million is more than the plan's items have
    days since 2020: after one record per item and day, the rest are corrections)."""
    import yaml

    shutil.rmtree(root, ignore_errors=True)
    (root / "updates").mkdir(parents=True)
    for name in ("targets.yaml", "document.txt"):
        shutil.copyfile(ROOT / "data" / name, root / name)
    items = yaml.safe_load((ROOT / "data" / "targets.yaml").read_text(encoding="utf-8"))["items"]
    first, last = dt.date(2020, 9, 1), dt.date(2026, 10, 31)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    chunk = -(-count // files)
    out: list[str] = []
    written = 0
    for correction in range(-(-count // (len(days) * len(items)))):
        for day in days:
            for index, item in enumerate(items):
                if written == count:
                    break
                if item["kind"] in ("milestone", "qualitative"):
                    field = "  status: 推进中"
                else:
                    field = f"  value: {round(float(item['target']) * (day - first).days / len(days), 2)}"
                out.append(f"- id: {item['id']}\n  date: {day.isoformat()}\n{field}\n  note: \"第{index}项\"\n"
                           f"  by: \"测试\"\n  recorded_at: {day.isoformat()}T10:{correction:02d}:00+08:00\n"
                           + ("  replace: true\n" if correction else ""))
                written += 1
                if len(out) == chunk:
                    (root / "updates" / f"{written:08d}.yaml").write_text("".join(out), encoding="utf-8")
                    out = []
    if out:
        (root / "updates" / f"{written:08d}.yaml").write_text("".join(out), encoding="utf-8")
    return root


def measure_size(python: Path, base: Path, records: int, runs: int, update: bool) -> list[tuple[str, float, str]]:
    ws = (make_workspace if records <= 100_000 else make_many)(base / f"w{records}", records)
    cache = base / f"cache{records}"
    env = {"FTZ_DATA": str(ws), "FTZ_CACHE_DIR": str(cache), "FTZ_WRITER": "bench"}
    ftz = [str(python), "-m", "ftz_cli"]
    listing = [*ftz, "list", "--format", "json"]
    label = f"{records // 1000}k" if records < 1_000_000 else f"{records // 1_000_000}M"
    rows = []
    cold, peak = median(listing, env, max(runs // 3, 1), before=lambda: shutil.rmtree(cache, ignore_errors=True))
    rows.append((f"{label}: list cold", cold, f"cpu {CPU[-1]:.2f} s, peak {peak:.0f} MiB"))
    run(listing, env)  # fill the cache
    warm, warm_peak = median(listing, env, runs)
    rows.append((f"{label}: list warm", warm, f"cpu {CPU[-1]:.2f} s, peak {warm_peak:.0f} MiB"))
    if update:
        days = iter(dt.date(2026, 11, 1) + dt.timedelta(days=n) for n in range(runs + 1))
        times, first = [], len(CPU)
        for _ in range(runs):
            day = next(days).isoformat()
            times.append(run([*ftz, "update", "trade.import-export-2021", "--value", "5000", "--date", day],
                             env)[0])
        rows.append((f"{label}: one update", statistics.median(times),
                     f"cpu {statistics.median(CPU[first:]):.2f} s"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-million", action="store_true")
    parser.add_argument("--reuse-venv", action="store_true")
    args = parser.parse_args()
    python = fresh_venv(args.reuse_venv)
    budgets = {"100k: list cold": 1.0, "100k: list warm": 0.3, "100k: one update": 0.3,
               "1M: list warm": 3.0, "1M: list cold": 15.0}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        rows = measure_size(python, base, 100_000, args.runs, update=True)
        empty = base / "new"
        subprocess.run([str(python), "-m", "ftz_cli", "init", str(empty)], check=True, capture_output=True)
        env = {"FTZ_DATA": str(empty), "XDG_CACHE_HOME": str(base / "xdg")}  # the platform's folder
        run([str(python), "-m", "ftz_cli", "validate"], env)
        (typer_s, typer_cpu), (validate_s, validate_cpu) = alternating(
            [[str(python), "-c", "import typer"], [str(python), "-m", "ftz_cli", "validate"]], env, args.runs * 4)
        if not args.skip_million:
            rows += measure_size(python, base, 1_000_000, 3, update=False)
    for label, seconds, extra in rows:
        budget = budgets.get(label)
        verdict = "" if budget is None else ("ok" if seconds <= budget else f"OVER (budget {budget} s)")
        print(f"{label:<20} {seconds:7.2f} s  {verdict:<22} {extra}")
    ratio = validate_s / typer_s
    print(f"{'validate, new ws':<20} {validate_s * 1000:7.0f} ms = {ratio:.2f} × import typer "
          f"({typer_s * 1000:.0f} ms)  {'ok' if ratio <= 1.5 else 'OVER (budget 1.5 ×)'}  "
          f"cpu {validate_cpu * 1000:.0f} ms = {validate_cpu / typer_cpu:.2f} × ({typer_cpu * 1000:.0f} ms)")
    peak = next((float(extra.split()[-2]) for label, _, extra in rows if label == "100k: list cold"), 0.0)
    print(f"{'100k: peak (cold)':<20} {peak:7.0f} MiB {'ok' if peak <= 150 else 'OVER (budget 150 MiB)'}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
          " (wall times on a busy machine are longer than the CPU times beside them)")


if __name__ == "__main__":
    main()
