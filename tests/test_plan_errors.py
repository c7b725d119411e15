"""A corrupted copy of the plan gives the right code, at the right line, exit 1, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ftz_cli.core.errors import CODES

ANCHOR = "  - id: trade.import-export-2021\n    area: trade\n"
BLOCK_START = "  - id: trade.import-export-2021\n"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def corrupt(ws: Path, old: str, new: str, *, count: int = 1) -> tuple[str, int]:
    """Replace ``old`` by ``new`` in the workspace plan; the line where the change starts."""
    path = ws / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    line = line_of(text, old) + new[: _common_prefix(old, new)].count("\n")
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return text, line


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def problems(ftz, ws: Path) -> tuple[int, list[dict[str, object]], str]:
    result = ftz("--data", str(ws), "validate", "--format", "json")
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, json.loads(result.stdout), result.stderr


def only(found: list[dict[str, object]], code: str) -> dict[str, object]:
    hits = [p for p in found if p["code"] == code]
    assert hits, f"{code} not in {[p['code'] for p in found]}"
    return hits[0]


CASES = [
    # (name, old, new, code, line offset from the change, message fragment)
    ("yaml-syntax", "    kind: flow\n    metric: 进出口额\n",
     "    kind: flow\n    metric: 进出口额: 额\n", "E101", 1, "冒号"),
    ("duplicate-key", "    unit: 亿元\n    comparator: \">\"\n    target: 3500\n",
     "    unit: 亿元\n    unit: 个\n    comparator: \">\"\n    target: 3500\n", "E102", 1, "重复"),
    ("unknown-field", "    wording: 超3500亿元\n    start: 2021-01-01\n",
     "    wording: 超3500亿元\n    dedline: 2021-12-31\n    start: 2021-01-01\n", "E111", 1, "dedline"),
    ("wrong-type", "    target: 3500\n    wording: 超3500亿元\n",
     "    target: 三千五\n    wording: 超3500亿元\n", "E113", 0, "target"),
    ("unknown-kind", "    kind: flow\n    metric: 进出口额\n",
     "    kind: stream\n    metric: 进出口额\n", "E116", 0, "stream"),
    ("unknown-unit", "    unit: 亿元\n    comparator: \">\"\n    target: 3500\n",
     "    unit: 亿美元\n    comparator: \">\"\n    target: 3500\n", "E117", 0, "亿美元"),
    ("unknown-comparator", "    comparator: \">\"\n    target: 3500\n",
     "    comparator: \"≥\"\n    target: 3500\n", "E118", 0, "≥"),
    ("deadline-before-start", "    wording: 超3500亿元\n    start: 2021-01-01\n    deadline: 2021-12-31\n",
     "    wording: 超3500亿元\n    start: 2021-01-01\n    deadline: 2020-12-31\n", "E119", 2, "早于"),
    ("unknown-area", ANCHOR, "  - id: trade.import-export-2021\n    area: tarde\n", "E120", 1, "tarde"),
    ("unknown-parent", "    parent: trade.design.1\n    title: 2021年进出口额超3500亿元\n",
     "    parent: trade.design.9\n    title: 2021年进出口额超3500亿元\n", "E121", 0, "trade.design.9"),
    ("invalid-date", "    wording: 超3500亿元\n    start: 2021-01-01\n",
     "    wording: 超3500亿元\n    start: 2021-02-30\n", "E122", 1, "2021-02-30"),
    ("unknown-speaker", "      speaker: ge\n      section: \"“1+5+16+X”顶层设计·“1”一个目标\"\n",
     "      speaker: gee\n      section: \"“1+5+16+X”顶层设计·“1”一个目标\"\n", "E123", 0, "gee"),
    ("bad-id", BLOCK_START, "  - id: Trade Import\n", "E115", 0, "Trade Import"),
    ("python-tag", "    target: 3500\n", "    target: !!python/object/apply:os.system [\"echo hi\"]\n",
     "E103", 0, "python"),
    ("source-not-in-document", "进出口额超3500亿元。\n", "进出口额超3600亿元。\n", "E125", 0, "找不到"),
    ("outcome-unknown", "    outcome: capital.digital-rmb-pilot-2021\n",
     "    outcome: capital.digital-rmb-pilot-2022\n", "E126", 0, "capital.digital-rmb-pilot-2022"),
    ("outcome-self", "  - id: capital.m15-digital-rmb-pilot\n    area: capital\n    parent: capital.window.5\n"
     "    outcome: capital.digital-rmb-pilot-2021\n",
     "  - id: capital.m15-digital-rmb-pilot\n    area: capital\n    parent: capital.window.5\n"
     "    outcome: capital.m15-digital-rmb-pilot\n", "E126", 3, "自身"),
    ("outcome-chain", "    outcome: capital.digital-rmb-pilot-2021\n",
     "    outcome: capital.c2.run-digital-rmb-pilot\n", "E126", 0, "串联"),
    ("inferred-not-a-date", "    inferred: [start]\n", "    inferred: [begin]\n", "E127", 0, "begin"),
    ("inferred-twice", "    inferred: [start, end]\n", "    inferred: [start, start]\n", "E127", 0, "重复"),
    ("wording-not-in-source", "    wording: 超3500亿元\n", "    wording: 超3600亿元\n", "E128", 0, "超3600亿元"),
    ("wording-without-target", "    wording: 超3500亿元\n", "    wording: 亿元\n", "E128", 0, "3500"),
    ("wording-on-a-milestone", "    kind: milestone\n", "    kind: milestone\n    wording: 完成\n",
     "E124", 1, "wording"),
]


@pytest.mark.parametrize(("name", "old", "new", "code", "offset", "fragment"), CASES,
                         ids=[c[0] for c in CASES])
def test_each_corruption_is_reported_at_its_line(ftz, ws, name, old, new, code, offset, fragment):
    text = (ws / "targets.yaml").read_text(encoding="utf-8")
    start = line_of(text, old)
    corrupt(ws, old, new)
    exit_code, found, _ = problems(ftz, ws)
    assert exit_code == 1
    problem = only(found, code)
    assert problem["line"] == start + offset
    assert problem["path"] == "targets.yaml"
    assert fragment in str(problem["message"]) + str(problem["hint"])
    assert problem["severity"] == "error"


def test_missing_required_field_points_at_the_entry(ftz, ws):
    text = (ws / "targets.yaml").read_text(encoding="utf-8")
    start = line_of(text, BLOCK_START)
    corrupt(ws, "    metric: 进出口额\n    unit: 亿元\n", "    metric: 进出口额\n")
    exit_code, found, _ = problems(ftz, ws)
    assert exit_code == 1
    problem = only(found, "E112")
    assert problem["line"] == start and problem["column"] == 5
    assert "unit" in str(problem["message"])


def test_unknown_field_suggests_the_close_one(ftz, ws):
    corrupt(ws, "    wording: 超3500亿元\n    start: 2021-01-01\n",
            "    wording: 超3500亿元\n    dedline: 2021-12-31\n    start: 2021-01-01\n")
    _, found, _ = problems(ftz, ws)
    assert "是不是“deadline”" in str(only(found, "E111")["hint"])


def test_duplicate_id_names_the_first_line(ftz, ws):
    text = (ws / "targets.yaml").read_text(encoding="utf-8")
    first = line_of(text, BLOCK_START)
    corrupt(ws, "  - id: trade.goal-2025-trade-centre\n", "  - id: trade.import-export-2021\n")
    exit_code, found, _ = problems(ftz, ws)
    assert exit_code == 1
    problem = only(found, "E114")
    assert f"第 {first} 行" in str(problem["message"])


def test_every_problem_is_reported_in_one_run(ftz, ws):
    corrupt(ws, "    kind: flow\n    metric: 进出口额\n", "    kind: stream\n    metric: 进出口额\n")
    corrupt(ws, "  - id: trade.goal-2025-trade-centre\n    area: trade\n",
            "  - id: trade.goal-2025-trade-centre\n    area: nowhere\n")
    corrupt(ws, "      speaker: zhu\n", "      speaker: nobody\n")
    _, found, _ = problems(ftz, ws)
    assert {"E116", "E120", "E123"} <= {p["code"] for p in found}


def test_gbk_file_is_named_with_how_to_fix(ftz, ws):
    path = ws / "targets.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    exit_code, found, _ = problems(ftz, ws)
    assert exit_code == 1
    problem = only(found, "E002")
    assert "GBK" in str(problem["message"]) and "UTF-8" in str(problem["hint"])
    assert problem["line"] == 1


def test_empty_file(ftz, ws):
    (ws / "targets.yaml").write_text("# 只有注释\n", encoding="utf-8")
    exit_code, found, _ = problems(ftz, ws)
    assert exit_code == 1
    assert only(found, "E003")


def test_alias_bomb_is_refused_without_expanding(ftz, ws):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    (ws / "targets.yaml").write_text(bomb, encoding="utf-8")
    exit_code, found, _ = problems(ftz, ws)
    assert exit_code == 1
    assert only(found, "E104")["line"] == 2


def test_python_tag_is_never_executed(ftz, ws, tmp_path):
    marker = tmp_path / "pwned"
    (ws / "targets.yaml").write_text(
        f"schema: !!python/object/apply:os.system [\"touch {marker}\"]\n", encoding="utf-8")
    exit_code, found, _ = problems(ftz, ws)
    assert exit_code == 1 and only(found, "E103")
    assert not marker.exists()


def test_deep_nesting_is_refused(ftz, ws):
    (ws / "targets.yaml").write_text("a: " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    exit_code, found, _ = problems(ftz, ws)
    assert exit_code == 1 and only(found, "E105")


def test_text_format_matches_the_contract(ftz, ws):
    text = (ws / "targets.yaml").read_text(encoding="utf-8")
    start = line_of(text, "    unit: 亿元\n    comparator: \">\"\n    target: 3500\n")
    corrupt(ws, "    unit: 亿元\n    comparator: \">\"\n    target: 3500\n",
            "    unit: 亿美元\n    comparator: \">\"\n    target: 3500\n")
    result = ftz("--data", str(ws), "validate")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"targets.yaml:{start}:11: 错误 E117 未知的单位“亿美元”\n  提示：可用的单位：" in result.stderr
    assert result.stderr.rstrip().endswith("校验未通过：" + str(ws) + "，1 个错误，0 个警告。")


def test_every_code_is_documented():
    page = (Path(__file__).parent.parent / "docs" / "errors.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"| {code} |" in page, code


def test_value_out_of_range(ftz, ws):
    text = (ws / "targets.yaml").read_text(encoding="utf-8")
    corrupt(ws, "    horizon: \"2021\"\n    inferred: [start, deadline]\n    note: \"“超”按>计；",
            "    horizon: \"2022上半年\"\n    inferred: [start, deadline]\n    note: \"“超”按>计；")
    _, found, _ = problems(ftz, ws)
    problem = only(found, "E124")
    assert "2022上半年" in str(problem["message"])
    assert problem["line"] == line_of(text, BLOCK_START) + 12


def test_settings_file_problems(ftz, ws):
    (ws / "ftz.yaml").write_text("status:\n  on_track_tolerance: 0.3\n  behind_tolerance: 0.1\n",
                                 encoding="utf-8")
    result = ftz("--data", str(ws), "list")
    assert result.exit_code == 1 and "E404" in result.stderr
    (ws / "ftz.yaml").write_text("status:\n  stale_dayz: 10\n", encoding="utf-8")
    result = ftz("--data", str(ws), "list")
    assert result.exit_code == 1 and "ftz.yaml:2:3: 错误 E111" in result.stderr
    assert "stale_days" in result.stderr


@pytest.mark.parametrize(("text", "where"), [
    ("status:\n  on_track_tolerance: 0.3\n  behind_tolerance: 0.1\n", "2:23"),
    ("status:\n  stale_days: 45\n  behind_tolerance: 2\n", "3:21"),
    ("status:\n  stale_days: 0\n", "2:15"),
    ("status:\n  outlook_likely: 20\n", "2:19"),
    ("report:\n  title: 简报\n  due_day: 40\n", "3:12"),
    ("report:\n  escalate_after: 0\n", "2:19"),
    ("report:\n  rank_by: best\n", "2:12"),
    ("report:\n  copies: 0\n", "2:11"),
    ("report:\n  internal: 是\n", "2:13"),
])
def test_a_setting_out_of_range_is_named_at_its_line(ftz, ws, text, where):
    """ftz.yaml is edited by hand: a value that cannot be meant is named where it is typed."""
    (ws / "ftz.yaml").write_text(text, encoding="utf-8")
    result = ftz("--data", str(ws), "list")
    assert result.exit_code == 1 and f"ftz.yaml:{where}: 错误 E404 " in result.stderr, result.stderr
