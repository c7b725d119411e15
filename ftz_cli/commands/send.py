"""``ftz remind --send dingtalk|wecom``: one message per unit to the group robot's webhook.

Trust (docs/security.md's rule: a shared workspace is data): ftz reaches the network only when
the user types ``--send``. The webhook comes from the environment (``FTZ_WEBHOOK``,
``FTZ_WEBHOOK_SECRET``), else the user's own settings file (``store.userconfig``), else ``remind.webhook``
in ``ftz.yaml`` — and from ``ftz.yaml`` only an https address of the service's own host, said
aloud before sending, so a committed workspace cannot send the units' notices elsewhere.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.store.workspace import Workspace

HOSTS = {"dingtalk": "oapi.dingtalk.com", "wecom": "qyapi.weixin.qq.com"}
PER_MINUTE = 20  # both services limit a robot to about 20 messages a minute


class Hook(NamedTuple):
    url: str
    secret: str
    source: str  # where it came from, as the user is told


class Pacer:
    """At most ``most`` messages in any ``window`` seconds, counted from when each was answered
    (the service has it by then: counting from when it was sent let the 21st arrive 59.96 s
    after the first). The clock and sleep are injectable, so tests do not wait."""

    def __init__(self, most: int = PER_MINUTE, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
                 ) -> None:
        self.most, self.window, self.clock, self.sleep = most, window, clock, sleep
        self.times: list[float] = []

    def wait(self) -> None:
        """Wait until one more message keeps within the limit."""
        now = self.clock()
        self.times = [t for t in self.times if now - t < self.window]
        if len(self.times) >= self.most:
            self.sleep(self.times[0] + self.window - now)
            now = self.clock()
            self.times = [t for t in self.times if now - t < self.window]

    def sent(self) -> None:
        """Count a message, now that the service answered."""
        self.times.append(self.clock())


def signed(url: str, secret: str, now_ms: int) -> str:
    """DingTalk's signed-secret scheme: timestamp and the base64 HMAC-SHA256 of
    "timestamp\\nsecret", url-encoded, added to the address."""
    mac = hmac.new(secret.encode("utf-8"), f"{now_ms}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(mac).decode("ascii"))
    return f"{url}{'&' if '?' in url else '?'}timestamp={now_ms}&sign={sign}"


def post(url: str, body: Mapping[str, Any], timeout: float = 15.0) -> tuple[bool, str]:
    """POST ``body`` as JSON; whether the service took it (errcode 0), and its answer."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                                     headers={"Content-Type": "application/json; charset=utf-8"},
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked
            text = response.read(65536).decode("utf-8", errors="replace")
    except urllib.error.HTTPError as err:
        return False, f"HTTP {err.code} {err.reason}"
    except (urllib.error.URLError, OSError, ValueError) as err:
        return False, UNREACHED + _network_words(getattr(err, "reason", err))
    try:
        answer = json.loads(text)
    except ValueError:
        return False, text[:200]
    return isinstance(answer, dict) and answer.get("errcode") == 0, text[:200]


UNREACHED = "没有连上："  # the service never answered: said as such, not as its reply


def _network_words(reason: object) -> str:
    """Why a connection failed, in the user's words where the cause is a common one."""
    import errno
    import socket

    if isinstance(reason, socket.gaierror):
        return "找不到这个地址的服务器（网络不通，或地址写错了）"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "连接超时（网络不通或很慢）"
    words = {errno.ECONNREFUSED: "连接被拒绝", errno.ENETUNREACH: "网络不通", errno.EHOSTUNREACH: "网络不通",
             errno.ECONNRESET: "连接被中断"}
    return words.get(getattr(reason, "errno", None) or 0, str(reason))


def hook(service: str, settings_url: str, settings_secret: str) -> Hook:
    """The webhook to send to: environment, then the user's config, then ``ftz.yaml``."""
    url = os.environ.get("FTZ_WEBHOOK", "").strip()
    if url:
        return _checked(Hook(url, os.environ.get("FTZ_WEBHOOK_SECRET", "").strip(), "环境变量 FTZ_WEBHOOK"))
    mine = _user_config(service)
    if mine is not None:
        return _checked(mine)
    if settings_url:
        parts = urllib.parse.urlsplit(settings_url)
        if parts.scheme != "https" or parts.hostname != HOSTS[service]:
            raise FtzError(Diagnostic(
                "E507", f"ftz.yaml 的 remind.webhook 不是{_NAMES[service]}的地址（https://{HOSTS[service]}/…），不会发送",
                "ftz.yaml", hint="共享的工作区不能决定把通知发到哪里。请用环境变量 FTZ_WEBHOOK，或在本人的用户设置文件"
                "（~/.config/ftz/config.yaml）中写 " + service + "_webhook。"))
        return Hook(settings_url, settings_secret, "ftz.yaml 的 remind.webhook")
    raise FtzError(Diagnostic(
        "E506", f"没有设置{_NAMES[service]}群机器人的 Webhook 地址",
        hint="设置环境变量 FTZ_WEBHOOK（加签密钥用 FTZ_WEBHOOK_SECRET），或在本人的用户设置文件"
             f"（~/.config/ftz/config.yaml）中写 {service}_webhook: https://…；先用 --dry-run 查看将发送的内容。"))


_NAMES = {"dingtalk": "钉钉", "wecom": "企业微信"}


def _user_config(service: str) -> Hook | None:
    """The robot in this user's own settings (``store.userconfig``: ``dingtalk_webhook``,
    ``dingtalk_secret``, ``wecom_webhook``)."""
    from ftz_cli.store.userconfig import config_path, user_config

    mine = user_config()
    url = getattr(mine, f"{service}_webhook")
    if not url:
        return None
    return Hook(url, getattr(mine, f"{service}_secret", None) or "", f"用户设置文件 {config_path()}")


def _checked(found: Hook) -> Hook:
    if urllib.parse.urlsplit(found.url).scheme not in ("http", "https"):
        raise FtzError(Diagnostic("E507", f"{found.source} 的地址不是 http(s) 网址，不会发送",
                                  hint="Webhook 地址形如 https://oapi.dingtalk.com/robot/send?access_token=…"))
    return found


def deliver(messages: Sequence[tuple[str, dict[str, Any]]], service: str, found: Hook, pacer: Pacer,
            now_ms: Callable[[], int] = lambda: int(time.time() * 1000)
            ) -> list[tuple[str, bool, str]]:
    """Send each (unit, payload), paced; every unit's outcome (a failure does not stop the rest)."""
    outcomes = []
    for unit, body in messages:
        pacer.wait()
        url = signed(found.url, found.secret, now_ms()) if service == "dingtalk" and found.secret else found.url
        ok, answer = post(url, body)
        pacer.sent()
        outcomes.append((unit, ok, answer))
    return outcomes


def send_notices(ws: Workspace, texts: Mapping[str, str], service: str, *, dry_run: bool, quiet: bool,
                 pacer: Pacer | None = None) -> None:
    """One message per unit; ``dry_run`` prints the payloads as JSON. What was sent is logged
    (``store.sent``): a rerun the same day sends only what failed or changed. A unit the service
    refused is named with its answer (E508, exit 1) after the others are sent."""
    from ftz_cli.commands.output import emit, say
    from ftz_cli.parse.dates import CHINA, today
    from ftz_cli.parse.sent import Sent
    from ftz_cli.store.sent import check_loggable, log, sent_today
    from ftz_cli.views.rows import to_json
    from ftz_cli.views.webhook import digest, payload

    messages = [(unit, payload(service, unit, text)) for unit, text in texts.items()]
    done = sent_today(ws, service, today()) if not ws.readonly else {}
    todo = [(unit, body) for unit, body in messages if digest(body) not in done.get(unit, set())]
    if dry_run:
        emit(to_json([{"unit": unit, "service": service, "digest": digest(body),
                       "sent_today": (unit, body) not in todo, "payload": body} for unit, body in messages]))
        return
    if ws.settings.sample:
        raise FtzError(Diagnostic("E509", "这是示例工作区（示例数据），不会把通知发到群里",
                                  hint="用 --dry-run 查看将发送的内容；真实催办请在 ftz init 新建的工作区中进行。"))
    ws.require_writable()
    found = hook(service, ws.settings.webhook, ws.settings.secret)
    check_loggable(ws, today())  # a log that cannot be written: said before a notice is out
    host = urllib.parse.urlsplit(found.url).hostname
    say(f"发送到{_NAMES[service]}群机器人 {host}（地址来自{found.source}）：{len(todo)} 条"
        + (f"，今天已发送且内容未变的 {len(messages) - len(todo)} 条不再发送" if len(todo) < len(messages) else ""),
        quiet)
    outcomes = deliver(todo, service, found, pacer or Pacer())
    bodies = dict(todo)
    log(ws, [Sent(unit, service, dt.datetime.now(CHINA).replace(microsecond=0), digest(bodies[unit]), ok, answer)
             for unit, ok, answer in outcomes])
    failed = [(unit, answer) for unit, ok, answer in outcomes if not ok]
    say(f"已发送 {len(outcomes) - len(failed)} 条" + (f"，失败 {len(failed)} 条" if failed else "") + "。", quiet)
    if failed:
        raise FtzError([Diagnostic("E508", f"发给“{unit}”的通知没有发送成功，"
                                   + (answer if answer.startswith(UNREACHED) else f"{_NAMES[service]}答复：{answer}"),
                                   hint="检查 Webhook 地址、加签密钥和机器人的安全设置（关键词、IP）；"
                                        "改好后重新运行，已成功的单位不会重复发送。") for unit, answer in failed])
