"""Chinese wherever a user types: statuses and lights, kinds, and titles for ids."""

from __future__ import annotations

import json

import pytest

FLOW = "trade.import-export-2021"


def ids(ftz, ws, *args: str) -> list[str]:
    result = ftz("--data", str(ws), "list", "--as-of", "2021-06-30", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return [r["id"] for r in json.loads(result.stdout)]


@pytest.mark.parametrize(("chinese", "codes"), [
    ("已完成", ["done"]), ("正常推进", ["on_track"]), ("进度滞后", ["behind"]),
    ("严重滞后", ["severely_behind"]), ("逾期", ["overdue"]), ("未报送", ["no_data"]),
    ("绿灯", ["on_track"]), ("黄灯", ["behind"]), ("红灯", ["severely_behind", "overdue"]),
    ("灰灯", ["no_data", "not_started"]),
])
def test_status_takes_chinese_labels_and_lights(chinese, codes, ws, ftz):
    # judged on 5月20日 (38.4% of the year): 28.6% is behind, 10% severely
    for item, given in ((FLOW, "1000"), ("trade.overseas-warehouses-2021", "130"),
                        ("trade.cloud-warehouses-2021", "10"), ("trade.outlets-2021", "20"),
                        ("trade.c2.bonded-zone-closure", "推进中")):
        option = "--status" if given == "推进中" else "--value"
        result = ftz("--data", str(ws), "update", item, option, given, "--date", "2021-05-20")
        assert result.exit_code == 0, result.stderr
    english = ids(ftz, ws, *[arg for code in codes for arg in ("--status", code)])
    assert english and ids(ftz, ws, "--status", chinese) == english


@pytest.mark.parametrize(("chinese", "kind"), [
    ("年度累计", "flow"), ("存量", "level"), ("件数", "count"), ("节点", "milestone"), ("定性", "qualitative")])
def test_kind_takes_chinese(chinese, kind, ws, ftz):
    found = ids(ftz, ws, "--kind", chinese)
    assert found and found == ids(ftz, ws, "--kind", kind)


def test_unknown_chinese_filters_name_the_chinese_choices(ws, ftz):
    result = ftz("--data", str(ws), "list", "--kind", "年度")
    assert result.exit_code == 2 and "或写中文：年度累计、存量、件数、节点、定性" in result.stderr
    result = ftz("--data", str(ws), "list", "--status", "蓝灯")
    assert result.exit_code == 2 and "红灯" in result.stderr


def test_an_id_may_be_a_title_or_part_of_one(ws, ftz):
    shown = ftz("--data", str(ws), "show", "海外仓", "--format", "json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == "trade.overseas-warehouses-2021"
    exact = ftz("--data", str(ws), "show", "2021年进出口额超3500亿元", "--format", "json")
    assert json.loads(exact.stdout)["id"] == FLOW
    updated = ftz("--data", str(ws), "update", "云仓", "--value", "10", "--date", "2021-05-01")
    assert updated.exit_code == 0 and "trade.cloud-warehouses-2021" in updated.stdout


def test_a_title_of_several_items_lists_them_and_fails(ws, ftz):
    result = ftz("--data", str(ws), "show", "进出口额")
    assert result.exit_code == 1
    assert result.stderr.startswith("错误 E217 “进出口额”对应 3 个事项，请用编号指明是哪一个\n"
                                    "  提示：trade.import-export-2021（2021年进出口额超3500亿元）；")
    result = ftz("--data", str(ws), "update", "进出口额", "--value", "1", "--date", "2021-05-01")
    assert result.exit_code == 1 and "E217" in result.stderr
    assert ftz("--data", str(ws), "show", "不存在的事项").exit_code == 1


def test_list_csv_for_people_has_chinese_headers_and_percentages(ws, ftz):
    assert ftz("--data", str(ws), "update", FLOW, "--value", "1050", "--date", "2021-03-31").exit_code == 0
    result = ftz("--data", str(ws), "list", "--as-of", "2021-03-31", "--format", "csv", "--zh", "--bom",
                 "--kind", "年度累计")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("\ufeff编号,领域,事项,类型,指标,要求,目标值,单位,截止日期,当前值,进展,数据日期,"
                        "完成率,数据截至日序时进度,序时进度,状态,责任单位,牵头领导,佐证材料,退回理由,原文")
    assert lines[1].startswith(f"{FLOW},贸易自由,2021年进出口额超3500亿元,年度累计,进出口额,超过,3500,亿元,"
                               "2021-12-31,1050,,2021-03-31,30.0%,24.7%,24.7%,")
    plain = ftz("--data", str(ws), "list", "--format", "csv").stdout  # the contract's, unchanged
    assert plain.startswith("id,area,area_name,title,kind,")
    assert ftz("--data", str(ws), "list", "--zh").exit_code == 2


def test_a_sheet_may_name_an_item_by_its_full_title_only(ws, ftz, tmp_path):
    (tmp_path / "a.csv").write_text("指标编号,日期,数值\n2021年“义乌系”海外仓达到120个,2021-03-31,40\n"
                                    "云仓,2021-03-31,10\n", encoding="utf-8")
    result = ftz("--data", str(ws), "import", "a.csv")
    assert result.exit_code == 1
    assert "a.csv:3:1: 错误 E201 未知的指标编号“云仓”" in result.stderr  # a part is not enough in a file
    assert "a.csv:2:" not in result.stderr  # the full title is


@pytest.mark.parametrize(("header", "value"), [("指标编号：,日期：,数值（万元）：", 10500000),
                                               ("id:,date:,value:", 1050), ("指标编号,日期*：,数值：", 1050)])
def test_a_header_typed_with_a_colon_is_the_same_column(ws, ftz, tmp_path, header, value):
    """A department writes 日期：(a full-width colon) as on a paper form: the column is read,
    and a unit in brackets before the colon still converts."""
    (tmp_path / "a.csv").write_text(f"{header}\n{FLOW},2021-03-31,{value}\n", encoding="utf-8")
    result = ftz("--data", str(ws), "import", str(tmp_path / "a.csv"))
    assert result.exit_code == 0 and "W202" not in result.stderr, result.stderr
    shown = ftz("--data", str(ws), "show", FLOW, "--format", "json")
    assert [(u["date"], u["value"]) for u in json.loads(shown.stdout)["updates"]] == [("2021-03-31", 1050)]
