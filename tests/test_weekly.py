"""ftz weekly: a year of briefs in one go, each week as the updates make it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_ftz

UPDATES = """\
- id: trade.import-export-2021
  date: 2021-03-21
  value: 600
- id: trade.import-export-2021
  date: 2021-03-31
  value: 1050
  note: "一季度 | 海关数据"
  by: 张三
- id: trade.overseas-warehouses-2021
  date: 2021-03-31
  value: 10
- id: trade.dubai-mall-opening
  date: 2021-04-01
  status: 已完成
  note: 已开业
"""


@pytest.fixture
def year(ws: Path) -> Path:
    (ws / "updates" / "2021-04.yaml").write_text(UPDATES, encoding="utf-8")
    return ws


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) + len(start):text.index(end)].strip()


def test_a_year_of_briefs_in_two_formats(ftz, year: Path, tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    result = ftz("--data", str(year), "weekly", "--from", "2021-01-04", "--to", "2021-12-31",
                 "--format", "md", "--format", "html", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    weeks = [f"2021-W{n:02d}" for n in range(1, 53)]
    assert names == sorted([f"{w}.{f}" for w in weeks for f in ("md", "html")]
                           + ["index.html", "index.md"])
    index = (out / "index.md").read_text(encoding="utf-8")
    assert index.count("](2021-W") == 104
    assert "| 2021年第13周（3月29日—4月4日） | 2021年4月4日 |" in index
    w52 = (out / "2021-W52.md").read_text(encoding="utf-8")
    assert "2021年第52周（12月27日—2022年1月2日）" in w52
    assert "义乌市自贸区建设工作领导小组办公室　　2021年12月31日" in w52  # as of --to, not Sunday


def test_one_week_pinned(ftz, year: Path, tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    assert ftz("--data", str(year), "weekly", "--from", "2021-03-15", "--to", "2021-04-11",
               "--out", str(out)).exit_code == 0
    w13 = (out / "2021-W13.md").read_text(encoding="utf-8")
    assert section(w13, "## 一、本周进展", "## 二、较上周变化") == (
        "2021年第13周（3月29日—4月4日），共报送进度3条，涉及1个领域。\n\n"
        "（一）贸易自由。报送3条：2021年进出口额超3500亿元、2021年“义乌系”海外仓达到120个、"
        "迪拜商贸城争取年底建成开业。\n\n各条报送内容见附件1。")
    assert section(w13, "## 附件1　本周报送明细", "## 附件2　完成率变化") == (
        "### （一）贸易自由\n\n"
        "| 事项 | 数据日期 | 报送内容 | 说明 |\n"
        "| --- | --- | --- | --- |\n"
        "| 2021年进出口额超3500亿元 | 2021年3月31日 | 1050亿元 | 一季度 \\| 海关数据 |\n"
        "| 2021年“义乌系”海外仓达到120个 | 2021年3月31日 | 10个 | — |\n"
        "| 迪拜商贸城争取年底建成开业 | 2021年4月1日 | 已完成 | 已开业 |")
    changes = section(w13, "## 二、较上周变化", "## 三、下周到期")
    # 进出口额 was green last week and is still: each figure is judged at its own date (17.1%
    # for 3月21日 against that day's 21.9%; 30.0% for 3月31日 against 24.7%), not the week's end
    assert "与上周相比，已完成新增1项、红灯新增1项、灰灯减少2项，其余持平。" in changes
    assert "### （一）本周新完成（1项）\n\n迪拜商贸城争取年底建成开业（贸易自由）。" in changes
    assert ("### （二）本周转为红灯、黄灯（1项）\n\n1. 2021年“义乌系”海外仓达到120个（贸易自由）："
            "严重滞后（红灯）") in changes
    assert ("2项指标完成率提高，变化较大的有进出口额（17.1%→30.0%，提高12.9个百分点）、"
            "“义乌系”海外仓数量（首次报送，8.3%）。明细见附件2。") in changes
    moved = section(w13, "## 附件2　完成率变化", "## 附件3　数据说明")
    assert "| 进出口额 | 贸易自由 | 17.1% | 30.0% | 提高12.9个百分点 |" in moved
    assert "| “义乌系”海外仓数量 | 贸易自由 | — | 8.3% | 首次报送 |" in moved
    w11 = (out / "2021-W11.md").read_text(encoding="utf-8")  # 2021-03-21 is a Sunday
    assert "共报送进度1条" in w11 and "| — | 17.1% | 首次报送 |" in w11
    assert "没有报送进度" in (out / "2021-W12.md").read_text(encoding="utf-8")
    w14 = (out / "2021-W14.md").read_text(encoding="utf-8")
    assert "本周（2021年第14周（4月5日—4月11日））没有报送进度。" in w14
    assert "与上周相比，亮灯情况没有变化。" in w14


def test_rerun_replaces_only_its_own_files(ftz, year: Path, tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    args = ["--data", str(year), "weekly", "--from", "2021-03-29", "--to", "2021-04-04",
            "--out", str(out)]
    assert ftz(*args).exit_code == 0
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    assert ftz(*args).exit_code == 0  # its own files, unchanged, are replaced
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep"
    (out / "2021-W13.md").write_text("edited by hand", encoding="utf-8")
    edited = ftz(*args)
    assert edited.exit_code == 1 and "E408" in edited.stderr
    assert (out / "2021-W13.md").read_text(encoding="utf-8") == "edited by hand"
    assert ftz(*args, "--force").exit_code == 0
    assert (out / "2021-W13.md").read_text(encoding="utf-8").startswith("# ")
    other = tmp_path / "other"
    other.mkdir()
    (other / "2021-W13.md").write_text("somebody's notes", encoding="utf-8")
    refused = ftz("--data", str(year), "weekly", "--from", "2021-03-29", "--to", "2021-04-04",
                  "--out", str(other))
    assert refused.exit_code == 1 and "E408" in refused.stderr
    assert (other / "2021-W13.md").read_text(encoding="utf-8") == "somebody's notes"


def test_bad_ranges_and_options(ftz, year: Path, tmp_path: Path) -> None:
    base = ["--data", str(year), "weekly", "--out", str(tmp_path / "b")]
    assert ftz(*base, "--from", "2021-05-01", "--to", "2021-04-01").exit_code == 2
    assert ftz(*base, "--from", "2021-05-01", "--to", "2041-04-01").exit_code == 2
    assert ftz(*base, "--from", "2021-05-01", "--to", "2021-06-01", "--format", "odt").exit_code == 2
    assert ftz(*base, "--from", "2021-05-01", "--to", "2021-06-01", "--area", "x").exit_code == 2
    assert ftz(*base, "--to", "2021-06-01").exit_code == 2
    assert not (tmp_path / "b").exists()


def test_area_filter_and_html_is_escaped(ftz, year: Path, tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    assert ftz("--data", str(year), "weekly", "--from", "2021-03-29", "--to", "2021-04-04",
               "--format", "html", "--area", "trade", "--out", str(out)).exit_code == 0
    html = (out / "2021-W13.html").read_text(encoding="utf-8")
    assert "一季度 | 海关数据" in html
    assert 'id="area-trade"' in html and 'id="area-investment"' not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)


def test_quiet_in_a_script(year: Path, tmp_path: Path) -> None:
    done = run_ftz("--data", str(year), "weekly", "--from", "2021-01-04", "--to", "2021-01-31",
                   "--out", str(tmp_path / "b"), env={"FTZ_CACHE_DIR": str(tmp_path / "c")})
    assert done.returncode == 0
    # only the one line that names what was written
    assert done.stdout == b"" and done.stderr.decode() == f"已生成：4 周、5 个文件（含索引），在 {tmp_path / 'b'}/\n"
    assert len(list((tmp_path / "b").glob("2021-W0*.md"))) == 4
