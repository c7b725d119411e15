"""The layout of the fill-in sheet: written by ``views.sheet``, read back by ``importers``."""

from __future__ import annotations

from dataclasses import dataclass

SHEET_TITLE = "进度填报"


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: int
    filled_in: bool = False  # a column for departments to fill in
    date: bool = False


COLUMNS = (
    Column("指标编号", 34),
    Column("领域", 10),
    Column("名称", 44),
    Column("类型", 9),
    Column("单位", 7),
    Column("目标值", 9),
    Column("截止日期", 12, date=True),
    Column("最新值", 9),
    Column("最新日期", 12, date=True),
    Column("日期", 12, filled_in=True, date=True),
    Column("数值", 12, filled_in=True),
    Column("状态", 10, filled_in=True),
    Column("说明", 36, filled_in=True),
    Column("填报人", 10, filled_in=True),
    Column("预计完成情况", 12, filled_in=True),  # the unit's own outlook: 能完成 / 有难度 / 不能完成
    Column("进展情况", 30, filled_in=True),
    Column("存在问题", 30, filled_in=True),
    Column("下步计划", 30, filled_in=True),
    Column("佐证材料", 24, filled_in=True),  # file names beside the sheet: 验收报告.pdf；照片.jpg
    Column("责任单位", 16),
)
INFO_HEADERS = tuple(c.header for c in COLUMNS if not c.filled_in and c.header != "指标编号")
