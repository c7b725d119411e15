"""Sample progress for ``ftz init --example``: a plausible first half of 2021, made from the plan.

Deterministic: every choice is drawn from a hash of the item's id, so the same plan always
gives the same sample, and a changed item changes only its own records. The mix is meant
to show every light a briefing can show on 2021-06-30: most items reported and on track,
some behind or far behind, a few milestones done (one late, one overdue), some stale; one
figure far above its target, confirmed (已核实), and one typed by hand with a 万 too many,
held for checking (待核实). The records go through the same checks and the same append as
``ftz update --confirm``; the hand-typed one is written as a person would, in a file of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

from ftz_cli.core.errors import FtzError
from ftz_cli.core.model import Area, Item, Plan, Update
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.records import Raw
from ftz_cli.store import atomic
from ftz_cli.store.workspace import SETTINGS_TEMPLATE, Workspace, shipped

SAMPLE_AS_OF = dt.date(2021, 6, 30)
MONTH_ENDS: tuple[dt.date, ...] = tuple(
    dt.date(2021, m + 1, 1) - dt.timedelta(days=1) for m in range(1, 6)) + (SAMPLE_AS_OF,)
# units whose amounts are not whole numbers (money, shares); the others count things
_DECIMAL_UNITS = frozenset({"元", "万元", "亿元", "万亿元", "亿美元", "%"})
_NOTES = {3: "一季度数据", 6: "上半年数据"}

Record = dict[str, str]


_HEADER = """\
# 这是示例工作区（ftz init --example）：进度是按计划生成的示例数据，不是真实进度。
# ftz 从这里打印的一切都标有“示例数据”。录入真实进度请另用 ftz init 新建工作区。
sample: true
"""


def settings() -> str:
    """The settings of a sample workspace: a few 责任单位, the scoreboard in the brief, 销号 confirmed."""
    return _HEADER + shipped(SETTINGS_TEMPLATE).replace("  # scoreboard: true          ", "  scoreboard: true            ").replace(
        "  # confirm_done: true        ", "  confirm_done: true          ") + (
        "units:\n"
        "  市商务局: [trade.import-export-2021, trade.overseas-warehouses-2021, trade.cloud-warehouses-2021]\n"
        "  义乌海关: [trade.bonded-zone-phase1-2021, trade.market-procurement-truck]\n"
        "  市金融办: [capital]\n")


def _draw(item_id: str, salt: str) -> float:
    """A number in [0, 1) fixed by the id: the sample's only source of chance."""
    digest = hashlib.blake2b(f"{salt}:{item_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def _record(item: Item, day: dt.date, by: str, *, value: str = "", status: str = "",
            note: str = "") -> Record:
    return {"id": item.id, "date": day.isoformat(), "value": value, "status": status,
            "note": note, "by": by}


def _amount(item: Item, value: float) -> str:
    if item.unit in _DECIMAL_UNITS:
        return f"{value:.1f}".removesuffix(".0")
    return str(int(value))


def _quantitative(item: Item, by: str) -> Iterator[Record]:
    """Monthly figures at a pace of its own: ahead, on track, behind or far behind."""
    if item.target is None or _draw(item.id, "report") < 0.08:
        return  # a few never report: 未报送
    kind = _draw(item.id, "pace")
    spread = _draw(item.id, "spread")
    pace = (1.0 + 0.25 * spread if kind < 0.5 else 0.8 + 0.1 * spread if kind < 0.8
            else 0.45 + 0.2 * spread)
    last = 4 if _draw(item.id, "stale") < 0.15 else 6  # stopped reporting after April: stale
    span = (item.deadline - item.start).days + 1
    for day in MONTH_ENDS[:last]:
        if day < item.start:
            continue
        value = item.target * pace * ((day - item.start).days + 1) / span
        shown = _amount(item, value)
        if float(shown) > 0:
            yield _record(item, day, by, value=shown, note=_NOTES.get(day.month, ""))


def _states(item: Item) -> tuple[int | None, dt.date | None, bool]:
    """When work began (a month), when it was done (a date), whether it is reported 未启动."""
    roll = _draw(item.id, "state")
    begin = 1 + int(_draw(item.id, "begin") * 3)
    if item.deadline <= SAMPLE_AS_OF:  # due within the sample: mostly done, some late
        margin = dt.timedelta(days=3 + int(_draw(item.id, "margin") * 15))
        if roll < 0.75:
            return begin, item.deadline - margin, False
        if roll < 0.88 and item.deadline + margin <= SAMPLE_AS_OF:
            return begin, item.deadline + margin, False  # 逾期完成
        return begin, None, False  # 逾期未完成
    long_term = item.deadline.year > 2021
    if item.kind == "milestone" and roll < 0.12:
        return begin, MONTH_ENDS[min(5, begin + 1 + int(_draw(item.id, "done") * 3))], False
    if roll < (0.35 if long_term else 0.75):
        return begin, None, False
    if item.kind == "milestone" and roll < 0.87:
        return None, None, True
    return None, None, False


def _progress_states(item: Item, by: str) -> Iterator[Record]:
    """推进中 month by month from when work began, then 已完成 on the day it was done."""
    begin, done, idle = _states(item)
    if idle:
        yield _record(item, max(MONTH_ENDS[0], item.start), by, status="未启动")
        return
    if begin is None:
        return
    every = item.kind == "milestone"  # goals are reported each quarter
    for day in MONTH_ENDS[begin - 1:]:
        if day < item.start or (done is not None and day >= done):
            continue
        if every or day.month in (3, 6):
            yield _record(item, day, by, status="推进中")
    if done is not None:
        yield _record(item, done, by, status="已完成", note="已按要求完成")


def sample_records(plan: Plan) -> tuple[list[Record], Record | None]:
    """Every sample record, in date order: items that started by 2021-06-30 only; and the
    one typed by hand (待核实)."""
    teams = {area.id: _reporter(area) for area in plan.areas}
    out: list[Record] = []
    for item in plan.items:
        if item.start > SAMPLE_AS_OF:
            continue
        make = _quantitative if item.quantitative else _progress_states
        out.extend(make(item, teams[item.area]))
    out.extend(_verdicts(plan, out))
    by_hand = _slips(plan, out)
    return sorted(out, key=lambda r: r["date"]), by_hand


def _slips(plan: Plan, records: list[Record]) -> Record | None:
    """Of the first two counted items reported on 2021-06-30: the first's figure becomes two
    and a half times its target (confirmed when recorded), the second's is taken out and
    returned as typed by hand with a 万 too many (待核实)."""
    counted = [r for r in records if r["date"] == SAMPLE_AS_OF.isoformat() and r["value"]
               and plan.items_by_id[r["id"]].unit not in _DECIMAL_UNITS]
    if len(counted) < 2:
        return None
    ahead, slip = counted[:2]
    ahead.update(value=_amount(plan.items_by_id[ahead["id"]], (plan.items_by_id[ahead["id"]].target or 0) * 2.5),
                 note="超额完成，已核实")
    records.remove(slip)
    return {**slip, "value": f"{slip['value']}万{plan.items_by_id[slip['id']].unit}", "note": "手工录入"}


_HAND = "# 手工录入的进度（示例：这一条没有经过 ftz update 的检查，数值多写了“万”，待核实）\n"


def _write_by_hand(ws: Workspace, record: Record) -> None:
    entered = dt.datetime.combine(dt.date.fromisoformat(record["date"]) + _delay(record["id"]),
                                  dt.time(9, 30), tzinfo=CHINA)
    folder = ws.updates_dir / f"{entered.year}-{entered.month:02d}"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"- id: {record['id']}", f"  date: {record['date']}", f"  value: {record['value']}",
             f"  note: {record['note']}", f"  by: {record['by']}", f"  recorded_at: {entered.isoformat()}"]
    atomic.write(folder / "手工录入.yaml", (_HAND + "\n".join(lines) + "\n").encode("utf-8"))


def _verdicts(plan: Plan, records: list[Record]) -> Iterator[Record]:
    """The office's verdicts on two goals of the second campaign left 推进中 at its end
    (5月29日): one 未完成, one carried into the annual item of the same name; the others
    stay 到期待认定."""
    done = {r["id"] for r in records if r["status"] == "已完成"}
    due = [item for item in plan.items if item.kind == "qualitative" and item.horizon == "campaign-2"
           and item.id not in done and any(r["id"] == item.id for r in records)]
    carried = next((item for item in due if item.id.replace(".c2.", ".") in plan.items_by_id), None)
    judged = next((item for item in due if item is not carried), None)
    if judged is not None:
        yield {**_record(judged, judged.deadline + dt.timedelta(days=5), "督查科",
                         note="百日攻坚结束时未完成，列入督办"), "verdict": "未完成"}
    if carried is not None:
        yield {**_record(carried, carried.deadline + dt.timedelta(days=5), "督查科",
                         note="纳入年度任务继续推进"), "verdict": "转入年度任务",
               "carried_into": carried.id.replace(".c2.", ".")}


def _reporter(area: Area) -> str:
    return area.team or f"{area.name}专班"


def _delay(item_id: str) -> dt.timedelta:
    return dt.timedelta(days=8 if _draw(item_id, "entered") < 0.25 else 3)


def fill(ws: Workspace, today: dt.date) -> int:
    """Record the sample into the new workspace ``ws``, as if each record had been entered
    three days after its date, or for some items eight (after the due day: the scoreboard
    shows late reports); a month's entries in that month's file; the count."""
    from ftz_cli.store.append import record
    from ftz_cli.store.load import load_plan

    plan, problems, _ = load_plan(ws)
    if plan is None:
        raise FtzError(problems)
    by_month: dict[tuple[int, int], list[Raw]] = {}
    last: dict[tuple[int, int], dt.datetime] = {}
    made, by_hand = sample_records(plan)
    for fields in made:
        entered = dt.datetime.combine(dt.date.fromisoformat(fields["date"]) + _delay(fields["id"]),
                                      dt.time(9, 30), tzinfo=CHINA)
        month = (entered.year, entered.month)
        by_month.setdefault(month, []).append(Raw(
            {**{k: v for k, v in fields.items() if v}, "recorded_at": entered.isoformat()}, "示例数据"))
        last[month] = max(last.get(month, entered), entered)
    for month, raws in sorted(by_month.items()):
        # the same files on every machine; the figure far above its target is confirmed
        record(ws, raws, today, now=last[month], writer="示例数据", confirm=True)
    if by_hand is not None:
        _write_by_hand(ws, by_hand)
    _office(ws, today)
    return sum(len(raws) for raws in by_month.values()) + (by_hand is not None)


def _office(ws: Workspace, today: dt.date) -> None:
    """The office's side: a brief issued as of 5月31日 with its lights (so the brief of 6月30日
    shows 督办), and 销号 confirmed for every item done by 6月30日 but the last (待确认)."""
    from ftz_cli.core.closure import Event
    from ftz_cli.core.escalation import lights_of
    from ftz_cli.core.issues import Issued
    from ftz_cli.core.snapshot import snapshot
    from ftz_cli.store.briefs import SERIES, log_issued, record_lights
    from ftz_cli.store.closures import record
    from ftz_cli.store.load import loaded_or_fail

    book = loaded_or_fail(ws, today).book
    may = MONTH_ENDS[4]
    issued = Issued(SERIES, 1, may + dt.timedelta(days=3), may, "简报-2021-05-31.docx")
    log_issued(ws, [issued])
    record_lights(ws, issued, lights_of(snapshot(book, may).items))
    done = sorted((p for p in snapshot(book, SAMPLE_AS_OF).items if p.status == "done" and p.latest),
                  key=lambda p: (p.latest.date, p.item.id) if p.latest else (SAMPLE_AS_OF, ""))
    for p in done[:-1]:
        assert p.latest is not None  # noqa: S101 - chosen above
        # two days after the record was entered (a decision is about a record the office has)
        at = dt.datetime.combine(p.latest.recorded_at.date() + dt.timedelta(days=2), dt.time(16, 0), tzinfo=CHINA)
        record(ws, Event(p.item.id, "confirm", p.latest.date, at, "自贸办", "材料齐全，确认销号"))
    if done and done[-1].latest is not None:  # the last awaits confirmation, with its evidence
        _evidence(ws, done[-1].latest)


def _evidence(ws: Workspace, update: Update) -> None:
    """A small evidence file (示例) given with ``update``, kept as ``--evidence`` keeps one."""
    from ftz_cli.core.closure import Event, Evidence
    from ftz_cli.store.closures import keep, record

    data = "示例数据：验收报告（ftz init --example 生成，不是真实材料）\n".encode()
    evidence = Evidence("验收报告（示例）.txt", hashlib.sha256(data).hexdigest(), ".txt")
    keep(ws, evidence, data)
    record(ws, Event(update.id, "evidence", update.date, update.recorded_at, update.by, "", (evidence,)))
