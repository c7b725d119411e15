"""The words of a 任务分解表 read as plan data: deadlines (2022年6月底前, 一季度, 年底前,
长期坚持), targets (超3500亿元, 压缩至2小时以内, 增长10%) and the kind of a task.

Every reading here is a guess a person checks: callers mark what they take from it as
``inferred`` in the draft. Dates go through ``parse.dates``, units are ``parse.values.UNITS``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

from ftz_cli.parse.dates import DateError, parse_date
from ftz_cli.parse.values import UNITS


class Deadline(NamedTuple):
    day: dt.date
    stated: bool  # the text names the day, or the end of a named month, quarter or year
    ongoing: bool = False  # 长期坚持/持续推进: no deadline to miss


_ONGOING = re.compile(r"长期坚持|持续推进|长期推进|常态化|长期|持续")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Y = r"(?:(\d{4})年)?"
# (pattern, how a match becomes (year, month, day or None for the month's end), stated)
_DAY = re.compile(r"(\d{4})[年./-](\d{1,2})[月./-](\d{1,2})日?")
_MONTH = re.compile(_Y + r"(\d{1,2})月(底|末|份|中旬|上旬|下旬)?")
_QUARTER = re.compile(_Y + r"(前三季度|第?[一二三四1-4]季度)")
_HALF = re.compile(_Y + r"(上半年|下半年)")
_YEAR_END = re.compile(_Y + r"(年底|年末)")
_YEAR_ONLY = re.compile(r"(\d{4})年(?![\d一二三四第上下前底末])|年内|全年|今年")


def deadline_of(text: object, year: int) -> Deadline | None:
    """The deadline a cell states, the latest it names (None when it names none)."""
    if isinstance(text, (dt.date, dt.datetime)):
        return Deadline(parse_date(text), True)
    words = str(text or "").strip()
    if not words:
        return None
    found = _dates(words, year)
    if _ONGOING.search(words) and not any(stated for _, stated in found):
        return Deadline(dt.date(year, 12, 31), False, True)
    if not found:
        return None
    day, stated = max(found)
    return Deadline(day, stated)


def _end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _dates(words: str, year: int) -> list[tuple[dt.date, bool]]:
    found: list[tuple[dt.date, bool]] = []
    for m in _DAY.finditer(words):
        try:
            found.append((parse_date(f"{m[1]}-{m[2]}-{m[3]}"), True))
        except DateError:
            continue
    rest = _DAY.sub("", words)
    for m in _MONTH.finditer(rest):
        if 1 <= int(m[2]) <= 12:
            found.append((_end(int(m[1] or year), int(m[2])), m[3] in ("底", "末")))
    for m in _QUARTER.finditer(rest):
        quarter = 3 if m[2] == "前三季度" else _QUARTERS[m[2].strip("第季度")[:1]]
        found.append((_end(int(m[1] or year), quarter * 3), True))
    for m in _HALF.finditer(rest):
        found.append((_end(int(m[1] or year), 6 if m[2] == "上半年" else 12), True))
    for m in _YEAR_END.finditer(rest):
        found.append((dt.date(int(m[1] or year), 12, 31), True))
    for m in _YEAR_ONLY.finditer(rest):
        found.append((dt.date(int(m[1] or year), 12, 31), False))
    return found


class TargetGuess(NamedTuple):
    comparator: str
    target: float | None  # None for a growth target with a baseline (it follows from it)
    unit: str
    wording: str  # the words that state it, as written: 压缩至2小时以内, 增长10%
    metric: str
    growth: float | None = None
    baseline: float | None = None
    rate_only: bool = False  # 增长10% with no baseline: the rate itself is the target


_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = "(" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + ")"
_CHANGE = re.compile(r"(增长|提高|提升|上升|增加|下降|降低|减少|压减|压降)" + _NUM + "%")
_BASE = re.compile(r"(?:由|从)" + _NUM + _UNIT + "|" + _NUM + _UNIT + r"(?:的)?基础上")
_LOWER = re.compile(r"(压缩至|压缩到|压减至|缩短至|缩短到|降至|降低至|降低到|下降至|下降到|减少至|控制在|"
                    r"不超过|不高于|少于|低于)" + _NUM + _UNIT + "(以内|以下)?")
_ABOVE = re.compile(r"(超过|突破|超)" + _NUM + _UNIT)
_AT_LEAST = re.compile(r"(达到|不少于|不低于)" + _NUM + _UNIT + "|" + _NUM + _UNIT + "(及以上|以上)")
_ANY = re.compile(_NUM + _UNIT)
_LEADING = re.compile(r"^(?:力争|确保|实现|完成|全年|年内|推动|推进|加快|进一步)+")
_TRAILING = re.compile(r"(?:在|以)?(?:\d{4}年)?(?:扩大至|扩大到|提升至|提高至|增至|增加至|达|为|至)?$")
_CLAUSE = re.compile(r"[，,；;。：:]")


def target_of(text: str) -> TargetGuess | None:
    """The first numeric target the text states, as a plan would write it (None: none)."""
    change = _CHANGE.search(text)
    if change:
        return _change(text, change)
    lower = _LOWER.search(text)
    if lower:
        comparator = "<" if lower[1] in ("少于", "低于") else "<="
        base = _BASE.search(text, 0, lower.start() + 1) or _BASE.search(text)
        return TargetGuess(comparator, float(lower[2]), lower[3], lower[0], _metric(text, lower.start()),
                           baseline=_base_value(base, lower[3]))
    for pattern, comparator in ((_ABOVE, ">"), (_AT_LEAST, ">=")):
        m = pattern.search(text)
        if m:
            number, unit = (m[2], m[3]) if m[2] else (m[4], m[5])
            return TargetGuess(comparator, float(number), unit, m[0], _metric(text, m.start()))
    m = _ANY.search(text)
    if m:
        return TargetGuess(">=", float(m[1]), m[2], m[0], _metric(text, m.start()))
    return None


def _change(text: str, m: re.Match[str]) -> TargetGuess:
    rise = m[1] in ("增长", "提高", "提升", "上升", "增加")
    growth = float(m[2]) if rise else -float(m[2])
    metric = _metric(text, m.start())
    base = _BASE.search(text)
    if base is not None:
        unit = base[2] or base[4]
        return TargetGuess(">=" if rise else "<=", None, unit, m[0], metric, growth,
                           _base_value(base, unit))
    # no base figure to grow from: the rate itself is what units report (增速、降幅)
    return TargetGuess(">=", float(m[2]), "%", m[0], metric + ("增幅" if rise else "降幅"),
                       rate_only=True)


def _base_value(base: re.Match[str] | None, unit: str) -> float | None:
    if base is None:
        return None
    number, written = (base[1], base[2]) if base[1] else (base[3], base[4])
    return float(number) if written == unit else None


def _metric(text: str, at: int) -> str:
    """The words of the clause before the target: what is measured (通关时间, 进出口额)."""
    start = max((m.end() for m in _CLAUSE.finditer(text, 0, at)), default=0)
    words = _TRAILING.sub("", _BASE.sub("", text[start:at]).strip())
    return _LEADING.sub("", words).strip("的为在将")


_FLOW_WORDS = re.compile(r"额|收入|交易|进出口|业务量|总量|营收|税收|产值|销售|结算|货运量|吞吐量")
_COUNT_WORDS = re.compile(r"新增|引进|建成|培育|形成|打造|设立|落地|开通|出台|制定|新设|招引|签约")
_DONE_WORDS = re.compile(r"建成|完成|出台|印发|上线|开业|落地|挂牌|揭牌|运行|开通|启用|验收|获批|制定|发布|"
                         r"举办|召开|签约|封关|投用|投运|实施|启动|开工|建立")


def kind_of(text: str, guess: TargetGuess | None, ongoing: bool) -> str:
    """flow, level or count for a numeric target; milestone or qualitative for a task."""
    if guess is not None:
        if guess.comparator in ("<", "<=") or guess.rate_only or guess.unit == "%":
            return "level"
        if _FLOW_WORDS.search(guess.metric or text) and UNITS[guess.unit][0] in (
                "money", "orders", "transactions", "teu", "tons"):
            return "flow"
        return "count" if _COUNT_WORDS.search(text) else "level"
    if not ongoing and _DONE_WORDS.search(text):
        return "milestone"
    return "qualitative"
