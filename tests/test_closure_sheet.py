"""销号 from a sheet: an import's 佐证材料 column names files beside the sheet; they are kept by
content hash and noted against their records, read before anything is recorded."""

from __future__ import annotations

import hashlib
import json

MILESTONE = "trade.dubai-mall-opening"


def test_an_imported_sheet_closes_an_item_with_its_evidence(ws, ftz, tmp_path):
    (ws / "ftz.yaml").write_text("report:\n  confirm_done: true\n", encoding="utf-8")
    folder = tmp_path / "收回"
    folder.mkdir()
    (folder / "验收报告.pdf").write_bytes(b"%PDF-1.4 report")
    (folder / "照片.jpg").write_bytes(b"\xff\xd8 photo")
    (folder / "填报表.csv").write_text(
        "指标编号,日期,状态,佐证材料\n"
        f"{MILESTONE},2021-06-20,已完成,验收报告.pdf；照片.jpg\n"
        "trade.bonded-zone-phase1-2021,2021-06-20,推进中,\n", encoding="utf-8")
    result = ftz("--data", str(ws), "import", str(folder / "填报表.csv"))
    assert result.exit_code == 0, result.stderr
    assert "W202" not in result.stderr  # the column is known
    rows = json.loads(ftz("--data", str(ws), "list", "--format", "json", "--as-of", "2021-06-30").stdout)
    row = next(r for r in rows if r["id"] == MILESTONE)
    assert row["status_label"] == "已完成（待确认）"
    assert [e["name"] for e in row["evidence"]] == ["验收报告.pdf", "照片.jpg"]
    sha = hashlib.sha256(b"%PDF-1.4 report").hexdigest()
    assert (ws / "evidence" / sha[:2] / f"{sha}.pdf").read_bytes() == b"%PDF-1.4 report"
    other = next(r for r in rows if r["id"] == "trade.bonded-zone-phase1-2021")
    assert other["evidence"] == []
    assert ftz("--data", str(ws), "confirm", MILESTONE).exit_code == 0
    assert ftz("--data", str(ws), "validate").exit_code == 0


def test_a_named_file_that_is_missing_stops_the_import(ws, ftz, tmp_path):
    sheet = tmp_path / "填报表.csv"
    sheet.write_text(f"指标编号,日期,状态,佐证材料\n{MILESTONE},2021-06-20,已完成,无此文件.pdf\n",
                     encoding="utf-8")
    result = ftz("--data", str(ws), "import", str(sheet))
    assert result.exit_code == 1 and "E501" in result.stderr
    assert not list((ws / "updates").rglob("*.yaml")) and not (ws / "evidence").exists()


def test_the_fill_in_sheet_round_trip(ws, ftz, tmp_path):
    from openpyxl import load_workbook

    (ws / "ftz.yaml").write_text("report:\n  confirm_done: true\n", encoding="utf-8")
    folder = tmp_path / "回收"
    folder.mkdir()
    sheet = folder / "填报表.xlsx"
    assert ftz("--data", str(ws), "sheet", "--as-of", "2021-06-30", "-o", str(sheet)).exit_code == 0
    (folder / "批复.pdf").write_bytes(b"%PDF-1.4 approval")
    book = load_workbook(sheet)
    table = book["进度填报"]
    head = [c.value for c in table[1]]
    row = next(r for r in table.iter_rows(min_row=2) if r[0].value == MILESTONE)
    for name, value in (("日期", "2021-06-20"), ("状态", "已完成"), ("佐证材料", "批复.pdf")):
        row[head.index(name)].value = value
    book.save(sheet)
    result = ftz("--data", str(ws), "import", str(sheet))
    assert result.exit_code == 0, result.stderr
    shown = json.loads(ftz("--data", str(ws), "show", MILESTONE, "--as-of", "2021-06-30", "--format", "json").stdout)
    assert shown["status_label"] == "已完成（待确认）" and [e["name"] for e in shown["evidence"]] == ["批复.pdf"]
