"""Regenerate the binary files of the bad-input corpus (workbooks, and a few files that are
binary on purpose). The text files next to this script are written by hand.

    .venv/bin/python tests/bad_inputs/make_xlsx.py

Each file is named after what is wrong with it; ``expected.json`` gives the code that
``ftz import`` must report.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
HEADER = ["指标编号", "名称", "日期", "数值", "状态", "说明", "填报人"]


def workbook(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "进度填报"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    return book


def xlsx(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def save(book: Workbook, name: str) -> None:
    (HERE / name).write_bytes(xlsx(book))


def main() -> None:
    save(workbook([["trade.import-export-2021", "进出口额", dt.date(2021, 3, 31), "=1000+50", None, "", ""]]),
         "formula-no-cache.xlsx")
    save(workbook([["进出口额", dt.date(2021, 3, 31), 1050]], header=["名称", "日期", "数值"]),
         "missing-id-column.xlsx")
    save(workbook([["trade.import-export-2020", "进出口额", dt.date(2021, 3, 31), 1050]]),
         "unknown-id.xlsx")
    save(workbook([]), "header-only.xlsx")
    save(workbook([["trade.dubai-mall-opening", "迪拜商贸城", dt.date(2021, 6, 30), 1]]),
         "value-for-milestone.xlsx")
    save(workbook([["trade.import-export-2021", "进出口额", dt.datetime(2099, 3, 31), 1050]]),
         "future-date.xlsx")

    huge = workbook([["trade.import-export-2021", "进出口额", dt.date(2021, 3, 31), 1050]])
    huge.active.cell(row=1_048_576, column=1, value="末行")  # declared range: a million rows
    save(huge, "huge-dimension.xlsx")

    good = xlsx(workbook([["trade.import-export-2021", "进出口额", dt.date(2021, 3, 31), 1050]]))
    # a zip bomb: a real workbook plus a member that inflates to 101 MB of zeros (~100 KB packed)
    bomb = io.BytesIO(good)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive, \
            archive.open("xl/media/image1.png", "w") as member:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(101):
            member.write(chunk)
    (HERE / "zip-bomb.xlsx").write_bytes(bomb.getvalue())
    # a zip holding no workbook at all
    parts = io.BytesIO()
    with zipfile.ZipFile(parts, "w") as archive:
        archive.writestr("readme.txt", "这不是工作簿")
    (HERE / "missing-parts.xlsx").write_bytes(parts.getvalue())
    # the zip signature, then garbage: a download cut short
    (HERE / "corrupt-zip.xlsx").write_bytes(good[:200])
    # a workbook someone renamed to .csv
    (HERE / "xlsx-named-csv.csv").write_bytes(good)
    # the signature of an old binary Office file (.xls, .et)
    (HERE / "old-excel.xls").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504)
    # text with NUL bytes: not a text file at all
    (HERE / "binary-nul.csv").write_bytes(
        "指标编号,日期,数值\n".encode() + b"trade.import-export-2021,\0\0\0\0,1050\n")
    # neither UTF-8 nor GBK
    (HERE / "gbk-unreadable.csv").write_bytes(
        "指标编号,日期,数值,说明\n".encode() + b"trade.import-export-2021,2021-03-31,1050,\x80\xff\xfe\n")
    # GBK is decoded for CSV only; a GBK YAML or JSON file is named as such
    (HERE / "gbk.json").write_bytes(
        '[{"id": "trade.import-export-2021", "date": "2021-03-31", "value": 1050, "note": "一季度"}]\n'
        .encode("gbk"))
    (HERE / "gbk.yaml").write_bytes(
        "- id: trade.import-export-2021\n  date: 2021-03-31\n  value: 1050\n  note: 一季度\n".encode("gbk"))


if __name__ == "__main__":
    main()
