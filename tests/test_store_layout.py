"""One file per writer and month: who writes where, old workspaces read as they are, which
record wins, and two writers who disagree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ftz_cli.core.names import safe_name, writer_of
from ftz_cli.store.layout import default_writer, writer

ITEM = "trade.outlets-2021"


def record(ftz, ws: Path, *args: str):
    return ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-02", *args)


def logs(ws: Path) -> list[str]:
    return sorted(p.relative_to(ws).as_posix() for p in (ws / "updates").rglob("*.yaml"))


def show(ftz, ws: Path) -> dict[str, object]:
    result = ftz("--data", str(ws), "show", ITEM, "--format", "json", "--as-of", "2021-03-31")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def write(ws: Path, name: str, text: str) -> None:
    path = ws / "updates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def entry(value: object, stamp: str, *, by: str = "", replace: bool = False) -> str:
    return (f"- id: {ITEM}\n  date: 2021-03-02\n  value: {value}\n" + (f"  by: \"{by}\"\n" if by else "")
            + f"  recorded_at: {stamp}\n" + ("  replace: true\n" if replace else ""))


def test_a_record_goes_to_the_writers_file_for_the_month(ftz, ws, monkeypatch):
    monkeypatch.setenv("FTZ_WRITER", "Zhang San")
    assert record(ftz, ws, "--value", "3").exit_code == 0
    (log,) = logs(ws)
    assert log.startswith("updates/20") and log.endswith("/zhang-san.yaml")
    assert log.split("/")[1] == log.split("/")[1][:7] and len(log.split("/")[1]) == 7  # YYYY-MM


def test_the_writer_setting_names_the_file_and_the_variable_wins(ftz, ws, monkeypatch):
    (ws / "ftz.yaml").write_text("writer: 李四\n", encoding="utf-8")
    monkeypatch.delenv("FTZ_WRITER", raising=False)
    assert record(ftz, ws, "--value", "3").exit_code == 0
    assert [p.rsplit("/", 1)[1] for p in logs(ws)] == ["李四.yaml"]
    monkeypatch.setenv("FTZ_WRITER", "wang")
    assert ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-03", "--value", "4").exit_code == 0
    assert sorted(p.rsplit("/", 1)[1] for p in logs(ws)) == ["wang.yaml", "李四.yaml"]


@pytest.mark.parametrize(("given", "expected"), [
    ("Zhang San", "zhang-san"), ("../../etc/passwd", "etc-passwd"), ("CON", "con_"),
    ("a/b\\c:d*e?f", "a-b-c-d-e-f"), ("...", ""), ("张三", "张三"), ("x" * 100, "x" * 64),
])
def test_writer_names_are_safe_file_names(given, expected):
    assert safe_name(given) == expected


def test_without_a_name_the_machine_and_user_are_used(monkeypatch):
    monkeypatch.delenv("FTZ_WRITER", raising=False)
    assert writer("") == default_writer() != ""
    assert safe_name(default_writer()) == default_writer()
    monkeypatch.setenv("FTZ_WRITER", "///")  # nothing usable left: the setting, then the default
    assert writer("li") == "li"


def test_writer_of_a_path():
    assert writer_of("updates/2021-03/zhang.yaml") == "zhang"
    assert writer_of("updates/2021-03/zhang_2.yaml") == "zhang"
    assert writer_of("updates/2021-03.yaml") == ""
    assert writer_of("march.csv") is None


def test_an_old_workspace_is_read_as_it_is_and_never_rewritten(ftz, ws, monkeypatch):
    old = entry(3, "2021-03-02T10:00:00+08:00")
    write(ws, "2021-03.yaml", old)
    monkeypatch.setenv("FTZ_WRITER", "zhang")
    assert ftz("--data", str(ws), "validate").exit_code == 0
    assert ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-03", "--value", "4").exit_code == 0
    assert (ws / "updates" / "2021-03.yaml").read_text(encoding="utf-8") == old
    assert len(logs(ws)) == 2 and [u["value"] for u in show(ftz, ws)["updates"]] == [3, 4]


def test_a_correction_wins_by_when_it_was_recorded_not_by_file_name(ftz, ws):
    # "aa" sorts before "zz": by file name the original would come last and win
    write(ws, "2021-04/aa.yaml", entry(5, "2021-04-05T09:00:00+08:00", replace=True))
    write(ws, "2021-03/zz.yaml", entry(4, "2021-03-02T09:00:00+08:00"))
    assert ftz("--data", str(ws), "validate").exit_code == 0
    data = show(ftz, ws)
    assert data["value"] == 5


def test_a_record_without_a_stamp_counts_as_recorded_on_its_date(ftz, ws):
    write(ws, "2021-04/aa.yaml", entry(5, "2021-03-02T09:00:00+08:00", replace=True))
    write(ws, "2021-03/zz.yaml", f"- id: {ITEM}\n  date: 2021-03-02\n  value: 4\n")
    assert ftz("--data", str(ws), "validate").exit_code == 0
    assert show(ftz, ws)["value"] == 5


def test_two_writers_who_disagree_on_a_status_are_told_to_correct_the_status(ftz, ws):
    task = "trade.dubai-mall-opening"
    for name, state, hour in (("zhang", "推进中", 10), ("li", "已完成", 11)):
        write(ws, f"2021-03/{name}.yaml", f"- id: {task}\n  date: 2021-03-02\n  status: {state}\n"
                                          f"  recorded_at: 2021-03-02T{hour}:00:00+08:00\n")
    result = ftz("--data", str(ws), "validate")
    assert result.exit_code == 1 and "E250" in result.stderr
    assert "--status 正确状态 --replace" in result.stderr and "--value" not in result.stderr


def test_two_writers_who_disagree_are_an_error_naming_both_files(ftz, ws, monkeypatch):
    write(ws, "2021-03/zhang.yaml", entry(3, "2021-03-02T10:00:00+08:00", by="张三"))
    write(ws, "2021-03/li.yaml", entry(4, "2021-03-02T11:00:00+08:00", by="李四"))
    result = ftz("--data", str(ws), "validate")
    assert result.exit_code == 1
    assert "updates/2021-03/li.yaml:1:3: 错误 E250 " in result.stderr
    assert "updates/2021-03/zhang.yaml 第 1 行 为 3" in result.stderr and "li.yaml 第 1 行 为 4" in result.stderr
    assert "--replace" in result.stderr
    # the hint's way out: a correction, recorded after both, settles it
    monkeypatch.setenv("FTZ_WRITER", "wang")
    assert ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-02", "--value", "4",
               "--replace").exit_code == 0
    assert ftz("--data", str(ws), "validate").exit_code == 0
    assert show(ftz, ws)["value"] == 4


def test_two_writers_who_agree_get_a_warning(ftz, ws):
    write(ws, "2021-03/zhang.yaml", entry(3, "2021-03-02T10:00:00+08:00"))
    write(ws, "2021-03/li.yaml", entry(3, "2021-03-02T11:00:00+08:00"))
    result = ftz("--data", str(ws), "validate")
    assert result.exit_code == 0 and "警告 W240 " in result.stderr and "zhang.yaml" in result.stderr


def test_one_writer_twice_is_still_a_duplicate(ftz, ws):
    write(ws, "2021-03/zhang.yaml", entry(3, "2021-03-02T10:00:00+08:00"))
    write(ws, "2021-04/zhang.yaml", entry(4, "2021-04-02T10:00:00+08:00"))
    result = ftz("--data", str(ws), "validate")
    assert result.exit_code == 1 and "错误 E210 " in result.stderr and "E250" not in result.stderr


def test_a_correction_in_the_same_second_still_comes_last(ftz, ws, monkeypatch):
    import datetime as dt

    from ftz_cli.parse.dates import CHINA

    now = dt.datetime(2021, 4, 1, 10, 0, tzinfo=CHINA)
    stamp = now.isoformat()
    write(ws, "2021-04/li.yaml", entry(4, stamp))  # li.yaml sorts before zhang.yaml
    write(ws, "2021-04/zhang.yaml", entry(3, stamp))
    monkeypatch.setattr("ftz_cli.store.append._now", lambda: now)  # the correction's second too
    monkeypatch.setenv("FTZ_WRITER", "li")
    assert ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-02", "--value", "4",
               "--replace").exit_code == 0
    assert ftz("--data", str(ws), "validate").exit_code == 0
    assert show(ftz, ws)["value"] == 4
