"""``ftz weekly``'s index lists exactly the briefs in the output folder, whatever was rerun."""

from __future__ import annotations

import re
from pathlib import Path


def _listed(text: str) -> set[str]:
    return set(re.findall(r"(\d{4}-W\d{2})\.(?:md|html)", text))


def test_a_partial_rerun_keeps_every_brief_in_both_indexes(ftz, tmp_path: Path):
    assert ftz("init", "--example", "ex").exit_code == 0
    data = ("--data", str(tmp_path / "ex"))
    out = tmp_path / "周报"
    assert ftz(*data, "weekly", "--from", "2021-04-05", "--to", "2021-05-30", "--format", "md",
               "--format", "html", "--out", str(out)).exit_code == 0
    assert ftz(*data, "weekly", "--from", "2021-05-03", "--to", "2021-05-09", "--format", "md",
               "--out", str(out)).exit_code == 0
    (out / "2021-W14.md").unlink()  # a brief removed by hand: its html stays
    assert ftz(*data, "weekly", "--from", "2021-06-07", "--to", "2021-06-13", "--format", "md",
               "--out", str(out)).exit_code == 0
    on_disk = {p.stem for p in out.glob("2021-W*.*")}
    md, html = (out / "index.md").read_text(encoding="utf-8"), (out / "index.html").read_text(encoding="utf-8")
    assert _listed(md) == _listed(html) == on_disk and len(on_disk) == 9
    assert "2021-W14.md" not in md and "2021-W14.html" in md  # each link to a file that is there
    assert "2021-W23.html" not in html and "2021-W23.md" in html
    assert md.count("| 第") == 9


def test_the_weeks_chart_reads_in_black_and_white(ftz, tmp_path: Path):
    """Each light of the index's chart is drawn in the pattern of 各专班亮灯情况 (the same
    definitions: one copy), outlined, and its key shows the pattern, not a coloured dot."""
    assert ftz("init", "--example", "ex").exit_code == 0
    data = ("--data", str(tmp_path / "ex"))
    out = tmp_path / "周报"
    assert ftz(*data, "weekly", "--from", "2021-05-03", "--to", "2021-07-04", "--format", "html",
               "--out", str(out)).exit_code == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    chart = index.split('<svg class="weeks-chart"')[1].split("</svg>")[0]
    report = ftz(*data, "report", "--as-of", "2021-06-30", "--format", "html").stdout
    defs = re.search(r"<defs>.*?</defs>", report, re.S)
    assert defs is not None and defs.group(0) in chart  # the lights picture's patterns, as they are
    bars = re.findall(r'<rect [^>]*fill="([^"]+)" stroke="#000000"[^>]*><title>[^：]+：(\S+?)\d+项</title>', chart)
    assert len(bars) >= 9 * 2 and {light for _, light in bars} >= {"已完成", "绿灯", "黄灯"}
    key = dict(re.findall(r'aria-label="(\S+?)"><rect [^>]*fill="url\(#ftz-p-(\w+)\)"', index.split("<figcaption>")[1]))
    assert key == {"已完成": "done", "绿灯": "on_track", "黄灯": "behind", "红灯": "red"}
    assert all(fill == f"url(#ftz-p-{key[light]})" for fill, light in bars)  # each light its own pattern
    assert 'preserveAspectRatio="none"' not in chart  # a pattern is never stretched out of shape


def test_a_rerun_in_fewer_formats_removes_only_its_own_briefs_the_change_made_out_of_date(ftz, ws: Path, tmp_path: Path):
    data, out = ("--data", str(ws)), tmp_path / "周报"
    weekly = (*data, "weekly", "--from", "2021-03-01", "--to", "2021-03-21", "--out", str(out))
    assert ftz(*weekly, "--format", "md", "--format", "docx").exit_code == 0
    again = ftz(*weekly, "--format", "md")  # nothing changed: the Word briefs are still right
    assert again.exit_code == 0 and again.stderr == f"已生成：3 周、4 个文件（含索引），在 {out}/\n"
    assert len(list(out.glob("2021-W*.docx"))) == 3
    (out / "2021-W11.docx").write_bytes((out / "2021-W11.docx").read_bytes() + b"\n")  # someone's own copy now
    record = ftz(*data, "update", "trade.outlets-2021", "--value", "2", "--date", "2021-03-10")
    assert record.exit_code == 0  # weeks 10 and 11 change; week 9 does not
    rerun = ftz(*weekly, "--format", "md")
    assert rerun.exit_code == 0
    assert rerun.stderr.splitlines()[1:] == [
        "已删除 2021-W10.docx：这些周的周报有变化，以前生成的这些格式本次没有重新生成，内容已过时。",
        "注意：2021-W11.docx 不是本次生成的，内容可能已过时（未删除：生成后被改过、不是 ftz 生成的，或无法比对）；"
        "如需更新，请加上相应的 --format 再运行一次。"]
    assert sorted(p.name for p in out.glob("2021-W*.docx")) == ["2021-W09.docx", "2021-W11.docx"]
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "2021-W10.docx" not in index and "2021-W09.docx" in index and "2021-W11.docx" in index
