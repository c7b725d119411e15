"""One browser start for many PDFs: Chromium's DevTools protocol over a pipe.

``--remote-debugging-pipe`` makes the browser read JSON commands, each ending in a NUL
byte, on its file descriptor 3 and answer on 4: no port is opened, no library is needed. A
batch (``ftz weekly --format pdf``) opens the browser once, loads each page from a file and
prints it with ``Page.printToPDF`` (the brief's own ``@page`` size, margins and page
numbers, no header or footer of the browser's), then closes it. Where pipes cannot be
handed over like that (Windows), or the browser does not answer on the pipe within ``START``
seconds, the caller prints page by page instead.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import IO, Any

START = 30.0  # seconds for a browser to answer on the pipe at all; then the caller prints page by page
PRINT = {"preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False}


class BrowserGone(Exception):
    """The browser exited, answered with an error or took too long; ``str`` says which."""


class Session:
    """A headless browser with one page, driven through the pipe (a context manager)."""

    def __init__(self, args: list[str], log: Path, timeout: float) -> None:
        self.args, self.log, self.timeout = args, log, timeout
        self.buffer, self.last_id, self.page = b"", 0, ""
        self.process: subprocess.Popen[bytes] | None = None
        self.stderr: IO[bytes] | None = None

    def __enter__(self) -> Session:
        ours_in, theirs_out = _high_pipe()  # the browser writes answers to its fd 4
        theirs_in, ours_out = _high_pipe()  # and reads commands from its fd 3

        # Python opens every file not inheritable (PEP 446), so with close_fds=False the
        # child keeps only 0-2 and the two ends handed over as 3 and 4
        def hand_over() -> None:  # in the child, before exec
            os.dup2(theirs_in, 3)
            os.dup2(theirs_out, 4)

        self.stderr = self.log.open("wb")
        try:
            self.process = subprocess.Popen(  # noqa: S603 - the user's own browser, no shell
                [*self.args, "--remote-debugging-pipe", "about:blank"], close_fds=False,
                preexec_fn=hand_over, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=self.stderr)
        except OSError as err:
            raise BrowserGone(str(err)) from None
        finally:
            os.close(theirs_in)
            os.close(theirs_out)
        self.reader, self.writer = ours_in, ours_out
        target = self.call("Target.createTarget", {"url": "about:blank"}, wait=START)["targetId"]
        self.page = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", page=True)
        return self

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            try:
                self._send("Browser.close", {}, page=False)
                self.process.wait(timeout=10)
            except (BrowserGone, OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
            os.close(self.reader)
            os.close(self.writer)
        if self.stderr is not None:
            self.stderr.close()

    def print_pdf(self, page: Path) -> bytes:
        """The page at ``page`` (a file), loaded and printed to PDF bytes."""
        self.call("Page.navigate", {"url": page.as_uri()}, page=True)
        self._wait(lambda m: m.get("method") == "Page.loadEventFired")
        data = self.call("Page.printToPDF", PRINT, page=True)["data"]
        return base64.b64decode(data)

    def call(self, method: str, params: dict[str, Any] | None = None, *, page: bool = False,
             wait: float | None = None) -> dict[str, Any]:
        number = self._send(method, params or {}, page=page)
        answer = self._wait(lambda m: m.get("id") == number, wait)
        if "error" in answer:
            raise BrowserGone(f"{method}: {answer['error'].get('message', answer['error'])}")
        result: dict[str, Any] = answer.get("result", {})
        return result

    def _send(self, method: str, params: dict[str, Any], *, page: bool) -> int:
        self.last_id += 1
        message: dict[str, Any] = {"id": self.last_id, "method": method, "params": params}
        if page:
            message["sessionId"] = self.page
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            while data:
                data = data[os.write(self.writer, data):]
        except OSError as err:
            raise self._gone(str(err)) from None
        return self.last_id

    def _wait(self, wanted: Any, wait: float | None = None) -> dict[str, Any]:
        """Messages are read until one is ``wanted`` (events of no interest are dropped), for
        at most ``wait`` seconds (the session's timeout by default)."""
        limit = self.timeout if wait is None else wait
        deadline = time.monotonic() + limit
        while True:
            while b"\0" not in self.buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self.reader], [], [], left)[0]:
                    raise BrowserGone(f"{limit:.0f} 秒内没有响应")
                chunk = os.read(self.reader, 1 << 20)
                if not chunk:
                    raise self._gone("")
                self.buffer += chunk
            raw, _, self.buffer = self.buffer.partition(b"\0")
            message: dict[str, Any] = json.loads(raw)
            if wanted(message):
                return message


    def _gone(self, detail: str) -> BrowserGone:
        """The browser has exited: what it said on its way out, else ``detail``."""
        if self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
        said = self.log.read_text("utf-8", "replace").strip()[-300:]
        return BrowserGone(said or detail)


def _high_pipe() -> tuple[int, int]:
    """A pipe whose two ends are above 4, so that handing them over as 3 and 4 in the child
    never overwrites one with the other."""
    low = os.pipe()
    ends = tuple(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in low)
    for fd in low:
        os.close(fd)
    return ends[0], ends[1]
