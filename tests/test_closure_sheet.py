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


def test_a_sheet_cannot_name_a_file_outside_its_folder(ws, ftz, tmp_path):
    """A sheet comes from a department: its 佐证材料 may not copy a file of this computer
    (/root/.ssh/id_rsa, ../x, a link that leads out) into the shared workspace (E025)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    folder = tmp_path / "收回"
    folder.mkdir()
    (folder / "link.pdf").symlink_to(secret)
    (folder / "验收报告.pdf").write_bytes(b"%PDF-1.4 report")
    sheet = folder / "填报表.csv"
    for named in (str(secret), "../secret.txt", "link.pdf", "..", f"验收报告.pdf；{secret}"):
        sheet.write_text(f"指标编号,日期,状态,佐证材料\n{MILESTONE},2021-06-20,已完成,{named}\n", encoding="utf-8")
        result = ftz("--data", str(ws), "import", str(sheet))
        assert result.exit_code == 1 and "填报表.csv:2:4: 错误 E025" in result.stderr, (named, result.stderr)
        assert "SECRET" not in result.stderr and "Traceback" not in result.stderr
        assert not list((ws / "updates").rglob("*.yaml")) and not (ws / "evidence").exists(), named
    (folder / "inside.pdf").symlink_to(folder / "验收报告.pdf")  # a link within the folder is its file
    sheet.write_text(f"指标编号,日期,状态,佐证材料\n{MILESTONE},2021-06-20,已完成,inside.pdf\n", encoding="utf-8")
    assert ftz("--data", str(ws), "import", str(sheet)).exit_code == 0
    assert not any(p.is_file() and p.read_bytes() == b"SECRET" for p in (ws / "evidence").rglob("*"))


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


def test_a_missing_file_is_named_at_its_row_and_column_with_every_other(ws, ftz, tmp_path):
    sheet = tmp_path / "填报表.csv"
    sheet.write_text("指标编号,日期,状态,佐证材料\n"
                     f"{MILESTONE},2021-06-20,已完成,无此文件.pdf\n"
                     "trade.bonded-zone-phase1-2021,2021-06-20,已完成,也没有.pdf\n", encoding="utf-8")
    result = ftz("--data", str(ws), "import", str(sheet))
    assert result.exit_code == 1
    assert f"{sheet}:2:4: 错误 E501" in result.stderr and f"{sheet}:3:4: 错误 E501" in result.stderr
    assert "放在表格所在的文件夹" in result.stderr


def test_a_sheet_shows_an_outcome_done_by_another_item_and_still_imports(ws, ftz, tmp_path):
    """综保区一期封关 is one outcome tracked twice: done by the year's item, the campaign's reads
    已完成 on the sheet (最新值), which is what ftz wrote there, not a figure typed (E233)."""
    from openpyxl import load_workbook

    assert ftz("--data", str(ws), "update", "trade.bonded-zone-phase1-2021", "--status", "已完成",
               "--date", "2021-05-20").exit_code == 0
    sheet = tmp_path / "填报表.xlsx"
    assert ftz("--data", str(ws), "sheet", "--as-of", "2021-06-30", "-o", str(sheet)).exit_code == 0
    book = load_workbook(sheet)
    table = book["进度填报"]
    head = [c.value for c in table[1]]
    shared = next(r for r in table.iter_rows(min_row=2) if r[0].value == "trade.c2.bonded-zone-closure")
    assert shared[head.index("最新值")].value == "已完成"
    row = next(r for r in table.iter_rows(min_row=2) if r[0].value == MILESTONE)
    for name, value in (("日期", "2021-06-20"), ("状态", "推进中")):
        row[head.index(name)].value = value
    book.save(sheet)
    result = ftz("--data", str(ws), "import", str(sheet))
    assert result.exit_code == 0 and "E233" not in result.stderr, result.stderr
