"""督办: items yellow or red in N consecutive issued briefs (report.escalate_after, 2) are listed
in the brief, first in their units' remind notices, and in one 督办通知 .docx per unit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FLOW = "trade.import-export-2021"  # 3500亿元 in 2021
SETTINGS = "units:\n  市商务局: [trade.import-export-2021]\n"
LINE = "列入督办1项（连续2期简报亮黄灯或红灯）：2021年进出口额超3500亿元（责任单位：市商务局，严重滞后）。"


@pytest.fixture
def office(ws: Path, ftz) -> Path:
    (ws / "ftz.yaml").write_text(SETTINGS, encoding="utf-8")
    for value, day in (("700", "2021-04-30"), ("900", "2021-05-31")):
        assert ftz("--data", str(ws), "update", FLOW, "--value", value, "--date", day).exit_code == 0
    return ws


def _issue(ftz, ws: Path, as_of: str, name: str) -> str:
    result = ftz("--data", str(ws), "report", "--as-of", as_of, "-o", str(ws / name))
    assert result.exit_code == 0, result.stderr
    return (ws / name).read_text(encoding="utf-8")


def test_two_issued_briefs_in_a_row_put_an_item_on_the_list(office, ftz):
    first = _issue(ftz, office, "2021-05-31", "b1.md")
    assert "列入督办" not in first  # one brief is not two in a row
    lights = json.loads((office / "issued" / "lights" / "report-2021-1-2021-05-31.json").read_text(encoding="utf-8"))
    assert lights["lights"][FLOW] == "severely_behind" and lights["as_of"] == "2021-05-31"
    second = _issue(ftz, office, "2021-06-30", "b2.md")
    assert LINE in second
    assert "另有29项连续2期逾期未报送，列入督办（见附件2）。" in second
    annex = second.split("## 附件2　列入督办事项")[1].split("## 附件3")[0]
    assert "列入督办的事项共30项（其中逾期未报送29项），按紧迫程度排列。" in annex
    assert annex.count("\n| ") == 32 and "| 2021年进出口额超3500亿元 | 贸易自由 | 市商务局 | 严重滞后 |" in annex
    notice = ftz("--data", str(office), "remind", "--as-of", "2021-06-30", "-u", "市商务局").stdout
    assert notice.startswith("【督办通知】市商务局：\n\n列入督办：以下 1 项已连续2期简报亮黄灯或红灯")
    assert "1. 2021年进出口额超3500亿元（trade.import-export-2021）：严重滞后\n" in notice


def test_a_draft_does_not_count_and_the_setting_moves_the_rule(office, ftz):
    assert ftz("--data", str(office), "report", "--as-of", "2021-05-31", "--draft",
               "-o", str(office / "d.md")).exit_code == 0
    assert LINE not in _issue(ftz, office, "2021-06-30", "b2.md")  # the draft left no lights
    (office / "ftz.yaml").write_text(SETTINGS + "report:\n  escalate_after: 1\n", encoding="utf-8")
    assert "列入督办1项（连续1期简报亮黄灯或红灯）" in _issue(ftz, office, "2021-06-30", "b2.md")


def test_an_item_back_on_track_leaves_the_list(office, ftz):
    _issue(ftz, office, "2021-05-31", "b1.md")
    assert ftz("--data", str(office), "update", FLOW, "--value", "1800", "--date", "2021-06-30").exit_code == 0
    assert "列入督办1项" not in _issue(ftz, office, "2021-06-30", "b2.md")


def test_one_notice_per_unit_as_docx(office, ftz):
    _issue(ftz, office, "2021-05-31", "b1.md")
    _issue(ftz, office, "2021-06-30", "b2.md")
    out = office / "通知"
    result = ftz("--data", str(office), "remind", "--as-of", "2021-06-30", "--format", "docx", "-o", str(out),
                 "-u", "市商务局", "-u", "投资自由专班")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.glob("*.docx")) == ["督办通知-市商务局.docx", "督办通知-投资自由专班.docx"]
    import docx

    document = docx.Document(str(out / "督办通知-市商务局.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "督办通知" and texts[2] == "市商务局："
    assert texts[1].startswith("义乌市自贸区建设工作领导小组办公室\t2021年6月30日")
    assert any(t.startswith("列入督办：以下 1 项") for t in texts)
    assert texts[-1] == "2021年6月30日"
