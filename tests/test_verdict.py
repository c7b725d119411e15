"""ftz verdict: the office's verdict on a goal due (到期待认定), stored as a record of the
update files, read back by every path of the store, and shown in every view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

GOAL = "trade.c2.digital-reform"  # a second-campaign goal, due 2021-05-29
ANNUAL = "trade.digital-reform"


@pytest.fixture
def due(ws: Path, ftz) -> Path:
    result = ftz("--data", str(ws), "update", GOAL, "--status", "推进中", "--date", "2021-05-20")
    assert result.exit_code == 0, result.stderr
    return ws


def row(ftz, ws: Path, as_of: str, item: str = GOAL) -> dict[str, object]:
    result = ftz("--data", str(ws), "list", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return next(r for r in json.loads(result.stdout) if r["id"] == item)


def verdict(ftz, ws: Path, *args: str):
    return ftz("--data", str(ws), "verdict", GOAL, *args)


def test_a_goal_due_awaits_the_offices_verdict(ftz, due):
    assert row(ftz, due, "2021-05-28")["status"] == "on_track"
    waiting = row(ftz, due, "2021-05-29")
    assert (waiting["status"], waiting["status_label"], waiting["light"], waiting["verdict"]) == (
        "awaiting_verdict", "到期待认定", "待认定", None)
    result = verdict(ftz, due, "--not-done", "--reason", "数字化改革平台未上线", "--by", "督查科",
                     "--date", "2021-06-02")
    assert result.exit_code == 0, result.stderr
    assert "认定未完成" in result.stdout and "逾期未完成" in result.stdout
    judged = row(ftz, due, "2021-06-02")
    assert (judged["status"], judged["status_label"], judged["light"]) == ("overdue", "逾期未完成", "红灯")
    assert judged["verdict"] == {"outcome": "not_done", "label": "未完成", "date": "2021-06-02",
                                 "reason": "数字化改革平台未上线", "by": "督查科", "carried_into": None,
                                 "recorded_at": judged["verdict"]["recorded_at"]}
    assert row(ftz, due, "2021-06-01")["status"] == "awaiting_verdict"  # a verdict holds from its date
    stored = "".join(p.read_text(encoding="utf-8") for p in (due / "updates").rglob("*.yaml"))
    assert '"verdict": "未完成"' in stored and '"note": "数字化改革平台未上线"' in stored
    shown = ftz("--data", str(due), "show", GOAL, "--as-of", "2021-06-30").stdout
    assert "认定：未完成，2021年6月2日，督查科；理由：数字化改革平台未上线" in shown


def test_a_campaign_item_is_carried_into_its_annual_item(ftz, due):
    result = verdict(ftz, due, "--carried-into", ANNUAL, "--reason", "纳入年度任务继续推进", "--date", "2021-05-29")
    assert result.exit_code == 0, result.stderr
    judged = row(ftz, due, "2021-06-30")
    assert (judged["status"], judged["status_label"], judged["light"]) == ("carried", "转入年度任务", "已转入")
    assert judged["verdict"]["carried_into"] == ANNUAL
    assert ftz("--data", str(due), "validate").exit_code == 0
    # nothing is asked of a unit for a closed item
    remind = ftz("--data", str(due), "remind", "--as-of", "2021-06-30", "--format", "json")
    assert GOAL not in {r["id"] for r in json.loads(remind.stdout)}


@pytest.mark.parametrize(("args", "code"), [
    (("--done", "--reason", "好", "--date", "2021-05-28"), "E267"),  # the day before the deadline
    (("--done", "--date", "2021-05-29"), "E266"),
    (("--carried-into", "trade.nowhere", "--reason", "好", "--date", "2021-05-29"), "E264"),
    (("--carried-into", "trade.c2.overseas-network", "--reason", "好", "--date", "2021-05-29"), "E264"),
])
def test_a_wrong_verdict_is_refused_and_nothing_is_written(ftz, due, args, code):
    before = sorted((p, p.read_bytes()) for p in (due / "updates").rglob("*.yaml"))
    result = verdict(ftz, due, *args)
    assert result.exit_code == 1 and f"错误 {code} " in result.stderr
    assert sorted((p, p.read_bytes()) for p in (due / "updates").rglob("*.yaml")) == before


def test_only_a_goal_takes_a_verdict_and_only_a_campaign_goal_is_carried(ftz, ws):
    milestone = ftz("--data", str(ws), "verdict", "trade.c2.import-platform", "--done", "--reason", "好",
                    "--date", "2021-06-01")
    assert milestone.exit_code == 1 and "错误 E260 " in milestone.stderr
    annual = ftz("--data", str(ws), "verdict", ANNUAL, "--carried-into", "trade.overseas-network",
                 "--reason", "好", "--date", "2022-01-05")
    assert annual.exit_code == 1 and "错误 E265 " in annual.stderr
    two = ftz("--data", str(ws), "verdict", GOAL, "--done", "--not-done", "--reason", "好")
    assert two.exit_code == 2


def test_a_verdict_is_imported_from_a_sheets_columns(ftz, due, tmp_path):
    sheet = tmp_path / "认定.csv"
    sheet.write_text(f"指标编号,日期,认定结果,转入事项,认定理由,填报人\n{GOAL},2021-05-31,已完成,,已上线运行,督查科\n",
                     encoding="utf-8")
    result = ftz("--data", str(due), "import", str(sheet))
    assert result.exit_code == 0, result.stderr
    judged = row(ftz, due, "2021-06-30")
    assert (judged["status"], judged["verdict"]["label"], judged["verdict"]["by"]) == ("done", "已完成", "督查科")


def test_a_verdict_reads_the_same_cold_warm_and_by_hand(ftz, due, monkeypatch):
    assert verdict(ftz, due, "--done", "--reason", "已上线", "--date", "2021-06-01").exit_code == 0
    warm = row(ftz, due, "2021-06-30")  # from the index, as the recording left it
    monkeypatch.setenv("FTZ_NO_CACHE", "1")
    assert row(ftz, due, "2021-06-30") == warm and warm["status"] == "done"
    # a verdict typed by hand, beside a progress record of the same date, is no duplicate
    (due / "updates" / "hand.yaml").write_text(
        f"- id: {GOAL}\n  date: 2021-06-05\n  status: 推进中\n"
        f"- id: {GOAL}\n  date: 2021-06-05\n  verdict: 未完成\n  note: 复核后改判\n", encoding="utf-8")
    checked = ftz("--data", str(due), "validate")
    assert checked.exit_code == 0, checked.stderr
    assert row(ftz, due, "2021-06-30")["status"] == "overdue"
    monkeypatch.delenv("FTZ_NO_CACHE")
    assert row(ftz, due, "2021-06-30")["status"] == "overdue"


def test_a_verdict_is_no_progress_record(ftz, due):
    # the goal's figures stay those of its last progress record (a mutant of store/index.py
    # counted the verdict as one: data as of the verdict's date, no progress)
    assert verdict(ftz, due, "--not-done", "--reason", "未上线", "--date", "2021-06-02").exit_code == 0
    shown = ftz("--data", str(due), "show", GOAL, "--as-of", "2021-06-30", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    judged = json.loads(shown.stdout)
    assert (judged["progress"], judged["value_date"], judged["last_reported"], judged["data_time_progress"]) == (
        "推进中", "2021-05-20", "2021-05-20", 0.91)
    text = ftz("--data", str(due), "show", GOAL, "--as-of", "2021-06-30").stdout
    assert "逾期未完成，数据截至2021年5月20日（当日序时进度 91.0%）" in text


def test_a_changed_verdict_on_the_same_day_is_recorded_not_skipped_as_the_same(ftz, due):
    """认定已完成, then 认定未完成 the same day: the second was skipped as 'the same record'
    (W206), the office's changed verdict lost; the same verdict again still is skipped."""
    assert verdict(ftz, due, "--done", "--reason", "已上线", "--date", "2021-06-02").exit_code == 0
    again = verdict(ftz, due, "--done", "--reason", "已上线", "--date", "2021-06-02")
    assert again.exit_code == 0 and "W206" in again.stderr and "已录入 0 条" in again.stdout
    changed = verdict(ftz, due, "--not-done", "--reason", "已上线", "--date", "2021-06-02")
    assert changed.exit_code == 0 and "W206" not in changed.stderr, changed.stderr
    assert "已录入 1 条" in changed.stdout
    judged = row(ftz, due, "2021-06-30")
    assert (judged["status"], judged["verdict"]["outcome"]) == ("overdue", "not_done")
