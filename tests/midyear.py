"""A realistic mid-year workspace: about thirty updates from the teams, January to June 2021.

Used by the brief tests (HTML, Word, PDF) and by bench/bench_report.py. The records are as
the teams would send them: quarterly figures, milestones moving from 未启动 to 已完成, a few
notes, one team (资金自由) reporting late, the second campaign's items partly answered.
"""

from __future__ import annotations

import json
from pathlib import Path

AS_OF = "2021-06-30"
STAMP = "2021-07-01T09:00:00+08:00"

# (id, date, value or state, note)
RECORDS: list[tuple[str, str, object, str]] = [
    ("trade.import-export-2021", "2021-03-31", 780, "一季度"),
    ("trade.import-export-2021", "2021-05-31", 1320, "1—5月"),
    ("trade.overseas-warehouses-2021", "2021-03-31", 82, ""),
    ("trade.overseas-warehouses-2021", "2021-06-20", 96, "含新增“义乌系”海外仓14个"),
    ("trade.two-countries-parks-2021", "2021-06-15", 2, "中国—迪拜、中国—卢旺达"),
    ("trade.cloud-warehouses-2021", "2021-06-25", 38, ""),
    ("trade.outlets-2021", "2021-05-31", 16, ""),
    ("trade.dubai-mall-opening", "2021-06-28", "推进中", "主体结构封顶，招商签约率65%"),
    ("trade.bonded-zone-phase1-2021", "2021-06-10", "推进中", "完成预验收，待海关总署批复"),
    ("trade.market-procurement-truck", "2021-04-15", "已完成", "市场采购“卡车航班”开通"),
    ("trade.c2.import-platform", "2021-05-20", "已完成", ""),
    ("trade.c2.bonded-zone-closure", "2021-05-25", "推进中", "封关验收材料已报送"),
    ("investment.negative-list-feb", "2021-02-26", "已完成", ""),
    ("investment.upward-list-feb", "2021-03-20", "推进中", "清单初稿已形成，待省里审定"),
    ("investment.access-breakthroughs-2021", "2021-06-18", 1, ""),
    ("investment.approval-delegation-2021", "2021-06-18", 3, ""),
    ("investment.commitment-entry-increase", "2021-06-25", "推进中", "新增“承诺即入”事项12项"),
    ("investment.pilot-qflp", "2021-06-01", "推进中", "首批QFLP试点企业已遴选"),
    ("investment.same-day-completion", "2021-05-10", "已完成", ""),
    ("investment.single-window-platform", "2021-06-22", "未启动", "平台方案待论证"),
    ("capital.cross-border-rmb-2021", "2021-03-31", 60, ""),
    ("capital.cross-border-rmb-2021", "2021-06-25", 150, ""),
    ("capital.foreign-bank-cooperation-2021", "2021-06-25", 4, ""),
    ("capital.new-financial-orgs-2021", "2021-06-25", 31, ""),
    ("capital.digital-finance-2021", "2021-04-30", 9, ""),
    ("capital.c2.run-digital-rmb-pilot", "2021-04-28", "已完成", "首批试点场景上线"),
    ("capital.digital-rmb-pilot-2021", "2021-06-15", "推进中", ""),
    ("zone.reform-projects-2021", "2021-06-20", 6, "第一批6个改革项目已报省里"),
    ("zone.goal-2021.lead-province", "2021-06-20", "推进中", ""),
]

NOTES = """\
# 2021年6月30日简报：存在问题和下一步工作（正文照录）
problems:
  - 部分专班报送不及时，资金自由专班4月以来多项指标未更新。
  - 综保区一期封关验收时间紧，海关总署批复尚未下达。
next_steps:
  - 7月上旬召开专班例会，逐项对照年度目标补齐进度。
areas:
  trade:
    problems: 进出口额低于序时进度，受海运运力紧张影响较大。
    next_steps:
      - 加快迪拜义乌中国小商品城招商，确保年底开业。
  investment:
    next_steps: 7月底前完成“单一窗口”平台方案论证 & 招标（<试点>）。
items:
  trade.import-export-2021:
    progress: 1—5月完成1320亿元，同比增长12.5%。
    problems: 海运运力紧张，集装箱运价上涨。
    next_steps: 开通更多中欧班列线路。
  trade.dubai-mall-opening:
    next_steps: 9月底前完成招商，年底开业。
"""


def write_midyear(ws: Path, *, notes: bool = True) -> Path:
    """Fill the workspace ``ws`` (made from the bundled plan) with the mid-year records."""
    months: dict[str, list[str]] = {}
    for item_id, day, progress, note in RECORDS:
        field = "status" if isinstance(progress, str) else "value"
        months.setdefault(day[:7], []).append(
            f"- id: {item_id}\n  date: {day}\n  {field}: {json.dumps(progress, ensure_ascii=False)}\n"
            f"  note: {json.dumps(note, ensure_ascii=False)}\n  by: 专班联络员\n  recorded_at: {STAMP}\n")
    (ws / "updates").mkdir(exist_ok=True)
    for month, lines in months.items():
        (ws / "updates" / f"{month}.yaml").write_text("".join(lines), encoding="utf-8")
    # a department's own words on its record (ftz sheet's 进展情况, 存在问题, 下步计划 columns)
    with (ws / "updates" / "2021-06.yaml").open("a", encoding="utf-8") as log:
        log.write(f"- id: trade.cloud-warehouses-2021\n  date: 2021-06-28\n  value: 40\n"
                  f"  progress_note: 新增云仓2个\n  problems: 海外仓用地审批慢\n"
                  f"  next_steps: 7月与自然资源局会商\n  by: 专班联络员\n  recorded_at: {STAMP}\n")
    if notes:
        (ws / "notes").mkdir(exist_ok=True)
        (ws / "notes" / f"{AS_OF}.yaml").write_text(NOTES, encoding="utf-8")
    (ws / "ftz.yaml").write_text(
        "report:\n  to: 市委、市政府领导\n  cc: 市人大常委会、市政协\n  send: 各专班成员单位\n"
        "  internal: true\n", encoding="utf-8")
    return ws
