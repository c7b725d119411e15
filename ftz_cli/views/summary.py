"""``ftz report`` at a terminal: a short summary of the briefing, and how to write it out.

A briefing is a document (Markdown or HTML) meant for a file; at a terminal its Markdown
is hundreds of lines nobody reads. This is what it would say, in a screen or so.
"""

from __future__ import annotations

from typing import Any

from ftz_cli.parse.dates import cn_date
from ftz_cli.views.cells import width, wrap

# each heading one status, as the brief counts them (its labels say 逾期未完成 or 逾期未报送)
_ATTENTION = {"overdue": "逾期", "severely_behind": "严重滞后", "behind": "进度滞后", "stale": "超期未更新"}
SHOWN = 3  # items listed under each heading; the document has them all


def summary_text(context: dict[str, Any], *, limit: int, command: str) -> str:
    """The summary of a briefing ``context`` (``build_context``) in lines of ``limit`` cells.

    ``command`` is the ``ftz report`` command line to repeat with ``-o``."""
    summary = context["summary"]
    lines = [("【示例数据】" if context["sample"] else "")
             + f"{context['title']}  {context['as_of'].year}年第{context['issue']}期（截至{cn_date(context['as_of'])}）",
             "─" * min(limit, 80),
             *wrap(f"共 {summary['total']} 项，已报送 {summary['reported']} 项："
                   + "，".join(f"{light['light']} {light['count']}" for light in summary["lights"]), limit)]
    attention = context["attention"]
    due = context["rules"]["due_soon_days"]
    for kind, title in [*_ATTENTION.items(), ("due_soon", f"{due}天内到期")]:
        rows = attention[kind]
        if not rows:
            continue
        lines.append(f"{title}（{len(rows)} 项）：")
        for r in rows[:SHOWN]:
            one = f"  {r['id']}  {r['title']}" + (f"（{r['label']}）" if kind == "overdue" else "")
            lines += [one] if width(one) <= limit else [
                f"  {r['id']}", *(f"    {line}" for line in wrap(r["title"], limit - 4))]
        if len(rows) > SHOWN:
            lines.append(f"  ……另有 {len(rows) - SHOWN} 项，见简报全文")
    lines += ["", "生成简报文件（HTML 可直接打印为 A4）：", f"  {command} -o 简报.html",
              "在终端查看全文（Markdown）：", f"  {command} -o -"]
    return "\n".join(lines) + "\n"
