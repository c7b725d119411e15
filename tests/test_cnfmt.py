"""Chinese formatting: the filters every briefing's figures go through."""

from __future__ import annotations

import datetime as dt

import pytest

from ftz_cli.views.formats import (
    cn_date,
    cn_number,
    cn_ordinal,
    cn_target,
    cn_week,
    gb_number,
    pct,
    points,
    tenths,
)


def test_dates_are_written_without_leading_zeros():
    assert cn_date(dt.date(2021, 3, 5)) == "2021年3月5日"
    assert cn_date(dt.date(2021, 12, 31)) == "2021年12月31日"


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (3500, "亿元", "3500亿元"),
    (3500.0, "亿元", "3500亿元"),
    (1.2, "万户", "1.2万户"),
    (30.1, "亿元", "30.1亿元"),
    (30.10, "亿元", "30.1亿元"),
    (0.1 + 0.2, "亿元", "0.3亿元"),  # float noise is not a decimal to print
    (185.94, "亿元", "185.94亿元"),
    (1049.996, "亿元", "1050亿元"),
    (120, "个", "120个"),
    (115, "%", "115%"),
    (0, "项", "0项"),
    (12000, "", "12000"),  # official texts print no thousands separators
])
def test_numbers_keep_the_unit_and_drop_spurious_decimals(value, unit, expected):
    assert cn_number(value, unit) == expected


def test_a_missing_number_is_a_dash():
    assert cn_number(None, "亿元") == "—"
    assert cn_number(None, "亿元", missing="未报送") == "未报送"


def test_targets_read_as_the_document_states_them():
    assert cn_target(3500, "亿元", ">") == "超3500亿元"
    assert cn_target(120, "个", ">=") == "120个以上"
    assert cn_target(43, "项", "=") == "43项"
    assert cn_target(None, "个", ">") == "—"


@pytest.mark.parametrize(("fraction", "expected"), [
    (0.863, "86.3%"), (0.3, "30.0%"), (1, "100.0%"), (0, "0.0%"), (0.49589, "49.6%"),
    (1.25, "125.0%"), (0.0004, "0.0%"), (-0.012, "-1.2%"),
])
def test_percentages_have_one_decimal(fraction, expected):
    assert pct(fraction) == expected


def test_differences_are_in_percentage_points():
    assert points(0.196) == "19.6个百分点"
    assert points(0.05) == "5.0个百分点"
    assert pct(None) == points(None) == "—"


def test_shown_percentages_and_their_difference_agree():
    time_progress, completion = 0.49589, 0.30041
    gap = (tenths(time_progress) - tenths(completion)) / 1000
    assert (pct(time_progress), pct(completion), points(gap)) == ("49.6%", "30.0%", "19.6个百分点")


@pytest.mark.parametrize(("fraction", "shown"), [
    (115 / 400, "28.8%"),   # 28.75%: half up, though the float is a hair below
    (0.28744, "28.7%"), (0.0005, "0.1%"), (0.00044, "0.0%"), (1.0, "100.0%"), (-0.0125, "-1.3%"),
    (0.80547, "80.6%"),     # from the JSON's 0.8055: what a script formatting it prints
])
def test_percentages_round_half_up_as_written(fraction, shown):
    assert pct(fraction) == shown


@pytest.mark.parametrize(("number", "expected"), [
    (1, "一"), (2, "二"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"),
    (21, "二十一"), (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"),
    (1010, "一千零一十"), (2021, "二千零二十一"),
])
def test_chinese_ordinals(number, expected):
    assert cn_ordinal(number) == expected


def test_ordinals_out_of_range_are_refused():
    for bad in (0, -1, 10000):
        with pytest.raises(ValueError):
            cn_ordinal(bad)


def test_gb_t_9704_numbering_levels():
    assert [gb_number(1, level) for level in (1, 2, 3, 4)] == ["一、", "（一）", "1.", "（1）"]
    assert gb_number(12, 1) == "十二、"
    assert gb_number(3, 2) == "（三）"
    with pytest.raises(ValueError):
        gb_number(1, 5)


def test_iso_week_labels_start_on_monday():
    assert cn_week(dt.date(2021, 3, 10)) == "2021年第10周（3月8日—3月14日）"
    assert cn_week(dt.date(2021, 3, 8)) == cn_week(dt.date(2021, 3, 14))
    # 2021-01-01 is a Friday in ISO week 53 of 2020: the year is the ISO year
    assert cn_week(dt.date(2021, 1, 1)) == "2020年第53周（12月28日—2021年1月3日）"
