"""``ftz remind --send``: one message per unit to a local robot (never a real service), signed,
paced, no duplicates on a rerun, a failing unit reported while the others arrive."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ftz_cli.commands.send import Pacer, signed

UNITS = "units:\n  市商务局: [trade]\n  义乌海关: [trade.import-export-2021]\n  市金融办: [capital]\n"
AS_OF = ("--as-of", "2021-06-30")


class Robot:
    """A local webhook: records every message, refuses the units named in ``refuse``."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict]] = []
        self.refuse: set[str] = set()


@pytest.fixture
def robot() -> Iterator[tuple[Robot, str]]:
    state = Robot()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
            state.received.append((self.path, body))
            text = json.dumps(body, ensure_ascii=False)
            refused = any(unit in text for unit in state.refuse)
            answer = {"errcode": 310000, "errmsg": "keywords not in content"} if refused else {
                "errcode": 0, "errmsg": "ok"}
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/robot/send?access_token=abc"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def office(ws: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    (ws / "ftz.yaml").write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("FTZ_CONFIG", raising=False)
    monkeypatch.delenv("FTZ_WEBHOOK", raising=False)
    monkeypatch.delenv("FTZ_WEBHOOK_SECRET", raising=False)
    return ws


def _units(ftz, ws: Path) -> list[str]:
    rows = json.loads(ftz("--data", str(ws), "remind", *AS_OF, "--format", "json").stdout)
    return list(dict.fromkeys(r["unit"] for r in rows))


def test_one_signed_message_per_unit_and_no_duplicates_on_a_rerun(office, ftz, robot, monkeypatch):
    state, url = robot
    monkeypatch.setenv("FTZ_WEBHOOK", url)
    monkeypatch.setenv("FTZ_WEBHOOK_SECRET", "SECtest")
    result = ftz("--data", str(office), "remind", *AS_OF, "--send", "dingtalk")
    assert result.exit_code == 0, result.stderr
    units = _units(ftz, office)
    assert len(state.received) == len(units) >= 4
    for (path, body), unit in zip(state.received, units, strict=True):
        assert body["msgtype"] == "markdown" and body["markdown"]["title"] == f"催办提醒：{unit}"
        assert f"**【催办提醒】{unit}：**" in body["markdown"]["text"]
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
        stamp, sign = query["timestamp"][0], query["sign"][0]
        mac = hmac.new(b"SECtest", f"{stamp}\nSECtest".encode(), hashlib.sha256).digest()
        assert sign == base64.b64encode(mac).decode()  # parse_qs undid the url-encoding
        assert query["access_token"] == ["abc"]
    assert ftz("--data", str(office), "remind", *AS_OF, "--send", "dingtalk").exit_code == 0
    assert len(state.received) == len(units)  # the same notices the same day: nothing again
    log = [json.loads(line) for p in (office / "sent").glob("*.jsonl") for line in p.read_text().splitlines()]
    assert [e["unit"] for e in log] == units and all(e["ok"] and len(e["digest"]) == 64 for e in log)


def test_a_failing_unit_is_named_the_rest_arrive_and_a_rerun_sends_only_it(office, ftz, robot, monkeypatch):
    state, url = robot
    monkeypatch.setenv("FTZ_WEBHOOK", url)
    state.refuse = {"义乌海关"}
    result = ftz("--data", str(office), "remind", *AS_OF, "--send", "wecom")
    assert result.exit_code == 1
    assert "E508" in result.stderr and "义乌海关" in result.stderr and "keywords not in content" in result.stderr
    units = _units(ftz, office)
    assert len(state.received) == len(units)
    assert all("markdown" in body and "content" in body["markdown"] for _, body in state.received)
    assert all("timestamp=" not in path for path, _ in state.received)  # no secret: not signed
    state.refuse = set()
    assert ftz("--data", str(office), "remind", *AS_OF, "--send", "wecom").exit_code == 0
    again = state.received[len(units):]
    assert len(again) == 1 and "义乌海关" in again[0][1]["markdown"]["content"]


def test_a_changed_notice_is_sent_again(office, ftz, robot, monkeypatch):
    state, url = robot
    monkeypatch.setenv("FTZ_WEBHOOK", url)
    assert ftz("--data", str(office), "remind", *AS_OF, "--send", "wecom").exit_code == 0
    first = len(state.received)
    # behind at its own date (28.6% against 5月31日's 41.4%): listed, now with its figure
    assert ftz("--data", str(office), "update", "trade.import-export-2021", "--value", "1000",
               "--date", "2021-05-31").exit_code == 0
    assert ftz("--data", str(office), "remind", *AS_OF, "--send", "wecom").exit_code == 0
    changed = {body["markdown"]["content"].split("：")[0] for _, body in state.received[first:]}
    assert changed == {"**【催办提醒】市商务局", "**【催办提醒】义乌海关"}


def test_dry_run_prints_the_payloads_and_sends_nothing(office, ftz, robot, monkeypatch):
    state, url = robot
    result = ftz("--data", str(office), "remind", *AS_OF, "--send", "dingtalk", "--dry-run")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert [m["unit"] for m in shown] == _units(ftz, office)
    assert shown[0]["payload"]["msgtype"] == "markdown" and len(shown[0]["digest"]) == 64
    assert state.received == [] and not (office / "sent").exists()


def test_no_webhook_is_an_error_that_says_how(office, ftz):
    result = ftz("--data", str(office), "remind", *AS_OF, "--send", "dingtalk")
    assert result.exit_code == 1 and "E506" in result.stderr and "FTZ_WEBHOOK" in result.stderr


def test_a_committed_workspace_cannot_send_elsewhere(office, ftz, robot):
    state, url = robot
    (office / "ftz.yaml").write_text(UNITS + f"remind:\n  webhook: {url}\n", encoding="utf-8")
    result = ftz("--data", str(office), "remind", *AS_OF, "--send", "dingtalk")
    assert result.exit_code == 1 and "E507" in result.stderr
    assert state.received == []


def test_the_users_own_config_is_used(office, ftz, robot, tmp_path):
    state, url = robot
    (tmp_path / "config" / "ftz").mkdir(parents=True)
    (tmp_path / "config" / "ftz" / "config.yaml").write_text(f"wecom_webhook: {url}\n", encoding="utf-8")
    assert ftz("--data", str(office), "remind", *AS_OF, "--send", "wecom", "-u", "市金融办").exit_code == 0
    assert len(state.received) == 1


def test_pacing_allows_twenty_a_minute_without_sleeping_in_tests():
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = Pacer(clock=lambda: now[0], sleep=sleep)
    for _ in range(20):
        pacer.wait()
        now[0] += 0.5  # the service answers half a second later: the message counts from then
        pacer.sent()
        now[0] += 0.5
    assert slept == []
    pacer.wait()  # the 21st, 20 s after the first: waits until the first answer is a minute old
    assert slept == [40.5]


def test_dingtalk_signature_matches_its_documented_example():
    url = signed("https://oapi.dingtalk.com/robot/send?access_token=x", "SEC123", 1577808000000)
    mac = hmac.new(b"SEC123", b"1577808000000\nSEC123", hashlib.sha256).digest()
    assert url == ("https://oapi.dingtalk.com/robot/send?access_token=x&timestamp=1577808000000&sign="
                   + urllib.parse.quote_plus(base64.b64encode(mac).decode()))


def test_a_log_ftz_cannot_read_as_a_file_stops_before_anything_is_sent(office, ftz, robot, monkeypatch):
    import datetime as dt
    import os

    state, url = robot
    monkeypatch.setenv("FTZ_WEBHOOK", url)
    month = office / "sent" / f"{dt.datetime.now(dt.timezone(dt.timedelta(hours=8))):%Y-%m}.jsonl"
    month.parent.mkdir()
    os.mkfifo(month)  # opened for appending, it would wait for a reader for ever
    result = ftz("--data", str(office), "remind", *AS_OF, "--send", "wecom")
    assert result.exit_code != 0 and "E009" in result.stderr and month.name in result.stderr
    assert state.received == []  # said before any notice went out


def test_the_log_is_added_to_whole_and_a_hand_edited_line_is_kept(office, ftz, robot, monkeypatch):
    import datetime as dt

    state, url = robot
    monkeypatch.setenv("FTZ_WEBHOOK", url)
    month = office / "sent" / f"{dt.datetime.now(dt.timezone(dt.timedelta(hours=8))):%Y-%m}.jsonl"
    month.parent.mkdir()
    month.write_bytes("# 手写的一行".encode())  # no newline at its end
    assert ftz("--data", str(office), "remind", *AS_OF, "--send", "wecom").exit_code == 0
    lines = month.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# 手写的一行" and len(lines) == 1 + len(state.received) >= 5
    assert [json.loads(line)["unit"] for line in lines[1:]] == _units(ftz, office)
    assert not [p for p in month.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_service_never_reached_is_said_so_in_chinese_not_as_its_answer(office, ftz, monkeypatch):
    """Connection refused is no reply of 钉钉: 'DingTalk answered: [Errno 111] Connection refused'
    misled the office into checking the robot's settings."""
    import socket

    with socket.socket() as closed:  # a port that was free a moment ago: nothing listens there
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setenv("FTZ_WEBHOOK", f"http://127.0.0.1:{port}/robot/send")
    result = ftz("--data", str(office), "remind", *AS_OF, "--send", "dingtalk")
    assert result.exit_code == 1
    assert "的通知没有发送成功，没有连上：连接被拒绝" in result.stderr, result.stderr
    assert "钉钉答复" not in result.stderr and "Errno" not in result.stderr
