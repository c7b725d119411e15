"""The programme's clock: China time, whatever the machine's zone."""

from __future__ import annotations

import datetime as dt

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
