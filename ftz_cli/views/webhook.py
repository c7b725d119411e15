"""The messages a group robot receives (钉钉 or 企业微信): one per unit, as the service's JSON.

Both services document a JSON webhook with a markdown message; DingTalk's needs a title,
WeCom's caps its content at 4096 bytes (a longer notice is cut, with a line saying so).
"""

from __future__ import annotations

import hashlib
from typing import Any

SERVICES: tuple[str, ...] = ("dingtalk", "wecom")
WECOM_MOST = 4096
_CUT = "\n\n（内容过长，其余事项请见 ftz remind 的完整通知）"


def markdown(text: str) -> str:
    """A plain-text notice as markdown: each line its own paragraph line (both services
    join single newlines), numbered headings in bold."""
    lines = []
    for line in text.rstrip("\n").split("\n"):
        head = line[:2] in {f"{n}、" for n in "一二三四五六七八九十"}
        lines.append(f"**{line}**" if head or line.startswith("【") else line)
    return "  \n".join(lines)


def payload(service: str, unit: str, text: str) -> dict[str, Any]:
    """The JSON body of one message to ``service`` for ``unit``."""
    body = markdown(text)
    if service == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": f"催办提醒：{unit}", "text": body}}
    data = body.encode("utf-8")
    if len(data) > WECOM_MOST:
        room = WECOM_MOST - len(_CUT.encode("utf-8"))
        body = data[:room].decode("utf-8", errors="ignore") + _CUT
    return {"msgtype": "markdown", "markdown": {"content": body}}


def digest(message: dict[str, Any]) -> str:
    """What identifies a message's content (the unit's notice), for a rerun to skip it."""
    import json

    return hashlib.sha256(json.dumps(message, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
