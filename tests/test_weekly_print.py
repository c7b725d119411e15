"""``ftz weekly --format docx --format pdf``: weekly briefs an office can send.

The body (本周进展, 较上周变化, 下周到期) fits two A4 pages even in the sample's busiest
week (138 records); the records and long lists are in 附件 from page 3. A batch of PDFs
starts the browser once. The PDF tests need a Chromium-family browser and poppler-utils;
the Word test LibreOffice: skipped without them, except under CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

BUSY = ("--from", "2021-03-29", "--to", "2021-04-04")  # the sample's 2021-W13: 138 records


def _need(*tools: str) -> None:
    for tool in tools:
        if shutil.which(tool) is None:
            if os.environ.get("CI"):
                pytest.fail(f"{tool} is missing: .ci/run should install it")
            pytest.skip(f"{tool} is not installed")


def _need_printing() -> None:
    """Poppler to read PDFs back, and a Chromium to print them."""
    _need("pdfinfo", "pdftotext")
    if not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")):
        _need("chromium")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import run_ftz

    root = tmp_path_factory.mktemp("weekly-print") / "ex"
    assert run_ftz("init", "--example", str(root)).returncode == 0
    return root


def _pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:pages]


def _body_pages(pages: list[str]) -> int:
    """How many pages come before 附件1 (the annex starts on a page of its own)."""
    return next(i for i, page in enumerate(pages) if re.match(r"\s*附件\s*1\s", page))


def _counting_browser(tmp_path: Path) -> tuple[Path, Path]:
    """A browser that notes each start in a file, then runs the real one."""
    real = next(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(n))
    starts = tmp_path / "starts"
    wrapper = tmp_path / "browser"
    wrapper.write_text(f'#!/bin/sh\necho start >> "{starts}"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper, starts


def test_a_batch_of_pdfs_starts_the_browser_once_and_each_body_fits_two_pages(
        ftz, sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _need_printing()
    browser, starts = _counting_browser(tmp_path)
    monkeypatch.setenv("FTZ_BROWSER", str(browser))
    out = tmp_path / "周报"
    done = ftz("--data", str(sample), "weekly", "--from", "2021-03-22", "--to", "2021-04-11",
               "--format", "pdf", "--draft", "--out", str(out))
    assert done.exit_code == 0, done.stderr
    assert starts.read_text(encoding="utf-8").count("start") == 1
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "2021-W12.pdf", "2021-W13.pdf", "2021-W14.pdf", "index.html"]  # a new folder: an HTML index
    busy = _pages(out / "2021-W13.pdf")
    assert _body_pages(busy) == 2 and len(busy) > 4  # 138 records: two pages, then 附件
    body = re.sub(r"\s", "", "".join(busy[:2]))
    assert "共报送进度138条" in body and "各条报送内容见附件1" in body and "三、下周到期" in body
    assert all(re.search(rf"—\s*{n}\s*—", page) for n, page in enumerate(busy, 1))
    assert len(_pages(out / "2021-W14.pdf")) == 1  # nothing new: one page, no 附件
    index = (out / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'href="(2021-W\d\d\.\w+)"', index)) == {
        "2021-W12.pdf", "2021-W13.pdf", "2021-W14.pdf"}


def test_every_body_of_a_half_year_fits_two_pages(ftz, sample: Path, tmp_path: Path) -> None:
    _need_printing()
    out = tmp_path / "周报"
    assert ftz("--data", str(sample), "weekly", "--from", "2021-01-04", "--to", "2021-06-30",
               "--format", "pdf", "--draft", "--out", str(out)).exit_code == 0
    pdfs = sorted(out.glob("2021-W*.pdf"))
    assert len(pdfs) == 26
    for pdf in pdfs:
        pages = _pages(pdf)
        body = _body_pages(pages) if len(pages) > 1 else 1
        assert body <= 2, f"{pdf.name}: the body runs to {body} pages"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_word_weekly_reads_two_pages_in_libreoffice(ftz, sample: Path, tmp_path: Path) -> None:
    _need("pdfinfo", "pdftotext")
    out = tmp_path / "周报"
    assert ftz("--data", str(sample), "weekly", *BUSY, "--format", "docx", "--draft",
               "--out", str(out)).exit_code == 0
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(out / "2021-W13.docx")],
                          capture_output=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    pages = _pages(tmp_path / "2021-W13.pdf")
    assert _body_pages(pages) == 2
    text = re.sub(r"\s", "", "".join(pages))
    assert "义乌自贸区建设推进情况周报" in text and "本周报送明细" in text and "数据说明" in text


def test_word_weeklies_share_the_wording_of_the_html(ftz, sample: Path, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "周报"
    assert ftz("--data", str(sample), "weekly", *BUSY, "--format", "docx", "--format", "md",
               "--draft", "--out", str(out)).exit_code == 0
    words = "\n".join(p.text for p in docx.Document(str(out / "2021-W13.docx")).paragraphs)
    md = (out / "2021-W13.md").read_text(encoding="utf-8")
    for line in ("2021年第13周（3月29日—4月4日），共报送进度138条，涉及4个领域。", "各条报送内容见附件1。"):
        assert line in md and line in words
    moved = re.search(r"\n(\d+项指标完成率提高.*)\n", md).group(1)
    assert moved in words
    assert "附件1\n本周报送明细" in words and "附件3\n数据说明" in words


def test_a_partial_rerun_in_another_format_is_listed_in_every_index(ftz, sample: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "周报"
    data = ("--data", str(sample))
    assert ftz(*data, "weekly", "--from", "2021-01-04", "--to", "2021-06-30", "--format", "md",
               "--format", "html", "--draft", "--out", str(out)).exit_code == 0
    assert ftz(*data, "weekly", "--from", "2021-03-22", "--to", "2021-04-04", "--format", "docx",
               "--draft", "--out", str(out)).exit_code == 0
    on_disk = {p.name for p in out.glob("2021-W*.*")}
    assert len(on_disk) == 26 * 2 + 2
    for index in ("index.md", "index.html"):
        text = (out / index).read_text(encoding="utf-8")
        assert set(re.findall(r"(2021-W\d\d\.(?:md|html|docx|pdf))", text)) == on_disk, index
    assert not (out / "index.docx").exists()


def test_a_browser_that_fails_in_a_batch_is_e463_and_nothing_is_written(
        ftz, sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "fake-chrome"
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("FTZ_BROWSER", str(fake))
    out = tmp_path / "周报"
    done = ftz("--data", str(sample), "weekly", "--from", "2021-03-29", "--to", "2021-04-11", "--format", "pdf",
               "--format", "md", "--out", str(out))
    assert done.exit_code == 1 and "E463" in done.stderr and "cannot open display" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_browser_that_cannot_be_driven_through_a_pipe_prints_page_by_page(
        ftz, sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _need_printing()
    real, starts = _counting_browser(tmp_path)
    old = tmp_path / "old-browser"  # exits at once when asked for the pipe, as an old build would
    old.write_text('#!/bin/sh\nfor a in "$@"; do [ "$a" = --remote-debugging-pipe ] && exit 0; done\n'
                   f'exec "{real}" "$@"\n', encoding="utf-8")
    old.chmod(0o755)
    monkeypatch.setenv("FTZ_BROWSER", str(old))
    out = tmp_path / "周报"
    done = ftz("--data", str(sample), "weekly", "--from", "2021-04-05", "--to", "2021-04-18",
               "--format", "pdf", "--draft", "--out", str(out))
    assert done.exit_code == 0, done.stderr
    assert starts.read_text(encoding="utf-8").count("start") == 2  # one start a page
    assert [len(_pages(out / f"2021-W{n}.pdf")) for n in (14, 15)] == [1, 1]
