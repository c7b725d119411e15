"""``ftz report -o x.pdf``: the HTML brief printed by a Chromium-family browser on the machine.

The browser is ``$FTZ_BROWSER``, else ``browser:`` in the user's own settings file
(store/userconfig.py; never the workspace's ftz.yaml, which colleagues share), else the
first of chromium / chrome / edge found on PATH or in the usual install folders. It prints headless
with no header or footer of its own (no date, no ``file://`` path); the page numbers — N —
come from the brief's own CSS (``@page`` margin boxes). The PDF goes through the one
output writer like every other file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ftz_cli.commands.output import write_files
from ftz_cli.core.errors import Diagnostic, FtzError

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
         "microsoft-edge", "microsoft-edge-stable", "msedge")
FOLDERS = (
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
# networking off: every host resolves to nothing and every request, loopback too, goes to a
# proxy that is not there; the page's own policy (views/templating.CSP) already forbids loads
OFFLINE = ("--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
           "--proxy-bypass-list=<-loopback>", "--disable-background-networking", "--disable-sync",
           "--disable-component-update", "--no-default-browser-check", "--disable-domain-reliability")
TIMEOUT = 180  # seconds: a cold start of a browser on a slow office PC, and a long brief


def find_browser() -> str:
    """The browser to print with, or E462 saying what to install."""
    from ftz_cli.store.userconfig import config_path, user_config

    given = os.environ.get("FTZ_BROWSER") or user_config().browser
    if given:
        found = shutil.which(given) or (given if Path(given).is_file() else None)
        if found is None:
            origin = "环境变量 FTZ_BROWSER" if os.environ.get("FTZ_BROWSER") else f"用户设置文件 {config_path()} 中"
            raise FtzError(Diagnostic("E462", f"{origin}指定的浏览器“{given}”不存在",
                                      hint="写出 Chromium、Chrome 或 Edge 可执行文件的完整路径。"))
        return found
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    for path in FOLDERS:
        if Path(path).is_file():
            return path
    raise FtzError(Diagnostic(
        "E462", "生成 PDF 需要 Chromium、Chrome 或 Edge 浏览器，本机没有找到",
        hint="安装其中一个（Debian/Ubuntu：sudo apt install chromium；Windows 自带 Edge），"
             "或用环境变量 FTZ_BROWSER 指明浏览器的路径；也可以先生成 .html 或 .docx。"))


def print_pdf(html: str, browser: str) -> bytes:
    """``html`` printed to PDF bytes by ``browser`` (headless, no browser header or footer)."""
    with tempfile.TemporaryDirectory(prefix="ftz-pdf-") as folder:
        page = Path(folder) / "brief.html"
        page.write_text(html, encoding="utf-8")
        out = Path(folder) / "brief.pdf"
        args = [*_start(browser, Path(folder)),
                "--no-pdf-header-footer", "--print-to-pdf-no-header",  # new and old spellings
                f"--print-to-pdf={out}", page.as_uri()]
        try:
            done = subprocess.run(args, capture_output=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise _failed(browser, str(err)) from None
        if not out.is_file() or out.stat().st_size == 0:
            raise _failed(browser, done.stderr.decode("utf-8", "replace").strip()[-300:])
        return out.read_bytes()


def print_pdfs(pages: Sequence[str], browser: str,
               step: Callable[[str], None] = lambda _: None) -> list[bytes]:
    """Every HTML page printed to PDF by one start of ``browser`` (commands/devtools.py);
    page by page where the browser cannot be driven through a pipe (Windows, or a browser
    that does not answer on it: then that start fails before any page is printed)."""
    if len(pages) < 2 or os.name != "posix":
        return [_stepped(print_pdf(html, browser), step, n) for n, html in enumerate(pages, 1)]
    from ftz_cli.commands.devtools import BrowserGone, Session

    with tempfile.TemporaryDirectory(prefix="ftz-pdf-") as folder:
        out = []
        try:
            with Session(_start(browser, Path(folder)), Path(folder) / "browser.log", TIMEOUT) as tab:
                for n, html in enumerate(pages):
                    page = Path(folder) / f"page-{n}.html"
                    page.write_text(html, encoding="utf-8")
                    out.append(_stepped(tab.print_pdf(page), step, n + 1))
                    page.unlink()
        except BrowserGone as err:
            if not out:  # no pipe: each page by a start of its own, which says what fails
                return [_stepped(print_pdf(html, browser), step, n) for n, html in enumerate(pages, 1)]
            raise _failed(browser, str(err)) from None
        return out


def _stepped(pdf: bytes, step: Callable[[str], None], n: int) -> bytes:
    step(str(n))
    return pdf


def _start(browser: str, folder: Path) -> list[str]:
    """How ``browser`` starts: headless, offline, with a fresh profile in ``folder``."""
    args = [browser, "--headless", "--disable-gpu", "--no-first-run", "--disable-extensions",
            f"--user-data-dir={folder / 'profile'}", *OFFLINE]
    if sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(1, "--no-sandbox")  # Chromium refuses to start as root otherwise
    return args


def _failed(browser: str, detail: str) -> FtzError:
    return FtzError(Diagnostic("E463", f"浏览器“{browser}”没能生成 PDF" + (f"：{detail}" if detail else ""),
                               hint="确认这个浏览器能正常启动；或先生成 .html 再用浏览器打印，"
                                    "打印时关闭“页眉和页脚”。"))


def write_pdf(html: str, output: Path, *, force: bool, quiet: bool) -> None:
    browser = find_browser()
    write_files([(output, print_pdf(html, browser))], force=force, quiet=quiet)
