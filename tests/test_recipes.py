"""The recipes of docs/scripts.md run as written (read from the page itself), and the README's
first command."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import run_bash

ROOT = Path(__file__).resolve().parent.parent
RECIPES = dict(re.findall(r"<!-- recipe: ([\w-]+) -->\n```sh\n(.*?)```",
                          (ROOT / "docs" / "scripts.md").read_text(encoding="utf-8"), re.S))


def test_the_scripts_page_has_five_recipes() -> None:
    assert set(RECIPES) == {"weekly", "late-csv", "import", "pre-commit", "per-area"}


def run(name: str, cwd: Path, ws: Path) -> subprocess.CompletedProcess[str]:
    return run_bash(RECIPES[name], cwd, {"FTZ_DATA": str(ws)}, ("-e", "-o", "pipefail"))


@pytest.fixture
def filled(ws: Path) -> Path:
    (ws / "updates" / "2021-07.yaml").write_text(
        "- id: trade.import-export-2021\n  date: 2021-06-30\n  value: 1050\n"
        "- id: trade.overseas-warehouses-2021\n  date: 2021-06-30\n  value: 58\n"
        "- id: capital.cross-border-rmb-2021\n  date: 2021-06-30\n  value: 140\n", encoding="utf-8")
    return ws


def test_weekly_recipe(filled: Path, tmp_path: Path) -> None:
    done = run("weekly", tmp_path, filled)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr.startswith("已生成：")  # one line for the cron mail
    assert done.stderr.count("\n") == 1
    briefs = sorted((tmp_path / "周报").glob("*-W*.html"))
    assert 1 <= len(briefs) <= 2 and (tmp_path / "周报" / "index.html").is_file()


def test_late_items_as_csv_for_excel(filled: Path, tmp_path: Path) -> None:
    done = run("late-csv", tmp_path, filled)
    assert done.returncode == 0, done.stderr
    raw = (tmp_path / "滞后事项.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    statuses = {r["id"]: r["status"] for r in rows}
    assert statuses["trade.import-export-2021"] == "severely_behind"
    assert statuses["capital.cross-border-rmb-2021"] == "behind"
    assert "trade.overseas-warehouses-2021" not in statuses  # 48.3% against 49.5%: on track
    assert all(s in ("behind", "severely_behind", "overdue") for s in statuses.values())


def test_import_a_departments_sheet(filled: Path, tmp_path: Path) -> None:
    import openpyxl

    sheet = tmp_path / "贸易专班回收表.xlsx"
    env = {**os.environ, "FTZ_DATA": str(filled)}
    subprocess.run([sys.executable, "-m", "ftz_cli", "sheet", "--area", "trade", "--as-of",
                    "2021-06-30", "-o", str(sheet)], env=env, check=True, timeout=120)
    book = openpyxl.load_workbook(sheet)
    page = book.worksheets[0]
    header = [c.value for c in page[1]]
    for row in page.iter_rows(min_row=2):
        if row[header.index("指标编号")].value == "trade.outlets-2021":
            row[header.index("日期")].value = "2021-06-30"
            row[header.index("数值")].value = 12
            row[header.index("填报人")].value = "王五"
    book.save(sheet)
    done = run("import", tmp_path, filled)
    assert done.returncode == 0, done.stderr
    assert "未写入" in done.stdout and "已录入 1 条" in done.stdout
    log = "".join(p.read_text(encoding="utf-8") for p in (filled / "updates").glob("**/*.yaml"))
    assert log.count("trade.outlets-2021") == 1


def test_pre_commit_hook_runs_the_recipe(filled: Path) -> None:
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    assert f"{hook['entry']} {' '.join(hook['args'])}".strip() == RECIPES["pre-commit"].strip()
    assert run("pre-commit", filled, filled).returncode == 0
    (filled / "updates" / "2021-08.yaml").write_text("- id: trade.nope\n  date: 2021-08-01\n"
                                                     "  value: 1\n", encoding="utf-8")
    failing = run("pre-commit", filled, filled)
    assert failing.returncode == 1 and "E201" in failing.stderr


def test_one_report_per_area(filled: Path, tmp_path: Path) -> None:
    done = run("per-area", tmp_path, filled)
    assert done.returncode == 0, done.stderr
    for area, name in (("trade", "贸易自由"), ("investment", "投资自由"), ("capital", "资金自由")):
        html = (tmp_path / f"简报-{area}.html").read_text(encoding="utf-8")
        assert f'id="area-{area}"' in html and name in html
    assert 'id="area-capital"' not in (tmp_path / "简报-trade.html").read_text(encoding="utf-8")


def test_the_first_command_makes_a_brief_and_says_where(tmp_path: Path) -> None:
    """The README's first command, after its ``pip install .``, as a newcomer runs it."""
    first = re.search(r"<!-- first-command -->\n```sh\n.*?\n(pip install \. && .*?)\n",
                      (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert first is not None
    command = first.group(1).removeprefix("pip install . && ")
    done = run_bash(command, tmp_path)
    assert done.returncode == 0, done.stderr
    brief = tmp_path / "示例" / "简报.html"
    assert f"已生成：{Path('示例') / '简报.html'}" in done.stderr and brief.is_file()
    html = brief.read_text(encoding="utf-8")
    assert "示例数据" in html and "绿灯" in html and "红灯" in html and "2021年第2期" in html  # the sample has issued 第1期 (5月31日)
