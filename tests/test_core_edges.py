"""The edges of the small core modules (units, names, characters, files, the issue log…), written
to kill what survived their mutation runs (docs/development.md, 变异测试): each test pins what a
user sees at a boundary, a name rule one character either way, a message word for word."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
from pathlib import Path

import pytest

from ftz_cli.core.aliases import kind_code, matching_items
from ftz_cli.core.chars import escape_unsafe, escaped, first_unsafe, kind_of
from ftz_cli.core.errors import Diagnostic, FtzError, UsageProblem
from ftz_cli.core.issues import Issued, next_number, previous, same_number
from ftz_cli.core.model import Area, Group, Item, Plan, Source
from ftz_cli.core.names import (
    check_plan_name,
    collisions,
    file_key,
    is_plan_name,
    is_reserved,
    not_a_record,
    problem,
    safe_name,
    writer_of,
)
from ftz_cli.core.oserrors import os_diagnostic
from ftz_cli.core.selection import area_ids, area_names, check_filters
from ftz_cli.core.units import Assignment, check_assignments, check_units, owners

D = dt.date
SRC = Source("", "测试", "测试")
YEAR = (D(2021, 1, 1), D(2021, 12, 31))
AREAS = (Area("trade", "贸易自由", "贸易自由专班", None), Area("money", "金融自由", "金融自由专班", None))


def _item(item_id: str, parent: str | None = None, area: str = "trade") -> Item:
    return Item(item_id, area, "milestone", f"事项{item_id}", "2021", *YEAR, SRC, parent=parent)


def _plan(items: tuple[Item, ...], groups: tuple[Group, ...] = ()) -> Plan:
    return Plan("测试", "测试", YEAR[0], "", {}, AREAS, (), (), groups, (), items, (), (),
                {i.id: i for i in items})


# --- core/units.py -------------------------------------------------------------------------


def test_a_unit_of_a_group_owns_every_item_under_it_however_deep():
    """A unit named on the outermost of 70 nested groups owns the item at the bottom, and on a
    group between them too: ownership climbs every parent, not just the first."""
    groups = tuple(Group(f"g{n}", "trade", f"分组{n}", SRC, parent=f"g{n - 1}" if n else None)
                   for n in range(70))
    plan = _plan((_item("deep", "g69"), _item("top", "g0"), _item("other", area="money")), groups)
    assigned = [Assignment("市商务局", "g0"), Assignment("义乌海关", "g35"), Assignment("市金融办", "money")]
    assert owners(plan, assigned) == {"deep": ("市商务局", "义乌海关"), "top": ("市商务局",),
                                      "other": ("市金融办",)}
    # in the order units: lists them, not the order they are found climbing
    assert owners(plan, assigned[::-1])["deep"] == ("义乌海关", "市商务局")


def test_an_unknown_unit_is_refused_naming_every_unit_and_team():
    plan = _plan((_item("a"),))
    with pytest.raises(UsageProblem) as refused:
        check_units(plan, [Assignment("市商务局", "a")], ["市商务局", "外星局"])
    assert refused.value.diagnostics == [Diagnostic(
        "E407", "未知的责任单位“外星局”", hint="可用的单位：市商务局、贸易自由专班、金融自由专班。"
        "单位在工作区的 ftz.yaml 的 units: 中设置；没有指定单位的事项由所在专班负责。")]


def test_an_entry_naming_nothing_of_the_plan_suggests_three_ids_at_most():
    plan = _plan(tuple(_item(f"trade.port-{n}") for n in range(1, 5)) + (_item("trade.zzz"),))
    found = check_assignments(plan, [Assignment("市商务局", "trade.port-9", 3, 7),
                                     Assignment("市商务局", "trade"), Assignment("海关", "贸易自由"),
                                     Assignment("海关", "完全无关的名字", 4, 7)], "ftz.yaml")
    tail = "写指标编号（ftz list 可查看）、分组编号或领域编号（如 trade），每个单位一个列表。"
    assert found == [
        Diagnostic("E216", "责任单位“市商务局”下的“trade.port-9”不是计划中的指标、分组或领域", "ftz.yaml", 3, 7,
                   "是不是：trade.port-4、trade.port-3、trade.port-2？" + tail),
        Diagnostic("E216", "责任单位“海关”下的“完全无关的名字”不是计划中的指标、分组或领域", "ftz.yaml", 4, 7, tail)]


# --- core/selection.py ---------------------------------------------------------------------


def test_an_area_is_named_by_its_team_without_its_ending_even_when_its_name_differs():
    """--area takes a 专班 without 专班 and without 自由 (商贸 for 商贸自由专班), the area's name
    without 自由, never the empty name left of a team called just 专班."""
    assert area_names(Area("trade", "贸易自由", "商贸自由专班", None)) == {
        "trade", "贸易自由", "贸易", "商贸自由专班", "商贸自由", "商贸"}
    assert area_names(Area("x", "自由", "专班", None)) == {"x", "自由", "专班"}
    plan = _plan((_item("a"),))
    assert area_ids(plan, [" 金融 "]) == {"money"} and area_ids(plan, []) is None


@pytest.mark.parametrize(("areas", "kind", "statuses", "message", "hint"), [
    (["外星"], None, (), "未知的领域“外星”",
     "可用的领域：trade（贸易自由、贸易自由专班）、money（金融自由、金融自由专班）"),
    ([], "rate", (), "未知的类型“rate”",
     "可用的类型：flow、level、count、milestone、qualitative，或写中文：年度累计、存量、件数、节点、定性"),
    ([], None, ("绿灯", "紫灯"), "未知的状态“紫灯”",
     "可用的状态：done、on_track、behind、severely_behind、overdue、awaiting_verdict、carried、no_data、"
     "not_started，或写中文：已完成、正常推进、进度滞后、严重滞后、逾期未完成、到期待认定、转入年度任务、未报送、未开始、"
     "逾期完成、逾期未报送、今日到期未完成、今日到期未报送、超期未更新、待核实、逾期、绿灯、黄灯、红灯、灰灯、待认定、已转入"),
])
def test_an_unknown_filter_is_refused_naming_what_may_be_written(areas, kind, statuses, message, hint):
    with pytest.raises(UsageProblem) as refused:
        check_filters(_plan((_item("a"),)), areas, kind, statuses)
    assert refused.value.diagnostics == [Diagnostic("E407", message, hint=hint)]


def test_status_to_check_lists_the_items_whose_figure_is_held(ws, ftz):
    """--status 待核实: the items with a figure held for checking (ten times the one before,
    typed into a file by hand), whatever their light; no other item."""
    (ws / "updates" / "hand.yaml").write_text(
        "".join(f"- id: {i}\n  date: {d}\n  value: {v}\n" for i, d, v in (
            ("trade.import-export-2021", "2021-03-31", 100), ("trade.import-export-2021", "2021-04-30", 1000),
            ("trade.overseas-warehouses-2021", "2021-04-30", 100))), encoding="utf-8")
    listed = ftz("--data", str(ws), "list", "--status", " 待核实 ", "--as-of", "2021-05-01", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    assert [row["id"] for row in json.loads(listed.stdout)] == ["trade.import-export-2021"]


# --- core/names.py -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "found"), [
    ("市商务局", None), ("a\u202eb", ("E231", "名称中有双向文字控制符")), ("a\u200bb", ("E231", "名称中有零宽字符")),
    ("a\rb", ("E231", "名称中有控制字符")), ("a\nb", ("E231", "名称中有换行或制表符")),
    ("a\tb", ("E231", "名称中有换行或制表符")), ("a\r\nb", ("E231", "名称中有换行或制表符")),
    ("a:b/c", ("E022", "名称中不能有 / :（会用作文件名）")), ('<|>"', ("E022", '名称中不能有 " < > |（会用作文件名）')),
    (". .", ("E022", "名称不能只由点或空格组成（会用作文件名）")),
    ("Con .txt", ("E022", "名称是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1–9、LPT1–9），不能用作文件名")),
    ("lpt9", ("E022", "名称是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1–9、LPT1–9），不能用作文件名")),
    ("com10", None), ("auxiliary", None), ("单" * 60, None),
    ("单" * 61, ("E022", "名称有 61 个字，超过 60 个字（会用作文件名，太长系统无法保存）")),
])
def test_a_name_that_becomes_a_file_name_is_refused_saying_why(name, found):
    assert problem(name) == found


def test_names_that_are_one_file_on_windows_or_macos_pair_with_the_first():
    assert file_key(" ＺＨＡＮＧ. . ") == "zhang"
    assert collisions(["Zhang", "li", "zhang.", "ZHANG", "Zhang", "李"]) == [("Zhang", "zhang."), ("Zhang", "ZHANG")]


@pytest.mark.parametrize(("given", "expected"), [
    ("x" * 63 + "-yz", "x" * 63), ("-x" + "y" * 62 + ".z", "x" + "y" * 62), ("._-" + "x" * 70, "x" * 64),
    ("a_b_12", "a_b-12"),
    ("_2", "2"), ("con", "con_"), ("CON.li", "con_.li"), ("nul.a.b", "nul_.a.b"), ("console", "console"),
])
def test_a_writer_name_is_cut_to_64_characters_and_never_a_device(given, expected):
    assert safe_name(given) == expected and not is_reserved(expected)


def test_a_writer_named_like_a_device_before_a_dot_records_a_file_ftz_reads_back(ftz, ws, monkeypatch):
    """``con.li`` made ``con.li_.yaml``, which Windows cannot hold and ftz then refused (E022)
    in every command: the mark goes before the dot."""
    monkeypatch.setenv("FTZ_WRITER", "CON.li")
    recorded = ftz("--data", str(ws), "update", "trade.import-export-2021", "--value", "100", "--date", "2021-03-31")
    assert recorded.exit_code == 0, recorded.stderr
    assert [p.name for p in (ws / "updates").glob("*/*.yaml")] == ["con_.li.yaml"]
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 0, checked.stderr


@pytest.mark.parametrize(("shown", "writer"), [
    ("updates/2021-03/zhang_12.yaml", "zhang"), ("updates/2021-03/a_b_2.yaml", "a_b"),
    ("updates/2021-03/_2.yaml", "_2"), ("updates/2021-03/zhang.yml", None), ("updates/2021-03/x/zhang.yaml", None),
    ("plans/2021-03/zhang.yaml", None), ("plans/2021-03.yaml", None), ("updates/con_.li.yaml", ""),
])
def test_the_writer_of_a_record_file_is_its_name_without_a_number(shown, writer):
    assert writer_of(shown) == writer


@pytest.mark.parametrize(("name", "ok"), [
    ("2022", True), ("2022-百日攻坚", True), ("a" * 40, True), ("a" * 41, False), ("-2022", False),
    ("_a", False), ("百", True), ("a b", False), ("a.b", False), ("", False), ("é", False)])
def test_a_plan_name_is_forty_letters_digits_or_han_characters(name, ok):
    assert is_plan_name(name) is ok


def test_a_plan_name_that_cannot_be_used_is_refused_saying_what_may_be():
    assert check_plan_name("2022") == "2022"
    for name in ("2021", "a/b"):
        with pytest.raises(FtzError) as refused:
            check_plan_name(name)
        assert refused.value.diagnostics == [Diagnostic(
            "E600", f"计划名称“{name}”不能使用", hint="计划名称用字母、数字、汉字、连字符或下划线，最长 40 个字符，"
            "不能是 2021（工作区自带的 targets.yaml），例如 2022 或 2022-百日攻坚。")]


@pytest.mark.parametrize(("name", "folder", "month", "why"), [
    (".lock", False, False, None), (".gitignore", False, True, None), (".zhang.yaml.x1.tmp", False, True, None),
    (".lock", True, False, "是隐藏的文件夹（名称以“.”开头）"), (".tmp", True, True, "是隐藏的文件夹（名称以“.”开头）"),
    (".zhang.yaml", False, True, "是隐藏的文件（名称以“.”开头）"), ("2021-03", True, False, None),
    ("old", True, True, "是文件夹"), ("zhang.yaml", False, True, None), ("zhang.yml", False, True, "不是 .yaml 文件"),
    ("zhang.tmp", False, True, "不是 .yaml 文件")])
def test_what_in_updates_holds_no_records_and_why(name, folder, month, why):
    assert not_a_record(name, folder=folder, month=month) == why


# --- core/chars.py -------------------------------------------------------------------------

# the first and last character of each unsafe range, and the safe ones on either side
_UNSAFE_EDGES = "\x00\x08\x0b\x0c\x0e\x1f\x7f\x9f\u061c\u200b\u200f\u2028\u202e\u2060\u2069\ufeff"
_SAFE_EDGES = "\t\n \x7e\xa0\u061b\u061d\u200a\u2010\u2027\u202f\u205f\u206a\ufefe\uff00中"


def test_every_unsafe_range_is_escaped_to_its_last_character_and_no_further():
    for char in _UNSAFE_EDGES:
        assert escape_unsafe(f"a{char}b") == f"a\\u{ord(char):04x}b" == f"a{escaped(char)}b"
        assert first_unsafe(f"ab{char}") == 2
    for char in _SAFE_EDGES:
        assert escape_unsafe(f"a{char}b") == f"a{char}b" and first_unsafe(f"a{char}b") is None


@pytest.mark.parametrize(("text", "shown", "at"), [
    ("a\rb", "a\\u000db", 1), ("a\r", "a\\u000d", 1), ("a\r\nb", "a\r\nb", None), ("\r\n\r", "\r\n\\u000d", 2),
    ("\r\r\n", "\\u000d\r\n", 0), ("x\r\n\u202e\r", "x\r\n\\u202e\\u000d", 3), ("平安\t\n", "平安\t\n", None),
])
def test_a_bare_carriage_return_is_unsafe_and_one_before_a_newline_is_text(text, shown, at):
    assert escape_unsafe(text) == shown and first_unsafe(text) == at


@pytest.mark.parametrize(("char", "kind"), [
    ("\u202e", "双向文字控制符"), ("\u200e", "双向文字控制符"), ("\u061c", "双向文字控制符"), ("\u2069", "双向文字控制符"),
    ("\u200b", "零宽字符"), ("\ufeff", "零宽字符"), ("\u2060", "零宽字符"), ("\x1b", "控制字符"), ("\u2028", "控制字符"),
])
def test_what_a_user_is_told_an_unsafe_character_is(char, kind):
    assert kind_of(char) == kind


# --- core/issues.py ------------------------------------------------------------------------


def _issued(series: str, number: int, as_of: dt.date) -> Issued:
    return Issued(series, number, as_of + dt.timedelta(days=1), as_of, f"{series}-{as_of}.docx")


def test_two_briefs_of_one_series_and_year_with_one_number_are_paired_with_the_first():
    first, again, other = _issued("report", 1, D(2021, 3, 31)), _issued("report", 1, D(2021, 3, 31)), \
        _issued("report", 1, D(2021, 4, 30))
    third, weekly, next_year = _issued("report", 1, D(2021, 5, 31)), _issued("weekly", 1, D(2021, 4, 30)), \
        _issued("report", 1, D(2022, 4, 30))
    assert same_number([first, again, weekly, other, next_year, third]) == [(first, other), (first, third)]


def test_a_brief_keeps_its_number_and_a_new_one_takes_the_next_of_its_year_and_series():
    log = [_issued("report", 1, D(2021, 3, 31)), _issued("report", 2, D(2021, 4, 30)),
           _issued("report", 3, D(2021, 3, 31)), _issued("weekly", 7, D(2021, 5, 7)),
           _issued("report", 9, D(2020, 12, 31))]
    assert next_number(log, "report", D(2021, 4, 30)) == 2
    assert next_number(log, "report", D(2021, 3, 31)) == 3  # the number it took last
    assert next_number(log, "report", D(2021, 5, 31)) == 4
    assert next_number(log, "weekly", D(2021, 5, 14)) == 8
    assert next_number(log, "report", D(2022, 1, 31)) == 1 and next_number([], "weekly", D(2021, 1, 8)) == 1


def test_the_brief_before_is_the_latest_of_its_series_as_of_an_earlier_day():
    march, march_again, april = _issued("report", 1, D(2021, 3, 31)), _issued("report", 2, D(2021, 3, 31)), \
        _issued("report", 3, D(2021, 4, 30))
    log = [march_again, march, april, _issued("weekly", 5, D(2021, 4, 23))]
    assert previous(log, "report", D(2021, 4, 30)) == march_again
    assert previous(log, "report", D(2021, 5, 1)) == april
    assert previous(log, "report", D(2021, 3, 31)) is None and previous(log, "weekly", D(2021, 4, 23)) is None


# --- core/oserrors.py ----------------------------------------------------------------------

_ACCESS = ("没有权限读写“/srv/a b/简报.docx”", "检查它和所在文件夹的权限（ls -ld '/srv/a b/简报.docx'）；"
           "若权限没问题，可能被锁定为不可修改（lsattr '/srv/a b/简报.docx'）。")


@pytest.mark.parametrize(("number", "message", "hint"), [
    (errno.EACCES, *_ACCESS), (errno.EPERM, *_ACCESS),
    (errno.EROFS, "“/srv/a b/简报.docx”所在的磁盘是只读的，无法写入", "换一个可写的文件夹，或请管理员把这块磁盘挂载为可写。"),
    (errno.ENOSPC, "磁盘已满，无法写入“/srv/a b/简报.docx”", "清理磁盘空间后再运行（df -h '/srv/a b' 可查看剩余空间）。"),
    (errno.EDQUOT, "磁盘配额已用完，无法写入“/srv/a b/简报.docx”", "清理空间或请管理员提高配额后再运行。"),
    (errno.EIO, "读写“/srv/a b/简报.docx”时磁盘出错", "检查磁盘或网络盘的连接，稍后再试。"),
    (errno.ENOENT, "找不到“/srv/a b/简报.docx”", "检查路径是否写对（ls -l '/srv/a b'）。"),
    (errno.ENOTDIR, "路径“/srv/a b/简报.docx”中有一段不是文件夹", "检查路径是否写对。"),
    (errno.EISDIR, "“/srv/a b/简报.docx”是文件夹，不是文件", "写出文件名，而不是文件夹名。"),
    (errno.ELOOP, "“/srv/a b/简报.docx”的符号链接层数过多或成环", "检查这个符号链接指向哪里（ls -l '/srv/a b/简报.docx'）。"),
    (errno.ETXTBSY, "“/srv/a b/简报.docx”正被其他程序使用", "关闭正在使用它的程序后再试。"),
    (errno.EMFILE, "同时打开的文件过多", "关闭一些程序后再试。"),
    (errno.ENAMETOOLONG, "文件名“/srv/a b/简报.docx”过长，系统无法保存", "换一个短一些的文件名（系统限制为 255 字节，约 80 个汉字）；"
     "名称来自 ftz.yaml 的单位名称时，请把单位名称改短。"),
    (errno.EXDEV, "无法读写“/srv/a b/简报.docx”：跨设备", "检查文件是否存在、是否有读写权限、磁盘是否已满（ls -ld '/srv/a b/简报.docx'）。"),
])
def test_an_error_of_the_system_names_its_file_quoted_for_the_shell(number, message, hint):
    err = OSError(number, "跨设备", "/srv/a b/简报.docx")
    assert os_diagnostic(err) == Diagnostic("E005", message, "", hint=hint)


def test_an_error_is_said_of_the_file_asked_for_or_of_the_output_stream():
    asked = os_diagnostic(OSError(errno.ENOSPC, "full", "out/.lock"), Path("out/brief.docx"), "E405")
    assert asked == Diagnostic("E405", "磁盘已满，无法写入“out/brief.docx”", "out/brief.docx",
                               hint="清理磁盘空间后再运行（df -h out 可查看剩余空间）。")
    here = os_diagnostic(OSError(errno.ENOENT, "gone", "brief.docx"))
    assert here.hint == "检查路径是否写对（ls -l .）。"
    stream = os_diagnostic(BrokenPipeError())
    assert (stream.code, stream.message, stream.path) == ("E005", "无法读写“标准输出（或它重定向到的文件）”：BrokenPipeError", "")
    full = os_diagnostic(OSError(errno.ENOSPC, "full"))
    assert (full.message, full.hint) == ("磁盘已满，无法写入“标准输出（或它重定向到的文件）”", "清理磁盘空间后再运行（df -h . 可查看剩余空间）。")


# --- core/aliases.py -----------------------------------------------------------------------


@pytest.mark.parametrize(("given", "code"), [
    (None, None), ("年度累计", "flow"), (" 定性 ", "qualitative"), (" flow ", "flow"), ("rate", "rate")])
def test_a_kind_is_its_code_or_its_chinese_label_spaces_aside(given, code):
    assert kind_code(given) == code


def test_an_item_is_named_by_its_whole_title_else_by_part_of_its_title_or_metric():
    items = (_item("a")._replace(title="进出口额", metric="进出口总额"), _item("b")._replace(title="进出口额增长"),
             _item("c")._replace(title="跨境电商", metric="进出口额"))
    plan = _plan(items)
    assert matching_items(plan, " 进出口额 ") == [items[0]]
    assert matching_items(plan, "进出口") == list(items) and matching_items(plan, "进出口", partial=False) == []
    assert matching_items(plan, "总额") == [items[0]] and matching_items(plan, "跨境") == [items[2]]
    assert matching_items(plan, "a") == [] and matching_items(plan, " ") == []


# --- core/files.py -------------------------------------------------------------------------

_MB = 1 << 20
_SPECIAL = "应是普通文件，但这里是命名管道、设备或其他特殊文件"


class _Os:
    """The ``os`` module, but for the calls given: what another process does to a file between
    two of ftz's own calls, made to happen at that moment."""

    def __init__(self, **calls: object) -> None:
        self.__dict__.update(calls)

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)


def _refused(read, *args) -> Diagnostic:
    with pytest.raises(FtzError) as refused:
        read(*args)
    [said] = refused.value.diagnostics
    return said


def test_a_small_file_that_is_a_folder_a_pipe_or_too_big_is_said_with_its_name_and_hint(tmp_path):
    from ftz_cli.core.files import read_small

    path = tmp_path / "ftz.yaml"
    path.mkdir()
    assert _refused(read_small, path, "ftz.yaml", _MB, "移走") == Diagnostic(
        "E009", "ftz.yaml 应是普通文件，但这里是文件夹", "ftz.yaml", hint="移走")
    path.rmdir()
    os.mkfifo(path)
    assert _refused(read_small, path, "ftz.yaml", _MB, "移走") == Diagnostic(
        "E009", f"ftz.yaml {_SPECIAL}", "ftz.yaml", hint="移走")
    path.unlink()
    path.write_bytes(b"#" * (_MB + _MB // 2))
    assert _refused(read_small, path, "ftz.yaml", _MB, "移走") == Diagnostic(
        "E004", "文件有 1.5 MB，超过上限 1 MB", "ftz.yaml", hint="检查它是不是被别的文件替换了。")
    path.write_bytes(b"#" * _MB)
    assert read_small(path, "ftz.yaml", _MB, "移走") == b"#" * _MB


def test_a_settings_file_that_is_a_folder_is_named_with_what_to_do(ftz, ws):
    (ws / "ftz.yaml").mkdir()
    done = ftz("--data", str(ws), "validate")
    assert done.exit_code == 1
    assert ("ftz.yaml: 错误 E009 ftz.yaml 应是普通文件，但这里是文件夹\n"
            f"  提示：把它移走或改名，再用 ftz init 的格式写一个 ftz.yaml；工作区在：{ws}") in done.stderr


@pytest.mark.parametrize("swapped_in", ["pipe", "big file"])
def test_a_file_swapped_after_it_was_judged_is_judged_again_once_opened(tmp_path, monkeypatch, swapped_in):
    """The path is judged, then opened: another process may put a pipe or a huge file there in
    between; what was opened is judged again and said the same way, never waited on or read."""
    from ftz_cli.core import files

    path = tmp_path / "targets.yaml"
    path.write_bytes(b"plan: {}\n")

    def swapping_open(name, flags, *args, **kwargs):
        path.unlink()
        if swapped_in == "pipe":
            os.mkfifo(path)
        else:
            path.write_bytes(b"#" * (2 * _MB))
        return os.open(name, flags, *args, **kwargs)

    monkeypatch.setattr(files, "os", _Os(open=swapping_open))
    said = _refused(files.read_bounded, path, "targets.yaml", _MB, "放回普通文件", "拆开")
    assert said == (Diagnostic("E009", f"targets.yaml {_SPECIAL}", "targets.yaml", hint="放回普通文件")
                    if swapped_in == "pipe" else
                    Diagnostic("E004", "文件有 2 MB，超过上限 1 MB", "targets.yaml", hint="拆开"))


def _growing(path: Path, to: int) -> _Os:
    """``os`` whose first read finds ``path`` grown to ``to`` bytes, as if another process were
    writing it while ftz reads it."""
    grown = []

    def read(fd: int, size: int) -> bytes:
        if not grown:
            grown.append(to)
            with path.open("ab") as stream:
                stream.write(b"#" * (to - path.stat().st_size))
        return os.read(fd, size)

    return _Os(read=read)


def test_a_file_that_grows_while_read_is_refused_at_its_new_size_not_cut_short(tmp_path, monkeypatch):
    from ftz_cli.core import files

    path = tmp_path / "zhang.yaml"
    path.write_bytes(b"- id: a\n")
    monkeypatch.setattr(files, "os", _growing(path, 3 * _MB))
    assert _refused(files.read_bounded, path, "updates/2021-04/zhang.yaml", _MB, "移走", "拆开") == Diagnostic(
        "E004", "文件有 3 MB，超过上限 1 MB", "updates/2021-04/zhang.yaml", hint="拆开")
    path.write_bytes(b"- id: a\n")
    monkeypatch.setattr(files, "os", _growing(path, 3 * _MB))
    assert files.read_regular(path, _MB) is None


def test_a_regular_read_takes_a_file_of_the_limit_and_nothing_else(tmp_path):
    from ftz_cli.core.files import read_regular

    path = tmp_path / "ftz.yaml"
    path.write_bytes(b"#" * 100)
    assert read_regular(path, 100) == b"#" * 100
    assert read_regular(path, 99) is None
    assert read_regular(tmp_path / "missing.yaml", 100) is None
    assert read_regular(tmp_path, 100) is None
    assert read_regular(Path(os.devnull), 100) is None  # a device, even one that reads as empty
    path.unlink()
    os.mkfifo(path)
    assert read_regular(path, 100) is None  # a pipe with no writer: not waited on, not empty


def _entry(folder: Path, name: str, data: bytes, mode: int = 0o600) -> int:
    (folder / name).write_bytes(data)
    (folder / name).chmod(mode)
    return os.open(folder, os.O_RDONLY)


def test_a_cache_entry_is_read_only_when_it_is_this_users_own_file_within_the_limit(tmp_path):
    from ftz_cli.core.files import read_entry

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    fd = _entry(folder, "a.cache", b"x" * 100, 0o645)  # others may read and run it, not write it
    try:
        assert read_entry(fd, "a.cache", 100) == b"x" * 100
        assert read_entry(fd, "a.cache", 99) is None
        assert read_entry(fd, "missing.cache", 100) is None
        for mode in (0o620, 0o602):
            (folder / "a.cache").chmod(mode)
            assert read_entry(fd, "a.cache", 100) is None, oct(mode)
        (folder / "a.cache").chmod(0o600)
        (folder / "b.cache").symlink_to(folder / "a.cache")  # a link, even to an entry of its own
        assert read_entry(fd, "b.cache", 100) is None
        os.mkfifo(folder / "c.cache", 0o600)
        assert read_entry(fd, "c.cache", 100) is None
        if os.geteuid() == 0:  # giving a file to another user needs root
            os.chown(folder / "a.cache", 65534, 65534)
            assert read_entry(fd, "a.cache", 100) is None
    finally:
        os.close(fd)


def test_a_cache_entry_that_grows_while_read_is_not_used(tmp_path, monkeypatch):
    from ftz_cli.core import files

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    fd = _entry(folder, "a.cache", b"x" * 100)
    real_fstat = os.fstat

    def fstat(at: int) -> os.stat_result:
        info = real_fstat(at)
        with (folder / "a.cache").open("ab") as stream:  # another run writing it, just after the look
            stream.write(b"y" * 100)
        return info

    monkeypatch.setattr(files, "os", _Os(fstat=fstat))
    try:
        assert files.read_entry(fd, "a.cache", 150) is None
    finally:
        os.close(fd)


# --- core/errors.py ------------------------------------------------------------------------


@pytest.mark.parametrize(("diagnostic", "text"), [
    (Diagnostic("E203", "单位不相容", "updates/2021-04/a\nb.yaml", 3, 7, "写成亿元。"),
     "updates/2021-04/a\\nb.yaml:3:7: 错误 E203 单位不相容\n  提示：写成亿元。"),
    (Diagnostic("W201", "数值减少", "a\tb.yaml", 3, severity="warning"), "a\\tb.yaml:3: 警告 W201 数值减少"),
    (Diagnostic("E004", "文件过大", "a\r.yaml", None, 7), "a\\r.yaml: 错误 E004 文件过大"),  # no line, no column
    (Diagnostic("E407", "--as-of 不对", hint="写成 2021-03-05。"), "错误 E407 --as-of 不对\n  提示：写成 2021-03-05。"),
    (Diagnostic("W450", "示例工作区", severity="warning"), "警告 W450 示例工作区"),
])
def test_a_problem_reads_path_line_column_code_message_and_hint_on_its_own_line(diagnostic, text):
    assert diagnostic.format() == text


def test_a_problem_in_json_names_every_field_as_the_contract_does():
    said = Diagnostic("W201", "数值减少", "a.yaml", 3, 7, "核实。", "warning").to_json()
    assert list(said.items()) == [("path", "a.yaml"), ("line", 3), ("column", 7), ("code", "W201"),
                                  ("severity", "warning"), ("message", "数值减少"), ("hint", "核实。")]
    assert Diagnostic("E001", "找不到").to_json() == {"path": "", "line": None, "column": None, "code": "E001",
                                                     "severity": "error", "message": "找不到", "hint": ""}


def test_an_error_reads_as_its_problems_one_a_line_and_a_usage_problem_exits_2():
    first, second = Diagnostic("E001", "找不到", "a.yaml"), Diagnostic("W201", "减少", severity="warning")
    assert str(FtzError([first, second])) == "a.yaml: 错误 E001 找不到\n警告 W201 减少"
    assert FtzError(first).diagnostics == [first] and FtzError(first).exit_code == 1
    usage = UsageProblem("--as-of 不对")
    assert usage.diagnostics == [Diagnostic("E407", "--as-of 不对")] and usage.exit_code == 2
    assert str(usage) == "错误 E407 --as-of 不对"


def test_a_value_quoted_in_a_message_is_cut_after_24_characters():
    from ftz_cli.core.errors import shorten

    text = "一二三四五六七八九十" * 3
    assert shorten(text[:24]) == text[:24]
    assert shorten(text[:25]) == text[:20] + "……"
