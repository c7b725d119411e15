"""Benchmark ``ftz report`` (Markdown, HTML and Word) on a workspace with 10,000 updates.

    .venv/bin/python bench/bench_report.py [--runs 15] [--updates 10000] [--check]

Builds the workspace in a temporary folder (the bundled plan, updates spread over every
item through 2021, one file per month as ``ftz update`` writes them), then runs each
command as a subprocess, as a user would. ftz caches parsed files by content
(FTZ_CACHE_DIR) and compiled templates; the timed runs are warm: one untimed run comes
first. The floor is ``python -c "import typer, jinja2, yaml"``, measured in the same run:
no ftz command can start faster than its imports. ``--check`` exits 1 when a median is
over the budget (300 ms), or when the .docx takes more than twice as long as the HTML.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import FTZ, byte_compile, median_ms  # noqa: E402

BUDGET_MS = 300.0
DOCX_OVER_HTML = 2.0  # a Word brief may cost at most twice the HTML one
AS_OF = "2021-12-31"
STATES = ("未启动", "推进中", "已完成")


def build_workspace(root: Path, count: int, seed: int = 2021) -> None:
    """``count`` valid records: one (item, date) each, values rising through the year.

    Unlike common.make_workspace (six years of records, for loading), these are the
    dates of one reporting year, so the briefing has every status and list to show.
    """
    import yaml

    subprocess.run([*FTZ, "init", str(root)], check=True, capture_output=True)
    plan = yaml.safe_load((root / "targets.yaml").read_text(encoding="utf-8"))
    items = plan["items"]
    rng = random.Random(seed)
    days = [dt.date(2021, 1, 1) + dt.timedelta(days=n) for n in range(365)]
    per_item, extra = divmod(count, len(items))
    months: dict[int, list[str]] = {}
    for index, item in enumerate(items):
        chosen = sorted(rng.sample(days, per_item + (index < extra)))
        for step, day in enumerate(chosen, start=1):
            share = step / len(chosen)
            if item["kind"] in ("flow", "level", "count"):
                value = round(float(item["target"]) * share * rng.uniform(0.7, 1.0), 2)
                field = f"  value: {value}\n"
            else:
                field = f"  status: {STATES[min(int(share * 3), 2)]}\n"
            stamp = f"{day.isoformat()}T17:30:00+08:00"
            months.setdefault(day.month, []).append(
                f"- id: {item['id']}\n  date: {day.isoformat()}\n{field}"
                f"  note: 第{step}次报送\n  by: 专班联络员\n  recorded_at: {stamp}\n")
    for month, records in months.items():
        path = root / "updates" / f"2021-{month:02d}.yaml"
        path.write_text(f"# 2021年{month}月录入\n" + "".join(records), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--check", action="store_true", help="exit 1 when over the budget")
    args = parser.parse_args()
    byte_compile()

    work = Path(tempfile.mkdtemp(prefix="ftz-bench-"))
    try:
        root = work / "ws"
        build_workspace(root, args.updates)
        env = {"FTZ_DATA": str(root), "FTZ_CACHE_DIR": str(work / "cache"), "FTZ_NO_CACHE": ""}
        check = subprocess.run([*FTZ, "validate"], env={**os.environ, **env}, capture_output=True,
                               text=True)
        if check.returncode != 0:
            print(check.stderr[-2000:], file=sys.stderr)
            return 2
        files = len(list((root / "updates").glob("*.yaml")))
        print(f"工作区：{args.updates} 条进度记录，{files} 个文件；每项 {args.runs} 次取中位数，"
              "先运行 1 次预热（解析缓存和模板缓存已热）")
        cases = [
            ('python -c "import typer, jinja2, yaml"', [sys.executable, "-c", "import typer, jinja2, yaml"]),
            (f"ftz report --as-of {AS_OF}", [*FTZ, "report", "--as-of", AS_OF, "-o", str(work / "r.md")]),
            (f"ftz report --as-of {AS_OF} -o r.html",
             [*FTZ, "report", "--as-of", AS_OF, "-o", str(work / "r.html")]),
            (f"ftz report --as-of {AS_OF} -o r.docx",
             [*FTZ, "report", "--as-of", AS_OF, "-o", str(work / "r.docx")]),
        ]
        over = False
        medians: dict[str, float] = {}
        for name, command in cases:
            median = medians[name[-6:]] = median_ms(command, args.runs, env=env)
            verdict = ""
            if command[:len(FTZ)] == FTZ and not name.endswith("docx"):
                over = over or median > BUDGET_MS
                verdict = "  ok" if median <= BUDGET_MS else f"  超出预算（{BUDGET_MS:.0f} ms）"
            print(f"{name:<44} {median:7.1f} ms{verdict}")
        ratio = medians["r.docx"] / medians["r.html"]
        over = over or ratio > DOCX_OVER_HTML
        print(f"{'Word / HTML':<44} {ratio:7.2f} ×"
              + ("  ok" if ratio <= DOCX_OVER_HTML else f"  超出预算（{DOCX_OVER_HTML:.0f}×）"))
        for output in ("r.md", "r.html", "r.docx"):  # median_ms accepts exit 1: make sure it was not
            if not (work / output).stat().st_size:
                raise SystemExit(f"ftz report wrote an empty {output}")
        return 1 if args.check and over else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
