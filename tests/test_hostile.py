"""Hostile and faulty ground (issue 14): data that tries to run code, change what was typed,
spoof the terminal or a spreadsheet, exhaust memory; a machine that fails under ftz.

Every case checks the contract: exit 0 or 1, no traceback, no "内部错误", and nothing
changed on disk when ftz refuses.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

HOSTILE = Path(__file__).parent / "hostile"
FLOW = "trade.import-export-2021"        # 亿元, a quantitative target
MILESTONE = "trade.pilot.new-barter-trade"
AS_OF = "2021-05-10"


def clean(result) -> None:
    """No traceback, no internal error: whatever happened was said in the user's words."""
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr, result.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def history(ftz, ws: Path, item: str) -> list[dict]:
    result = ftz("--data", str(ws), "show", item, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["updates"]


# -- 1. no code from data --------------------------------------------------------------

def test_a_template_cannot_reach_os(ftz, ws: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copyfile(HOSTILE / "ssti_report.md.j2", mine / "report.md.j2")
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF, "--templates", str(mine))
    clean(result)
    assert result.exit_code == 1
    assert "PWNED" not in result.stdout + result.stderr
    assert "E406" in result.stderr and "不允许" in result.stderr


def test_a_template_cannot_change_a_list(ftz, ws: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copyfile(HOSTILE / "mutate_report.md.j2", mine / "report.md.j2")
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF, "--templates", str(mine))
    clean(result)
    assert result.exit_code == 1 and "E406" in result.stderr and "report.md.j2:2" in result.stderr


def test_a_workspace_templates_folder_is_not_picked_up(ftz, ws: Path) -> None:
    (ws / "templates").mkdir()
    shutil.copyfile(HOSTILE / "ssti_report.md.j2", ws / "templates" / "report.md.j2")
    result = ftz("--data", str(ws), "report", "--as-of", AS_OF)
    clean(result)
    assert result.exit_code == 0 and "PWNED" not in result.stdout
    assert result.stdout.startswith("# ")
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 0
    assert "templates: 警告 W220" in checked.stderr and "模板：内置模板" in checked.stderr


def test_validate_lists_the_templates_named_in_the_settings(ftz, ws: Path) -> None:
    (ws / "mine").mkdir()
    (ws / "mine" / "report.md.j2").write_text("自定义 {{ title }}\n", encoding="utf-8")
    (ws / "ftz.yaml").write_text("report:\n  templates: mine\n", encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 0, checked.stderr
    assert "模板：mine 中的 report.md.j2，其余用内置模板" in checked.stderr
    assert ftz("--data", str(ws), "report", "--as-of", AS_OF).stdout.startswith("自定义 ")
    (ws / "ftz.yaml").write_text("report:\n  templates: missing\n", encoding="utf-8")
    missing = ftz("--data", str(ws), "validate")
    clean(missing)
    assert missing.exit_code == 1 and "E404" in missing.stderr and "missing" in missing.stderr


# -- 2. what was typed is what is stored -----------------------------------------------

def test_hand_edited_yaml_keeps_what_was_typed(ftz, ws: Path) -> None:
    shutil.copyfile(HOSTILE / "yaml11_updates.yaml", ws / "updates" / "2021-04.yaml")
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 0, checked.stderr
    [flow] = history(ftz, ws, FLOW)
    assert (flow["value"], flow["note"], flow["by"]) == (100, "9:30", "on")  # not 64, "570", "True"
    [milestone] = history(ftz, ws, MILESTONE)
    assert (milestone["note"], milestone["by"]) == ("yes", "0700")


def test_imported_yaml_keeps_what_was_typed(ftz, ws: Path) -> None:
    result = ftz("--data", str(ws), "import", str(HOSTILE / "yaml11_import.yaml"))
    assert result.exit_code == 0, result.stderr
    [flow] = history(ftz, ws, FLOW)
    assert (flow["value"], flow["note"], flow["by"]) == (100, "9:30", "off")


@pytest.mark.parametrize(("typed", "code"), [("1_000", "E204"), ("0x10", "E204"), (".inf", "E204"),
                                             ("1e308", "E230"), ("1e16万亿", "E230")])
def test_a_yaml_value_goes_through_the_command_line_parser(ftz, ws: Path, typed: str, code: str) -> None:
    (ws / "updates" / "2021-04.yaml").write_text(
        f"- id: {FLOW}\n  date: 2021-03-31\n  value: {typed}\n", encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    clean(checked)
    assert checked.exit_code == 1 and f"updates/2021-04.yaml:3:10: 错误 {code}" in checked.stderr


def test_the_plan_is_read_by_yaml_1_2_rules(ftz, ws: Path) -> None:
    plan = ws / "targets.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "    target: 3500\n" in text
    plan.write_text(text.replace("    target: 3500\n", "    target: 03500\n", 1), encoding="utf-8")
    listed = json.loads(ftz("--data", str(ws), "list", "--format", "json").stdout)
    assert {r["id"]: r["target"] for r in listed}[FLOW] == 3500  # not octal 1856


def test_a_fullwidth_colon_is_named(ftz, ws: Path) -> None:
    shutil.copyfile(HOSTILE / "fullwidth_colon.yaml", ws / "updates" / "2021-04.yaml")
    checked = ftz("--data", str(ws), "validate")
    clean(checked)
    assert "updates/2021-04.yaml:2:7: 错误 E101 字段名后用了中文冒号“：”" in checked.stderr
