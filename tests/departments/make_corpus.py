"""Writes the department sheets of tests/test_departments.py: real-looking files as offices send
them back (units in headers, monthly figures, re-sent sheets, .xls, .ods).

The binary files are committed; rerun this only to change them, in a virtual environment with
openpyxl, xlwt (writes .xls) and odfpy (writes .ods): ``python tests/departments/make_corpus.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
FLOW = "trade.import-export-2021"            # 亿元, > 3500
RMB = "capital.cross-border-rmb-2021"        # 亿元, > 350
LEVEL = "trade.overseas-warehouses-2021"     # 个, >= 120
MILESTONE = "trade.dubai-mall-opening"
TITLE = ["义乌市商务局 自贸区建设推进情况报送表（2021年一季度）"]


def xlsx(name: str, rows: list[list[Any]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy/m/d"
    book.save(HERE / name)


def xls(name: str, rows: list[list[Any]], merged_down: tuple[int, int, int] | None = None) -> None:
    """``merged_down``: (column, first row, last row) merged, its value in the first row (0-based)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("报送表")
    date = xlwt.easyxf(num_format_str="yyyy/m/d")
    if merged_down is not None:
        column, first, last = merged_down
        value = rows[first][column]
        sheet.write_merge(first, last, column, column, value, date if isinstance(value, dt.date) else None)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or (merged_down and c == merged_down[0] and merged_down[1] <= r <= merged_down[2]):
                continue
            if isinstance(value, dt.date):
                sheet.write(r, c, value, date)
            else:
                sheet.write(r, c, value)
    book.save(str(HERE / name))


def ods(name: str, rows: list[list[Any]]) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="进度填报")
    for row in rows:
        line = TableRow()
        for value in row:
            if value is None:
                cell = TableCell()
            elif isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.isoformat()))
            elif isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            line.addElement(cell)
        table.addElement(line)
    doc.spreadsheet.addElement(table)
    doc.save(str(HERE / name))


def main() -> None:
    q1 = dt.date(2021, 3, 31)
    # 商务局 reports in 万元, as its own ledgers do; one cell names its own unit
    (HERE / "商务局-万元.csv").write_text(
        "序号,指标编号,指标名称,日期,数值（万元）,填报人\n"
        f"1,{FLOW},2021年进出口额,2021-03-31,10500000,王芳\n"
        f"2,{FLOW},2021年进出口额,2021-04-30,1350亿元,王芳\n", encoding="utf-8-sig")
    # the same figures sent again a week later, as .xlsx in 亿元, with a title row above
    xlsx("商务局-重发.xlsx", [TITLE, [], ["指标编号", "日期", "数值（亿元）", "填报人"],
                              [FLOW, q1, 1050, "王芳"], [FLOW, dt.date(2021, 4, 30), 1350, "王芳"]])
    # 海关 fills in the month's figure where the year's belongs, under a plain 数值
    (HERE / "海关-当月值.csv").write_text(
        "指标编号,日期,数值,说明\n"
        f"{FLOW},2021-01-31,310,1月\n{FLOW},2021-02-28,260,2月\n{FLOW},2021-03-31,330,3月\n",
        encoding="utf-8")
    # …or says so in the header
    xlsx("海关-当月.xlsx", [["指标编号", "日期", "数值（当月）"], [FLOW, q1, 330]])
    # 金融办 still on Excel 97-2003, figures in 亿元 in the header's English form
    xls("金融办-旧版.xls", [["跨境人民币业务报送表"], [],
                          ["指标编号", "日期", "value(亿元)", "状态", "说明"],
                          [RMB, q1, 120.5, None, "一季度累计"],
                          [MILESTONE, q1, None, "推进中", "主体结构封顶"]])
    # 开放办 on LibreOffice: a 单位 column per row, one row in 万个
    ods("开放办-单位列.ods", [["指标编号", "单位", "日期", "数值", "进展情况", "存在问题", "下步计划"],
                            [LEVEL, "万个", q1, 0.0085, "新增海外仓20个", "运营人才不足", "加快布局东南亚"]])
    # a slip of a unit: 个 in the header of a 亿元 target
    (HERE / "商务局-单位不符.csv").write_text(
        f"指标编号,日期,数值（个）\n{FLOW},2021-03-31,1050\n", encoding="utf-8")
    # a slip of the decimal point: ten times the last figure
    (HERE / "海关-多写一个零.csv").write_text(
        f"指标编号,日期,数值\n{FLOW},2021-03-31,1050\n{FLOW},2021-04-30,13500\n", encoding="utf-8")
    # a statistics office's layout: the month and the year to date side by side, 【】 brackets
    (HERE / "统计局-当月与累计.csv").write_text(
        "指标编号,统计日期,当月值【亿元】,本年累计【亿元】\n"
        f"{FLOW},2021-03-31,330,1050\n{FLOW},2021-04-30,300,1350\n", encoding="utf-8")
    # only the month's figures, in a column so named
    xlsx("海关-只有当月值.xlsx", [["指标编号", "日期", "当月值（亿元）"], [FLOW, q1, 330]])
    # ftz's own sheet, its 单位 column still saying 亿元, the value header changed to 万元
    (HERE / "商务局-单位列与表头不符.csv").write_text(
        "指标编号,名称,单位,日期,数值（万元）\n"
        f"{FLOW},2021年进出口额超3500亿元,亿元,2021-03-31,10500000\n", encoding="utf-8")
    # one date merged down the rows of the report, as offices lay it out
    xls("口岸办-合并日期.xls", [["指标编号", "日期", "数值", "状态"], [LEVEL, q1, 40, None],
                              [MILESTONE, None, None, "推进中"]], merged_down=(1, 1, 2))
    # a header unit ftz does not know
    (HERE / "商务局-万美元.csv").write_text(
        f"指标编号,日期,数值（万美元）\n{FLOW},2021-03-31,16000\n", encoding="utf-8")


if __name__ == "__main__":
    main()
