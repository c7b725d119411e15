"""Loading a workspace (``store/load.py``) at the edges the other tests left open: each of these
failed a mutant that survived mutmut (docs/development.md, "Mutation testing"). What a user
sees when the plan, its source document or a record file is missing, a folder, a FIFO, too
big, unreadable or a link; which problems ``validate`` and the reading commands report."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from ftz_cli.commands.validate import _read_once, workspace_problems
from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.resources import bundled
from ftz_cli.parse.ytree import SPLIT_HINT
from ftz_cli.store import load
from ftz_cli.store.workspace import Workspace, find

D = dt.date
TODAY = D(2021, 12, 31)
ITEM = "trade.outlets-2021"  # a count, 新增25个
LOG = "updates/2021-03/zhang.yaml"
GOOD = f'- {{"id": "{ITEM}", "date": "2021-03-02", "value": 3, "recorded_at": "2021-03-05T10:00:00+08:00"}}\n'
WARNED = f'- {{"id": "{ITEM}", "date": "2021-03-09", "value": 60, "recorded_at": "2021-03-10T10:00:00+08:00"}}\n'
REFUSED = GOOD.replace('"value": 3', '"value": "三"')  # E204


def _problems(ws: Path, **given: object) -> list[Diagnostic]:
    """What stops ftz from loading the workspace (the plan unusable)."""
    with pytest.raises(FtzError) as raised:
        load.load(Workspace(ws, **given), TODAY)  # type: ignore[arg-type]
    return raised.value.diagnostics


def _diagnostics(ws: Path, **given: object) -> list[Diagnostic]:
    return list(load.load(Workspace(ws, **given), TODAY).diagnostics)  # type: ignore[arg-type]


def _leads_out(shown: str, outside: Path, ws: Path) -> Diagnostic:
    """E007, word for word, for the workspace's file ``shown`` linked to ``outside``."""
    return Diagnostic(
        "E007", f"{shown} 经符号链接通向工作区以外（{outside}），ftz 不读也不改写工作区以外的文件",
        shown, hint=f"把链接换成工作区（{ws}）里真正的文件或文件夹（复制链接指向的内容）。")


def _write(ws: Path, shown: str, text: str) -> Path:
    path = ws / shown
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _refused(monkeypatch: pytest.MonkeyPatch, path: Path, code: int, why: str) -> None:
    """Opening ``path`` fails with ``code`` (root opens any file whatever its mode)."""
    real = os.open

    def opened(file, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(file) == path:
            raise OSError(code, why, str(file)) if code != errno.EACCES else PermissionError(code, why, str(file))
        return real(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", opened)


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as f:  # no byte written: the size alone is over the limit
        f.truncate(size)


# -- the plan ------------------------------------------------------------------------------

def test_a_workspace_without_its_plan_is_e001_saying_how_to_make_one(ws):
    (ws / "targets.yaml").unlink()
    assert _problems(ws) == [Diagnostic("E001", "找不到文件 targets.yaml", "targets.yaml",
                                        hint="用“ftz init 文件夹”新建工作区。")]


def test_a_folder_in_place_of_the_plan_is_e001_saying_to_move_it(ws):
    (ws / "targets.yaml").unlink()
    (ws / "targets.yaml").mkdir()
    assert _problems(ws) == [Diagnostic("E001", "targets.yaml 是文件夹，不是文件", "targets.yaml",
                                        hint="请把这个文件夹改名或移走（不要以 .yaml 结尾）。")]


def test_a_plan_that_may_not_be_read_is_e001_saying_to_check_its_permissions(ws, monkeypatch):
    _refused(monkeypatch, ws / "targets.yaml", errno.EACCES, "Permission denied")
    assert _problems(ws) == [Diagnostic("E001", "没有权限读取 targets.yaml", "targets.yaml",
                                        hint="请检查文件的读取权限。")]


def test_a_plan_the_disk_fails_to_give_is_e001_with_the_systems_reason(ws, monkeypatch):
    _refused(monkeypatch, ws / "targets.yaml", errno.EIO, "Input/output error")
    assert _problems(ws) == [Diagnostic("E001", "无法读取 targets.yaml：Input/output error", "targets.yaml")]


def test_a_fifo_or_a_huge_file_in_place_of_the_plan_is_named_with_what_to_do(ws):
    (ws / "targets.yaml").unlink()
    os.mkfifo(ws / "targets.yaml")
    assert _problems(ws) == [Diagnostic(
        "E009", "targets.yaml 应是普通文件，但这里是命名管道、设备或其他特殊文件", "targets.yaml",
        hint="把它移走，在这里放回普通的 targets.yaml。")]
    (ws / "targets.yaml").unlink()
    _sparse(ws / "targets.yaml", 65 << 20)
    assert _problems(ws) == [Diagnostic(  # not "split it": a plan that big was replaced by something else
        "E004", "文件有 65 MB，超过上限 64 MB", "targets.yaml",
        hint="检查它是不是被别的文件替换了：可从备份或 git 中取回原来的文件。")]


def test_a_plan_linked_to_another_file_of_the_workspace_is_read_and_one_leading_out_is_e007(ws, tmp_path):
    (ws / "targets.yaml").rename(ws / "2021.yaml")
    (ws / "targets.yaml").symlink_to(ws / "2021.yaml")
    assert _diagnostics(ws) == []
    outside = tmp_path / "elsewhere.yaml"
    (ws / "2021.yaml").rename(outside)
    (ws / "targets.yaml").unlink()
    (ws / "targets.yaml").symlink_to(outside)
    assert _problems(ws) == [_leads_out("targets.yaml", outside, ws)]


def test_a_plan_with_errors_names_them_in_the_plan_and_stops_the_load(ws):
    text = (ws / "targets.yaml").read_text(encoding="utf-8")
    (ws / "targets.yaml").write_text(text.replace(f"id: {ITEM}", f"id: {ITEM}\n    bogus: 1", 1), encoding="utf-8")
    line = text.splitlines().index(f"  - id: {ITEM}") + 2
    assert [(d.code, d.message, d.path, d.line) for d in _problems(ws)] == [("E111", "事项中有未知字段“bogus”", "targets.yaml", line)]


def test_a_changed_plan_or_document_is_read_again_on_the_next_run(ws):
    assert _diagnostics(ws) == []  # the plan is now kept in the index
    text = (ws / "targets.yaml").read_text(encoding="utf-8")
    (ws / "targets.yaml").write_text(text.replace("title: 2021年新增25个", "title: 二〇二一年新增25个"), encoding="utf-8")
    assert load.load(Workspace(ws), TODAY).plan.items_by_id[ITEM].title.startswith("二〇二一年新增25个")
    (ws / "document.txt").write_text("别的讲话\n", encoding="utf-8")
    assert {d.code for d in _problems(ws)} == {"E125"}


def test_a_second_run_reads_no_record_file_again_and_a_copy_of_the_plan_keeps_its_own_path(ws, monkeypatch):
    text = (ws / "targets.yaml").read_text(encoding="utf-8")  # a source not yet verified: W600, a warning
    mark = "      text: 新增25个“爱喜猫”“义乌好货”布局点\n"
    (ws / "targets.yaml").write_text(text.replace(mark, mark + "      unverified: true\n", 1), encoding="utf-8")
    (ws / "plans").mkdir()  # next year's plan started as a copy of this one
    shutil.copyfile(ws / "targets.yaml", ws / "plans" / "2022.yaml")
    shutil.copyfile(ws / "document.txt", ws / "plans" / "2022.txt")
    _write(ws, LOG, GOOD)
    assert [(d.code, d.path) for d in _diagnostics(ws)] == [("W600", "targets.yaml")]
    assert [(d.code, d.path) for d in _diagnostics(ws, plan="2022")] == [("W600", "plans/2022.yaml")]
    import ftz_cli.parse.recordfile as recordfile

    def read_again(*args: object) -> None:
        raise AssertionError("a record file whose bytes the index holds was read again")

    monkeypatch.setattr(recordfile, "checked", read_again)
    assert [u.value for u in load.load(Workspace(ws), TODAY).book.updates] == [3]


# -- the source document -------------------------------------------------------------------

def test_a_workspace_without_its_document_quotes_the_one_ftz_ships(ws):
    (ws / "document.txt").unlink()
    assert _diagnostics(ws) == []


def test_an_empty_document_is_e003_and_every_quote_is_still_checked(ws):
    (ws / "document.txt").write_text(" \n\n", encoding="utf-8")
    problems = _problems(ws)
    assert Diagnostic("E003", "文档文件是空的，无法核对计划中的来源原文", "document.txt",
                      hint="把发言原文放回 document.txt；或删去这个文件，使用 ftz 自带的原文。") in problems
    assert {d.code for d in problems} == {"E003", "E125"}


def test_a_document_without_the_quotes_is_e125_at_each_quote(ws):
    (ws / "document.txt").write_text("别的讲话\n", encoding="utf-8")
    problems = _problems(ws)
    assert {(d.code, d.message, d.path) for d in problems} == {("E125", "来源原文在文档中找不到", "targets.yaml")}
    assert len(problems) > 300  # every item's quote


def test_a_folder_in_place_of_the_document_is_its_only_problem(ws):
    (ws / "document.txt").unlink()
    (ws / "document.txt").mkdir()  # no quote checked against nothing, no "empty document"
    assert _diagnostics(ws) == [Diagnostic("E001", "document.txt 是文件夹，不是文件", "document.txt",
                                           hint="请把这个文件夹改名或移走（不要以 .yaml 结尾）。")]


def test_a_document_leading_out_of_the_workspace_is_e007_and_no_quote_is_checked_against_it(ws, tmp_path):
    outside = tmp_path / "speech.txt"
    outside.write_text("别的讲话\n", encoding="utf-8")
    (ws / "document.txt").unlink()
    (ws / "document.txt").symlink_to(outside)
    assert _diagnostics(ws) == [_leads_out("document.txt", outside, ws)]


def test_a_document_with_a_byte_not_in_utf8_still_gives_its_quotes(ws):
    (ws / "document.txt").write_bytes((ws / "document.txt").read_bytes() + b"\xff\n")
    assert _diagnostics(ws) == []


def test_a_plan_of_plans_needs_no_document_of_its_own(ws):
    (ws / "plans").mkdir()
    shutil.copyfile(ws / "targets.yaml", ws / "plans" / "2022.yaml")
    assert _diagnostics(ws, plan="2022") == []
    (ws / "plans" / "2022.txt").write_text("", encoding="utf-8")  # empty: nothing to check against, no E003
    assert _diagnostics(ws, plan="2022") == []


# -- the record files ----------------------------------------------------------------------

def test_a_record_file_that_is_a_link_is_e007_and_the_other_files_are_read(ws):
    _write(ws, LOG, GOOD)
    _write(ws, "kept/li.yaml", WARNED)
    (ws / "updates" / "2021-03" / "li.yaml").symlink_to(ws / "kept" / "li.yaml")
    linked = Diagnostic("E007", "进度文件 updates/2021-03/li.yaml 是符号链接，ftz 不读也不改写它",
                        "updates/2021-03/li.yaml",
                        hint="把它换成真正的文件（复制链接指向的内容），或移出 updates 文件夹。")
    loaded = load.load(Workspace(ws), TODAY)
    assert list(loaded.diagnostics) == [linked]
    assert [u.value for u in loaded.book.updates] == [3]
    assert workspace_problems(Workspace(ws), TODAY) == [linked]  # validate: the link is not read either


def test_record_files_ftz_cannot_read_are_named_in_reading_order_and_the_rest_is_read(ws, monkeypatch):
    month = ws / "updates" / "2021-03"
    _sparse(_write(ws, "updates/2021-03/a.yaml", ""), 65 << 20)
    os.mkfifo(month / "b.yaml")
    (month / "c.yaml").mkdir()
    _write(ws, "updates/2021-03/d.yaml", GOOD)
    _write(ws, LOG, GOOD.replace("03-02", "03-03"))
    _refused(monkeypatch, month / "d.yaml", errno.EACCES, "Permission denied")
    loaded = load.load(Workspace(ws), TODAY)
    assert list(loaded.diagnostics) == [
        Diagnostic("E004", "文件有 65 MB，超过上限 64 MB", "updates/2021-03/a.yaml", hint=SPLIT_HINT),
        Diagnostic("E009", "updates/2021-03/b.yaml 应是普通文件，但这里是命名管道、设备或其他特殊文件",
                   "updates/2021-03/b.yaml", hint="把它移走，在这里放回普通的 b.yaml。"),
        Diagnostic("E001", "updates/2021-03/c.yaml 是文件夹，不是文件", "updates/2021-03/c.yaml",
                   hint="请把这个文件夹改名或移走（不要以 .yaml 结尾）。"),
        Diagnostic("E001", "没有权限读取 updates/2021-03/d.yaml", "updates/2021-03/d.yaml",
                   hint="请检查文件的读取权限。"),
    ]
    assert [(u.date, u.value) for u in loaded.book.updates] == [(D(2021, 3, 3), 3)]


def test_a_record_files_problems_come_with_its_path_before_the_problems_across_files(ws):
    _write(ws, LOG, REFUSED + GOOD)
    _write(ws, "updates/2021-04/li.yaml", GOOD.replace("03-05T10", "04-01T10"))  # the same figure again
    assert [(d.code, d.path, d.line) for d in _diagnostics(ws)] == [
        ("E204", LOG, 1), ("W240", "updates/2021-04/li.yaml", 1)]


# -- validate: every file read once ------------------------------------------------------------

def test_validate_judges_the_bytes_it_read_not_what_the_disk_holds_later(ws):
    _write(ws, LOG, GOOD)
    _write(ws, "updates/2021-04/li.yaml", GOOD.replace("03-02", "04-02").replace("3,", "5,"))
    contents = _read_once(Workspace(ws))
    (ws / LOG).write_text(REFUSED, encoding="utf-8")  # changed, gone, the plan gone, after validate read them
    (ws / "updates" / "2021-04" / "li.yaml").unlink()
    (ws / "targets.yaml").unlink()
    (ws / "document.txt").write_text("别的讲话\n", encoding="utf-8")  # its quotes would all be E125
    loaded = load.load(Workspace(ws), TODAY, contents)
    assert loaded.diagnostics == () and [u.value for u in loaded.book.updates] == [3, 5]


def test_validate_names_a_plan_or_record_file_it_could_not_read(ws):
    _write(ws, LOG, GOOD)
    contents = _read_once(Workspace(ws))
    contents[ws / LOG] = PermissionError(errno.EACCES, "Permission denied")
    assert list(load.load(Workspace(ws), TODAY, contents).diagnostics) == [
        Diagnostic("E001", f"没有权限读取 {LOG}", LOG, hint="请检查文件的读取权限。")]
    contents[ws / "targets.yaml"] = OSError(errno.EIO, "Input/output error")
    with pytest.raises(FtzError) as raised:
        load.load(Workspace(ws), TODAY, contents)
    assert raised.value.diagnostics == [Diagnostic("E001", "无法读取 targets.yaml：Input/output error", "targets.yaml")]


# -- the reading commands ------------------------------------------------------------------

def test_a_reader_stops_at_the_errors_only_and_counts_them(ws):
    _write(ws, LOG, GOOD + WARNED)  # 60 of 新增25个: W205 and W204, warnings
    loaded = load.loaded_or_fail(Workspace(ws), TODAY)
    assert {(d.code, d.severity) for d in loaded.diagnostics} == {("W205", "warning"), ("W204", "warning")}
    assert loaded.workspace == Workspace(ws) and [u.value for u in loaded.updates] == [3, 60]
    _write(ws, "updates/2021-04/li.yaml", REFUSED + REFUSED.replace("03-02", "03-04"))
    with pytest.raises(FtzError) as raised:
        load.loaded_or_fail(Workspace(ws), TODAY)
    assert [(d.code, d.path, d.line) for d in raised.value.diagnostics] == [
        ("E204", "updates/2021-04/li.yaml", 1), ("E204", "updates/2021-04/li.yaml", 2), ("E011", "", None)]
    assert raised.value.diagnostics[-1] == Diagnostic("E011", "工作区有 2 个错误，请先更正",
                                                      hint="运行 ftz validate 查看全部问题。")


def test_the_units_of_ftz_yaml_are_checked_against_the_plan_they_belong_to(ws):
    (ws / "ftz.yaml").write_text("units:\n  市商务局: [trade, trade.no-such-item]\n", encoding="utf-8")
    loaded = load.load(find(str(ws)), TODAY)
    assert [(d.code, d.path, d.line) for d in loaded.diagnostics] == [("E216", "ftz.yaml", 2)]
    assert [(a.unit, a.ref) for a in loaded.book.settings.units] == [("市商务局", "trade"), ("市商务局", "trade.no-such-item")]
    (ws / "plans").mkdir()  # another plan assigns its own units: ftz.yaml's are not its
    shutil.copyfile(ws / "targets.yaml", ws / "plans" / "2022.yaml")
    loaded = load.load(replace(find(str(ws)), plan="2022"), TODAY)
    assert loaded.diagnostics == () and loaded.book.settings.units == loaded.plan.units == ()


def test_the_plan_ftz_ships_is_read_as_ftz_ships_it(ws):
    loaded = load.load(find(None), TODAY)  # no workspace here: the bundled plan, read-only
    assert loaded.workspace.root == bundled("data") and loaded.diagnostics == ()
    assert loaded.book.bundled and not load.load(Workspace(ws), TODAY).book.bundled


# -- what the index answers (store/lookup.py) -------------------------------------------------

def test_records_of_several_items_are_counted_and_listed_alike(ws):
    other = "trade.two-countries-parks-2021"  # a count too, 5个
    _write(ws, LOG, GOOD + GOOD.replace(ITEM, other).replace("03-02", "03-04").replace("3,", "1,"))
    records = load.load(Workspace(ws), TODAY).records
    assert records.dated({ITEM, other}, D(2021, 3, 3)) == (1, D(2021, 3, 2), D(2021, 3, 2))
    assert records.dated({ITEM, other}, TODAY) == (2, D(2021, 3, 2), D(2021, 3, 4))
    assert records.located(None) == records.located({ITEM, other})
    assert [(u.id, path, line) for u, path, line, _ in records.located(None)] == [(ITEM, LOG, 1), (other, LOG, 2)]
