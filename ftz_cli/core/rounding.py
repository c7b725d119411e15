"""The one rounding of every shown fraction: what scripts get (four decimals) and what people
read (tenths of a percent), which the lights are judged on too, so a light never disagrees
with the figures printed beside it."""

from __future__ import annotations

import math

__all__ = ["ratio", "tenths"]


def ratio(fraction: float) -> float:
    """A fraction as scripts get it (JSON, CSV): four decimals."""
    return round(fraction, 4)


def tenths(fraction: float) -> int:
    """A fraction in tenths of a percent (0.8634 → 863): one rounding for every shown figure.

    Derived from ``ratio``, the four-decimal fraction scripts get in JSON, and rounded half up
    as a person rounds (115/400 = 0.2875 → 28.8%), so a script that formats the JSON gets the
    percentage every view prints.
    Percentages and their differences come from the same rounded tenths, so "30.0%" and
    "49.6%" always sit beside "19.6个百分点", never "19.5".
    """
    from decimal import ROUND_HALF_UP, Decimal  # here: decimal costs validate's start-up 8 ms

    if not math.isfinite(fraction * 1000):  # beyond 1e305: no fraction left to round
        return int(fraction) * 1000
    return int(Decimal(repr(ratio(fraction))).scaleb(3).quantize(Decimal(1), ROUND_HALF_UP))
