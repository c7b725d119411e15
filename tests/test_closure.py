"""销号 with evidence: files kept by content hash, validate checks them, 待确认 → confirmed or
returned, shown in list, show, the brief and remind."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

MILESTONE = "trade.dubai-mall-opening"
FLOW = "trade.import-export-2021"
SETTINGS = "report:\n  confirm_done: true\nunits:\n  市商务局: [trade.dubai-mall-opening, trade.import-export-2021]\n"


@pytest.fixture
def office(ws: Path, tmp_path: Path) -> Path:
    (ws / "ftz.yaml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "验收报告.PDF").write_bytes(b"%PDF-1.4 acceptance\n")
    return ws


def _done(ftz, ws: Path, *more: str) -> object:
    return ftz("--data", str(ws), "update", MILESTONE, "--status", "已完成", "--date", "2021-06-20",
               "--by", "张三", *more)


def _row(ftz, ws: Path) -> dict:
    rows = json.loads(ftz("--data", str(ws), "list", "--format", "json", "--as-of", "2021-06-30").stdout)
    return next(r for r in rows if r["id"] == MILESTONE)


def test_evidence_is_kept_once_by_content_hash(office, ftz, tmp_path):
    data = (tmp_path / "验收报告.PDF").read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    result = _done(ftz, office, "--evidence", str(tmp_path / "验收报告.PDF"))
    assert result.exit_code == 0, result.stderr
    kept = office / "evidence" / sha[:2] / f"{sha}.pdf"
    assert kept.read_bytes() == data
    (tmp_path / "copy.pdf").write_bytes(data)  # the same bytes under another name: one file
    assert ftz("--data", str(office), "update", MILESTONE, "--status", "已完成", "--date", "2021-06-21",
               "--evidence", str(tmp_path / "copy.pdf")).exit_code == 0
    assert [p.name for p in (office / "evidence").rglob("*") if p.is_file()] == [f"{sha}.pdf"]
    row = _row(ftz, office)
    assert [(e["name"], e["sha256"], e["path"]) for e in row["evidence"]] == [
        ("验收报告.PDF", sha, f"evidence/{sha[:2]}/{sha}.pdf"), ("copy.pdf", sha, f"evidence/{sha[:2]}/{sha}.pdf")]
    kept.write_bytes(b"edited")  # one file behind two records: one problem
    assert ftz("--data", str(office), "validate").stderr.count("E504") == 1


def test_a_different_file_in_its_place_is_never_replaced_and_nothing_is_recorded(office, ftz, tmp_path):
    data = (tmp_path / "验收报告.PDF").read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    kept = office / "evidence" / sha[:2] / f"{sha}.pdf"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"something else")
    result = _done(ftz, office, "--evidence", str(tmp_path / "验收报告.PDF"))
    assert result.exit_code == 1 and "E502" in result.stderr
    assert kept.read_bytes() == b"something else"
    assert not list((office / "updates").rglob("*.yaml"))


def test_a_missing_evidence_file_is_an_error_before_anything_is_written(office, ftz, tmp_path):
    result = _done(ftz, office, "--evidence", str(tmp_path / "无此文件.pdf"))
    assert result.exit_code == 1 and "E501" in result.stderr
    assert not list((office / "updates").rglob("*.yaml"))


def test_validate_catches_a_missing_or_changed_evidence_file(office, ftz, tmp_path):
    assert _done(ftz, office, "--evidence", str(tmp_path / "验收报告.PDF")).exit_code == 0
    assert ftz("--data", str(office), "validate").exit_code == 0
    kept = next(p for p in (office / "evidence").rglob("*.pdf"))
    kept.write_bytes(b"edited")
    result = ftz("--data", str(office), "validate")
    assert result.exit_code == 1 and "E504" in result.stderr and "内容已被改动" in result.stderr
    kept.unlink()
    result = ftz("--data", str(office), "validate")
    assert result.exit_code == 1 and "E504" in result.stderr and "文件不存在" in result.stderr


def test_pending_then_confirmed(office, ftz, tmp_path):
    recorded = _done(ftz, office, "--evidence", str(tmp_path / "验收报告.PDF"))
    assert recorded.exit_code == 0 and "序时进度 46.9%，已完成（待确认）" in recorded.stdout
    (tmp_path / "again.pdf").write_bytes((tmp_path / "验收报告.PDF").read_bytes())
    assert ftz("--data", str(office), "update", MILESTONE, "--status", "已完成", "--date", "2021-06-20",
               "--replace", "--note", "补充", "--evidence", str(tmp_path / "again.pdf")).exit_code == 0  # the same file
    row = _row(ftz, office)
    assert (row["status"], row["status_label"], row["confirmed"]) == ("done", "已完成（待确认）", False)
    show = ftz("--data", str(office), "show", MILESTONE, "--as-of", "2021-06-30").stdout
    assert "截至2021年6月30日：已完成（待确认）" in show and "佐证材料：验收报告.PDF" in show
    brief = ftz("--data", str(office), "report", "--as-of", "2021-06-30", "--draft", "-o", "-").stdout
    assert ("待确认销号1项（单位已报送完成，尚待确认）：迪拜商贸城争取年底建成开业（责任单位：市商务局，"
            "2021年6月20日报送已完成，佐证材料：验收报告.PDF）。") in brief
    result = ftz("--data", str(office), "confirm", MILESTONE, "--by", "李四", "--note", "材料齐全")
    assert result.exit_code == 0 and "已确认销号" in result.stderr
    row = _row(ftz, office)
    assert (row["status_label"], row["confirmed"]) == ("已完成", True)
    assert "待确认销号" not in ftz("--data", str(office), "report", "--as-of", "2021-06-30", "--draft",
                                  "-o", "-").stdout


def _list(ftz, ws: Path, as_of: str, fmt: str = "json") -> str:
    return ftz("--data", str(ws), "list", "--format", fmt, "--as-of", as_of).stdout


def test_returned_is_seen_by_the_unit_in_remind_and_a_new_report_asks_again(office, ftz):
    assert _done(ftz, office).exit_code == 0
    result = ftz("--data", str(office), "return", MILESTONE, "--reason", "缺少验收报告", "--by", "李四")
    assert result.exit_code == 0
    row = _row(ftz, office)  # the only record was sent back: nothing accepted was reported
    assert (row["status"], row["status_label"], row["confirmed"], row["closure"], row["returned"]) == (
        "no_data", "未报送（已退回）", False, "returned", "缺少验收报告")
    notice = ftz("--data", str(office), "remind", "--as-of", "2021-06-30", "--unit", "市商务局").stdout
    assert ("1. 迪拜商贸城争取年底建成开业（trade.dubai-mall-opening）；截止2021年12月31日，184天后到期；"
            "报送的“已完成”未予销号；退回理由：缺少验收报告。") in notice
    assert "一、销号被退回，请补充后重新报送（1项）" in notice
    rows = json.loads(ftz("--data", str(office), "remind", "--as-of", "2021-06-30", "--format", "json").stdout)
    assert [(r["reason"], r["status_label"], r["returned"]) for r in rows if r["id"] == MILESTONE] == [
        ("returned", "未报送（已退回）", "缺少验收报告")]
    # the unit reports again, even on the same date (entered after the return): that record asks again
    later = (dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) + dt.timedelta(minutes=1)).isoformat()
    (office / "updates" / "2021-06").mkdir(parents=True, exist_ok=True)
    (office / "updates" / "2021-06" / "again.yaml").write_text(
        f"- id: {MILESTONE}\n  date: 2021-06-20\n  status: 已完成\n  replace: true\n  recorded_at: '{later}'\n",
        encoding="utf-8")
    row = _row(ftz, office)
    assert (row["status_label"], row["closure"], row["returned"]) == ("已完成（待确认）", "pending", None)


def test_a_returned_item_goes_back_to_the_light_of_the_records_before(office, ftz):
    """退回 is not done: the item is judged by the records before the one sent back (a
    milestone still 未启动 when half its time had gone is 进度滞后), in every view."""
    assert ftz("--data", str(office), "update", MILESTONE, "--status", "未启动", "--date", "2021-07-10").exit_code == 0
    assert ftz("--data", str(office), "update", MILESTONE, "--status", "已完成", "--date", "2021-07-20").exit_code == 0
    assert ftz("--data", str(office), "return", MILESTONE, "--reason", "未见开业批复").exit_code == 0
    rows = json.loads(_list(ftz, office, "2021-07-31"))
    row = next(r for r in rows if r["id"] == MILESTONE)
    assert (row["status"], row["light"], row["status_label"], row["progress"], row["value_date"]) == (
        "behind", "黄灯", "进度滞后（已退回）", "未启动", "2021-07-10")
    csv_row = next(line for line in _list(ftz, office, "2021-07-31", "csv").splitlines() if MILESTONE in line)
    assert ",进度滞后（已退回）," in csv_row and ",returned,false,,未见开业批复" in csv_row
    assert "进度滞后（已退回）" in _list(ftz, office, "2021-07-31", "table")
    people = ftz("--data", str(office), "list", "--format", "csv", "--zh", "--as-of", "2021-07-31").stdout
    assert ",进度滞后（已退回）,市商务局," in people and ",未见开业批复," in people
    late = next(r for r in json.loads(_list(ftz, office, "2022-01-10")) if r["id"] == MILESTONE)
    assert (late["status"], late["status_label"]) == ("overdue", "逾期未完成（超期未更新，已退回）")
    brief = ftz("--data", str(office), "report", "--as-of", "2021-07-31", "--draft", "-o", "-").stdout
    assert ("销号被退回1项（不计为完成，待单位补充后重新报送）：迪拜商贸城争取年底建成开业（责任单位：市商务局，"
            "2021年7月20日报送已完成，退回理由：未见开业批复）。") in brief and "待确认销号" not in brief
    show = ftz("--data", str(office), "show", MILESTONE, "--as-of", "2021-07-31").stdout
    assert "截至2021年7月31日：进度滞后（已退回）" in show and "已完成  （销号已退回，不计）" in show
    # the office changes its mind: confirming the record sent back makes the item done again
    result = ftz("--data", str(office), "confirm", MILESTONE, "--by", "李四")
    assert result.exit_code == 0 and "2021年7月20日报送已完成" in result.stderr
    row = next(r for r in json.loads(_list(ftz, office, "2021-07-31")) if r["id"] == MILESTONE)
    assert (row["status"], row["status_label"], row["closure"], row["confirmed"]) == (
        "done", "已完成", "confirmed", True)


def test_without_confirm_done_nothing_awaits(ws, ftz):
    assert _done(ftz, ws).exit_code == 0
    row = _row(ftz, ws)
    assert (row["status_label"], row["confirmed"], row["evidence"]) == ("已完成", None, [])


def test_only_a_done_item_can_be_confirmed_or_returned(office, ftz):
    result = ftz("--data", str(office), "confirm", FLOW)
    assert result.exit_code == 1 and "E505" in result.stderr
    assert ftz("--data", str(office), "return", MILESTONE).exit_code == 2  # --reason is required
    assert not (office / "closures").exists()


def test_remind_asks_a_unit_behind_to_say_why(office, ftz):
    assert ftz("--data", str(office), "update", FLOW, "--value", "800", "--date", "2021-05-31").exit_code == 0
    rows = json.loads(ftz("--data", str(office), "remind", "--as-of", "2021-06-30", "--format", "json").stdout)
    assert [r["reasons"] for r in rows if r["id"] == FLOW] == [["unexplained"]]
    notice = ftz("--data", str(office), "remind", "--as-of", "2021-06-30", "--unit", "市商务局").stdout
    assert "严重滞后，请在“存在问题”中说明原因" in notice
    # a record that says what the problem is: no longer asked
    (office / "updates" / "2021-06").mkdir(exist_ok=True)
    (office / "updates" / "2021-06" / "fix.yaml").write_text(
        f"- id: {FLOW}\n  date: 2021-06-10\n  value: 900\n  problems: 外需下滑\n", encoding="utf-8")
    rows = json.loads(ftz("--data", str(office), "remind", "--as-of", "2021-06-30", "--format", "json").stdout)
    assert [r["reasons"] for r in rows if r["id"] == FLOW] == []


def test_more_evidence_for_a_record_already_there_is_kept_once(office, ftz, tmp_path):
    """The same 已完成 sent again with another file (a re-sent sheet, after a return) is not a new
    record, but its new file is kept and noted against the record; sent a third time, nothing
    more is noted."""
    assert _done(ftz, office).exit_code == 0
    assert ftz("--data", str(office), "return", MILESTONE, "--reason", "缺少验收报告").exit_code == 0
    again = _done(ftz, office, "--evidence", str(tmp_path / "验收报告.PDF"))
    assert again.exit_code == 0 and "W206" in again.stderr and "已保存佐证材料：验收报告.PDF" in again.stderr
    assert f"ftz confirm {MILESTONE}" in again.stderr
    assert [e["name"] for e in _row(ftz, office)["evidence"]] == ["验收报告.PDF"]
    third = _done(ftz, office, "--evidence", str(tmp_path / "验收报告.PDF"))
    assert third.exit_code == 0 and "已保存佐证材料" not in third.stderr
    assert len(list((office / "closures").rglob("*-evidence-*.json"))) == 1
    assert ftz("--data", str(office), "confirm", MILESTONE).exit_code == 0
    assert _row(ftz, office)["closure"] == "confirmed"


def test_kept_evidence_keeps_a_short_plain_suffix_only():
    from ftz_cli.core.closure import Evidence

    sha = "ab" * 32
    assert Evidence.of("批复.PDF", sha).path == f"evidence/ab/{sha}.pdf"
    assert Evidence.of("scan.p-d_f", sha).suffix == ".pdf"  # letters, digits and dots only
    assert Evidence.of("scan.abcdefghi", sha).suffix == ".abcdefghi"  # 10 characters with the dot
    assert Evidence.of("scan.abcdefghij", sha).suffix == ""  # 11: a name, not a suffix
    assert Evidence.of("验收报告.文档", sha).suffix == ""  # not ASCII
    assert Evidence.of("README", sha) == Evidence("README", sha, "")


# The tests below each failed a mutant of core/closure.py that survived mutmut
# (docs/development.md, "Mutation testing").


def test_a_done_item_awaits_confirmation_with_no_evidence_given(office, ftz):
    assert _done(ftz, office).exit_code == 0
    row = _row(ftz, office)
    assert (row["status_label"], row["closure"], row["confirmed"]) == ("已完成（待确认）", "pending", False)


def test_a_confirmation_holds_on_the_date_of_the_record_it_confirms(office, ftz):
    assert _done(ftz, office).exit_code == 0  # dated 2021-06-20
    assert ftz("--data", str(office), "confirm", MILESTONE, "--by", "李四").exit_code == 0
    rows = json.loads(_list(ftz, office, "2021-06-20"))
    row = next(r for r in rows if r["id"] == MILESTONE)
    assert (row["status_label"], row["closure"], row["confirmed"]) == ("已完成", "confirmed", True)


def _return_at(office: Path) -> dt.datetime:
    (event,) = (office / "closures").rglob("*.json")
    return dt.datetime.fromisoformat(json.loads(event.read_text(encoding="utf-8"))["at"])


@pytest.mark.parametrize(("stamp", "seen"), [
    # a minute after the return, written in UTC, or without a zone (China time): a new report
    (lambda at: (at + dt.timedelta(minutes=1)).astimezone(dt.UTC).isoformat(),
     ("已完成（待确认）", "pending", None)),
    (lambda at: (at + dt.timedelta(minutes=1)).replace(tzinfo=None).isoformat(),
     ("已完成（待确认）", "pending", None)),
    # entered at the very moment of the return: the record it sent back
    (lambda at: at.isoformat(), ("未报送（已退回）", "returned", "缺少验收报告")),
])
def test_a_record_entered_after_a_return_whatever_its_zone_is_the_units_new_report(office, ftz, stamp, seen):
    assert _done(ftz, office).exit_code == 0
    assert ftz("--data", str(office), "return", MILESTONE, "--reason", "缺少验收报告").exit_code == 0
    (office / "updates" / "2021-06").mkdir(parents=True, exist_ok=True)
    (office / "updates" / "2021-06" / "again.yaml").write_text(
        f"- id: {MILESTONE}\n  date: 2021-06-20\n  status: 已完成\n  replace: true\n"
        f"  recorded_at: '{stamp(_return_at(office))}'\n", encoding="utf-8")
    row = _row(ftz, office)
    assert (row["status_label"], row["closure"], row["returned"]) == seen


def test_of_two_records_sent_back_the_reason_shown_is_the_later_records(office, ftz):
    for day in ("2021-06-10", "2021-06-20"):
        assert ftz("--data", str(office), "update", MILESTONE, "--status", "已完成", "--date", day).exit_code == 0
    for reason in ("缺少验收报告", "缺少批复"):  # of 6月20日's record, then of 6月10日's
        assert ftz("--data", str(office), "return", MILESTONE, "--reason", reason).exit_code == 0
    row = _row(ftz, office)
    assert (row["status_label"], row["closure"], row["returned"]) == ("未报送（已退回）", "returned", "缺少验收报告")


def test_an_item_sent_back_is_judged_by_its_own_records_alone(office, ftz):
    # (a mutant of core/snapshot.py judged it by every item's records)
    assert _done(ftz, office).exit_code == 0
    assert ftz("--data", str(office), "update", FLOW, "--value", "100", "--date", "2021-06-25").exit_code == 0
    assert ftz("--data", str(office), "return", MILESTONE, "--reason", "缺少验收报告").exit_code == 0
    row = _row(ftz, office)
    assert (row["status"], row["status_label"], row["value"], row["value_date"]) == (
        "no_data", "未报送（已退回）", None, None)


def test_a_decision_on_a_record_stamped_ahead_of_the_clock_is_stamped_no_earlier(office, ftz):
    """A correction is stamped a second after the record it corrects (parse/incoming.corrected),
    which can be ahead of the clock; a writer's clock can be ahead too. 确认销号 and 退回 are of
    that record: stamped before it, they would be of none, and the item stayed 待确认."""
    import datetime as dt

    from ftz_cli.parse.dates import CHINA

    ahead = (dt.datetime.now(CHINA) + dt.timedelta(hours=2)).replace(microsecond=0).isoformat()
    (office / "updates" / "hand.yaml").write_text(
        f"- id: {MILESTONE}\n  date: 2021-06-20\n  status: 已完成\n  recorded_at: '{ahead}'\n", encoding="utf-8")
    assert _row(ftz, office)["status_label"] == "已完成（待确认）"
    assert ftz("--data", str(office), "confirm", MILESTONE, "--by", "李四").exit_code == 0
    row = _row(ftz, office)
    assert (row["status_label"], row["confirmed"]) == ("已完成", True)
