"""A corpus of sheets as departments send them (tests/departments/, made by make_corpus.py):
none is misread in silence. Each is stored exactly, refused with the cell to fix, or stored
with a warning that names the doubt."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

CORPUS = Path(__file__).parent / "departments"
FLOW = "trade.import-export-2021"
RMB = "capital.cross-border-rmb-2021"
LEVEL = "trade.overseas-warehouses-2021"
MILESTONE = "trade.dubai-mall-opening"


def stored(ws: Path) -> list[tuple[str, str, Any, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted((ws / "updates").glob("**/*.yaml")):
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return [(r["id"], str(r["date"]), r.get("value"), r.get("status")) for r in found]


def digest(ws: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(ws.rglob("*")):
        if path.is_file() and path.name != ".lock":
            h.update(path.as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def bring(name: str, tmp_path: Path) -> str:
    shutil.copyfile(CORPUS / name, tmp_path / name)
    return str(tmp_path / name)


# file → what is stored (id, date, value, status) and the warnings that must be printed
STORED = {
    "商务局-万元.csv": ([(FLOW, "2021-03-31", 1050, None), (FLOW, "2021-04-30", 1350, None)], []),
    "金融办-旧版.xls": ([(RMB, "2021-03-31", 120.5, None), (MILESTONE, "2021-03-31", None, "推进中")], []),
    "开放办-单位列.ods": ([(LEVEL, "2021-03-31", 85, None)], []),
    "口岸办-合并日期.xls": ([(LEVEL, "2021-03-31", 40, None), (MILESTONE, "2021-03-31", None, "推进中")], []),
    "统计局-当月与累计.csv": ([(FLOW, "2021-03-31", 1050, None), (FLOW, "2021-04-30", 1350, None)], []),
}
# file → the problem that refuses it (nothing is written)
REFUSED = {
    # figures that look like a slip are held for checking (E232) unless --confirm
    "海关-当月值.csv": "海关-当月值.csv:3:2: 错误 E232 指标 trade.import-export-2021 的数值 260亿元 需要核实："
                   "比同年早些时候（2021年1月31日 310亿元）还少，年度累计数不会减少。可能填成了当月数",
    "海关-多写一个零.csv": "海关-多写一个零.csv:3:2: 错误 E232 指标 trade.import-export-2021 的数值 13500亿元 需要核实："
                     "是目标 3500亿元 的 385.7%，超过 200%；是上次（2021年3月31日 1050亿元）的 12.9 倍。"
                     "可能多了 1 位数或小数点错位。",
    "海关-当月.xlsx": "海关-当月.xlsx:2:3: 错误 E312 “2021年进出口额超3500亿元”是年度累计指标，但这一列的表头写明是当月数",
    "商务局-单位不符.csv": "商务局-单位不符.csv:2:3: 错误 E203 指标 trade.import-export-2021 的单位是“亿元”，不能填入“个”",
    "商务局-万美元.csv": "商务局-万美元.csv:1:3: 错误 E311 表头“数值（万美元）”中的单位“万美元”无法识别",
    "海关-只有当月值.xlsx": "海关-只有当月值.xlsx:2:3: 错误 E312",
    "商务局-单位列与表头不符.csv": "商务局-单位列与表头不符.csv:2:5: 错误 E313 这一行的“单位”是“亿元”，"
                             "数值列的表头写的是“万元”，数值“10500000”的单位无法确定",
}


def test_every_file_of_the_corpus_is_covered():
    files = {p.name for p in CORPUS.iterdir() if p.suffix != ".py"}
    assert files == set(STORED) | set(REFUSED) | {"商务局-重发.xlsx"}


@pytest.mark.parametrize("name", sorted(STORED))
def test_a_sheet_is_stored_exactly_with_its_warnings(name, ws, ftz, tmp_path):
    records, warnings = STORED[name]
    file = bring(name, tmp_path)
    dry = ftz("--data", str(ws), "import", file, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    for warning in warnings:  # printed before anything is written, too
        assert f"{name}:{warning}" in dry.stderr
    result = ftz("--data", str(ws), "import", file)
    assert result.exit_code == 0, result.stderr
    assert stored(ws) == records
    assert result.stderr.count(" 警告 W") == len(warnings), result.stderr


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_sheet_that_cannot_be_read_exactly_is_refused(name, ws, ftz, tmp_path):
    before = digest(ws)
    result = ftz("--data", str(ws), "import", bring(name, tmp_path))
    assert result.exit_code == 1
    assert REFUSED[name] in result.stderr.replace(str(tmp_path) + "/", "")
    assert digest(ws) == before


def test_a_resent_sheet_is_skipped(ws, ftz, tmp_path):
    assert ftz("--data", str(ws), "import", bring("商务局-万元.csv", tmp_path)).exit_code == 0
    before = digest(ws)
    again = ftz("--data", str(ws), "import", bring("商务局-重发.xlsx", tmp_path))
    assert again.exit_code == 0, again.stderr
    assert "警告 W206 已存在 2 条相同的记录（同一指标、同一日期、相同数值或状态），跳过" in again.stderr
    assert digest(ws) == before


def test_the_optional_columns_are_kept_on_the_record(ws, ftz, tmp_path):
    assert ftz("--data", str(ws), "import", bring("开放办-单位列.ods", tmp_path)).exit_code == 0
    text = (next((ws / "updates").glob("**/*.yaml"))).read_text(encoding="utf-8")
    assert '"input": "0.0085万个", ' in text
    assert '"progress_note": "新增海外仓20个", "problems": "运营人才不足", "next_steps": "加快布局东南亚", ' in text
    shown = ftz("--data", str(ws), "show", LEVEL, "--format", "json").stdout
    assert '"progress_note": "新增海外仓20个"' in shown and '"next_steps": "加快布局东南亚"' in shown
    assert ftz("--data", str(ws), "validate").exit_code == 0


# the rules for figures that look like a slip, at their boundaries: tests/test_held.py


@pytest.mark.parametrize(("name", "text"), [
    ("a.json", f'[{{"id": "{FLOW}", "date": "2021-03-31", "value(万元)": 10500000}}]'),
    ("a.jsonl", f'{{"指标编号": "{FLOW}", "日期": "2021-03-31", "数值（万元）": "10,500,000"}}\n'),
    ("a.yaml", f"- 指标编号: {FLOW}\n  日期: 2021-03-31\n  本年累计【万元】: 10500000\n"),
])
def test_units_in_keys_of_json_and_yaml(name, text, ws, ftz, tmp_path):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = ftz("--data", str(ws), "import", name)
    assert result.exit_code == 0, result.stderr
    assert stored(ws) == [(FLOW, "2021-03-31", 1050, None)]


def test_a_monthly_key_alone_is_refused_on_a_flow(ws, ftz, tmp_path):
    (tmp_path / "a.json").write_text(f'[{{"id": "{FLOW}", "date": "2021-03-31", "当月值": 330}}]',
                                     encoding="utf-8")
    result = ftz("--data", str(ws), "import", "a.json")
    assert result.exit_code == 1 and "a.json:1:" in result.stderr and "错误 E312" in result.stderr
