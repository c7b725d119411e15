"""``ftz report -o x.pdf``, read as a reader would: pages counted and read with poppler.

Needs a Chromium-family browser and poppler-utils (pdfinfo, pdftotext, pdffonts); skipped
without them, except under CI (.ci/run installs them). Set FTZ_BROWSER_ARTIFACTS to a folder
to keep the PDFs and a PNG of every page for a look.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from midyear import AS_OF, write_midyear

REPORT = ("report", "--as-of", AS_OF)


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing: .ci/run should install it")
        pytest.skip(f"{tool} is not installed")


@pytest.fixture
def pdf_of(ftz, ws: Path, tmp_path: Path):
    for tool in ("pdfinfo", "pdftotext", "pdffonts"):
        _need(tool)
    if not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")):
        _need("chromium")
    write_midyear(ws)

    def make(name: str, *args: str) -> tuple[int, list[str]]:
        out = tmp_path / name
        result = ftz("--data", str(ws), *REPORT, *args, "-o", str(out))
        assert result.exit_code == 0, result.stderr
        assert out.read_bytes().startswith(b"%PDF-")
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                              text=True, check=True).stdout
        _keep(out)
        return pages, text.split("\f")[:pages]

    return make


def _keep(pdf: Path) -> None:
    folder = os.environ.get("FTZ_BROWSER_ARTIFACTS")
    if folder and shutil.which("pdftoppm"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(pdf, folder)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(Path(folder) / pdf.stem)], check=False)


def test_the_body_of_a_mid_year_brief_is_two_to_four_numbered_pages(pdf_of):
    pages, texts = pdf_of("正文.pdf", "--body-only")
    assert 2 <= pages <= 4
    for n, page in enumerate(texts, 1):
        assert re.search(rf"—\s*{n}\s*—\s*$", page.strip()), f"page {n} has no — {n} —"
        assert "file://" not in page and "brief.html" not in page  # no browser header or footer
    assert "义乌自贸区建设推进情况简报" in texts[0] and "2021年第1期" in texts[0]
    assert "报：市委、市政府领导" in texts[-1]
    # no near-empty page: every page carries real text
    assert all(len(re.sub(r"\s", "", t)) > 300 for t in texts)


def test_the_full_brief_puts_the_annex_on_its_own_pages(pdf_of):
    pages, texts = pdf_of("简报.pdf")
    first = next(i for i, t in enumerate(texts) if "分领域进展情况" in t)
    assert texts[first].strip().startswith("附件1")
    assert 2 <= first <= 4  # the body before it: at most four pages
    assert all(re.search(rf"—\s*{n}\s*—", t) for n, t in enumerate(texts, 1))
    assert all("file://" not in t for t in texts)


def test_the_lights_picture_on_page_one_reads_in_print(pdf_of, tmp_path):
    """The 专班 names beside the bars print at 9 pt or more (a CJK glyph is one em wide), and
    the widest bar with its total reaches across the 156 mm text block (it was 4 pt, at 46%)."""
    pdf_of("b.pdf", "--body-only")
    page = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(tmp_path / "b.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = [(float(a), float(b), float(c), w) for a, b, c, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>', page)]
    names = [(x0, y0, x1, w) for x0, y0, x1, w in words if re.fullmatch(r"\w{2,}专班", w)]
    assert len(names) >= 3
    assert min((x1 - x0) / len(w) for x0, _, x1, w in names) >= 9
    ends = [max(x1 for _, y, x1, w in words if y == y0 and w.endswith("项")) for _, y0, _, _ in names]
    left, width = 28 / 25.4 * 72, (210 - 26 - 28) / 25.4 * 72  # the text block (@page margins)
    assert max(ends) - left >= 0.9 * width


def test_fonts_are_embedded(pdf_of, tmp_path):
    pdf_of("b.pdf", "--body-only")
    fonts = subprocess.run(["pdffonts", str(tmp_path / "b.pdf")], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)


def test_no_browser_is_a_clear_error(ftz, ws, tmp_path, monkeypatch):
    write_midyear(ws)
    monkeypatch.setenv("FTZ_BROWSER", str(tmp_path / "no-such-browser"))
    result = ftz("--data", str(ws), *REPORT, "-o", str(tmp_path / "b.pdf"))
    assert result.exit_code == 1 and "E462" in result.stderr and "FTZ_BROWSER" in result.stderr
    monkeypatch.delenv("FTZ_BROWSER")
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = ftz("--data", str(ws), *REPORT, "-o", str(tmp_path / "b.pdf"))
    assert result.exit_code == 1 and "E462" in result.stderr
    assert "apt install chromium" in result.stderr and not (tmp_path / "b.pdf").exists()
    assert "Traceback" not in result.stderr


def test_a_browser_that_fails_is_e463(ftz, ws, tmp_path, monkeypatch):
    write_midyear(ws)
    fake = tmp_path / "fake-chrome"
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("FTZ_BROWSER", str(fake))
    result = ftz("--data", str(ws), *REPORT, "-o", str(tmp_path / "b.pdf"))
    assert result.exit_code == 1 and "E463" in result.stderr and "cannot open display" in result.stderr
    assert not (tmp_path / "b.pdf").exists() and not (ws / "issued.yaml").exists() and not (ws / "issued").exists()


def test_a_weekly_brief_with_nothing_new_prints_on_one_page(ftz, pdf_of, ws, tmp_path):
    from ftz_cli.commands.pdf import find_browser, print_pdf

    out = tmp_path / "w"
    assert ftz("--data", str(ws), "weekly", "--from", "2021-07-05", "--to", "2021-07-11",
               "--format", "html", "--out", str(out)).exit_code == 0
    pdf = tmp_path / "quiet.pdf"
    pdf.write_bytes(print_pdf((out / "2021-W27.html").read_text(encoding="utf-8"), find_browser()))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info)


def test_a_year_end_body_after_a_mid_year_brief_stays_within_four_pages(ftz, pdf_of, ws, tmp_path):
    assert ftz("--data", str(ws), *REPORT, "-o", str(tmp_path / "6月.md")).exit_code == 0
    pages, texts = pdf_of("年底.pdf", "--as-of", "2021-12-31", "--body-only")
    assert pages <= 4
    body = "".join(texts)
    assert "自上期（第1期，截至2021年6月30日）以来" in re.sub(r"\s", "", body)
    assert "到期仍未报送" in re.sub(r"\s", "", body)


def test_the_example_body_stays_within_four_pages_whatever_the_date(ftz, tmp_path):
    """At year end every 专班 of the example has dozens of red items (74 newly red): the body
    lists each 专班's most urgent and counts the rest, so it still prints on two to four pages."""
    for tool in ("pdfinfo", "pdftotext"):
        _need(tool)
    if not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")):
        _need("chromium")
    assert ftz("init", "--example", str(tmp_path / "ex")).exit_code == 0
    for day in ("2021-06-30", "2021-12-31"):
        out = tmp_path / f"{day}.pdf"
        result = ftz("--data", str(tmp_path / "ex"), "report", "--as-of", day, "--draft", "--body-only",
                     "-o", str(out))
        assert result.exit_code == 0, result.stderr
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
        _keep(out)
        assert 2 <= int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 4, day


def _type_size(pdf: Path, page: int) -> float:
    """The height of the most common word box on a page: the body type as printed."""
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    heights = [round(float(b) - float(a), 1) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', boxes)]
    return max(set(heights), key=heights.count)


def test_the_annex_never_makes_the_browser_print_the_brief_smaller(ftz, tmp_path):
    """A table wider than the page (a status or a value with its date kept on one line) made
    Chromium shrink every page of the full brief to fit it, the body's type and the charts' 9 pt
    labels with it: the full brief prints its body at the size of the body alone."""
    for tool in ("pdfinfo", "pdftotext"):
        _need(tool)
    if not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")):
        _need("chromium")
    assert ftz("init", "--example", str(tmp_path / "ex")).exit_code == 0
    for day in ("2021-06-30", "2021-12-31"):
        sizes = []
        for name, args in (("full", ()), ("body", ("--body-only",))):
            out = tmp_path / f"{name}-{day}.pdf"
            result = ftz("--data", str(tmp_path / "ex"), "report", "--as-of", day, "--draft", *args, "-o", str(out))
            assert result.exit_code == 0, result.stderr
            sizes.append(_type_size(out, 2))
        assert sizes[0] == sizes[1], day
