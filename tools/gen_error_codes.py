"""Write the error-code table of docs/errors.md from ``ftz_cli.core.errors.CODES``.

Run: ``python tools/gen_error_codes.py`` after adding a code (``--check`` only compares, and
exits 1 when the page is out of step; tests/test_docs.py runs it). The table sits between two
marker comments; the prose around it is kept as written.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ftz_cli.core.errors import CODES  # noqa: E402

PAGE = ROOT / "docs" / "errors.md"
BEGIN, END = "<!-- codes: begin (tools/gen_error_codes.py) -->", "<!-- codes: end -->"


def table() -> str:
    rows = ["| code | severity | meaning |", "|---|---|---|"]
    rows += [f"| {code} | {'警告' if code.startswith('W') else '错误'} | {text} |"
             for code, text in CODES.items()]
    return "\n".join(rows)


def render(page: str) -> str:
    head, rest = page.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{table()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    page = PAGE.read_text(encoding="utf-8")
    fresh = render(page)
    if "--check" in argv:
        if fresh != page:
            print("docs/errors.md is out of step with CODES: run python tools/gen_error_codes.py")
            return 1
        return 0
    PAGE.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
