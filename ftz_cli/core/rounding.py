"""The one rounding of every shown fraction: what scripts get (four decimals) and what people
read (tenths of a percent), which the lights are judged on too, so a light never disagrees
with the figures printed beside it."""

from __future__ import annotations

__all__ = ["WHOLE", "ratio", "tenths"]

# from here on a fraction is a whole number of tenths (a float above 2**53 has no fraction), and
# its tenths would have more digits than Decimal's default 28: they are counted as integers
WHOLE = 1e24


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

    if abs(fraction) >= WHOLE:  # no fraction left to round, and more digits than Decimal's 28
        return int(fraction) * 1000
    return int(Decimal(repr(ratio(fraction))).scaleb(3).quantize(Decimal(1), ROUND_HALF_UP))
