"""Dates as people write them: 2021-03-05, 2021/3/5, 2021年3月5日."""

from __future__ import annotations

import datetime as dt
import re

from ftz_cli.core.clock import CHINA as CHINA  # re-exported: the readers import it from here

_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")
_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4}) *年 *(\d{1,2}) *月 *(\d{1,2}) *[日号]?"),  # 2021年 4月 30号, as people say it
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
# a time of day after a date, as spreadsheets and other tools write it: "2021-03-05 10:30",
# "2021-03-05T10:30:00+08:00"; a record is of a day, so the time is dropped (and said: W222)
_TIME = re.compile(r"[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")


# Dates ftz computes with: the programme began in 2020, and arithmetic near the
# calendar's ends (9999-12-31 plus a week) would overflow.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


class DateError(ValueError):
    """A date that cannot be read, does not exist (2021-02-30), or is out of range."""


def parse_date(value: object, *, bounded: bool = True) -> dt.date:
    """A ``date`` from a date, a datetime, or text in one of the accepted forms.

    Unless ``bounded`` is false, a date outside EARLIEST..LATEST is refused.
    """
    day = _read_date(value)
    if bounded and not EARLIEST <= day <= LATEST:
        raise DateError(f"日期“{value}”超出范围（应在{cn_date(EARLIEST)}至{cn_date(LATEST)}之间）")
    return day


def _read_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        from ftz_cli.parse.schema import describe  # what it is, never a Python representation

        raise DateError(f"日期应写成 2021-03-05 这样的单个日期，现在是{describe(value)}")
    text = _TIME.sub("", value.strip().translate(_FULLWIDTH))
    for pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise DateError(f"日期“{value}”不存在") from None
    if re.fullmatch(r"\d{1,2} *月 *\d{1,2} *[日号]?|\d{1,2}[-/.]\d{1,2}", text):  # 6月30日, as on a paper form
        raise DateError(f"日期“{value}”没有写年份")
    raise DateError(f"日期“{value}”无法识别")


def time_of_day(value: object) -> str | None:
    """The time of day given with a date ("10:30"), unless there is none or it is midnight
    ("2021-03-05 00:00:00" from a spreadsheet's date cell): what reading it as a day drops."""
    if isinstance(value, dt.datetime):
        hours, minutes, seconds = value.hour, value.minute, value.second + (value.microsecond > 0)
    elif isinstance(value, str) and ":" in value and (found := _TIME.search(value.strip().translate(_FULLWIDTH))):
        hours, minutes, seconds = (int(part or 0) for part in found.groups())
    else:
        return None
    if not (hours or minutes or seconds):
        return None
    return f"{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def day_and_time(value: object) -> tuple[dt.date, str | None]:
    """The day a date stands for (unbounded: a record's own checks say more), and the time of
    day given with it (``time_of_day``: dropped, and said with W222)."""
    return parse_date(value, bounded=False), time_of_day(value)


def today() -> dt.date:
    """Today in China (the programme's clock), whatever the machine's zone."""
    return dt.datetime.now(CHINA).date()


def now() -> dt.datetime:
    """Now in China, to the microsecond: a 销号 event is stamped so, and a confirmation and a
    return of one record are ordered by it, even when a script makes both within a second."""
    return dt.datetime.now(CHINA)




def cn_date(day: dt.date) -> str:
    """2021年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"
