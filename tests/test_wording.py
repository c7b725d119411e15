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
