"""The index of the records at edges the other tests left open: each of these failed a mutant
of ``store/`` that survived mutmut (docs/development.md, "Mutation testing"). Asked directly:
a real workspace's index, not a command around it."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.model import Update, Verdict
from ftz_cli.core.names import LOCK_FILE
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.recordfile import render
from ftz_cli.parse.records import Raw
from ftz_cli.store import append, layout, load, lookup
from ftz_cli.store.workspace import Workspace

D = dt.date
ITEM = "trade.outlets-2021"  # a count, 新增25个
LOG = "updates/2021-03/zhang.yaml"


def _line(day: str, value: float, stamp: str = "2021-03-05T10:00:00+08:00") -> str:
    return f'- {{"id": "{ITEM}", "date": "{day}", "value": {value}, "recorded_at": "{stamp}"}}\n'


YEAR_END = D(2021, 12, 31)


def _loaded(ws: Path, text: str, today: dt.date = YEAR_END) -> load.Loaded:
    path = ws / LOG
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load.load(Workspace(ws), today)


def test_a_record_dated_after_today_is_w221_where_its_date_stands(ws):
    loaded = _loaded(ws, _line("2021-03-02", 3) + _line("2021-04-02", 4), today=D(2021, 3, 31))
    assert [d for d in loaded.diagnostics if d.code == "W221"] == [Diagnostic(
        "W221", "记录的日期 2021年4月2日 晚于这台电脑的今天（2021年3月31日）", LOG, 2, 40,
        "如果这台电脑的日期不对，请校准系统时间；如果记录的日期写错了，请更正。", "warning")]



def test_a_refused_record_dated_after_today_is_w221_too_and_a_files_problems_are_in_line_order(ws):
    text = _line("2021-04-02", 4) + _line("2021-04-01", 1).replace("1,", '"很多",') + \
        _line("2021-03-31", 1).replace("1,", '"很多",')  # two refused (E204), of tomorrow and of today
    loaded = _loaded(ws, text, today=D(2021, 3, 31))
    assert [(d.code, d.line, d.column) for d in loaded.diagnostics if d.path == LOG] == [
        ("W221", 1, 40), ("W221", 2, 40), ("E204", 2, 63), ("E204", 3, 63)]


def test_records_dated_are_counted_up_to_the_day_itself(ws):
    records = _loaded(ws, _line("2021-03-02", 3) + _line("2021-04-02", 4)).records
    assert records.dated({ITEM}, D(2021, 3, 1)) == (0, None, None)
    assert records.dated({ITEM}, D(2021, 4, 2)) == (2, D(2021, 3, 2), D(2021, 4, 2))


def test_a_first_figure_held_for_checking_is_no_figure_to_check_against(ws):
    # 60 is more than 200% of 25 (W205, held): a record of 3月20日 is checked against nothing
    records = _loaded(ws, _line("2021-03-02", 60) + _line("2021-03-20", 10)).records
    assert [u.value for u, *_ in records.around({ITEM: D(2021, 3, 20)})] == [10]
    assert [u.value for u, *_ in records.around({ITEM: D(2021, 3, 2)})] == [60, 10]
    assert [u.value for u, *_ in records.around({ITEM: D(2021, 4, 1)})] == [10]


def test_only_figures_held_before_the_day_leave_nothing_to_check_against(ws):
    records = _loaded(ws, _line("2021-03-02", 60)).records
    assert records.around({ITEM: D(2021, 3, 20)}) == []



def test_a_history_read_from_the_index_makes_only_the_records_asked_for(ws, monkeypatch):
    loaded = _loaded(ws, "".join(_line(f"2021-03-{day:02}", day) for day in (2, 9, 16, 23, 30)))
    asked: list[int] = []
    real = lookup.located_rows
    monkeypatch.setattr(lookup, "located_rows", lambda db, where, args: asked.append(len(args)) or real(db, where, args))
    history, item = loaded.records.history(ITEM), loaded.plan.items_by_id[ITEM]
    assert history.first_met(item) == D(2021, 3, 30)  # 30 ≥ 25, kept by the index
    assert history.held_days(item) == frozenset()  # so are the figures held
    assert history.latest(D(2021, 3, 20)).value == 16
    assert asked == [1]  # ``ftz list``: one record made, in one query
    assert [u.value for u in history.until(D(2021, 3, 31))] == [2, 9, 16, 23, 30]
    assert asked == [1, 4]  # the others at once, the one made already not again



def test_every_field_of_a_record_comes_back_from_the_index(ws):
    stamp = dt.datetime(2021, 5, 30, 9, 30, tzinfo=CHINA)
    said = [Update("trade.c2.bonded-zone-closure", D(2021, 3, 2), None, "推进中", "按计划推进", "张三", stamp,
                   progress_note="方案已报送", problems="场地未定", next_steps="4月报批", outlook="能完成"),
            Update(ITEM, D(2021, 3, 9), 3.0, None, "", "", stamp, replace=True, input="3个"),
            Update("trade.c2.digital-reform", D(2021, 5, 29), None, None, "并入年度任务", "办公室", stamp,
                   verdict="carried", carried_into=ITEM)]
    records = _loaded(ws, "".join(render(u) for u in said)).records
    assert [u for u, *_ in records.located(None)] == said
    assert records.records([ITEM]) == (said[1],)  # the items asked for only
    assert records.located([ITEM]) == [(said[1], LOG, 2, 3)]  # the record, its file, line and column
    assert records.history("trade.c2.digital-reform").verdicts == (
        Verdict("trade.c2.digital-reform", D(2021, 5, 29), "carried", "并入年度任务", "办公室", stamp, ITEM),)


# -- layout: where records live, what is not read, what clashes ------------------------------------

def test_the_machine_and_the_user_name_the_writer(monkeypatch):
    import getpass
    import socket

    monkeypatch.setattr(socket, "gethostname", lambda: "PC-01.office.local")
    monkeypatch.setattr(getpass, "getuser", lambda: "Zhang San")
    assert layout.default_writer() == "pc-01-zhang-san"
    monkeypatch.delenv("FTZ_WRITER", raising=False)
    assert (layout.writer(), layout.writer("Wang Wu")) == ("pc-01-zhang-san", "wang-wu")  # no setting: the machine
    monkeypatch.setenv("FTZ_WRITER", "Li Si")
    assert layout.writer("Wang Wu") == "li-si"

    def no_name() -> str:
        raise KeyError("uid")

    monkeypatch.setattr(getpass, "getuser", no_name)  # no name for this uid (a container)
    assert layout.default_writer() == f"pc-01-{os.getuid()}"
    monkeypatch.delattr(os, "getuid")  # Windows
    assert layout.default_writer() == "pc-01-user"
    monkeypatch.setattr(socket, "gethostname", lambda: "...")
    monkeypatch.setattr(getpass, "getuser", lambda: "___")
    assert layout.default_writer() == "writer"  # nothing safe left


def test_the_lock_makes_the_folders_it_needs(tmp_path):
    updates = tmp_path / "plans" / "2022" / "updates"
    with layout.lock(updates):
        assert (updates / LOCK_FILE).is_file()


def _refused(monkeypatch, folder: Path) -> None:
    """Reading ``folder`` is refused (root reads any folder whatever its mode)."""
    real = Path.iterdir

    def iterdir(self: Path):
        if self == folder:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)


def test_an_updates_folder_that_cannot_be_read_is_e006_never_no_records(ws, monkeypatch):
    _refused(monkeypatch, ws / "updates")
    with pytest.raises(FtzError) as raised:
        layout.update_files(ws / "updates")
    assert raised.value.diagnostics == [Diagnostic(
        "E006", "无法读取进度文件夹 updates：Permission denied", "updates",
        hint=f"检查文件夹的读取权限，例如 ls -ld {ws / 'updates'}")]


def test_a_month_folder_that_cannot_be_read_is_e006_saying_records_would_be_missed(ws, monkeypatch):
    month = ws / "updates" / "2021-03"
    month.mkdir()
    _refused(monkeypatch, month)
    with pytest.raises(FtzError) as raised:
        layout.update_files(ws / "updates")
    assert raised.value.diagnostics == [Diagnostic(
        "E006", "无法读取进度文件夹 updates/2021-03：Permission denied", "updates/2021-03",
        hint=f"其中的记录会被漏掉：检查文件夹的读取权限，例如 ls -ld {month}")]


def test_what_ftz_does_not_read_is_named_with_why(ws):
    updates = ws / "updates"
    month = updates / "2021-03"
    (month / "inner").mkdir(parents=True)
    (updates / "elsewhere").mkdir()
    (updates / "linked").symlink_to(updates / "elsewhere")
    for name in ("zhang.yaml", "li.yml", ".hidden.yaml", "2021-03/wang.yaml", "2021-03/wang.txt",
                 "2021-03/.zhao.yaml", "2021-03/.zhang.yaml.tmp", LOCK_FILE):
        (updates / name).write_text("", encoding="utf-8")
    assert layout.unread(updates) == [
        ("updates/.hidden.yaml", "是隐藏的文件（名称以“.”开头）"),
        ("updates/2021-03/.zhao.yaml", "是隐藏的文件（名称以“.”开头）"),
        ("updates/2021-03/inner", "是文件夹"),
        ("updates/2021-03/wang.txt", "不是 .yaml 文件"),
        ("updates/li.yml", "不是 .yaml 文件"),
        ("updates/linked", "是指向别处的文件夹链接"),
    ]
    assert layout.update_files(updates) == [month / "wang.yaml", updates / "zhang.yaml"]


def test_files_that_are_one_file_on_windows_or_cannot_be_there_are_named(ws):
    updates = ws / "updates"
    (updates / "2021-03").mkdir(parents=True)
    (updates / "2021-04").mkdir()
    (updates / "away").symlink_to(updates / "2021-04")  # a linked folder is not looked into twice
    for name in ("Zhang.yaml", "zhang.yaml", ".Li.yaml", ".li.yaml", "2021-03/Wang.yaml", "2021-03/wang.yaml",
                 "2021-04/con.yaml"):
        (updates / name).write_text("", encoding="utf-8")
    assert layout.clashes(updates) == [
        ("updates/zhang.yaml", "updates/Zhang.yaml"),
        ("updates/2021-03/wang.yaml", "updates/2021-03/Wang.yaml"),
        ("updates/2021-04/con.yaml", ""),
    ]


def test_an_updates_folder_linked_elsewhere_is_e007_saying_how_to_bring_it_back(tmp_path):
    away = tmp_path / "away"
    away.mkdir()
    updates = tmp_path / "ws" / "plans" / "2022" / "updates"
    updates.parent.mkdir(parents=True)
    updates.symlink_to(away)
    with pytest.raises(FtzError) as raised:
        layout.update_files(updates)
    assert raised.value.diagnostics == [Diagnostic(
        "E007", f"进度文件夹 plans/2022/updates 是符号链接（指向 {away}）：ftz 只读写工作区自己的文件夹，不跟随链接",
        "plans/2022/updates", hint=f"把那个文件夹移回工作区，换掉这个链接：rm {updates} && mv {away} {updates}")]
    away.rmdir()  # a link to nothing: the folder is made anew
    with pytest.raises(FtzError) as raised:
        layout.lock(updates)
    assert raised.value.diagnostics == [Diagnostic(
        "E007", f"进度文件夹 plans/2022/updates 是符号链接（指向 {away}）：ftz 只读写工作区自己的文件夹，不跟随链接",
        "plans/2022/updates", hint=f"链接指向的文件夹不存在：新建一个，换掉这个链接：rm {updates} && mkdir {updates}")]
    (tmp_path / "updates").symlink_to(away)
    with pytest.raises(FtzError) as raised:
        layout.update_files(tmp_path / "updates")
    assert raised.value.diagnostics[0].path == "updates"  # the workspace's own updates/


# -- what an append writes and where (store/append.py) ------------------------------------

def _new(note: str = "") -> Update:
    return Update(ITEM, D(2021, 3, 31), 3.0, None, note, "", dt.datetime(2021, 4, 1, 3, tzinfo=CHINA))


def test_a_record_entered_in_the_first_hours_of_a_month_in_china_time_starts_that_months_file(ws, monkeypatch):
    monkeypatch.setenv("FTZ_WRITER", "zhang")
    night = dt.datetime(2021, 3, 31, 19, tzinfo=dt.UTC)  # 4月1日 3时 in China
    path, data = append.append(Workspace(ws), [_new()], night)
    assert path == ws / "updates" / "2021-04" / "zhang.yaml" and path.read_bytes() == data
    assert data.decode("utf-8").startswith("# ftz 进度记录（2021年4月录入）：由 ftz update / ftz import 追加。\n")


def test_a_workspace_whose_updates_folder_went_takes_a_record_again(ws):
    (ws / "updates").rmdir()
    path, _ = append.append(Workspace(ws), [_new()], dt.datetime(2021, 4, 1, 9, tzinfo=CHINA), "li")
    assert path == ws / "updates" / "2021-04" / "li.yaml" and path.is_file()


def test_a_writers_file_in_another_encoding_is_appended_to_byte_for_byte(ws):
    old = ws / "updates" / "2021-04" / "li.yaml"
    old.parent.mkdir()
    kept = "# 李四录入\n".encode("gbk") + _line("2021-03-02", 1).encode("utf-8")  # a comment saved in GBK
    old.write_bytes(kept)
    path, data = append.append(Workspace(ws), [_new()], dt.datetime(2021, 4, 1, 9, tzinfo=CHINA), "li")
    assert path == old and data == kept + render(_new()).encode("utf-8")


def _sized(ws: Path, monkeypatch, limit: int) -> tuple[Path, bytes]:
    monkeypatch.setattr(append, "MAX_BYTES", limit)
    return append.append(Workspace(ws), [_new(note="进" * 1_200_000)], dt.datetime(2021, 4, 1, 9, tzinfo=CHINA), "li")


def test_a_batch_fits_a_new_file_with_512_bytes_to_spare_for_its_header_and_no_less(ws, monkeypatch):
    size = len(render(_new(note="进" * 1_200_000)).encode("utf-8"))  # 3.4 MB
    path, _ = _sized(ws, monkeypatch, size + 512)
    assert path.name == "li.yaml"
    path.unlink()
    with pytest.raises(FtzError) as refused:
        _sized(ws, monkeypatch, size + 511)
    assert refused.value.diagnostics == [Diagnostic(
        "E004", "这次要录入的记录有 3.4 MB，超过一个进度文件的上限 3 MB", "updates/2021-04",
        hint="请把要录入的内容分成几次导入。")]
    assert not path.exists()


def test_a_writers_file_is_filled_to_the_limit_and_not_one_byte_past(ws, monkeypatch):
    folder = ws / "updates" / "2021-04"
    folder.mkdir()
    old = ("# " + "注" * 300 + "\n").encode("utf-8") + _line("2021-03-02", 1).encode("utf-8")
    adding = len(render(_new()).encode("utf-8"))
    for limit, name in ((len(old) + adding, "li.yaml"), (len(old) + adding - 1, "li_2.yaml")):
        for path in folder.iterdir():
            path.unlink()
        (folder / "li.yaml").write_bytes(old)
        monkeypatch.setattr(append, "MAX_BYTES", limit)
        path, _ = append.append(Workspace(ws), [_new()], dt.datetime(2021, 4, 1, 9, tzinfo=CHINA), "li")
        assert path.name == name


def test_a_writer_with_999_files_ftz_cannot_append_to_is_e405_and_nothing_is_written(ws):
    folder = ws / "updates" / "2021-04"
    folder.mkdir()
    names = ["li.yaml", *(f"li_{n}.yaml" for n in range(2, 1000))]
    for name in names:
        (folder / name).write_text("id: 手工改成了一个映射\n", encoding="utf-8")
    with pytest.raises(FtzError) as refused:
        append.append(Workspace(ws), [_new()], dt.datetime(2021, 4, 1, 9, tzinfo=CHINA), "li")
    assert refused.value.diagnostics == [Diagnostic(
        "E405", "updates/2021-04 中 li 的进度文件过多，无法写入", "updates/2021-04",
        hint="请整理 updates 文件夹后再录入。")]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


def test_a_record_is_stamped_to_the_second(ftz, ws):
    result = ftz("--data", str(ws), "update", ITEM, "--value", "3", "--date", "2021-03-31")
    assert result.exit_code == 0, result.stderr
    (path,) = (ws / "updates").rglob("*.yaml")
    stamp = json.loads(path.read_text(encoding="utf-8").splitlines()[-1][2:])["recorded_at"]
    assert dt.datetime.fromisoformat(stamp).microsecond == 0 and len(stamp) == len("2021-03-31T10:00:00+08:00")


def test_the_writer_a_caller_names_gets_the_records(ws, monkeypatch):
    monkeypatch.setenv("FTZ_WRITER", "zhang")
    raw = Raw({"id": ITEM, "date": "2021-03-31", "value": 3}, "命令行")
    append.record(Workspace(ws), [raw], YEAR_END, now=dt.datetime(2021, 4, 1, 9, tzinfo=CHINA), writer="li")
    assert [p.relative_to(ws).as_posix() for p in (ws / "updates").rglob("*.yaml")] == ["updates/2021-04/li.yaml"]
    again = Raw({"id": ITEM, "date": "2021-03-31", "value": 4}, "命令行")
    with pytest.raises(FtzError) as refused:
        append.record(Workspace(ws), [again], YEAR_END, writer="li")  # a correction not asked for
    assert [d.code for d in refused.value.diagnostics] == ["E210"]
    held = Raw({"id": ITEM, "date": "2021-04-30", "value": 60}, "命令行")  # 60 of 新增25个: held for checking
    with pytest.raises(FtzError) as refused:
        append.record(Workspace(ws), [held], YEAR_END, writer="li")  # not confirmed
    assert [d.code for d in refused.value.diagnostics] == ["E232"]


def test_a_leftover_of_a_writer_that_was_killed_is_cleared_by_the_next_append(ws):
    folder = ws / "updates" / "2021-04"
    folder.mkdir()
    leftover = folder / ".li.yaml.4242.tmp"
    leftover.write_text("- {\"id\": ", encoding="utf-8")
    append.append(Workspace(ws), [_new()], dt.datetime(2021, 4, 1, 9, tzinfo=CHINA), "li")
    assert sorted(p.name for p in folder.iterdir()) == ["li.yaml"]


def _another_writer_first(monkeypatch, ws: Path, line: str) -> None:
    """Another writer's record lands in its file just before this one takes the lock."""
    real = append.locked

    @contextlib.contextmanager
    def first(workspace: Workspace) -> Iterator[None]:
        other = ws / "updates" / "2021-03" / "li.yaml"
        other.parent.mkdir(parents=True, exist_ok=True)
        with other.open("a", encoding="utf-8") as log:
            log.write(line)
        with real(workspace):
            yield

    monkeypatch.setattr(append, "locked", first)


@pytest.mark.parametrize(("args", "other"), [
    # a correction of a date another writer has just recorded: checked again, still a correction
    (["--value", "5", "--replace"], _line("2021-03-31", 4)),
    # a figure held for checking, confirmed (60 of 新增25个), while another writer records
    (["--value", "60", "--confirm"], _line("2021-03-02", 3)),
])
def test_what_was_asked_still_holds_when_another_writer_came_first(ftz, ws, monkeypatch, args, other):
    _another_writer_first(monkeypatch, ws, other)
    result = ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-31", *args)
    assert result.exit_code == 0, result.stderr
    mine = [p for p in (ws / "updates").rglob("*.yaml") if p.name != "li.yaml"]
    assert len(mine) == 1 and f'"value": {args[1]}, ' in mine[0].read_text(encoding="utf-8")


def test_a_record_another_writer_made_of_the_same_date_first_refuses_this_one(ftz, ws, monkeypatch):
    put = ws / "updates" / "2021-03" / "li.yaml"
    put.parent.mkdir(parents=True)
    put.write_text(_line("2021-03-02", 3), encoding="utf-8")  # li's file is there already
    _another_writer_first(monkeypatch, ws, _line("2021-03-31", 4))  # and grows while this one checks
    result = ftz("--data", str(ws), "update", ITEM, "--date", "2021-03-31", "--value", "5")
    assert result.exit_code == 1 and "E210" in result.stderr, result.stderr
    assert [p.name for p in (ws / "updates").rglob("*.yaml")] == ["li.yaml"]
