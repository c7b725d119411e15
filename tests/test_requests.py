"""Commands take one frozen request and return a result the CLI renders: tested here
without stdout (``validate``, ``show``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from ftz_cli.commands import list_, show, validate
from ftz_cli.store.workspace import Workspace

ITEM = "trade.outlets-2021"


def test_validate_returns_its_problems(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = validate.Request(Workspace(ws), dt.date(2021, 6, 30))
    assert validate.run(request).ok
    (ws / "updates" / "2021-03.yaml").write_text(f"- id: {ITEM}\n  date: 2021-03-02\n  value: 三\n", encoding="utf-8")
    result = validate.run(request)
    assert not result.ok and [(d.code, d.path, d.line) for d in result.diagnostics] == [
        ("E204", "updates/2021-03.yaml", 3)]
    assert capsys.readouterr() == ("", "")  # nothing printed: the CLI renders
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.today = dt.date(2021, 7, 1)  # type: ignore[misc]


def test_show_returns_the_page(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "updates" / "2021-03.yaml").write_text(f"- id: {ITEM}\n  date: 2021-03-02\n  value: 3\n", encoding="utf-8")
    result = show.run(show.Request(Workspace(ws), ITEM, dt.date(2021, 3, 31), "json"))
    assert [u["value"] for u in json.loads(result.text)["updates"]] == [3]
    assert capsys.readouterr() == ("", "")


def _recorded(ws: Path, value: str = "3") -> None:
    (ws / "updates" / "2021-03.yaml").write_text(
        f"- id: {ITEM}\n  date: 2021-03-02\n  value: {value}\n", encoding="utf-8")


def test_list_returns_its_rows(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _recorded(ws)
    asked = list_.Request(Workspace(ws), dt.date(2021, 3, 31), areas=("trade",), fmt="json")
    result = list_.run(asked)
    rows = {r["id"]: r for r in json.loads(result.text or "")}
    assert rows[ITEM]["value"] == 3 and {p.item.area for p in result.rows} == {"trade"}
    table = list_.run(dataclasses.replace(asked, fmt="table", statuses=("no_data",)))
    assert table.text is None and ITEM not in {p.item.id for p in table.rows}  # it has data
    assert capsys.readouterr() == ("", "")
