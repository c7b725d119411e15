"""Commands take one frozen request and return a result the CLI renders: tested here
without stdout, one test a command (docs/development.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from ftz_cli.commands import (
    carry,
    closure,
    list_,
    plan,
    record,
    remind,
    report,
    sheet,
    show,
    units,
    validate,
    weekly,
)
from ftz_cli.parse.records import Raw
from ftz_cli.store.workspace import Workspace

ITEM = "trade.outlets-2021"


def test_validate_returns_its_problems(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = validate.Request(Workspace(ws), dt.date(2021, 6, 30))
    assert validate.run(request).ok
    (ws / "updates" / "2021-03.yaml").write_text(f"- id: {ITEM}\n  date: 2021-03-02\n  value: 三\n", encoding="utf-8")
    result = validate.run(request)
    assert not result.ok and [(d.code, d.path, d.line) for d in result.diagnostics] == [
        ("E204", "updates/2021-03.yaml", 3)]
    assert capsys.readouterr() == ("", "")  # nothing printed: the CLI renders
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.today = dt.date(2021, 7, 1)  # type: ignore[misc]


def test_show_returns_the_page(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "updates" / "2021-03.yaml").write_text(f"- id: {ITEM}\n  date: 2021-03-02\n  value: 3\n", encoding="utf-8")
    result = show.run(show.Request(Workspace(ws), ITEM, dt.date(2021, 3, 31), "json"))
    assert [u["value"] for u in json.loads(result.text)["updates"]] == [3]
    assert capsys.readouterr() == ("", "")


def _recorded(ws: Path, value: str = "3") -> None:
    (ws / "updates" / "2021-03.yaml").write_text(
        f"- id: {ITEM}\n  date: 2021-03-02\n  value: {value}\n", encoding="utf-8")


def test_list_returns_its_rows(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _recorded(ws)
    asked = list_.Request(Workspace(ws), dt.date(2021, 3, 31), areas=("trade",), fmt="json")
    result = list_.run(asked)
    rows = {r["id"]: r for r in json.loads(result.text or "")}
    assert rows[ITEM]["value"] == 3 and {p.item.area for p in result.rows} == {"trade"}
    table = list_.run(dataclasses.replace(asked, fmt="table", statuses=("no_data",)))
    assert table.text is None and ITEM not in {p.item.id for p in table.rows}  # it has data
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(("entered", "on_time"), [("2021-04-05T23:00", 1), ("2021-04-06T08:00", 0)])
def test_units_returns_the_scoreboard(ws: Path, capsys: pytest.CaptureFixture[str], entered: str,
                                      on_time: int) -> None:
    (ws / "updates" / "2021-04.yaml").write_text(
        f"- id: {ITEM}\n  date: 2021-03-31\n  value: 3\n  recorded_at: {entered}:00+08:00\n", encoding="utf-8")
    result = units.run(units.Request(Workspace(ws), dt.date(2021, 4, 30), (2021, 3), "json"))
    trade = next(r for r in json.loads(result.text) if r["unit"] == "贸易自由专班")
    assert (trade["due"], trade["reported"], trade["on_time"], trade["late"]) == ("2021-04-05", 1, on_time, 1 - on_time)
    assert capsys.readouterr() == ("", "")


def test_sheet_returns_workbooks_unwritten(ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = sheet.run(sheet.Request(Workspace(ws), dt.date(2021, 3, 31), ("trade",), output=str(tmp_path / "t.xlsx")))
    [(path, data)] = one.pages
    assert path == tmp_path / "t.xlsx" and data[:2] == b"PK" and not path.exists()
    assert one.note.startswith("填报表共 ") and one.note.endswith(f"填好后运行：ftz import {path}")
    folder = tmp_path / "各单位"
    several = sheet.run(sheet.Request(Workspace(ws), dt.date(2021, 3, 31), by_unit=folder))
    assert len(several.pages) > 1 and {p.parent for p, _ in several.pages} == {folder} and not folder.exists()
    assert capsys.readouterr() == ("", "")


def test_record_returns_what_it_appended(ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = Raw({"id": ITEM, "date": "2021-03-31", "value": "3", "by": "张三"}, "", typed=True)
    checked = record.run(record.Request(Workspace(ws), (raw,), dry_run=True))
    assert [(u.id, u.value) for u in checked.updates] == [(ITEM, 3.0)] and not list((ws / "updates").rglob("*.yaml"))
    (tmp_path / "验收报告.pdf").write_bytes(b"%PDF-1.4 accepted")
    done = record.run(record.Request(Workspace(ws), (raw,), evidence=(tmp_path / "验收报告.pdf",)))
    [said] = done.kept
    assert said.startswith("已保存佐证材料：验收报告.pdf → evidence/")
    assert (ws / said.split(" → ")[1]).read_bytes().endswith(b"accepted")
    assert len(list((ws / "updates").rglob("*.yaml"))) == 1 and not done.problems
    assert capsys.readouterr() == ("", "")


def test_report_returns_the_brief_unwritten(ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _recorded(ws)
    asked = report.Request(Workspace(ws), dt.date(2021, 3, 31), output=str(tmp_path / "简报.html"))
    brief = report.run(asked)
    assert brief.kind == "html" and "<html" in str(brief.content) and not (tmp_path / "简报.html").exists()
    assert brief.issued is not None and (brief.issued.number, brief.issued.as_of) == (1, dt.date(2021, 3, 31))
    assert brief.notes and "notes/2021-03-31.yaml" in brief.notes[0]  # no office notes: a hint
    assert report.run(dataclasses.replace(asked, draft=True)).issued is None
    assert report.run(dataclasses.replace(asked, output=None, fmt="md")).issued is None  # standard output
    assert capsys.readouterr() == ("", "")


def test_remind_returns_the_notices(ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asked = remind.Request(Workspace(ws), dt.date(2021, 6, 30), ("贸易自由专班",))
    notices = remind.run(asked)
    assert list(notices.notices) == ["贸易自由专班"] and notices.text and "贸易自由专班" in notices.text
    rows = json.loads(remind.run(dataclasses.replace(asked, fmt="json")).text or "")
    assert rows and {r["unit"] for r in rows} == {"贸易自由专班"}
    docx = remind.run(dataclasses.replace(asked, fmt="docx", output=str(tmp_path / "通知")))
    assert [p.name for p, _ in docx.pages] == ["催办通知-贸易自由专班.docx"] and not (tmp_path / "通知").exists()
    assert remind.run(dataclasses.replace(asked, send="dingtalk", dry_run=True)).send == "dingtalk"
    assert capsys.readouterr() == ("", "")


def test_confirm_and_return_say_what_they_recorded(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    milestone = "trade.bonded-zone-phase1-2021"
    (ws / "updates" / "2021-06.yaml").write_text(
        f"- id: {milestone}\n  date: 2021-06-10\n  status: 已完成\n", encoding="utf-8")
    said = closure.decide(closure.DecideRequest(Workspace(ws), milestone, "return", "李四", "缺少验收报告"))
    assert said.startswith("已退回：") and "2021年6月10日报送已完成" in said and said.endswith("；理由：缺少验收报告")
    said = closure.decide(closure.DecideRequest(Workspace(ws), milestone, "confirm", "李四"))
    assert said.startswith("已确认销号：") and len(list((ws / "closures").rglob("*.json"))) == 2
    assert capsys.readouterr() == ("", "")


def test_plan_import_and_carry_return_what_they_did(ws: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import taskplan

    table, notice = taskplan.write_xlsx(tmp_path / "任务分解表.xlsx"), taskplan.write_notice(tmp_path / "通知.docx")
    asked = plan.ImportRequest(Workspace(ws), str(table), "2022", str(notice), dry_run=True)
    assert "（--dry-run：只检查，未写入 plans/2022.yaml）" in plan.run_import(asked).summary
    assert not (ws / "plans").exists()
    drafted = plan.run_import(dataclasses.replace(asked, dry_run=False))
    assert drafted.summary.endswith("已写入：plans/2022.yaml。请核对草稿（inferred、unverified），再运行 ftz validate。")
    before = (ws / "plans" / "2022.yaml").read_bytes()
    said = carry.run_carry(carry.CarryRequest(Workspace(ws), "2021", "2022", dt.date(2021, 12, 31), dry_run=True))
    assert said and (ws / "plans" / "2022.yaml").read_bytes() == before
    assert capsys.readouterr() == ("", "")
    rows = carry.run_plans(carry.PlansRequest(Workspace(ws), dt.date(2021, 12, 31)))
    assert [(r["plan"], r["file"], r["current"]) for r in rows] == [
        ("2021", "targets.yaml", True), ("2022", "plans/2022.yaml", False)]
    assert json.loads(carry.render_plans(rows, "json")) == rows
    assert carry.render_plans(rows, "text").splitlines()[0].startswith("* 2021  ")
    assert capsys.readouterr() == ("", "")


def test_weekly_returns_the_briefs_unwritten(ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asked = weekly.Request(Workspace(ws), dt.date(2021, 3, 1), dt.date(2021, 3, 14), tmp_path / "周报")
    made = weekly.run(asked)
    assert sorted(p.name for p, _ in made.pages) == ["2021-W09.md", "2021-W10.md", "index.md"]
    assert [(e.number, e.as_of) for e in made.entries] == [(1, dt.date(2021, 3, 7)), (2, dt.date(2021, 3, 14))]
    assert made.weeks == 2 and not (tmp_path / "周报").exists()
    assert weekly.run(dataclasses.replace(asked, draft=True)).entries == ()
    assert capsys.readouterr() == ("", "")
