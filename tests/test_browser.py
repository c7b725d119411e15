"""The HTML briefing in a real browser: Debian's headless Chromium, driven by Playwright.

It opens tests/golden/report.html (the exact output of ``ftz report``, kept equal by
test_report.py), prints it to PDF and takes screenshots, and checks what a reader
would notice: the page count on A4, no sideways scrolling on a phone or on A4 paper, CJK
fonts actually used, and not a single request beyond the file itself (government
networks are often offline).

Needs the ``chromium`` and ``fonts-noto-cjk`` Debian packages and the ``playwright``
Python package (its browsers are never downloaded: we drive /usr/bin/chromium). Without
them the test is skipped, except under CI, where it fails. Set FTZ_BROWSER_ARTIFACTS to
a folder to keep the PDF and the screenshots for a look.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

GOLDEN_HTML = Path(__file__).resolve().parent / "golden" / "report.html"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# A4 at 96 dpi: 210 mm wide; the @page margins of _style.css.j2 leave 156 mm for text
A4_WIDTH_PX = 794
A4_TEXT_WIDTH_PX = 590
PHONE = {"width": 390, "height": 844}
PAGES = range(8, 21)  # the golden briefing prints on 8–20 A4 pages
CJK_FONT = re.compile(r"CJK|Hei|Song|Fang|Kai|Ming|Han Sans|Han Serif|WenQuanYi|Droid Sans Fallback", re.I)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}（CI 中浏览器测试不能跳过：.ci/run 应安装 chromium、fonts-noto-cjk 和 playwright）")
    pytest.skip(reason)


def _chromium() -> str:
    for name in (os.environ.get("FTZ_CHROMIUM"), "chromium", "chromium-browser"):
        found = name and shutil.which(name)
        if found:
            return found
    _unavailable("找不到 chromium（Debian: apt-get install chromium fonts-noto-cjk）")
    raise AssertionError  # unreachable: _unavailable raises


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("没有安装 playwright（pip install -e '.[test]'）")
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("FTZ_BROWSER_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(browser: Any, page_file: Path, viewport: dict[str, int], requests: list[str],
          media: str = "screen") -> Any:
    """A page showing ``page_file``; every request it makes is recorded, none leaves."""
    context = browser.new_context(viewport=viewport, offline=True, java_script_enabled=True)

    def record(route: Any) -> None:
        requests.append(route.request.url)
        if route.request.url == page_file.as_uri():
            route.continue_()
        else:
            route.abort()

    context.route("**/*", record)
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.emulate_media(media=media)
    page.goto(page_file.as_uri(), wait_until="load")
    return page


def _overflow(page: Any) -> int:
    """How far the widest element sticks out past the viewport, in CSS pixels."""
    return int(page.evaluate("""() => {
        const root = document.documentElement;
        let widest = Math.max(root.scrollWidth, document.body.scrollWidth);
        for (const el of document.querySelectorAll('body *')) {
            widest = Math.max(widest, el.getBoundingClientRect().right + window.scrollX);
        }
        return Math.ceil(widest - root.clientWidth);
    }"""))


def _fonts(page: Any, selector: str) -> list[str]:
    """The fonts Chromium really drew ``selector``'s text with (not what CSS asked for)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [f["familyName"] for f in fonts]


@pytest.fixture
def page_file(tmp_path: Path) -> Path:
    target = tmp_path / "简报.html"
    shutil.copyfile(GOLDEN_HTML, target)
    return target


def test_prints_on_a4_within_the_expected_pages(browser, page_file, artifacts):
    requests: list[str] = []
    page = _open(browser, page_file, {"width": A4_WIDTH_PX, "height": 1123}, requests)
    page.screenshot(path=str(artifacts / "desktop.png"), full_page=False)
    page.emulate_media(media="print")  # page.pdf() prints whatever media is emulated
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (artifacts / "report.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pages in PAGES, pages
    boxes = {tuple(round(float(v)) for v in box.split())
             for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+ [\d.]+)\s*\]", pdf)}
    assert boxes == {(595, 842)}, boxes  # A4 in points
    assert requests and set(requests) == {page_file.as_uri()}, requests


def test_no_horizontal_overflow_on_a_phone_or_on_paper(browser, page_file, artifacts):
    requests: list[str] = []
    phone = _open(browser, page_file, PHONE, requests)
    phone.screenshot(path=str(artifacts / "phone.png"), full_page=False)
    assert _overflow(phone) <= 0
    paper = _open(browser, page_file, {"width": A4_TEXT_WIDTH_PX, "height": 900}, requests,
                  media="print")
    assert _overflow(paper) <= 0
    screen = _open(browser, page_file, {"width": A4_WIDTH_PX, "height": 900}, requests)
    assert _overflow(screen) <= 0
    assert set(requests) == {page_file.as_uri()}, requests


def test_chinese_text_is_drawn_with_cjk_fonts(browser, page_file):
    page = _open(browser, page_file, {"width": A4_WIDTH_PX, "height": 900}, [])
    for selector in ("h1", "#overview p", "table.targets td"):
        fonts = _fonts(page, selector)
        assert any(CJK_FONT.search(name) for name in fonts), (selector, fonts)
