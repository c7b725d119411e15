"""``ftz import``: every format, English and Chinese headers, the quirks of real files,
all or nothing, and values as people write them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook

from ftz_cli import importers
from ftz_cli.importers import common

FLOW = "trade.import-export-2021"       # 亿元, > 3500
LEVEL = "trade.overseas-warehouses-2021"  # 个, >= 120
MILESTONE = "trade.dubai-mall-opening"


def records(ws: Path) -> list[dict[str, Any]]:
    """Every record in the workspace's update files, in file order."""
    found: list[dict[str, Any]] = []
    for path in sorted((ws / "updates").glob("**/*.yaml")):
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return found


def brief(ws: Path) -> list[tuple[str, str, Any, Any, str, str]]:
    """The records as (id, date, value, status, note, by)."""
    return [(r["id"], str(r["date"]), r.get("value"), r.get("status"), r.get("note", ""), r.get("by", ""))
            for r in records(ws)]


def digest(ws: Path) -> str:
    """The workspace's data; the empty lock file that any write attempt creates is not data."""
    h = hashlib.sha256()
    for path in sorted(ws.rglob("*")):
        if path.is_file() and path.name != ".lock":
            h.update(path.as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def run_import(ftz, ws: Path, *args: str, input: bytes | None = None):
    return ftz("--data", str(ws), "import", *args, input=input)


def xlsx_bytes(rows: list[list[Any]], *, title: str = "进度填报", setup=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if setup:
        setup(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EXPECTED = [
    (FLOW, "2021-03-31", 1050, None, "一季度", "张三"),
    (LEVEL, "2021-03-31", 40, None, "", ""),
    (MILESTONE, "2021-03-31", None, "推进中", "已开工", "李四"),
]


# -- each format --------------------------------------------------------------------

CSV_EN = ("id,date,value,status,note,by\n"
          f"{FLOW},2021-03-31,1050,,一季度,张三\n"
          f"{LEVEL},2021-03-31,40,,,\n"
          f"{MILESTONE},2021-03-31,,推进中,已开工,李四\n")
CSV_ZH = CSV_EN.replace("id,date,value,status,note,by", "指标编号,日期,数值,状态,说明,填报人")
JSON_DOC = json.dumps([
    {"id": FLOW, "date": "2021-03-31", "value": 1050, "note": "一季度", "by": "张三"},
    {"id": LEVEL, "date": "2021-03-31", "value": "40"},
    {"指标编号": MILESTONE, "日期": "2021年3月31日", "状态": "推进中", "说明": "已开工", "填报人": "李四"},
], ensure_ascii=False, indent=2)
JSONL_DOC = "\n".join(json.dumps(r, ensure_ascii=False) for r in json.loads(JSON_DOC)) + "\n"
YAML_DOC = f"""\
# 三月进度
- id: {FLOW}
  date: 2021-03-31
  value: 1050
  note: 一季度
  by: 张三
- 指标编号: {LEVEL}
  日期: 2021/3/31
  数值: 40
- id: {MILESTONE}
  date: 2021-03-31
  status: 推进中
  note: 已开工
  by: 李四
"""
XLSX_DOC = xlsx_bytes([["指标编号", "日期", "数值", "状态", "说明", "填报人"],
                       [FLOW, dt.date(2021, 3, 31), 1050, None, "一季度", "张三"],
                       [LEVEL, dt.date(2021, 3, 31), "40"],
                       [MILESTONE, "2021-03-31", None, "推进中", "已开工", "李四"]])


@pytest.mark.parametrize(("name", "content"), [
    ("march.csv", CSV_EN), ("三月.csv", CSV_ZH), ("march.json", JSON_DOC), ("march.jsonl", JSONL_DOC),
    ("march.yaml", YAML_DOC), ("march.yml", YAML_DOC), ("march.xlsx", XLSX_DOC),
])
def test_each_format_records_the_same_updates(name, content, ws, ftz, tmp_path):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = run_import(ftz, ws, name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("已录入 3 条：\n")
    assert brief(ws) == EXPECTED
    assert result.stderr == ""  # no warnings for a clean file


@pytest.mark.parametrize(("fmt", "content"), [
    ("csv", CSV_ZH), ("json", JSON_DOC), ("jsonl", JSONL_DOC), ("yaml", YAML_DOC), ("xlsx", XLSX_DOC),
])
def test_format_option_wins_over_an_unhelpful_name(fmt, content, ws, ftz, tmp_path):
    (tmp_path / "进度.dat").write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run_import(ftz, ws, "进度.dat", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert brief(ws) == EXPECTED


@pytest.mark.parametrize("content", [CSV_ZH, JSON_DOC, JSONL_DOC, YAML_DOC, XLSX_DOC])
def test_stdin_is_read_and_its_format_sniffed(content, ws, ftz):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    result = run_import(ftz, ws, "-", input=data)
    assert result.exit_code == 0, result.stderr
    assert brief(ws) == EXPECTED


def test_problems_in_stdin_are_named_as_such(ws, ftz):
    result = run_import(ftz, ws, "-", input=f"指标编号,日期,数值\n{FLOW},2021-03-31,很多\n".encode())
    assert result.exit_code == 1
    assert result.stderr.startswith("标准输入:2:3: 错误 E204 无法识别数值“很多”")


def test_format_option_is_checked(ws, ftz, tmp_path):
    (tmp_path / "a.csv").write_text(CSV_EN, encoding="utf-8")
    result = run_import(ftz, ws, "a.csv", "--format", "xlsb")
    assert result.exit_code == 2 and "E407" in result.stderr


def test_missing_file_is_named(ws, ftz):
    result = run_import(ftz, ws, "没有这个文件.csv")
    assert result.exit_code == 1
    assert result.stderr.startswith("没有这个文件.csv: 错误 E001 找不到文件“没有这个文件.csv”")


# -- file quirks ----------------------------------------------------------------------

def test_bom_and_crlf(ws, ftz, tmp_path):
    (tmp_path / "excel.csv").write_bytes(b"\xef\xbb\xbf" + CSV_ZH.replace("\n", "\r\n").encode())
    result = run_import(ftz, ws, "excel.csv")
    assert result.exit_code == 0, result.stderr
    assert brief(ws) == EXPECTED


def test_line_numbers_survive_crlf_and_quoted_line_breaks(ws, ftz, tmp_path):
    text = ("\ufeff指标编号,日期,数值,说明\r\n"
            f'{FLOW},2021-03-31,1050,"第一行\r\n第二行"\r\n'
            f"{LEVEL},2021-03-31,四十,\r\n")
    (tmp_path / "a.csv").write_bytes(text.encode())
    result = run_import(ftz, ws, "a.csv")
    assert result.exit_code == 1
    assert result.stderr.startswith("a.csv:4:3: 错误 E204 无法识别数值“四十”")


def test_gbk_csv_is_decoded_with_a_warning(ws, ftz, tmp_path):
    (tmp_path / "gbk.csv").write_bytes(CSV_ZH.encode("gbk"))
    result = run_import(ftz, ws, "gbk.csv")
    assert result.exit_code == 0, result.stderr
    assert "gbk.csv: 警告 W301 文件是 GBK 编码" in result.stderr
    assert "UTF-8" in result.stderr  # tells them how to save it next time
    assert brief(ws) == EXPECTED


def test_tab_separated_text_from_excel_is_read(ws, ftz, tmp_path):
    (tmp_path / "a.txt").write_bytes(CSV_ZH.replace(",", "\t").encode("utf-16"))
    result = run_import(ftz, ws, "a.txt")
    assert result.exit_code == 0, result.stderr
    assert brief(ws) == EXPECTED


def test_excel_dates_numbers_as_text_and_serials(ws, ftz, tmp_path):
    def setup(book, sheet):
        sheet["B4"].number_format = "General"  # a date serial that lost its format

    rows = [["指标编号", "日期", "数值"],
            [FLOW, dt.datetime(2021, 3, 31, 0, 0), "1,050"],       # datetime cell, number as text
            [LEVEL, "2021/3/31", "４０"],                            # date as text, full-width digits
            ["trade.cloud-warehouses-2021", 44286, " 30 "],         # 44286 = 2021-03-31
            ["trade.outlets-2021", 20210331, 5]]                    # yyyymmdd typed as a number
    (tmp_path / "a.xlsx").write_bytes(xlsx_bytes(rows, setup=setup))
    result = run_import(ftz, ws, "a.xlsx")
    assert result.exit_code == 0, result.stderr
    assert brief(ws) == [(FLOW, "2021-03-31", 1050, None, "", ""), (LEVEL, "2021-03-31", 40, None, "", ""),
                         ("trade.cloud-warehouses-2021", "2021-03-31", 30, None, "", ""),
                         ("trade.outlets-2021", "2021-03-31", 5, None, "", "")]


def with_cached_values(data: bytes, cached: dict[str, str]) -> bytes:
    """The workbook as Excel would save it: each formula cell also holds its computed value."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = body.decode()
                for ref, value in cached.items():
                    kind = "" if re.fullmatch(r"[\d.]+", value) else ' t="str"'  # Excel marks text results
                    text, n = re.subn(rf'<c r="{ref}"([^>]*)>(<f>[^<]*</f>)(<v\s*/>|<v></v>)?',
                                      rf'<c r="{ref}"\1{kind}>\2<v>{value}</v>', text)
                    assert n == 1, ref
                body = text.encode()
            target.writestr(info, body)
    return out.getvalue()


def test_formulas_give_their_cached_values(ws, ftz, tmp_path):
    rows = [["指标编号", "日期", "数值", "说明"],
            [FLOW, dt.date(2021, 3, 31), "=1000+50", '=CONCATENATE("一","季度")'],
            [LEVEL, dt.date(2021, 3, 31), "=C2/1050*40"]]
    data = with_cached_values(xlsx_bytes(rows), {"C2": "1050", "D2": "一季度", "C3": "40"})
    (tmp_path / "f.xlsx").write_bytes(data)
    result = run_import(ftz, ws, "f.xlsx")
    assert result.exit_code == 0, result.stderr
    assert brief(ws) == [(FLOW, "2021-03-31", 1050, None, "一季度", ""), (LEVEL, "2021-03-31", 40, None, "", "")]


def test_a_formula_without_its_value_is_named_cell_by_cell(ws, ftz, tmp_path):
    rows = [["指标编号", "名称", "日期", "数值"],
            [FLOW, "=A1", dt.date(2021, 3, 31), "=1000+50"],   # a formula in an ignored column is fine
            [LEVEL, None, dt.date(2021, 3, 31), "=SUM(D2)"]]
    (tmp_path / "f.xlsx").write_bytes(xlsx_bytes(rows))
    result = run_import(ftz, ws, "f.xlsx")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "错误" in line]
    assert lines == ["f.xlsx:2:4: 错误 E309 这一格是公式“=1000+50”，但文件里没有保存它的计算结果",
                     "f.xlsx:3:4: 错误 E309 这一格是公式“=SUM(D2)”，但文件里没有保存它的计算结果"]
    assert records(ws) == []


def test_a_formula_without_its_value_does_not_hide_the_other_rows_problems(ws, ftz, tmp_path):
    rows = [["指标编号", "日期", "数值"],
            [FLOW, dt.date(2021, 3, 31), "=1000+50"],
            ["trade.no-such-item", dt.date(2021, 3, 31), 5],
            [LEVEL, "2021-13-45", 40],
            [LEVEL, dt.date(2021, 4, 30), "四十"]]
    (tmp_path / "f.xlsx").write_bytes(xlsx_bytes(rows))
    before = digest(ws)
    result = run_import(ftz, ws, "f.xlsx")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "错误" in line]
    assert lines == ["f.xlsx:2:3: 错误 E309 这一格是公式“=1000+50”，但文件里没有保存它的计算结果",
                     "f.xlsx:3:1: 错误 E201 未知的指标编号“trade.no-such-item”",
                     "f.xlsx:4:2: 错误 E207 日期“2021-13-45”不存在",
                     "f.xlsx:5:3: 错误 E204 无法识别数值“四十”"]
    assert result.stderr.splitlines()[-1] == "以上共 4 处需要改正，未写入任何内容。"
    assert digest(ws) == before


def test_a_formula_without_its_value_refuses_even_when_the_other_rows_are_right(ws, ftz, tmp_path):
    rows = [["指标编号", "日期", "数值"], [FLOW, dt.date(2021, 3, 31), "=1000+50"], [LEVEL, dt.date(2021, 3, 31), 40]]
    (tmp_path / "f.xlsx").write_bytes(xlsx_bytes(rows))
    for dry in ((), ("--dry-run",)):
        result = run_import(ftz, ws, "f.xlsx", *dry)
        assert result.exit_code == 1
        assert [line for line in result.stderr.splitlines() if "错误" in line] == [
            "f.xlsx:2:3: 错误 E309 这一格是公式“=1000+50”，但文件里没有保存它的计算结果"]
        assert "将录入" not in result.stdout and "已录入" not in result.stdout
    assert records(ws) == []


def test_a_broken_csv_row_does_not_hide_the_other_rows_problems(ws, ftz, tmp_path):
    (tmp_path / "f.csv").write_text(f"id,date,value\n{FLOW},2021-03-31,3,500\ntrade.nope,2021-03-31,5\n",
                                    encoding="utf-8")
    result = run_import(ftz, ws, "f.csv")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if "错误" in line] == [
        "f.csv:2:4: 错误 E305 这一行有 4 格，比表头的 3 列多",
        "f.csv:3:1: 错误 E201 未知的指标编号“trade.nope”"]
    assert records(ws) == []


def test_remarks_are_the_note_and_beside_a_note_column_a_clear_refusal(ws, ftz, tmp_path):
    (tmp_path / "a.csv").write_text(f"指标编号,日期,数值,备注\n{FLOW},2021-03-31,850,一季度\n", encoding="utf-8")
    assert run_import(ftz, ws, "a.csv").exit_code == 0
    assert brief(ws) == [(FLOW, "2021-03-31", 850, None, "一季度", "")]
    before = digest(ws)
    (tmp_path / "b.csv").write_text(f"指标编号,日期,数值,说明,备注\n{LEVEL},2021-03-31,40,一季度,海关数据\n",
                                    encoding="utf-8")
    result = run_import(ftz, ws, "b.csv")
    assert result.exit_code == 1
    assert result.stderr == ("b.csv:1:5: 错误 E308 “备注”列与第 4 列“说明”都是说明（note），重复了\n"
                             "  提示：两列都会作为说明（note）导入，只能保留一列：请把“备注”列的内容并入“说明”列"
                             "（或反过来），再删去多余的一列。\n")
    assert digest(ws) == before


def test_merged_cells_empty_rows_and_a_title_row(ws, ftz, tmp_path):
    def setup(book, sheet):
        sheet.merge_cells("A1:F1")   # the title across the top
        sheet.merge_cells("B3:B5")   # one date for three rows
        sheet.merge_cells("F3:F5")   # one person for three rows
        sheet.merge_cells("D4:E4")   # a note across two cells stays a note

    rows = [["义乌自贸区进度填报表（2021年一季度）"],
            ["指标编号", "日期", "数值", "说明", "状态", "填报人"],
            [FLOW, "2021-03-31", 1050, None, None, "张三"],
            [LEVEL, None, 40, "新增", None, None],
            [MILESTONE, None, None, None, "推进中", None],
            [None, None, None, None, None, None],
            ["trade.outlets-2021", "2021-03-31", 5]]
    (tmp_path / "m.xlsx").write_bytes(xlsx_bytes(rows, setup=setup))
    result = run_import(ftz, ws, "m.xlsx")
    assert result.exit_code == 0, result.stderr
    assert brief(ws) == [(FLOW, "2021-03-31", 1050, None, "", "张三"),
                         (LEVEL, "2021-03-31", 40, None, "新增", "张三"),
                         (MILESTONE, "2021-03-31", None, "推进中", "", "张三"),
                         ("trade.outlets-2021", "2021-03-31", 5, None, "", "")]


def test_the_sheet_named_jindu_tianbao_is_read_even_when_not_first(ws, ftz, tmp_path):
    def setup(book, sheet):
        book.move_sheet(sheet, offset=-1)  # a notes sheet now comes first

    book_rows = [["指标编号", "日期", "数值"], [FLOW, dt.date(2021, 3, 31), 1050]]
    data = xlsx_bytes(book_rows, setup=lambda book, sheet: (book.create_sheet("说明", 0), setup(book, sheet)))
    (tmp_path / "s.xlsx").write_bytes(data)
    result = run_import(ftz, ws, "s.xlsx")
    assert result.exit_code == 0, result.stderr
    assert brief(ws) == [(FLOW, "2021-03-31", 1050, None, "", "")]


def test_unknown_columns_and_fields_are_warnings(ws, ftz, tmp_path):
    (tmp_path / "a.csv").write_text(f"指标编号,日期,数值,责任处室\n{FLOW},2021-03-31,1050,贸易处\n",
                                    encoding="utf-8")
    result = run_import(ftz, ws, "a.csv")
    assert result.exit_code == 0
    assert result.stderr.startswith("a.csv:1:4: 警告 W202 未知的列“责任处室”，这一列的内容不会导入")
    text = json.dumps([{"id": LEVEL, "date": "2021-03-31", "value": 40, "unit": "个", "checked": True}],
                      ensure_ascii=False)
    (tmp_path / "a.json").write_text(text, encoding="utf-8")
    result = run_import(ftz, ws, "a.json")
    assert result.exit_code == 0
    column = text.index('"checked"') + 1
    assert result.stderr.startswith(f"a.json:1:{column}: 警告 W202 未知的字段“checked”，不会导入")
    assert "unit" not in result.stderr  # a column of the fill-in sheet, read past silently
    assert len(records(ws)) == 2


def test_the_sheet_reading_columns_are_ignored_silently(ws, ftz, tmp_path):
    header = "指标编号,领域,名称,类型,单位,目标值,截止日期,最新值,最新日期,日期,数值(亿元),状态,说明,填报人*"
    row = f"{FLOW},贸易自由,进出口额,年度累计,亿元,3500,2021-12-31,,,2021-03-31,1050,,,张三"
    (tmp_path / "a.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = run_import(ftz, ws, "a.csv")
    assert result.exit_code == 0 and result.stderr == ""
    assert brief(ws) == [(FLOW, "2021-03-31", 1050, None, "", "张三")]


def test_rows_with_only_a_date_are_skipped_with_one_warning(ws, ftz, tmp_path):
    lines = ["指标编号,日期,数值,填报人", f"{FLOW},2021-03-31,1050,张三"]
    lines += [f"{LEVEL},2021-03-31,,张三", f"{MILESTONE},,,张三", ",,,"]
    (tmp_path / "a.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_import(ftz, ws, "a.csv")
    assert result.exit_code == 0
    assert result.stderr.startswith("a.csv:3: 警告 W302 有 1 行只填了日期，没有数值、状态或说明，已跳过（第 3 行）")
    assert brief(ws) == [(FLOW, "2021-03-31", 1050, None, "", "张三")]


def test_a_headerless_column_with_content_is_a_warning_in_a_sheet(ws, ftz, tmp_path):
    rows = [["指标编号", "日期", "数值"], [FLOW, dt.date(2021, 3, 31), 1050, None, "备忘"]]
    (tmp_path / "a.xlsx").write_bytes(xlsx_bytes(rows))
    result = run_import(ftz, ws, "a.xlsx")
    assert result.exit_code == 0
    assert result.stderr.startswith("a.xlsx:2:5: 警告 W202 第 5 列没有表头，这一列的内容不会导入")


def test_json_problems_point_at_the_value(ws, ftz, tmp_path):
    text = f'[\n  {{"id": "{FLOW}",\n   "date": "2021-03-31", "value": "三千"}}\n]\n'
    (tmp_path / "a.json").write_text(text, encoding="utf-8")
    result = run_import(ftz, ws, "a.json")
    assert result.exit_code == 1
    assert result.stderr.startswith("a.json:3:35: 错误 E204 无法识别数值“三千”")


def test_json_duplicate_keys_are_found_at_any_depth(ws, ftz, tmp_path):
    text = f'[{{"id": "{FLOW}", "date": "2021-03-31", "value": 1050, "note": {{"a": 1, "a": 2}}}}]'
    (tmp_path / "a.json").write_text(text, encoding="utf-8")
    result = run_import(ftz, ws, "a.json")
    assert result.exit_code == 1
    column = text.index('{"a"') + 1
    assert result.stderr.startswith(f"a.json:1:{column}: 错误 E102 “note”里字段“a”重复出现")


# -- all or nothing -------------------------------------------------------------------

def test_dry_run_shows_what_would_be_recorded_and_writes_nothing(ws, ftz, tmp_path):
    (tmp_path / "a.csv").write_text(CSV_ZH, encoding="utf-8")
    before = digest(ws)
    result = run_import(ftz, ws, "a.csv", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("检查通过，将录入 3 条（未写入）：\n")
    assert f"  {FLOW}  2021年3月31日  1050亿元 → " in result.stdout
    assert digest(ws) == before


def test_one_wrong_record_stops_all_and_every_problem_is_listed(ws, ftz, tmp_path):
    text = ("指标编号,日期,数值,状态\n"
            f"{FLOW},2021-03-31,1050,\n"            # fine
            f"{FLOW}x,2021-03-31,1050,\n"           # unknown id
            f"{LEVEL},2021-02-30,40,\n"             # no such day
            f"{MILESTONE},2021-03-31,,差不多了\n"    # unknown state
            f"{LEVEL},2021-04-30,-3,\n")            # negative
    (tmp_path / "a.csv").write_text(text, encoding="utf-8")
    before = digest(ws)
    result = run_import(ftz, ws, "a.csv")
    assert result.exit_code == 1
    heads = [line.split(" ", 3)[:3] for line in result.stderr.splitlines() if " 错误 " in line]
    assert heads == [["a.csv:3:1:", "错误", "E201"], ["a.csv:4:2:", "错误", "E207"],
                     ["a.csv:5:4:", "错误", "E211"], ["a.csv:6:3:", "错误", "E206"]]
    # after a long list, the last line says how many and that nothing was recorded
    assert result.stderr.endswith("以上共 4 处需要改正，未写入任何内容。\n"), result.stderr
    assert digest(ws) == before


def test_a_resent_sheet_is_skipped_and_a_different_value_needs_replace(ws, ftz, tmp_path):
    (tmp_path / "a.csv").write_text(CSV_ZH, encoding="utf-8")
    assert run_import(ftz, ws, "a.csv").exit_code == 0
    before = digest(ws)
    again = run_import(ftz, ws, "a.csv")
    assert again.exit_code == 0, again.stderr
    assert "a.csv: 警告 W206 已存在 3 条相同的记录（同一指标、同一日期、相同数值或状态），跳过" in again.stderr
    assert again.stdout.startswith("已录入 0 条")
    assert digest(ws) == before
    changed = CSV_ZH.replace("1050", "1060").replace("推进中", "已完成")
    (tmp_path / "b.csv").write_text(changed, encoding="utf-8")
    refused = run_import(ftz, ws, "b.csv")
    assert refused.exit_code == 1 and refused.stderr.count("错误 E210") == 2
    assert "W206 已存在 1 条相同的记录" in refused.stderr  # the unchanged row
    replaced = run_import(ftz, ws, "b.csv", "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    assert [r.get("replace", False) for r in records(ws)] == [False] * 3 + [True] * 2


def test_a_resent_row_with_new_words_is_news_that_needs_replace(ws, ftz, tmp_path):
    """A department sends its sheet again with 进展情况 added: the words are not skipped as
    'the same record' (they were lost, even with --replace); a row sent again without its
    words still is."""
    head = "指标编号,日期,状态,说明,进展情况\n"
    (tmp_path / "a.csv").write_text(head + f"{MILESTONE},2021-06-30,推进中,主体结构封顶,\n", encoding="utf-8")
    assert run_import(ftz, ws, "a.csv").exit_code == 0
    before = digest(ws)
    (tmp_path / "b.csv").write_text(head + f"{MILESTONE},2021-06-30,推进中,主体结构封顶,内装施工\n",
                                    encoding="utf-8")
    refused = run_import(ftz, ws, "b.csv")
    assert refused.exit_code == 1 and digest(ws) == before
    assert ("b.csv:2:2: 错误 E210 指标 trade.dubai-mall-opening 在 2021年6月30日 已有一条记录（"
            in refused.stderr), refused.stderr
    assert "（状态为 推进中），说明或进展情况与原记录不同\n  提示：如需补充或更正说明、进展情况，请加 --replace" in refused.stderr
    assert "W206" not in refused.stderr
    replaced = run_import(ftz, ws, "b.csv", "--replace")
    assert replaced.exit_code == 0 and "已录入 1 条" in replaced.stdout, replaced.stderr
    assert records(ws)[-1]["progress_note"] == "内装施工" and records(ws)[-1]["replace"] is True
    (tmp_path / "c.csv").write_text(head + f"{MILESTONE},2021-06-30,推进中,,\n", encoding="utf-8")
    bare = run_import(ftz, ws, "c.csv")
    assert bare.exit_code == 0 and "W206 已存在 1 条相同的记录" in bare.stderr and len(records(ws)) == 2
    typed = ftz("--data", str(ws), "update", MILESTONE, "--status", "推进中", "--date", "2021-06-30",
                "--note", "主体结构封顶")
    assert typed.exit_code == 0 and "W206" in typed.stderr and len(records(ws)) == 2


def test_part_of_a_title_in_a_file_is_pointed_to_the_items_it_is_part_of(ws, ftz, tmp_path):
    """``update 海外仓`` finds its item; a sheet's 海外仓 is refused (a file names an item
    fully), and the hint names the items instead of 'look it up with ftz list'."""
    (tmp_path / "a.csv").write_text("指标编号,日期,数值\n海外仓,2021-06-30,95\n进出口额,2021-06-30,1923\n"
                                    "海外仓库,2021-06-30,95\n", encoding="utf-8")
    before = digest(ws)
    result = run_import(ftz, ws, "a.csv")
    assert result.exit_code == 1 and digest(ws) == before
    assert ("a.csv:2:1: 错误 E201 未知的指标编号“海外仓”\n  提示：“海外仓”是事项名称的一部分：trade.overseas-"
            "warehouses-2021（2021年“义乌系”海外仓达到120个）。请填写指标编号或完整的名称。\n") in result.stderr
    assert ("提示：“进出口额”是事项名称的一部分：trade.import-export-2021（2021年进出口额超3500亿元）；"
            "trade.import-export-2025（2025年进出口额超5000亿元）；trade.import-export-2035（") in result.stderr
    assert "a.csv:4:1: 错误 E201 未知的指标编号“海外仓库”\n  提示：用 ftz list 可查看所有指标编号。" in result.stderr


def test_a_workbook_named_xls_is_told_to_be_renamed(ws, ftz, tmp_path):
    made = tmp_path / "填报表.xlsx"
    assert ftz("--data", str(ws), "sheet", "--as-of", "2021-06-30", "-o", str(made)).exit_code == 0
    renamed = tmp_path / "填报表.xls"
    made.rename(renamed)
    result = ftz("--data", str(ws), "import", str(renamed))
    assert result.exit_code == 1
    assert "错误 E301 文件内容是 Excel 工作簿（.xlsx），不是 XLS" in result.stderr
    assert "把文件扩展名改为 .xlsx" in result.stderr


@pytest.mark.parametrize(("name", "kind"), [("简报.docx", "Word 文档"), ("简报.pdf", "PDF 文件"),
                                            ("简报.doc", "Word 文档")])
def test_a_word_or_pdf_file_is_not_called_a_broken_workbook(name, kind, ws, ftz, tmp_path):
    path = tmp_path / name
    if name.endswith(".docx"):
        assert ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "-o", str(path)).exit_code == 0
    else:
        path.write_bytes(b"%PDF-1.4\n" if name.endswith(".pdf") else b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    result = ftz("--data", str(ws), "import", str(path))
    assert result.exit_code == 1
    assert f"错误 E301 “{name}”是 {kind}，ftz import 读不了" in result.stderr, result.stderr
    assert "损坏" not in result.stderr


# -- values as people write them ------------------------------------------------------

@pytest.mark.parametrize(("item", "written", "stored"), [
    (FLOW, "3500", 3500), (FLOW, "3,500", 3500), (FLOW, "3500亿元", 3500), (FLOW, "３５００", 3500),
    (FLOW, "３，５００亿元", 3500), (FLOW, "0.35万亿元", 3500), (FLOW, "35000000万元", 3500),
    (FLOW, "350000000000元", 3500), (FLOW, "1050.5", 1050.5),
    (LEVEL, "1.2万", 12000), (LEVEL, "60个", 60), (LEVEL, "0.006万个", 60),
    ("investment.approval-delegation-2021", "3项", 3), ("capital.new-financial-orgs-2021", "12家", 12),
    (FLOW, "350亿", 350), (FLOW, "0.35万亿", 3500), ("trade.import-export-2035", "5000亿", 0.5),
])
def test_value_forms(item, written, stored, ws, ftz, tmp_path):
    (tmp_path / "v.csv").write_text(f'指标编号,日期,数值\n{item},2021-03-31,"{written}"\n', encoding="utf-8")
    result = run_import(ftz, ws, "v.csv", "--confirm")  # 1.2万个 of 120 is held for checking
    assert result.exit_code == 0, result.stderr
    (record,) = records(ws)
    assert record["value"] == stored
    assert record.get("input", "") == ("" if written == str(stored) else written)  # as typed, kept


@pytest.mark.parametrize(("item", "written", "target_unit", "given_unit"), [
    (FLOW, "3500个", "亿元", "个"), (LEVEL, "60亿元", "个", "亿元"), (LEVEL, "2万户", "个", "万户"),
    ("trade.two-countries-parks-2021", "3个", "组", "个"),
])
def test_incompatible_units_name_both(item, written, target_unit, given_unit, ws, ftz, tmp_path):
    (tmp_path / "v.csv").write_text(f"指标编号,日期,数值\n{item},2021-03-31,{written}\n", encoding="utf-8")
    result = run_import(ftz, ws, "v.csv")
    assert result.exit_code == 1
    assert f"v.csv:2:3: 错误 E203 指标 {item} 的单位是“{target_unit}”，不能填入“{given_unit}”" in result.stderr


@pytest.mark.parametrize(("written", "readings"), [
    ("1.2万", ("1.2万亿元", "1.2万元")), ("３，０００万", ("3000万亿元", "3000万元")),
])
def test_a_bare_wan_on_a_yi_target_is_refused_not_guessed(written, readings, ws, ftz, tmp_path):
    """On a 亿元 target “1.2万” may mean 1.2万元 or 1.2万亿元: ask, never store 0.00012亿元."""
    (tmp_path / "v.csv").write_text(f"指标编号,日期,数值\n{FLOW},2021-03-31,{written}\n", encoding="utf-8")
    result = run_import(ftz, ws, "v.csv")
    assert result.exit_code == 1 and records(ws) == []
    assert f"v.csv:2:3: 错误 E203 指标 {FLOW} 的数值“{written}”只写了“万”，没写单位" in result.stderr
    assert f"请写明是 {readings[0]}，还是 {readings[1]}。" in result.stderr


# -- bounds -------------------------------------------------------------------------

def test_the_size_cap(ws, ftz, tmp_path, monkeypatch):
    monkeypatch.setattr(importers, "MAX_BYTES", 100)
    (tmp_path / "a.csv").write_text(CSV_ZH, encoding="utf-8")
    result = run_import(ftz, ws, "a.csv")
    assert result.exit_code == 1 and "a.csv: 错误 E004 文件有 " in result.stderr
    assert run_import(ftz, ws, "-", input=CSV_ZH.encode()).stderr.startswith(
        "标准输入: 错误 E004 输入超过上限 ")


@pytest.mark.parametrize(("name", "content"), [
    ("a.csv", CSV_ZH), ("a.json", JSON_DOC), ("a.jsonl", JSONL_DOC), ("a.yaml", YAML_DOC),
    ("a.xlsx", XLSX_DOC),
])
def test_the_record_cap(name, content, ws, ftz, tmp_path, monkeypatch):
    monkeypatch.setattr(common, "MAX_RECORDS", 2)
    (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run_import(ftz, ws, name)
    assert result.exit_code == 1 and "错误 E307 记录超过 2 条" in result.stderr
    assert records(ws) == []


def test_a_deep_json_value_is_refused_without_a_traceback(ws, ftz, tmp_path):
    (tmp_path / "a.json").write_text('[{"id": "x", "note": ' + "[" * 100_000 + "]" * 100_000 + "}]")
    result = run_import(ftz, ws, "a.json")
    assert result.exit_code == 1 and "错误 E304" in result.stderr
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr


def test_a_renamed_data_sheet_after_its_instructions_is_the_one_read(ws, ftz, tmp_path):
    """A department renames 进度填报 (to 贸易专班) and leaves 填写说明 first: the sheet with the
    指标编号 column is read, not the instructions (E302 找不到表头 named neither)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "填写说明"
    book.active.append(["1. 每行一项指标：填写日期和数值。"])
    data = book.create_sheet("贸易专班")
    data.append(["贸易专班进度（6月）"])
    data.append(["指标编号", "日期", "数值"])
    data.append(["trade.import-export-2021", "2021-06-30", 1850])
    book.save(tmp_path / "收回.xlsx")
    result = ftz("--data", str(ws), "import", str(tmp_path / "收回.xlsx"))
    assert result.exit_code == 0, result.stderr
    shown = json.loads(ftz("--data", str(ws), "show", "trade.import-export-2021", "--format", "json").stdout)
    assert [(u["date"], u["value"]) for u in shown["updates"]] == [("2021-06-30", 1850)]


def _ods(path: Path, sheets: list[tuple[str, list[list[str]]]]) -> None:
    """A minimal OpenDocument spreadsheet: text cells only, one table a sheet."""
    def table(name: str, rows: list[list[str]]) -> str:
        cells = "".join("<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>' for c in row)
            + "</table:table-row>" for row in rows)
        return f'<table:table table:name="{name}">{cells}</table:table>'

    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet>' + "".join(table(n, r) for n, r in sheets)
               + '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)


def test_a_renamed_data_sheet_of_an_ods_is_the_one_read(ws, ftz, tmp_path):
    _ods(tmp_path / "收回.ods", [("填写说明", [["1. 每行一项指标：填写日期和数值。"]]),
                                ("贸易专班", [["指标编号", "日期", "数值"], ["trade.import-export-2021", "2021-06-30", "1850"]])])
    result = ftz("--data", str(ws), "import", str(tmp_path / "收回.ods"))
    assert result.exit_code == 0, result.stderr
    shown = json.loads(ftz("--data", str(ws), "show", "trade.import-export-2021", "--format", "json").stdout)
    assert [(u["date"], u["value"]) for u in shown["updates"]] == [("2021-06-30", 1850)]


@pytest.mark.parametrize("typed", ["TRADE.IMPORT-EXPORT-2021", "ｔｒａｄｅ．ｉｍｐｏｒｔ－ｅｘｐｏｒｔ－２０２１"])
def test_an_id_typed_in_capitals_or_full_width_is_pointed_to_its_item(ws, ftz, tmp_path, typed):
    """Caps Lock or a Chinese input method in full width: the hint names the id meant."""
    (tmp_path / "a.csv").write_text(f"id,date,value\n{typed},2021-03-31,100\n", encoding="utf-8")
    result = run_import(ftz, ws, "a.csv")
    assert result.exit_code == 1 and "a.csv:2:1: 错误 E201 " in result.stderr
    assert "提示：是不是：trade.import-export-2021？" in result.stderr, result.stderr


def test_a_row_repeated_in_the_sheet_is_not_said_to_be_recorded_already(ws, ftz, tmp_path):
    """W206 told a first import that its repeated row 已存在: the workspace had nothing yet."""
    row = f"{FLOW},2021-03-31,1050\n"
    (tmp_path / "a.csv").write_text("id,date,value\n" + row + row, encoding="utf-8")
    first = run_import(ftz, ws, "a.csv")
    assert first.exit_code == 0 and "已录入 1 条" in first.stdout, first.stderr
    assert "警告 W206 有 1 行与前面的行相同（同一指标、同一日期、相同数值或状态），跳过" in first.stderr
    assert "已存在" not in first.stderr
    again = run_import(ftz, ws, "a.csv")
    assert "警告 W206 已存在 2 条相同的记录（" in again.stderr, again.stderr  # both rows are stored now
    (tmp_path / "b.csv").write_text("id,date,value\n" + row + f"{LEVEL},2021-03-31,40\n" * 2, encoding="utf-8")
    mixed = run_import(ftz, ws, "b.csv")
    assert "警告 W206 已存在 1 条相同的记录、有 1 行与前面的行相同（" in mixed.stderr, mixed.stderr


def test_a_reading_command_counts_the_workspaces_errors_once(ftz, ws):
    # E011 says how many errors the workspace has: no second tally that would count it too
    (ws / "updates" / "hand.yaml").write_text(
        "- id: nope\n  date: 2021-03-01\n  value: 3\n- id: trade.import-export-2021\n  date: 2021-13-01\n  value: 3\n",
        encoding="utf-8")
    result = ftz("--data", str(ws), "list")
    assert result.exit_code == 1
    assert "错误 E011 工作区有 2 个错误，请先更正" in result.stderr and "以上共" not in result.stderr, result.stderr


@pytest.mark.parametrize(("name", "content", "said", "hint"), [
    ("导出.xls", b"<html><head><meta charset='utf-8'></head><body><table><tr><td>id</td></tr></table>",
     "文件扩展名是 .xls，但内容是网页（HTML）表格，不是 Excel 工作簿", "另存为"),
    ("导出.xlsx", b"\xef\xbb\xbf  <!DOCTYPE html><table>", "文件扩展名是 .xlsx，但内容是网页（HTML）表格", "另存为"),
    ("旧.xls", b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
     "文件扩展名是 .xls，但内容是 XML 表格（Excel 2003 的 XML 格式）", "另存为"),
    ("改名.xlsx", "指标编号,日期,数值\n".encode(), "文件扩展名是 .xlsx，但内容是 CSV 文本，不是 Excel 工作簿",
     "把扩展名改为 .csv，或加选项 --format csv。"),
    ("表.ods", "指标编号\t日期\t数值\n".encode(), "文件扩展名是 .ods，但内容是 CSV 文本", "--format csv"),
    ("坏.xlsx", b"\x00\x01,\x02", "Excel 文件无法打开：文件已损坏", "另存为"),  # no text: damaged, as before
])
def test_a_text_file_named_as_a_workbook_is_said_for_what_it_is(ws, ftz, tmp_path, name, content, said, hint):
    (tmp_path / name).write_bytes(content)
    result = ftz("--data", str(ws), "import", str(tmp_path / name))
    assert result.exit_code == 1 and f"错误 E303 {said}" in result.stderr and hint in result.stderr
    assert records(ws) == []


def test_a_csv_named_xlsx_imports_with_format_csv(ws, ftz, tmp_path):
    (tmp_path / "改名.xlsx").write_text(f"指标编号,日期,数值\n{FLOW},2021-03-31,850\n", encoding="utf-8")
    result = ftz("--data", str(ws), "import", str(tmp_path / "改名.xlsx"), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert [(r["id"], r["value"]) for r in records(ws)] == [(FLOW, 850)]
