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
