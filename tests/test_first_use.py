"""What a new user hit in a first week (issue 18, item 7): settings text that says what the
setting does, ``-q`` where people type it, totals rows in a sheet, the date an update takes,
a 版记 that never stands alone, and a body-only brief that points at no 附件."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from midyear import AS_OF, write_midyear

FLOW = "trade.import-export-2021"
REPORT = ("report", "--as-of", AS_OF)


def records(ws: Path) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for path in sorted((ws / "updates").glob("**/*.yaml")):
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return found


def test_the_settings_file_says_stale_data_is_marked_not_unreported(ftz, tmp_path):
    assert ftz("init", str(tmp_path / "new")).exit_code == 0
    line = next(x for x in (tmp_path / "new" / "ftz.yaml").read_text(encoding="utf-8").splitlines()
                if "stale_days" in x)
    assert "超期未更新" in line and "视为未报送" not in line


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_is_accepted_before_or_after_the_command(ftz, ws, tmp_path, where):
    write_midyear(ws)
    out = tmp_path / "b.md"
    args = [*REPORT, "-o", str(out)]
    line = ["--data", str(ws), "-q", *args] if where == "before" else ["--data", str(ws), *args, "-q"]
    result = ftz(*line)
    assert result.exit_code == 0, result.stderr
    assert out.exists() and result.stderr == ""
    loud = ftz("--data", str(ws), *REPORT, "-o", str(tmp_path / "c.md"), "--draft")
    assert loud.stderr != ""  # without -q the report says what it wrote: -q silenced something


def test_totals_and_dash_rows_are_skipped_with_a_warning_naming_them(ftz, ws, tmp_path):
    sheet = tmp_path / "表.csv"
    sheet.write_text("指标编号,日期,数值\n"
                     f"{FLOW},2021-03-31,850\n"
                     "合计,2021-03-31,5000\n"
                     "trade.overseas-warehouses-2021,2021-03-31,—\n"
                     "小 计,2021-03-31,12\n", encoding="utf-8")
    result = ftz("--data", str(ws), "import", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert "警告 W232 跳过 3 行合计、小计或数值为“—”的行（第 3、4、5 行）" in result.stderr
    assert [(r["id"], r["value"]) for r in records(ws)] == [(FLOW, 850)]


def test_a_dash_row_with_a_figure_elsewhere_is_still_a_record(ftz, ws, tmp_path):
    sheet = tmp_path / "表.csv"  # "—" is only a marker where the whole figure is one
    sheet.write_text("指标编号,日期,数值\n" f"{FLOW},2021-03-31,—850\n", encoding="utf-8")
    result = ftz("--data", str(ws), "import", str(sheet))
    assert result.exit_code == 1 and "W232" not in result.stderr


def test_an_update_without_a_date_says_it_records_today(ftz, ws):
    from ftz_cli.parse.dates import cn_date, today

    result = ftz("--data", str(ws), "update", FLOW, "--value", "10", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert f"未给出 --date：数据日期记为今天（{cn_date(today())}）" in result.stderr
    dated = ftz("--data", str(ws), "update", FLOW, "--value", "10", "--date", "2021-03-31", "--dry-run")
    assert dated.exit_code == 0 and "未给出 --date" not in dated.stderr


def test_a_body_only_brief_points_at_no_annex(ftz, ws):
    write_midyear(ws)
    full = ftz("--data", str(ws), *REPORT).stdout
    assert "见附件1" in full  # the full brief has its 附件 to point at
    body = ftz("--data", str(ws), *REPORT, "--body-only").stdout
    assert "附件" not in body and "未报送" in body


def test_the_imprint_keeps_the_last_content_with_it_in_word(ftz, ws, tmp_path):
    import docx

    write_midyear(ws)
    for args in ((), ("--body-only",)):
        out = tmp_path / "b.docx"
        assert ftz("--data", str(ws), *REPORT, *args, "-o", str(out), "--force").exit_code == 0
        paragraphs = docx.Document(str(out)).paragraphs
        at = next(i for i, p in enumerate(paragraphs) if p.text.startswith("报："))
        assert paragraphs[at - 1].text and paragraphs[at - 1].paragraph_format.keep_with_next


def _browser() -> str:
    found = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                  if shutil.which(n)), None)
    if found is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("chromium and poppler-utils are missing: .ci/run should install them")
        pytest.skip("chromium or poppler-utils is not installed")
    return found


def test_the_imprint_never_stands_alone_on_a_pdf_page(ftz, ws, tmp_path):
    """Content of every length before the 版记: the page that holds it holds content too."""
    from ftz_cli.commands.pdf import print_pdf

    browser = _browser()
    write_midyear(ws)
    html = ftz("--data", str(ws), *REPORT, "--body-only", "-f", "html").stdout
    cut = html.rindex("</section>")
    alone = []
    for lines in range(6, 16, 2):  # where, with the midyear brief, a page fills up
        filler = "".join(f"<p>补充内容第{n}行。</p>" for n in range(lines))
        pdf = tmp_path / f"{lines}.pdf"
        pdf.write_bytes(print_pdf(html[:cut] + filler + html[cut:], browser))
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        last = [page for page in text.split("\f") if page.strip()][-1]
        before = last.split("报：")[0]
        if not re.search(r"[\u4e00-\u9fff]", before):
            alone.append(lines)
    assert alone == []


def test_init_inside_a_workspace_says_the_new_one_is_used_there(ftz, tmp_path, monkeypatch):
    """Run again inside the workspace it made, ``ftz init 自贸区进度`` makes a second one there,
    which ftz then finds first: the user is told, not left to wonder where records went."""
    assert ftz("init", str(tmp_path / "outer")).exit_code == 0
    monkeypatch.chdir(tmp_path / "outer")
    inner = ftz("init", "自贸区进度")
    assert inner.exit_code == 0, inner.stderr
    assert f"注意：它在另一个工作区（{tmp_path / 'outer'}）之内" in inner.stderr
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    here = ftz("init", ".")
    assert here.exit_code == 0 and "下一步：在这个文件夹中运行 ftz 命令" in here.stderr, here.stderr
    assert "cd ." not in here.stderr and "注意" not in here.stderr
