"""ftz never writes a file it cannot read back, and one broken record hides no other problem."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

ITEM = "trade.outlets-2021"
MONTH = "2021-04"
APRIL_2 = dt.datetime(2021, 4, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def record(ftz, ws: Path, *args: str):
    return ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-02", *args)


def shown_records(ftz, ws: Path) -> list[dict[str, object]]:
    result = ftz("--data", str(ws), "show", ITEM, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["updates"]


def valid(ftz, ws: Path) -> bool:
    return ftz("--data", str(ws), "validate").exit_code == 0


@pytest.mark.parametrize("text", [
    f"  - id: {ITEM}\n    date: 2021-03-01\n    value: 3\n",       # an indented list
    f"[{{id: {ITEM}, date: 2021-03-01, value: 3}}]\n",              # a flow list
    f"--- \n- id: {ITEM}\n  date: 2021-03-01\n  value: 3\n...\n",   # a document with an end marker
])
def test_a_log_edited_by_hand_is_left_alone_and_the_record_lands(text, ftz, ws, tmp_path, monkeypatch):
    monkeypatch.setenv("FTZ_WRITER", "zhang")
    log = ws / "updates" / MONTH / "zhang.yaml"  # the writer's own log for the month
    log.parent.mkdir()
    log.write_text(text, encoding="utf-8")
    monkeypatch.setattr("ftz_cli.store.append._now", lambda: APRIL_2)
    assert valid(ftz, ws)
    assert record(ftz, ws, "--value", "4").exit_code == 0
    assert log.read_text(encoding="utf-8") == text
    assert valid(ftz, ws)
    assert [(r["date"], r["value"]) for r in shown_records(ftz, ws)] == [
        ("2021-03-01", 3), ("2021-03-02", 4)]
    assert (ws / "updates" / MONTH / "zhang_2.yaml").exists()


def test_an_empty_flow_list_is_an_empty_log(ftz, ws, monkeypatch):
    (ws / "updates" / f"{MONTH}.yaml").write_text("[]\n", encoding="utf-8")
    monkeypatch.setattr("ftz_cli.store.append._now", lambda: APRIL_2)
    assert record(ftz, ws, "--value", "4").exit_code == 0
    assert valid(ftz, ws)
    assert len(shown_records(ftz, ws)) == 1


def test_a_correction_written_to_the_next_log_wins(ftz, ws, monkeypatch):
    (ws / "updates" / f"{MONTH}.yaml").write_text(
        f"  - id: {ITEM}\n    date: 2021-03-02\n    value: 3\n", encoding="utf-8")
    monkeypatch.setattr("ftz_cli.store.append._now", lambda: APRIL_2)
    assert record(ftz, ws, "--value", "4", "--replace").exit_code == 0
    result = ftz("--data", str(ws), "show", ITEM, "--format", "json", "--as-of", "2021-03-31")
    assert json.loads(result.stdout)["value"] == 4


# control characters (\x01, \x7f, \x80 … \x9f, \u2028) are refused in new input since issue 14;
# test_hostile.py checks that old data holding them reads back exactly
@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\t", '"', "\\", "#", ": ", "\n- id: x"])
def test_any_character_in_a_note_reads_back_exactly(char, ftz, ws):
    note = f"a{char}b"
    assert record(ftz, ws, "--value", "4", "--note", note, "--by", note).exit_code == 0
    assert valid(ftz, ws)
    [shown] = shown_records(ftz, ws)
    assert (shown["note"], shown["by"]) == (note, note)


def test_validate_reports_every_record_beside_yaml_problems(ftz, ws):
    (ws / "updates" / "2021-03.yaml").write_text(
        f"- id: {ITEM}\n  date: 2021-02-30\n  value: 3\n"           # E122, line 2
        f"- id: {ITEM}\n  date: 2021-03-01\n  value: 1\n  value: 2\n"  # E102, line 7
        f"- id: {ITEM}\n  date: 2021-03-02\n  value: 三个\n"        # E204, line 10
        f"- id: {ITEM}\n  date: 2021-03-03\n  colour: red\n  value: 3\n",  # E111, line 13
        encoding="utf-8")
    (ws / "updates" / "2021-04.yaml").mkdir()  # a folder where a log should be
    result = ftz("--data", str(ws), "validate", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    found = {(p["code"], p["line"]) for p in problems}
    assert {("E122", 2), ("E102", 7), ("E204", 10), ("E111", 13)} <= found
    assert any(p["code"] == "E001" and "文件夹" in p["message"] for p in problems)
    assert not any(line in (2, 3, 5, 6, 7) for code, line in found if code not in ("E122", "E102"))


def test_twin_rows_in_one_import_are_told_apart_from_a_correction(ftz, ws, tmp_path):
    sheet = tmp_path / "twins.csv"
    sheet.write_text(f"id,date,value\n{ITEM},2021-03-02,3\n{ITEM},2021-03-02,4\n", encoding="utf-8")
    result = ftz("--data", str(ws), "import", str(sheet), "--replace")
    assert result.exit_code == 1
    assert "错误 E210 " in result.stderr and "同一文件里" in result.stderr
    assert "--replace" not in result.stderr
    assert record(ftz, ws, "--value", "3").exit_code == 0
    again = record(ftz, ws, "--value", "5")
    assert again.exit_code == 1 and "请加 --replace" in again.stderr


@pytest.mark.parametrize(("flag", "said"), [
    ('"false"', "replace 写成了带引号的文字“false”，应为不带引号的 true 或 false"),
    ("no_thanks", "replace 应为 true 或 false，现在是“no_thanks”"),
    ("[yes]", "“replace”应为单个值，现在是列表"), ("1", "replace 应为 true 或 false，现在是数字 1")])
def test_replace_is_true_or_false_nothing_else(flag, said, ftz, ws):
    (ws / "updates" / "2021-03.yaml").write_text(
        f"- id: {ITEM}\n  date: 2021-03-01\n  value: 3\n"
        f"- id: {ITEM}\n  date: 2021-03-01\n  value: 4\n  replace: {flag}\n", encoding="utf-8")
    result = ftz("--data", str(ws), "validate")
    assert result.exit_code == 1
    assert f"updates/2021-03.yaml:7:12: 错误 E113 {said}\n" in result.stderr


def test_text_that_cannot_be_stored_is_refused(ftz, ws, tmp_path):
    sheet = tmp_path / "a.json"
    sheet.write_text(f'[{{"id": "{ITEM}", "date": "2021-03-01", "value": 3, "note": "a\\ud800b"}}]',
                     encoding="utf-8")
    result = ftz("--data", str(ws), "import", str(sheet))
    assert result.exit_code == 1 and "错误 E215 " in result.stderr
    assert list((ws / "updates").iterdir()) == []


@pytest.mark.parametrize("digits", [400, 5000])
def test_an_integer_of_thousands_of_digits_is_an_error_not_a_crash(digits, ftz, ws, tmp_path):
    sheet = tmp_path / "a.json"
    sheet.write_text(f'[{{"id": "{ITEM}", "date": "2021-03-01", "value": 1{"0" * digits}}}]',
                     encoding="utf-8")
    result = ftz("--data", str(ws), "import", str(sheet))
    assert result.exit_code == 1 and "错误 E205 " in result.stderr
    assert "内部错误" not in result.stderr
    (ws / "updates" / "2021-03.yaml").write_text(
        f"- id: {ITEM}\n  date: 2021-03-01\n  value: 1{'0' * digits}\n", encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 1 and "内部错误" not in checked.stderr
    assert max(len(line) for line in checked.stderr.splitlines()) < 200


def test_show_lists_the_history_by_date_up_to_the_as_of_day(ftz, ws):
    for day, value in (("2021-05-01", 9), ("2021-03-01", 3), ("2021-04-01", 6)):
        assert ftz("--data", str(ws), "update", ITEM, "--date", day, "--value", str(value)).exit_code == 0
    result = ftz("--data", str(ws), "show", ITEM, "--format", "json", "--as-of", "2021-04-15")
    assert [u["date"] for u in json.loads(result.stdout)["updates"]] == ["2021-03-01", "2021-04-01"]


def test_a_new_file_is_never_written_over_another(tmp_path: Path) -> None:
    from ftz_cli.store import atomic

    target = tmp_path / "event.json"
    atomic.write(target, b"first", new=True)
    with pytest.raises(FileExistsError):
        atomic.write(target, b"second", new=True)
    assert target.read_bytes() == b"first" and atomic.orphans(tmp_path) == []  # no temporary file left
    atomic.write(target, b"second")  # an ordinary write replaces it
    assert target.read_bytes() == b"second"
