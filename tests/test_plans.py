"""Several plans in one workspace: the 2021 plan (targets.yaml) and a 2022 plan drafted from its
task table, chosen by --plan, FTZ_PLAN or ``plan:`` in ftz.yaml; records that never mix; units,
sheets, reminders and the brief of the chosen plan; 结转 of exactly the open items."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import taskplan


@pytest.fixture
def two(ftz, ws, tmp_path) -> Path:
    """A workspace with the 2021 plan and the 2022 plan drafted from the test table."""
    table = taskplan.write_xlsx(tmp_path / "任务分解表.xlsx")
    notice = taskplan.write_notice(tmp_path / "关于印发义乌市2022年自贸试验区建设重点任务的通知.docx")
    result = ftz("--data", str(ws), "plan", "import", str(table), "--name", "2022", "--source", str(notice))
    assert result.exit_code == 0, result.stderr
    return ws


def listed(ftz, ws, *args: str) -> dict[str, dict]:
    result = ftz("--data", str(ws), *args, "list", "--as-of", "2022-06-30", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {r["id"]: r for r in json.loads(result.stdout)}


def test_records_of_each_plan_stay_apart(ftz, two):
    ws = two
    done = ftz("--data", str(ws), "--plan", "2022", "update", "trade.t04", "--value", "3小时",
               "--date", "2022-03-31")
    assert done.exit_code == 0, done.stderr
    assert list((ws / "plans" / "2022" / "updates").rglob("*.yaml")) and not list((ws / "updates").rglob("*.yaml"))
    row = listed(ftz, ws, "--plan", "2022")["trade.t04"]
    assert (row["value"], row["completion"], row["comparator"], row["units"]) == (3, 0.5, "<=", ["义乌海关"])
    assert all(r["value"] is None for r in listed(ftz, ws).values())  # the 2021 plan saw nothing
    wrong = ftz("--data", str(ws), "--plan", "2022", "update", "trade.import-export-2021", "--value", "10",
                "--date", "2022-03-31")
    assert wrong.exit_code == 1 and "E201" in wrong.stderr
    assert len(list((ws / "plans" / "2022" / "updates").rglob("*.yaml"))) == 1
    assert ftz("--data", str(ws), "--plan", "2022", "validate").exit_code == 0
    brief = ftz("--data", str(ws), "--plan", "2022", "report", "--as-of", "2022-05-31", "-o", "-").stdout
    assert "进口通关时间为3小时（目标压缩至2小时以内），压缩目标完成50.0%" in brief  # lower is better


def test_the_plan_is_chosen_by_option_environment_or_settings(ftz, two, monkeypatch):
    ws = two
    assert len(listed(ftz, ws)) == 193
    monkeypatch.setenv("FTZ_PLAN", "2022")
    assert len(listed(ftz, ws)) == 40
    assert len(listed(ftz, ws, "--plan", "2021")) == 193  # the option before the environment
    monkeypatch.delenv("FTZ_PLAN")
    (ws / "ftz.yaml").write_text("plan: 2022\n", encoding="utf-8")
    assert len(listed(ftz, ws)) == 40
    missing = ftz("--data", str(ws), "--plan", "2023", "list")
    assert missing.exit_code == 1 and "E607" in missing.stderr and "2021、2022" in missing.stderr


def test_sheet_remind_and_brief_work_on_the_2022_plan(ftz, two, tmp_path):
    plan = ("--data", str(two), "--plan", "2022")
    sheets = ftz(*plan, "sheet", "--as-of", "2022-06-30", "--by-unit", str(tmp_path / "分发"))
    assert sheets.exit_code == 0, sheets.stderr
    assert (tmp_path / "分发" / "进度填报表-义乌海关-2022-06-30.xlsx").is_file()
    remind = ftz(*plan, "remind", "--as-of", "2022-06-30", "--format", "json")
    assert remind.exit_code == 0, remind.stderr
    customs = [r for r in json.loads(remind.stdout) if r["unit"] == "义乌海关"]
    assert [r["id"] for r in customs] == ["trade.t04"]
    # 长期坚持: never due (it is asked for, as everything that can have a light is)
    assert all(r["reason"] not in ("due_soon", "overdue") for r in json.loads(remind.stdout)
               if r["id"] == "trade.t07")
    brief = ftz(*plan, "report", "--as-of", "2022-06-30", "-o", "-")
    assert brief.exit_code == 0, brief.stderr
    assert "截至2022年6月30日，义乌市2022年自贸试验区建设共跟踪指标和事项40项" in brief.stdout
    assert "结转" not in brief.stdout


def test_a_table_without_areas_puts_its_tasks_in_one_inferred_area(ftz, ws, tmp_path):
    table = taskplan.write_csv(tmp_path / "t.csv")
    result = ftz("--data", str(ws), "plan", "import", str(table), "--name", "2022", "--year", "2022")
    assert result.exit_code == 0, result.stderr
    rows = listed(ftz, ws, "--plan", "2022")
    assert len(rows) == 40 and {r["area"] for r in rows.values()} == {"general"}
    text = (ws / "plans" / "2022.yaml").read_text(encoding="utf-8")
    assert text.count("    - area\n") == 40


def test_plans_lists_the_workspace_plans(ftz, two):
    result = ftz("--data", str(two), "plans", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["plan"], r["items"], r["start"], r["end"], r["current"]) for r in rows] == [
        ("2021", 193, "2021-01-01", "2035-12-31", True), ("2022", 40, "2022-01-01", "2022-12-31", False)]


def test_carry_copies_exactly_the_open_items(ftz, two):
    ws = two
    (ws / "ftz.yaml").write_text("units:\n  市商务局: [trade]\n  新设单位: [capital]\n", encoding="utf-8")
    for args in (("trade.dubai-mall-opening", "--status", "已完成"),
                 ("trade.import-export-2021", "--value", "3600")):
        assert ftz("--data", str(ws), "update", *args, "--date", "2021-12-20").exit_code == 0
    # a campaign goal closed by 转入年度任务 is not done: its work goes on, and it is carried
    assert ftz("--data", str(ws), "update", "trade.c2.digital-reform", "--status", "推进中",
               "--date", "2021-05-20").exit_code == 0
    assert ftz("--data", str(ws), "verdict", "trade.c2.digital-reform", "--carried-into",
               "trade.digital-reform", "--reason", "纳入年度任务", "--date", "2021-05-29").exit_code == 0
    rows = json.loads(ftz("--data", str(ws), "list", "--as-of", "2021-12-31", "--format", "json").stdout)
    expected = {r["id"] for r in rows if r["status"] != "done" and r["deadline"] <= "2021-12-31"}
    assert "trade.dubai-mall-opening" not in expected and "trade.import-export-2021" not in expected
    assert "trade.c2.digital-reform" in expected
    dry = ftz("--data", str(ws), "plan", "carry", "2021", "2022", "--as-of", "2021-12-31", "--dry-run")
    assert dry.exit_code == 0 and f"结转{len(expected)}项" in dry.stdout
    assert "carried_from" not in (ws / "plans" / "2022.yaml").read_text(encoding="utf-8")
    done = ftz("--data", str(ws), "plan", "carry", "2021", "2022", "--as-of", "2021-12-31")
    assert done.exit_code == 0, done.stderr
    carried = {r["id"]: r for r in listed(ftz, ws, "--plan", "2022").values() if r["id"] not in
               {f"{a}.t{n:02d}" for a in ("trade", "investment", "capital", "transport", "people",
                                         "digital-gov", "business-env") for n in range(1, 41)}}
    assert set(carried) == expected
    # the units they had in 2021 come along: into a unit the 2022 plan has, or a new one
    assert all(r["units"] == ["市商务局"] for i, r in carried.items() if i.startswith("trade."))
    assert all(r["units"] == ["新设单位"] for i, r in carried.items() if i.startswith("capital."))
    assert listed(ftz, ws, "--plan", "2022")["trade.t01"]["units"] == ["市商务局"]  # its own kept
    assert ftz("--data", str(ws), "--plan", "2022", "validate").exit_code == 0
    brief = ftz("--data", str(ws), "--plan", "2022", "report", "--as-of", "2022-06-30", "-o", "-").stdout
    assert f"其中结转{len(expected)}项" in brief
    again = ftz("--data", str(ws), "plan", "carry", "2021", "2022", "--as-of", "2021-12-31")
    assert again.exit_code == 0 and "结转0项" in again.stdout
