"""Where the data lives: the workspace is found the way git finds a repository."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest


def _record(ftz, value: str, day: str) -> None:
    result = ftz("update", "trade.outlets-2021", "--value", value, "--date", day)
    assert result.exit_code == 0, result.stderr


def _logged(root: Path) -> bool:
    return any((root / "updates").glob("**/*.yaml"))


def test_a_subfolder_of_a_workspace_uses_it(ftz, ws, monkeypatch):
    deep = ws / "收件" / "三月"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    _record(ftz, "3", "2021-03-01")
    assert _logged(ws)
    shown = ftz("list", "--format", "json", "--as-of", "2021-03-31")
    assert shown.exit_code == 0 and "自带的计划" not in shown.stderr
    assert next(r for r in json.loads(shown.stdout) if r["id"] == "trade.outlets-2021")["value"] == 3


def test_the_nearest_workspace_wins_over_data_and_a_farther_one(ftz, ws, tmp_path, monkeypatch):
    inner = ws / "inner"
    shutil.copytree(ws, inner)
    (tmp_path / "data").mkdir()
    shutil.copyfile(ws / "targets.yaml", tmp_path / "data" / "targets.yaml")
    monkeypatch.chdir(inner)
    _record(ftz, "3", "2021-03-01")
    assert _logged(inner) and not _logged(ws) and not (tmp_path / "data" / "updates").exists()


def test_ftz_yaml_alone_marks_a_workspace(ftz, tmp_path, monkeypatch):
    """A folder ftz made whose plan went missing is reported, not passed over."""
    assert ftz("init", "ws2").exit_code == 0
    (tmp_path / "ws2" / "targets.yaml").unlink()
    monkeypatch.chdir(tmp_path / "ws2")
    result = ftz("list")
    assert result.exit_code == 1 and "targets.yaml" in result.stderr


def test_a_plan_without_updates_or_settings_is_not_a_workspace(ftz, tmp_path, monkeypatch):
    """The repository's own data/ folder (a plan, no updates/) is not mistaken for one."""
    folder = tmp_path / "plain"
    folder.mkdir()
    shutil.copyfile(Path(__file__).parent.parent / "data" / "targets.yaml", folder / "targets.yaml")
    monkeypatch.chdir(folder)
    assert "自带的计划" in ftz("list", "--format", "json").stderr


def test_the_order_of_the_contract(ftz, ws, tmp_path, monkeypatch):
    """--data, then FTZ_DATA, then the current folder's workspace, then ./data."""
    here = tmp_path / "here"
    shutil.copytree(ws, here)
    other = tmp_path / "other"
    shutil.copytree(ws, other)
    (here / "data").mkdir()
    shutil.copyfile(ws / "targets.yaml", here / "data" / "targets.yaml")
    monkeypatch.chdir(here)
    _record(ftz, "1", "2021-03-01")
    assert _logged(here) and not (here / "data" / "updates").exists()  # the workspace beats ./data
    monkeypatch.setenv("FTZ_DATA", str(ws))
    _record(ftz, "2", "2021-03-02")
    assert _logged(ws)  # FTZ_DATA beats the current folder
    assert ftz("--data", str(other), "update", "trade.outlets-2021", "--value", "3",
               "--date", "2021-03-03").exit_code == 0
    assert _logged(other)  # --data beats FTZ_DATA


@pytest.mark.parametrize("args", [("list", "--as-of", "2021-06-30"), ("validate",),
                                  ("show", "trade.import-export-2021"),
                                  ("report", "--as-of", "2021-06-30", "-o", "-")])
def test_reading_commands_say_they_use_the_bundled_plan(ftz, args):
    result = ftz(*args)
    assert result.exit_code == 0
    assert "自带的计划" in result.stderr and "ftz init --example" in result.stderr
    assert "自带的计划" not in ftz("--quiet", *args).stderr


def test_writing_commands_on_the_bundled_plan_say_how_to_make_a_workspace(ftz):
    result = ftz("update", "trade.import-export-2021", "--value", "1", "--date", "2021-03-01")
    assert result.exit_code == 1 and "E402" in result.stderr and "ftz init" in result.stderr


def test_paths_with_spaces_and_chinese(ftz, tmp_path, monkeypatch):
    root = tmp_path / "我的 文档" / "自贸区 进度"
    root.parent.mkdir()
    assert ftz("init", str(root)).exit_code == 0
    assert ftz("--data", str(root), "update", "trade.outlets-2021", "--value", "5",
               "--date", "2021-04-01").exit_code == 0
    out = root / "简报 六月.html"
    made = ftz("--data", str(root), "report", "--as-of", "2021-06-30", "-o", str(out))
    assert made.exit_code == 0 and out.is_file() and str(out) in made.stderr
    monkeypatch.chdir(root)
    listed = ftz("list", "--format", "json", "--as-of", "2021-06-30")
    assert next(r for r in json.loads(listed.stdout) if r["id"] == "trade.outlets-2021")["value"] == 5
