"""An output file's name says what it holds: ``list -o 进度.csv`` is CSV (and .json JSON), not
the terminal's table; a name these commands cannot honour (a workbook, a Word file; a sheet not
.xlsx, which ``ftz import`` would then refuse by its extension) is a wrong command line (exit 2)
and nothing is written."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from shlex import quote

import pytest


@pytest.mark.parametrize("command", [["list"], ["units"], ["remind"]])
def test_the_extension_of_o_picks_csv_or_json(command, ws, ftz, tmp_path):
    for name, read in (("导出.csv", lambda t: next(csv.reader(io.StringIO(t)))), ("导出.json", json.loads)):
        out = tmp_path / name
        result = ftz("--data", str(ws), *command, "--as-of", "2021-06-30", "-o", str(out))
        assert result.exit_code == 0, result.stderr
        text = out.read_text(encoding="utf-8")
        assert "┃" not in text and read(text), text[:200]
    table = tmp_path / "导出.txt"  # any other name keeps the default format
    assert ftz("--data", str(ws), *command, "--as-of", "2021-06-30", "-o", str(table)).exit_code == 0
    assert not table.read_text(encoding="utf-8").lstrip().startswith(("[", "id,", "unit,"))


def test_an_explicit_format_wins_over_the_extension(ws, ftz, tmp_path):
    out = tmp_path / "导出.csv"
    assert ftz("--data", str(ws), "list", "--format", "json", "-o", str(out)).exit_code == 0
    assert isinstance(json.loads(out.read_text(encoding="utf-8")), list)


@pytest.mark.parametrize(("command", "name", "hint"), [
    (["list"], "进度.xlsx", "写成 CSV，中文 Excel 可以直接打开：ftz list -o {csv} --bom"),
    (["units"], "报送.xls", "写成 CSV，中文 Excel 可以直接打开：ftz units -o {csv} --bom"),
    (["list"], "进度.pdf", "写成 CSV，中文 Excel 可以直接打开：ftz list -o {csv} --bom"),
    (["remind"], "催办.docx", "每个单位一份督办通知（Word）：ftz remind --format docx -o 文件夹"),
])
def test_a_workbook_or_word_name_is_refused_not_filled_with_text(command, name, hint, ws, ftz, tmp_path):
    out = tmp_path / name
    result = ftz("--data", str(ws), *command, "--as-of", "2021-06-30", "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    assert f"错误 E407 ftz {command[0]} " in result.stderr and f"“{out}”" in result.stderr, result.stderr
    assert "提示：" + hint.format(csv=quote(str(out.with_suffix(".csv")))) in result.stderr


@pytest.mark.parametrize("name", ["填报表.xls", "填报表.csv", "填报表.txt"])
def test_a_sheet_is_written_only_under_an_xlsx_name(name, ws, ftz, tmp_path):
    out = tmp_path / name
    result = ftz("--data", str(ws), "sheet", "--as-of", "2021-06-30", "-o", str(out))
    assert result.exit_code == 2 and not out.exists(), result.stderr
    assert f"错误 E407 填报表是 Excel 工作簿（.xlsx），-o 的文件名不能是“{out}”" in result.stderr
    assert f"提示：例如 -o {quote(str(out.parent / '填报表.xlsx'))}" in result.stderr
    upper = tmp_path / "填报表.XLSX"
    assert ftz("--data", str(ws), "sheet", "--as-of", "2021-06-30", "-o", str(upper)).exit_code == 0
    assert zipfile.is_zipfile(upper)
