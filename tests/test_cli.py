"""The command-line contract of shared/docs/cli.md: options, JSON fields, exit codes."""

from __future__ import annotations

import json
import shutil

import yaml
from conftest import DATA

from ftz_cli import __version__

N_ITEMS = len(yaml.safe_load((DATA / "targets.yaml").read_text(encoding="utf-8"))["items"])
LIST_FIELDS = {"id", "area", "title", "kind", "unit", "comparator", "target", "start", "deadline",
               "value", "value_date", "completion", "time_progress", "status", "status_label",
               "source"}


def test_version_and_help(ftz):
    assert ftz("--version").stdout == f"ftz {__version__}\n"
    result = ftz("--help")
    assert result.exit_code == 0 and "义乌自贸区" in result.stdout
    for name in ("init", "validate", "list", "show", "update", "import", "report", "sheet", "weekly"):
        assert name in result.stdout


def test_commands_are_built_only_when_asked_for():
    """Start-up builds the one command it runs; every name still resolves, in order."""
    import typer.main

    from ftz_cli.cli.main import app

    group = typer.main.get_command(app)
    ctx = group.make_context("ftz", ["validate"])
    assert group.commands == {}
    names = group.list_commands(ctx)
    assert names == ["init", "validate", "list", "show", "update", "import", "report", "sheet",
                     "remind", "weekly", "units", "confirm", "return", "verdict", "plan", "plans"]
    assert group.get_command(ctx, "validate").name == "validate"
    assert list(group.commands) == ["validate"]
    assert group.get_command(ctx, "nosuch") is None
    assert all(group.get_command(ctx, n).name == n for n in names)


def test_list_json_has_one_object_per_item_with_the_contract_fields(ftz):
    result = ftz("list", "--format", "json", "--as-of", "2021-06-30")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == N_ITEMS
    assert all(set(r) >= LIST_FIELDS for r in rows)
    assert {r["kind"] for r in rows} == {"flow", "level", "count", "milestone", "qualitative"}
    assert {r["status"] for r in rows} <= {"no_data", "not_started", "overdue"}
    # nothing reported: past its deadline an item is red, and says why
    assert {r["status_label"] for r in rows if r["status"] == "overdue"} == {"逾期未报送"}
    first = next(r for r in rows if r["id"] == "trade.import-export-2021")
    assert first["target"] == 3500 and first["unit"] == "亿元" and first["comparator"] == ">"
    assert first["time_progress"] == round(181 / 365, 4)
    assert first["status"] == "no_data" and first["status_label"] == "未报送"
    assert first["completion"] is None and first["value"] is None


def test_list_filters(ftz):
    by_id = json.loads(ftz("list", "--area", "capital", "--format", "json").stdout)
    by_name = json.loads(ftz("list", "--area", "资金自由", "--format", "json").stdout)
    assert by_id == by_name and by_id and all(r["area"] == "capital" for r in by_id)
    flows = json.loads(ftz("list", "--kind", "flow", "--format", "json").stdout)
    assert flows and all(r["kind"] == "flow" for r in flows)
    later = json.loads(ftz("list", "--status", "not_started", "--as-of", "2021-06-30",
                           "--format", "json").stdout)
    assert {r["id"] for r in later} >= {"trade.import-export-2025", "trade.import-export-2035"}


def test_bad_filters_and_options_are_usage_errors(ftz):
    for args in (["list", "--area", "nowhere"], ["list", "--kind", "stream"],
                 ["list", "--status", "late"], ["list", "--format", "xml"],
                 ["list", "--as-of", "2021-02-30"], ["list", "--bogus"], ["show"]):
        result = ftz(*args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.stderr


def test_list_csv_has_a_header_and_optional_bom(ftz):
    plain = ftz("list", "--format", "csv").stdout
    assert plain.startswith("id,area,area_name,title,kind,")
    assert len(plain.strip().splitlines()) == N_ITEMS + 1
    assert ftz("list", "--format", "csv", "--bom").stdout.startswith("\ufeffid,")


def test_table_is_plain_text_when_piped(ftz):
    result = ftz("list", "--area", "trade")
    assert result.exit_code == 0 and "\x1b[" not in result.stdout
    assert "trade.import-export-2021" in result.stdout and "未报送" in result.stdout


def test_show_text_and_json(ftz):
    text = ftz("show", "trade.import-export-2021", "--as-of", "2021-06-30").stdout
    assert "原文：2021年拉开大进口体系" in text and "葛巧棣" in text
    data = json.loads(ftz("show", "trade.import-export-2021", "--format", "json").stdout)
    assert set(data) >= LIST_FIELDS and data["updates"] == []


def test_show_unknown_id_suggests(ftz):
    result = ftz("show", "trade.import-export-2012")
    assert result.exit_code == 1
    assert "错误 E201 未知的指标编号“trade.import-export-2012”" in result.stderr
    assert "trade.import-export-2021" in result.stderr


def test_init_creates_and_refuses_to_overwrite(ftz, tmp_path):
    target = tmp_path / "新工作区"
    assert ftz("init", str(target)).exit_code == 0
    assert (target / "targets.yaml").read_bytes() == (DATA / "targets.yaml").read_bytes()
    assert (target / "updates").is_dir() and (target / "ftz.yaml").is_file()
    before = (target / "targets.yaml").read_bytes()
    again = ftz("init", str(target))
    assert again.exit_code == 1 and "E403" in again.stderr
    assert (target / "targets.yaml").read_bytes() == before
    assert ftz("--data", str(target), "validate").exit_code == 0


def test_the_bundled_plan_is_read_only(ftz):
    result = ftz("update", "trade.import-export-2021", "--value", "1", "--date", "2021-03-01")
    assert result.exit_code == 1
    assert "E402" in result.stderr and "ftz init" in result.stderr


def test_workspace_resolution_order(ftz, tmp_path, monkeypatch, ws):
    other = tmp_path / "other"
    shutil.copytree(ws, other)
    (tmp_path / "data").mkdir()
    shutil.copyfile(ws / "targets.yaml", tmp_path / "data" / "targets.yaml")
    assert ftz("update", "trade.outlets-2021", "--value", "1", "--date", "2021-03-01").exit_code == 0
    assert list((tmp_path / "data" / "updates").glob("**/*.yaml"))  # ./data
    monkeypatch.setenv("FTZ_DATA", str(ws))
    ftz("update", "trade.outlets-2021", "--value", "2", "--date", "2021-03-02")
    assert list((ws / "updates").glob("**/*.yaml"))  # FTZ_DATA beats ./data
    ftz("--data", str(other), "update", "trade.outlets-2021", "--value", "3", "--date", "2021-03-03")
    assert list((other / "updates").glob("**/*.yaml"))  # --data beats FTZ_DATA
    missing = ftz("--data", str(tmp_path / "nowhere"), "list")
    assert missing.exit_code == 1 and "E401" in missing.stderr


def test_update_records_and_reports_progress(ftz, ws):
    result = ftz("--data", str(ws), "update", "trade.import-export-2021", "--value", "1050亿元",
                 "--date", "2021/3/31", "--by", "张三", "--note", "一季度")
    assert result.exit_code == 0, result.stderr
    assert "trade.import-export-2021  2021年3月31日  1050亿元" in result.stdout
    assert "完成率 30.0%" in result.stdout
    (log,) = (ws / "updates").glob("**/*.yaml")
    text = log.read_text(encoding="utf-8")
    assert '"value": 1050, ' in text and '"by": "张三", ' in text and '"recorded_at": ' in text
    data = json.loads(ftz("--data", str(ws), "show", "trade.import-export-2021", "--format", "json",
                          "--as-of", "2021-04-01").stdout)
    assert data["value"] == 1050 and data["value_date"] == "2021-03-31"
    assert data["updates"][0]["recorded_at"].endswith("+08:00")


def test_update_validates_before_writing(ftz, ws):
    for args, code in ((["trade.import-export-2021", "--value", "5个"], "E203"),
                       (["trade.import-export-2021", "--value", "-1"], "E206"),
                       (["trade.import-export-2021", "--value", "abc"], "E204"),
                       (["trade.import-export-2021", "--status", "推进中"], "E202"),
                       (["trade.c2.bonded-zone-closure", "--value", "1"], "E202"),
                       (["trade.c2.bonded-zone-closure", "--status", "快好了"], "E211"),
                       (["trade.nowhere", "--value", "1"], "E201")):
        result = ftz("--data", str(ws), "update", *args, "--date", "2021-03-01")
        assert result.exit_code == 1, args
        assert f"错误 {code} " in result.stderr, (args, result.stderr)
    for date, code in (("2021-02-30", "E207"), ("2020-01-01", "E208"), ("2999-01-01", "E209")):
        result = ftz("--data", str(ws), "update", "trade.import-export-2021", "--value", "1",
                     "--date", date)
        assert result.exit_code == 1 and code in result.stderr, date
    assert not list((ws / "updates").glob("**/*.yaml"))


def test_update_needs_exactly_one_of_value_and_status(ftz, ws):
    assert ftz("--data", str(ws), "update", "trade.outlets-2021").exit_code == 2
    both = ftz("--data", str(ws), "update", "trade.outlets-2021", "--value", "1", "--status", "推进中")
    assert both.exit_code == 2


def test_dry_run_writes_nothing(ftz, ws):
    result = ftz("--data", str(ws), "update", "trade.outlets-2021", "--value", "3",
                 "--date", "2021-03-01", "--dry-run")
    assert result.exit_code == 0 and "未写入" in result.stdout
    assert not list((ws / "updates").glob("**/*.yaml"))


def test_duplicate_needs_replace_and_keeps_history(ftz, ws):
    args = ["--data", str(ws), "update", "trade.outlets-2021", "--date", "2021-03-01"]
    assert ftz(*args, "--value", "3").exit_code == 0
    dup = ftz(*args, "--value", "4")
    assert dup.exit_code == 1 and "E210" in dup.stderr and "--replace" in dup.stderr
    assert ftz(*args, "--value", "4", "--replace").exit_code == 0
    data = json.loads(ftz("--data", str(ws), "show", "trade.outlets-2021", "--format", "json",
                          "--as-of", "2021-03-02").stdout)
    assert [u["value"] for u in data["updates"]] == [3, 4] and data["value"] == 4
    assert ftz("--data", str(ws), "validate").exit_code == 0


def test_existing_bytes_and_comments_are_kept(ftz, ws):
    ftz("--data", str(ws), "update", "trade.outlets-2021", "--value", "3", "--date", "2021-03-01")
    (log,) = (ws / "updates").glob("**/*.yaml")
    edited = log.read_bytes() + b"# \xe5\xa4\x87\xe6\xb3\xa8\xef\xbc\x9a\xe6\x89\x8b\xe5\xb7\xa5\n"
    log.write_bytes(edited)
    ftz("--data", str(ws), "update", "trade.outlets-2021", "--value", "5", "--date", "2021-04-01")
    assert log.read_bytes().startswith(edited)


def test_validate_checks_update_files(ftz, ws):
    (ws / "updates" / "2021-03.yaml").write_text(
        "- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 3\n"
        "- id: trade.outlets-2021\n  date: 2021-03-01\n  vaule: 4\n", encoding="utf-8")
    result = ftz("--data", str(ws), "validate", "--format", "json")
    assert result.exit_code == 1
    found = {(p["code"], p["line"]) for p in json.loads(result.stdout)}
    assert ("E111", 6) in found
    listing = ftz("--data", str(ws), "list")
    assert listing.exit_code == 1 and "E111" in listing.stderr


def test_validate_json_is_empty_array_when_clean(ftz):
    result = ftz("validate", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_no_color_codes_anywhere_with_no_color(ftz, ws, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    result = ftz("--data", str(ws), "show", "nope")
    assert "\x1b[" not in result.stderr + result.stdout


def test_level_falling_is_a_warning_not_an_error(ftz, ws):
    base = ["--data", str(ws), "update", "trade.overseas-warehouses-2021"]
    ftz(*base, "--value", "10", "--date", "2021-03-01")
    result = ftz(*base, "--value", "8", "--date", "2021-04-01")
    assert result.exit_code == 0 and "警告 W201" in result.stderr
    assert ftz("--data", str(ws), "validate").exit_code == 0


def test_unexpected_errors_never_show_a_traceback(ftz, ws, monkeypatch):
    import ftz_cli.commands.show

    def boom(*_: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(ftz_cli.commands.show, "show", boom)
    result = ftz("--data", str(ws), "show", "trade.outlets-2021")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and "内部错误" in result.stderr




def test_stored_records_are_checked_like_new_ones(ftz, ws):
    (ws / "updates" / "2021-03.yaml").write_text(
        "- id: trade.outlets-2021\n  date: 2021-03-01\n  note: 忘了填数值\n"
        "- id: trade.outlets-2021\n  date: 2021-03-02\n  value: 3\n  recorded_at: 昨天\n",
        encoding="utf-8")
    found = {(p["code"], p["line"]) for p in
             json.loads(ftz("--data", str(ws), "validate", "--format", "json").stdout)}
    assert ("E212", 1) in found and ("E214", 7) in found


def test_unwritable_output_is_a_clear_error(ftz, tmp_path):
    result = ftz("list", "--format", "csv", "-o", str(tmp_path / "no" / "such" / "dir.csv"))
    assert result.exit_code == 1
    assert "错误 E405 无法写入" in result.stderr and "Traceback" not in result.stderr


def test_refused_input_leaves_no_trace(ftz, ws):
    before = sorted(p.name for p in (ws / "updates").iterdir())
    result = ftz("--data", str(ws), "update", "trade.outlets-2021", "--value", "三个",
                 "--date", "2021-03-01")
    assert result.exit_code == 1
    assert sorted(p.name for p in (ws / "updates").iterdir()) == before == []


def test_quiet_silences_import_warnings(ftz, ws, tmp_path):
    sheet = tmp_path / "in.csv"
    sheet.write_text("id,date,value,颜色\ntrade.outlets-2021,2021-03-01,3,红\n", encoding="utf-8")
    loud = ftz("--data", str(ws), "import", str(sheet), "--dry-run")
    assert loud.exit_code == 0 and "W202" in loud.stderr
    quiet = ftz("--data", str(ws), "--quiet", "import", str(sheet), "--dry-run")
    assert quiet.exit_code == 0 and "W202" not in quiet.stderr


def test_show_says_when_a_date_is_inferred_and_an_outcome_is_shared(ftz):
    text = ftz("show", "trade.pilot.two-countries-parks", "--as-of", "2021-06-30").stdout
    assert "注：开始日期、完成时限原文未写明，为推定" in text
    assert "同一成果：与“2021年建设5组“两国双园””（trade.two-countries-parks-2021）为同一成果" in text
    plain = ftz("show", "trade.import-export-2021", "--as-of", "2021-06-30").stdout
    assert "同一成果" not in plain and "目标：进出口额超3500亿元" in plain
