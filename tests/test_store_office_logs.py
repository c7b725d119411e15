"""The office's own logs in the workspace, at their edges: what ``remind --send`` sent
(``sent/``) — the survivors of a mutation run of ``store/sent.py`` (docs/development.md 变异测试)."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

CHINA = dt.timezone(dt.timedelta(hours=8))
SEND = ("remind", "--as-of", "2021-06-30", "--send", "wecom")


@pytest.fixture
def office(ws: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (ws / "ftz.yaml").write_text("units:\n  市商务局: [trade]\n", encoding="utf-8")
    monkeypatch.setenv("FTZ_WEBHOOK", "http://127.0.0.1:9/robot/send")  # never reached in these tests
    return ws


def _month(ws: Path) -> Path:
    return ws / "sent" / f"{dt.datetime.now(CHINA):%Y-%m}.jsonl"


# -- store/sent.py -------------------------------------------------------------------------

def test_a_folder_in_place_of_the_sent_log_says_what_to_do(office: Path, ftz) -> None:
    month = _month(office)
    month.mkdir(parents=True)
    result = ftz("--data", str(office), *SEND, "--dry-run")
    shown = f"sent/{month.name}"
    assert result.exit_code == 1
    assert f"{shown}: 错误 E009 {shown} 应是普通文件，但这里是文件夹" in result.stderr
    assert f"提示：把 {shown} 移走；ftz 会重新记下发送情况（今天已发送的会再发一次）。" in result.stderr


def test_a_sent_log_of_16_mib_is_read_and_one_byte_more_is_refused(office: Path, ftz) -> None:
    month = _month(office)
    month.parent.mkdir()
    line = json.dumps({"unit": "市商务局", "service": "dingtalk", "at": "2021-06-30T10:00:00+08:00",
                       "digest": "d", "ok": True, "answer": ""}, ensure_ascii=False).encode()
    line = line[:-2] + b" " * (255 - len(line)) + b'"}\n'  # 256 bytes: a line of another service
    month.write_bytes(line * ((16 << 20) // len(line)))
    listed = ftz("--data", str(office), *SEND, "--dry-run")
    assert listed.exit_code == 0, listed.stderr
    assert all(not row["sent_today"] for row in json.loads(listed.stdout))
    with month.open("ab") as log:
        log.write(b"\n")
    refused = ftz("--data", str(office), *SEND, "--dry-run")
    assert refused.exit_code == 1 and f"sent/{month.name}: 错误 E004" in refused.stderr


def test_a_sent_log_that_cannot_be_written_is_named_in_the_workspace(office: Path, ftz) -> None:
    (office / "sent").write_text("", encoding="utf-8")  # a file where the folder of logs goes
    result = ftz("--data", str(office), *SEND)
    shown = f"sent/{_month(office).name}"
    assert result.exit_code == 1
    assert f"{shown}: 错误 E405 无法读写“{shown}”" in result.stderr
    assert (office / "sent").read_text(encoding="utf-8") == ""


def test_what_was_sent_just_after_midnight_on_the_first_is_found_that_day(
        ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """China time names the month's log whatever the machine's zone: a rerun that morning
    must find it, not send it again."""
    from ftz_cli.parse.sent import Sent
    from ftz_cli.store.sent import log, sent_today
    from ftz_cli.store.workspace import find

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        workspace = find(str(ws))
        log(workspace, [Sent("市商务局", "wecom", dt.datetime(2021, 7, 1, 0, 30, tzinfo=CHINA), "d1", True)])
        assert [p.name for p in (ws / "sent").iterdir()] == ["2021-07.jsonl"]
        assert sent_today(workspace, "wecom", dt.date(2021, 7, 1)) == {"市商务局": {"d1"}}
    finally:
        monkeypatch.undo()
        time.tzset()

