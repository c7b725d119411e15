"""What a record file written by hand is told: plain Chinese naming what was written and
where, never a Python representation (``['x']``, ``datetime.date(…)``, ``None``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RECORD = "- id: trade.import-export-2021\n  date: 2021-03-31\n  value: 100\n"
REPRS = ("datetime", "['", "{'", "None", "True", "False")


def validate(ws: Path, ftz, text: str):
    (ws / "updates" / "hand.yaml").write_text(text, encoding="utf-8")
    result = ftz("--data", str(ws), "validate")
    assert result.exit_code == 1, result.stderr
    assert not any(r in result.stderr for r in REPRS), result.stderr
    return result.stderr


@pytest.mark.parametrize(("text", "expected"), [
    ("- id: trade.import-export-2021\n  value: 100\n  date: [2021-03-31]\n",
     "updates/hand.yaml:3:9: 错误 E113 日期（date）应为单个值，现在是列表\n  提示：方括号 [ ]"),
    ("- date: 2021-03-31\n  value: 100\n  id: [x]\n",
     "updates/hand.yaml:3:7: 错误 E113 指标编号（id）应为单个值，现在是列表"),
    ("- id: trade.import-export-2021\n  date: 2021-03-31\n  value: {a: 1}\n",
     "updates/hand.yaml:3:10: 错误 E113 数值（value）应为单个值，现在是映射\n  提示：花括号 { }"),
    ("- id: trade.import-export-2021\n  date: 2021-03-31\n  value: 100\n  note: [a, b]\n",
     "updates/hand.yaml:4:9: 错误 E113 说明（note）应为单个值，现在是列表"),
    (RECORD + "  null: 1\n", "updates/hand.yaml:4:3: 错误 E111 记录中有一个字段名读作空值，不是字段名"),
    (RECORD + "  true: 1\n", "updates/hand.yaml:4:3: 错误 E111 记录中有一个字段名读作布尔值 true，不是字段名"),
    (RECORD + '  confirmed: "true"\n',
     "updates/hand.yaml:4:14: 错误 E113 confirmed 写成了带引号的文字“true”，应为不带引号的 true 或 false\n"
     "  提示：去掉引号，写成 confirmed: true。"),
    (RECORD + "  replace: 'false'\n",
     "updates/hand.yaml:4:12: 错误 E113 replace 写成了带引号的文字“false”，应为不带引号的 true 或 false\n"
     "  提示：去掉引号，写成 replace: false。"),
    (RECORD + "  confirmed: 1\n", "错误 E113 confirmed 应为 true 或 false，现在是数字 1"),
], ids=["date-list", "id-list", "value-map", "note-list", "null-key", "true-key", "quoted-true",
        "quoted-false", "number-flag"])
def test_a_value_of_the_wrong_kind_is_named_in_words(ws: Path, ftz, text: str, expected: str):
    assert expected in validate(ws, ftz, text)


def test_a_list_in_an_imported_json_record_is_named_too(ws: Path, ftz, tmp_path: Path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps([{"id": "trade.import-export-2021", "date": ["2021-03-31"], "value": 1}]),
                    encoding="utf-8")
    result = ftz("--data", str(ws), "import", str(path))
    assert result.exit_code == 1
    assert "日期（date）应为单个值，现在是列表" in result.stderr, result.stderr


def test_true_or_false_where_no_flag_is_named_in_words(ws: Path, ftz, tmp_path: Path):
    path = tmp_path / "in.json"
    path.write_text('[{"id": "trade.dubai-mall-opening", "date": "2021-03-31", "status": true, "note": false}]',
                    encoding="utf-8")
    result = ftz("--data", str(ws), "import", str(path))
    assert result.exit_code == 1
    assert "错误 E113 状态（status）不能是布尔值 true\n  提示：true、false 读作是或否" in result.stderr
    assert "错误 E113 说明（note）不能是布尔值 false" in result.stderr
    assert "True" not in result.stderr and "False" not in result.stderr


@pytest.mark.parametrize("typed", ["6月30日", "6月30", "6/30", "06-30", "６月３０日"])
def test_a_date_without_its_year_is_said_to_lack_it(typed):
    """A department writes 6月30日 as on a paper form: the message says the year is missing,
    not that the date cannot be read at all."""
    from ftz_cli.parse.dates import DateError, parse_date

    with pytest.raises(DateError, match=f"^日期“{typed}”没有写年份$"):
        parse_date(typed)


def test_a_value_true_is_not_a_number_in_python_words():
    from ftz_cli.parse.dates import DateError, parse_date
    from ftz_cli.parse.values import ValueProblem, parse_value

    with pytest.raises(ValueProblem, match="^数值应为数字，现在是布尔值 true$"):
        parse_value(True, "亿元")
    with pytest.raises(DateError, match="^日期应写成 2021-03-05 这样的单个日期，现在是列表$"):
        parse_date(["2021-03-31"])


@pytest.mark.parametrize(("text", "expected"), [
    (RECORD + "  note: a\ufffeb\n",
     "updates/hand.yaml:4:10: 错误 E101 文件中有 YAML 不允许的看不见的字符（\\ufffe）\n  提示：这类字符"),
    (RECORD + "  [note]: x\n",
     "updates/hand.yaml:4:3: 错误 E110 字段名不能是列表\n  提示：字段名只写文字"),
    (RECORD + "  note: @张三\n",
     "updates/hand.yaml:4:9: 错误 E101 以 @ 开头的文字必须加引号\n"
     "  提示：YAML 把 @ 留作他用，值以它开头时，请用英文双引号把整个值括起来，例如 note: \"@张三\"。"),
    (RECORD + "  note: `x`\n", "updates/hand.yaml:4:9: 错误 E101 以 ` 开头的文字必须加引号"),
], ids=["fffe", "list-key", "at-sign", "backquote"])
def test_a_yaml_error_says_where_and_how_to_fix(ws: Path, ftz, text: str, expected: str):
    assert expected in validate(ws, ftz, text)


def test_an_unreadable_as_of_is_worded_as_a_sentence(ws: Path, ftz):
    result = ftz("--data", str(ws), "list", "--as-of", "昨天")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误 E407 --as-of 的日期“昨天”无法识别\n"), result.stderr


def test_a_second_record_for_a_day_is_told_in_a_sentence(ws: Path, ftz):
    args = ("--data", str(ws), "update", "trade.import-export-2021", "--date", "2021-03-31", "--value")
    assert ftz(*args, "1200").exit_code == 0
    result = ftz(*args, "1300")
    assert result.exit_code == 1
    first = next(ws.glob("updates/**/*.yaml")).relative_to(ws).as_posix()  # after a comment header
    assert result.stderr.startswith(
        f"错误 E210 指标 trade.import-export-2021 在 2021年3月31日 已有一条记录（{first} 第 3 行，数值为 1200），"
        "这次又录入数值 1300\n"), result.stderr


def test_a_refused_update_is_told_alone(ws: Path, ftz):
    result = ftz("--data", str(ws), "update", "nosuch.id", "--value", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith("错误 E201 未知的指标编号“nosuch.id”"), result.stderr
    assert "--date" not in result.stderr
    dated_today = ftz("--data", str(ws), "update", "trade.dubai-mall-opening", "--status", "推进中", "--dry-run")
    assert dated_today.exit_code == 0 and "未给出 --date：数据日期记为今天" in dated_today.stderr


def test_a_milestone_has_no_completion_rate_in_words(ws: Path, ftz):
    """A milestone 推进中 is never 完成率 0.0% beside 正常推进: the echo, show and list say its state."""
    result = ftz("--data", str(ws), "update", "trade.dubai-mall-opening", "--status", "推进中",
                 "--date", "2021-06-30")
    assert result.exit_code == 0, result.stderr
    assert "  trade.dubai-mall-opening  2021年6月30日  推进中 → 截至当日序时进度 49.6%，正常推进\n" in result.stdout
    show = ftz("--data", str(ws), "show", "trade.dubai-mall-opening", "--as-of", "2021-06-30").stdout
    assert "截至2021年6月30日：正常推进，序时进度 49.6%" in show and "完成率" not in show
    listed = ftz("--data", str(ws), "list", "--kind", "milestone", "--as-of", "2021-06-30").stdout
    assert "  正常推进  序时进度 49.6%  数据截至 6月30日  当前 推进中" in listed and "完成率 0.0%" not in listed
    number = ftz("--data", str(ws), "update", "trade.import-export-2021", "--value", "1750",
                 "--date", "2021-06-30").stdout
    assert "1750亿元 → 截至当日完成率 50.0%，序时进度 49.6%，正常推进" in number  # a number keeps its rate
    rows = json.loads(ftz("--data", str(ws), "list", "--kind", "milestone", "--as-of", "2021-06-30",
                          "--format", "json").stdout)
    assert {r["completion"] for r in rows if r["id"] == "trade.dubai-mall-opening"} == {0.0}  # the contract's


def test_silent_red_items_are_counted_among_the_red_not_beside_them(ws: Path, ftz):
    """红灯8项 that are the 8 逾期未报送 items read as 8, never as 8 and another 8."""
    body = ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "--draft", "--body-only").stdout
    assert "（牵头：副市长 葛巧棣）：红灯8项\n\n红灯8项均为逾期未报送，至今没有报送进度。" in body, body
    assert "另有逾期未报送" not in body
