"""Numbers and dates at the edges (huge, tiny, infinite, year 1 or 9999) give clear errors."""

from __future__ import annotations

import json

import pytest

from ftz_cli.parse.values import ValueProblem, parse_value
from ftz_cli.views import formats as cnfmt

HUGE = "1" + "0" * 400  # more than a float can hold
ID = "trade.import-export-2021"
COUNT_ID = "zone.reform-projects-2021"  # a count target of 10 个
COUNT_TARGET = "    unit: 个\n    comparator: \">=\"\n    target: 10\n"


def clean(result) -> None:
    """No internal error and no traceback, whatever went wrong."""
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_a_huge_integer_in_an_import_is_e205_at_its_place(ftz, ws, tmp_path):
    for name, text, line in (
            ("a.json", f'[{{"id": "{ID}", "date": "2021-03-01", "value": {HUGE}}}]', 1),
            ("a.yaml", f"- id: {ID}\n  date: 2021-03-01\n  value: {HUGE}\n", 3)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        column = len(text.splitlines()[line - 1].split(HUGE)[0]) + 1
        result = ftz("--data", str(ws), "import", name)
        clean(result)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"{name}:{line}:{column}: 错误 E205 数值“1000000000"), (
            result.stderr)
        assert "提示：" in result.stderr
        assert HUGE not in result.stderr  # four hundred digits are cut short
    assert not list((ws / "updates").glob("**/*.yaml"))


def test_a_huge_integer_written_by_hand_is_reported_by_validate(ftz, ws):
    (ws / "updates" / "2021-03.yaml").write_text(
        f"- id: {ID}\n  date: 2021-03-01\n  value: {HUGE}\n", encoding="utf-8")
    result = ftz("--data", str(ws), "validate", "--format", "json")
    clean(result)
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert (problem["path"], problem["line"], problem["column"], problem["code"]) == (
        "updates/2021-03.yaml", 3, 10, "E205")
    assert problem["hint"]
    listed = ftz("--data", str(ws), "list")
    clean(listed)
    assert listed.exit_code == 1 and "E205" in listed.stderr


@pytest.mark.parametrize("value", ["1e305万亿元", "1e400", HUGE])
def test_a_value_too_big_once_converted_is_e205(ftz, ws, value):
    result = ftz("--data", str(ws), "update", ID, "--value", value, "--date", "2021-03-01")
    clean(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("错误 E205 数值“"), result.stderr
    assert not list((ws / "updates").glob("**/*.yaml"))


def test_an_integer_too_long_to_print_is_e205():
    with pytest.raises(ValueProblem) as caught:
        parse_value(10**5000, "亿元")
    assert caught.value.code == "E205" and caught.value.message == "数值“……”不是有限数或大得无法计算"


@pytest.mark.parametrize("value", ["1,2345", "1.2.3", "1e5e3"])
def test_a_mistyped_number_is_e204_not_a_unit(ftz, ws, value):
    result = ftz("--data", str(ws), "update", ID, "--value", value, "--date", "2021-03-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"错误 E204 无法识别数值“{value}”"), result.stderr


def test_an_unknown_unit_reads_as_a_sentence(ftz, ws):
    result = ftz("--data", str(ws), "update", ID, "--value", "3500美元", "--date", "2021-03-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"错误 E203 指标 {ID} 的数值“3500美元”中的单位“美元”无法识别\n"), result.stderr


def test_minus_zero_is_zero(ftz, ws):
    for args in (["--dry-run"], []):
        result = ftz("--data", str(ws), "update", ID, "--value", "-0", "--date", "2021-03-01", *args)
        assert result.exit_code == 0
        assert "完成率 0.0%" in result.stdout and "-0.0" not in result.stdout, result.stdout


@pytest.mark.parametrize("target", [".inf", "-.inf", ".nan", HUGE])
def test_a_target_that_is_not_finite_is_refused(ftz, ws, target):
    corrupt = COUNT_TARGET.replace("target: 10", f"target: {target}")
    text = (ws / "targets.yaml").read_text(encoding="utf-8")
    line = text[: text.index(COUNT_TARGET)].count("\n") + 3
    (ws / "targets.yaml").write_text(text.replace(COUNT_TARGET, corrupt), encoding="utf-8")
    result = ftz("--data", str(ws), "validate", "--format", "json")
    clean(result)
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert (problem["line"], problem["column"], problem["code"]) == (line, 13, "E124")
    assert "target" in problem["message"]
    for command in (["list"], ["show", COUNT_ID], ["sheet", "-o", "-"]):
        result = ftz("--data", str(ws), *command)
        clean(result)
        assert result.exit_code == 1, command


@pytest.mark.parametrize(("old", "new"), [
    ("    target: 3500\n", "    target: 3500\n    baseline:\n      value: .inf\n"),
    ("        value: 5\n        unit: 个\n", "        value: .nan\n        unit: 个\n"),
])
def test_baselines_and_achievement_figures_must_be_finite(ftz, ws, old, new):
    text = (ws / "targets.yaml").read_text(encoding="utf-8")
    (ws / "targets.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    result = ftz("--data", str(ws), "validate", "--format", "json")
    assert result.exit_code == 1
    assert [p["code"] for p in json.loads(result.stdout)] == ["E124"]


@pytest.mark.parametrize("target", ["1.0e-320", "1.0e-306", "1.0e-25", "1.0e+308"])
def test_absurd_but_finite_targets_do_not_break_the_briefs(ftz, ws, tmp_path, target):
    text = (ws / "targets.yaml").read_text(encoding="utf-8")
    (ws / "targets.yaml").write_text(
        text.replace(COUNT_TARGET + "    wording: 10个以上\n", COUNT_TARGET.replace("target: 10", f"target: {target}")),
        encoding="utf-8")
    assert ftz("--data", str(ws), "update", COUNT_ID, "--value", "5",  # far above 200%: confirmed
               "--date", "2021-06-01", "--confirm").exit_code == 0
    for command in (["list", "--as-of", "2021-06-30"], ["show", COUNT_ID, "--as-of", "2021-06-30"],
                    ["report", "--as-of", "2021-06-30"], ["sheet", "-o", "-"],
                    ["weekly", "--from", "2021-06-01", "--to", "2021-06-30",
                     "--out", str(tmp_path / "briefs")]):
        result = ftz("--data", str(ws), *command)
        clean(result)
        assert result.exit_code == 0, command
    listed = ftz("--data", str(ws), "list", "--as-of", "2021-06-30", "--format", "json")
    assert "Infinity" not in listed.stdout and "NaN" not in listed.stdout  # not JSON


def test_percentages_of_any_finite_size_are_formatted():
    assert cnfmt.tenths(1e306) == int(1e306) * 1000
    assert cnfmt.pct(1e306).startswith("1000000") and cnfmt.pct(1e306).endswith(".0%")
    assert cnfmt.points(-1e306).startswith("-1000000")
    assert cnfmt.cn_number(1e308, "亿元").endswith("亿元")
    assert cnfmt.cn_number(5e-324) == "0"
    assert cnfmt.cn_target(1e-320, "个") == "0个以上"


@pytest.mark.parametrize(("option", "args"), [
    ("--as-of", ["report", "--as-of", "9999-12-31"]),
    ("--as-of", ["list", "--as-of", "0001-01-01"]),
    ("--as-of", ["show", ID, "--as-of", "1999-12-31"]),
    ("--from", ["weekly", "--from", "9999-12-20", "--to", "9999-12-31"]),
    ("--from", ["weekly", "--from", "0001-01-01", "--to", "0001-01-10"]),
    ("--to", ["weekly", "--from", "2021-01-01", "--to", "2101-01-01"]),
])
def test_dates_far_outside_the_programme_are_usage_errors(ftz, ws, tmp_path, option, args):
    out = ["--out", str(tmp_path / "b")] if args[0] == "weekly" else []
    result = ftz("--data", str(ws), *args, *out)
    clean(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"错误 E407 {option} 的日期“"), result.stderr
    assert "超出范围" in result.stderr
    assert not (tmp_path / "b").exists()


def test_the_edges_of_the_date_range_are_accepted(ftz, ws, tmp_path):
    assert ftz("--data", str(ws), "report", "--as-of", "2100-12-31").exit_code == 0
    assert ftz("--data", str(ws), "list", "--as-of", "2000-01-01").exit_code == 0
    assert ftz("--data", str(ws), "weekly", "--from", "2100-12-20", "--to", "2100-12-31",
               "--out", str(tmp_path / "b")).exit_code == 0


@pytest.mark.parametrize("days", ["99999999999", "-99999999999", "3651", "-1"])
def test_a_due_soon_days_setting_beyond_ten_years_is_refused(ftz, ws, days):
    (ws / "ftz.yaml").write_text(f"status:\n  due_soon_days: {days}\n", encoding="utf-8")
    report = ftz("--data", str(ws), "report", "--as-of", "2021-06-30")
    clean(report)
    assert report.exit_code == 1
    assert "错误 E404 due_soon_days 应为 0 到 3650 之间的整数" in report.stderr


def test_the_longest_due_soon_window_works(ftz, ws, tmp_path):
    (ws / "ftz.yaml").write_text("status:\n  due_soon_days: 3650\n", encoding="utf-8")
    assert ftz("--data", str(ws), "report", "--as-of", "2100-12-31").exit_code == 0


def test_record_dates_keep_their_own_codes(ftz, ws):
    # the range of dates is for options; a record's date is judged by E208 and E209
    (ws / "updates" / "2021-03.yaml").write_text(
        f"- id: {ID}\n  date: 1999-01-01\n  value: 1\n", encoding="utf-8")
    result = ftz("--data", str(ws), "validate", "--format", "json")
    assert [p["code"] for p in json.loads(result.stdout)] == ["E208"]
