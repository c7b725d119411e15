"""A shared workspace is data: no link or path in it makes ftz read or write a file outside it.

A workspace travels in git, which keeps symbolic links. A link to a file elsewhere on the
desk (``notes/2021-05-31.yaml`` → ``~/.ssh/id_rsa``) must not be read into a brief or an
error message, and a linked folder (``closures`` → ``/etc``) must not be written into. Each
file and folder ftz reads or writes is refused with E007 when it leads out of the
workspace; a link to another file of the workspace is fine.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

FLOW = "trade.import-export-2021"
SECRET = "SECRET-OUTSIDE-THE-WORKSPACE"


def _outside(tmp_path: Path, name: str, text: str) -> Path:
    """A file beside the workspace, not in it, holding ``text`` and the secret."""
    away = tmp_path / "elsewhere" / name
    away.parent.mkdir(parents=True, exist_ok=True)
    away.write_text(text, encoding="utf-8")
    return away


def _link_out(ws: Path, tmp_path: Path, name: str) -> Path:
    """``name`` in the workspace made a link to a copy of itself outside, with the secret added."""
    path = ws / name
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    away = _outside(tmp_path, Path(name).name, text + f"\n# {SECRET}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to(away)
    return away


def _refused(done, name: str) -> None:
    said = done.stdout + done.stderr
    assert done.exit_code == 1, said
    assert f"{name}: 错误 E007 {name} 经符号链接通向工作区以外（" in done.stderr, said
    assert SECRET not in said and "Traceback" not in said and "内部错误" not in said


@pytest.mark.parametrize("name", ["targets.yaml", "ftz.yaml", "document.txt"])
def test_a_workspace_file_linked_out_is_refused_by_every_command(ftz, ws: Path, tmp_path: Path, name: str) -> None:
    _link_out(ws, tmp_path, name)
    for command in (["validate"], ["list"], ["update", FLOW, "--value", "2", "--date", "2021-03-31"],
                    ["report", "--as-of", "2021-05-31", "-o", str(tmp_path / "b.md")]):
        _refused(ftz("--data", str(ws), *command), name)
    assert not (tmp_path / "b.md").exists() and not list((ws / "updates").rglob("*.yaml"))


def test_the_offices_notes_linked_out_never_reach_the_brief(ftz, ws: Path, tmp_path: Path) -> None:
    (ws / "notes").mkdir()
    (ws / "notes" / "2021-05-31.yaml").symlink_to(_outside(tmp_path, "n.yaml", f"problems: {SECRET}\n"))
    _refused(ftz("--data", str(ws), "report", "--as-of", "2021-05-31", "-o", str(tmp_path / "b.md")),
             "notes/2021-05-31.yaml")
    assert not (tmp_path / "b.md").exists()


def test_notes_linked_to_a_file_of_the_workspace_are_read(ftz, ws: Path, tmp_path: Path) -> None:
    (ws / "notes").mkdir()
    (ws / "办公室.yaml").write_text("problems: 部分单位报送不及时。\n", encoding="utf-8")
    (ws / "notes" / "2021-05-31.yaml").symlink_to(ws / "办公室.yaml")
    done = ftz("--data", str(ws), "report", "--as-of", "2021-05-31", "-o", str(tmp_path / "b.md"))
    assert done.exit_code == 0, done.stderr
    assert "部分单位报送不及时。" in (tmp_path / "b.md").read_text(encoding="utf-8")


def test_notes_that_are_a_folder_are_named_not_passed_over(ftz, ws: Path, tmp_path: Path) -> None:
    (ws / "notes" / "2021-05-31.yaml").mkdir(parents=True)
    done = ftz("--data", str(ws), "report", "--as-of", "2021-05-31", "-o", str(tmp_path / "b.md"))
    assert done.exit_code == 1 and "notes/2021-05-31.yaml: 错误 E009 " in done.stderr, done.stderr


@pytest.mark.parametrize("folder", ["issued", "issued/lights", "closures", "updates/<this month>"])
def test_a_folder_linked_out_is_never_written(ftz, ws: Path, tmp_path: Path, folder: str) -> None:
    month = f"updates/{dt.datetime.now(dt.timezone(dt.timedelta(hours=8))):%Y-%m}"  # where a record goes
    folder = folder.replace("updates/<this month>", month)
    away = tmp_path / "elsewhere" / "folder"
    away.mkdir(parents=True)
    (ws / folder).parent.mkdir(parents=True, exist_ok=True)
    (ws / folder).symlink_to(away, target_is_directory=True)
    commands = {"issued": ["report", "--as-of", "2021-05-31", "-o", str(tmp_path / "b.md")],
                "issued/lights": ["report", "--as-of", "2021-05-31", "-o", str(tmp_path / "b.md")],
                "closures": ["list"],
                month: ["update", FLOW, "--value", "2", "--date", "2021-03-31"]}
    done = ftz("--data", str(ws), *commands[folder])
    assert done.exit_code == 1 and " 错误 E007 " in done.stderr, done.stderr
    assert not list(away.iterdir())  # nothing written there


def test_an_issue_log_file_linked_out_is_refused(ftz, ws: Path, tmp_path: Path) -> None:
    (ws / "issued").mkdir()
    (ws / "issued" / "report-2021-001-zhang.yaml").symlink_to(_outside(tmp_path, "log.yaml", f"# {SECRET}\n"))
    _refused(ftz("--data", str(ws), "report", "--as-of", "2021-05-31", "-o", str(tmp_path / "b.md")),
             "issued/report-2021-001-zhang.yaml")


def test_a_plan_of_plans_linked_out_is_refused(ftz, ws: Path, tmp_path: Path) -> None:
    (ws / "plans").mkdir()
    (ws / "plans" / "2022.yaml").symlink_to(_outside(tmp_path, "2022.yaml", (ws / "targets.yaml").read_text(
        encoding="utf-8") + f"# {SECRET}\n"))
    _refused(ftz("--data", str(ws), "--plan", "2022", "list"), "plans/2022.yaml")


def test_the_sent_log_linked_out_is_neither_read_nor_appended(ws: Path, tmp_path: Path) -> None:
    from ftz_cli.core.errors import FtzError
    from ftz_cli.parse.sent import Sent
    from ftz_cli.store.sent import log, sent_today
    from ftz_cli.store.workspace import Workspace

    away = _outside(tmp_path, "2021-05.jsonl", "")
    (ws / "sent").mkdir()
    (ws / "sent" / "2021-05.jsonl").symlink_to(away)
    with pytest.raises(FtzError) as refused:
        sent_today(Workspace(ws), "dingtalk", dt.date(2021, 5, 10))
    assert refused.value.diagnostics[0].code == "E007"
    with pytest.raises(FtzError):
        log(Workspace(ws), [Sent("商务局", "dingtalk", dt.datetime(2021, 5, 10, 9, tzinfo=dt.UTC), "d", True)])
    assert away.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("setting", ["templates", "reference_doc"])
@pytest.mark.parametrize("how", ["absolute", "up"])
def test_a_path_in_the_settings_stays_in_the_workspace(ftz, ws: Path, tmp_path: Path, setting: str, how: str) -> None:
    away = tmp_path / "elsewhere" / ("mine" if setting == "templates" else "ref.docx")
    away.parent.mkdir(parents=True)
    away.mkdir() if setting == "templates" else away.write_bytes(b"PK")
    value = str(away) if how == "absolute" else f"../elsewhere/{away.name}"
    (ws / "ftz.yaml").write_text(f"report:\n  {setting}: {json.dumps(value)}\n", encoding="utf-8")
    done = ftz("--data", str(ws), "report", "--as-of", "2021-05-31", "-o", str(tmp_path / "b.docx"))
    assert done.exit_code == 1, done.stderr
    column = len(f"  {setting}: ") + 1  # said where the setting is, to be corrected there
    assert f"ftz.yaml:2:{column}: 错误 E007 设置 report.{setting} 的路径“{value}”通向工作区以外（{away}）" in done.stderr, \
        done.stderr
    assert f"或在命令行用 --{setting.replace('_', '-')} 指定工作区以外的文件" in done.stderr
