"""The office's tunable numbers and names (``ftz.yaml``), with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ftz_cli.core.units import Assignment

RANK_RULES: tuple[str, ...] = ("on_time", "reported")  # report.rank_by: see core/scoreboard.py


@dataclass(frozen=True, slots=True)
class Settings:
    """Tunable numbers, with the defaults documented in docs/settings.md (``ftz.yaml``)."""

    on_track_tolerance: float = 0.05
    behind_tolerance: float = 0.15
    stale_days: int = 45
    due_soon_days: int = 30
    outlook_likely: float = 1.0  # 全年预期: projected completion from here is 预计能完成,
    outlook_at_risk: float = 0.8  # from here 有风险, below it 难以完成 (core/outlook.py)
    title: str = "义乌自贸区建设推进情况简报"
    org: str = "义乌市自贸区建设工作领导小组办公室"
    issue: int | None = None  # the first 期号 of a year when the issue log has none yet
    # 版记 (报/送/发) and the 内部资料 mark of a brief; the .docx style template (the browser
    # for PDF is the user's own setting, never the workspace's: store/userconfig.py)
    to: str = ""
    cc: str = ""
    send: str = ""
    internal: bool = False
    copies: int | None = None  # 共印X份 in the 版记
    reference_doc: str | None = None
    templates: str | None = None  # a folder of the user's templates, relative to the workspace
    sample: bool = False  # made by ``ftz init --example``: everything printed says 示例数据
    # the reporting rhythm and the scoreboard (docs/units.md): a month's figures are due by
    # this day of the next; whether the brief shows the scoreboard; how units are ranked
    due_day: int = 5
    scoreboard: bool = False
    rank_by: str = "on_time"
    confirm_done: bool = False  # 销号: a unit's 已完成 awaits the office's confirmation
    escalate_after: int = 2  # 督办: yellow or red in this many issued briefs in a row
    # remind --send: the group robot (used only for the service's own https host; see commands/send.py)
    webhook: str = ""
    secret: str = ""
    units: tuple[Assignment, ...] = ()  # 责任单位: checked against the plan when it is loaded
    writer: str = ""  # who records on this copy (file names under updates/); see store/layout.py
    plan: str = ""  # the plan commands work on when no --plan or FTZ_PLAN names one
    # where the paths (templates, reference_doc) stand in ftz.yaml: their errors point at the line
    places: tuple[tuple[str, int, int], ...] = ()

    def place(self, name: str) -> tuple[int | None, int | None]:
        """The line and column of the setting ``name``'s value in ftz.yaml, when it was read from there."""
        return next(((line, column) for key, line, column in self.places if key == name), (None, None))


class UserConfig(NamedTuple):
    """This user's own settings on this machine (``store/userconfig.py``): what a shared
    workspace may not decide."""

    browser: str | None = None
    writer: str | None = None
    # the group robots of ``remind --send`` (commands/send.py): a workspace may not choose them
    dingtalk_webhook: str | None = None
    dingtalk_secret: str | None = None
    wecom_webhook: str | None = None
