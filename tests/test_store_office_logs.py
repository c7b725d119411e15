"""The office's own logs in the workspace, at their edges: what ``remind --send`` sent
(``sent/``), the 销号 events and evidence files (``closures/``, ``evidence/``), the issue log
and notes of briefs (``issued/``, ``notes/``) — the survivors of a mutation run of
``store/sent.py``, ``store/closures.py`` and ``store/briefs.py`` (docs/development.md 变异测试)."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest

CHINA = dt.timezone(dt.timedelta(hours=8))
SEND = ("remind", "--as-of", "2021-06-30", "--send", "wecom")


@pytest.fixture
def office(ws: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (ws / "ftz.yaml").write_text("units:\n  市商务局: [trade]\n", encoding="utf-8")
    monkeypatch.setenv("FTZ_WEBHOOK", "http://127.0.0.1:9/robot/send")  # never reached in these tests
    return ws


def _month(ws: Path) -> Path:
    return ws / "sent" / f"{dt.datetime.now(CHINA):%Y-%m}.jsonl"


# -- store/sent.py -------------------------------------------------------------------------

def test_a_folder_in_place_of_the_sent_log_says_what_to_do(office: Path, ftz) -> None:
    month = _month(office)
    month.mkdir(parents=True)
    result = ftz("--data", str(office), *SEND, "--dry-run")
    shown = f"sent/{month.name}"
    assert result.exit_code == 1
    assert f"{shown}: 错误 E009 {shown} 应是普通文件，但这里是文件夹" in result.stderr
    assert f"提示：把 {shown} 移走；ftz 会重新记下发送情况（今天已发送的会再发一次）。" in result.stderr


def test_a_sent_log_of_16_mib_is_read_and_one_byte_more_is_refused(office: Path, ftz) -> None:
    month = _month(office)
    month.parent.mkdir()
    line = json.dumps({"unit": "市商务局", "service": "dingtalk", "at": "2021-06-30T10:00:00+08:00",
                       "digest": "d", "ok": True, "answer": ""}, ensure_ascii=False).encode()
    line = line[:-2] + b" " * (255 - len(line)) + b'"}\n'  # 256 bytes: a line of another service
    month.write_bytes(line * ((16 << 20) // len(line)))
    listed = ftz("--data", str(office), *SEND, "--dry-run")
    assert listed.exit_code == 0, listed.stderr
    assert all(not row["sent_today"] for row in json.loads(listed.stdout))
    with month.open("ab") as log:
        log.write(b"\n")
    refused = ftz("--data", str(office), *SEND, "--dry-run")
    assert refused.exit_code == 1 and f"sent/{month.name}: 错误 E004" in refused.stderr


def test_a_sent_log_that_cannot_be_written_is_said_before_anything_is_sent(office: Path, ftz) -> None:
    """Notices out with no line in the log would all be sent again by a rerun."""
    (office / "sent").write_text("", encoding="utf-8")  # a file where the folder of logs goes
    result = ftz("--data", str(office), *SEND)
    shown = f"sent/{_month(office).name}"
    assert result.exit_code == 1
    assert f"{shown}: 错误 E405 无法读写“{shown}”" in result.stderr
    assert result.stderr.rstrip().endswith("没有发送任何通知。")
    assert "群机器人" not in result.stderr and "没有发送成功" not in result.stderr  # nothing was tried
    assert (office / "sent").read_text(encoding="utf-8") == ""


def test_a_sent_log_the_disk_cannot_take_is_named_in_the_workspace(
        office: Path, ftz, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def full(path: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr("ftz_cli.store.atomic.extend", full)
    result = ftz("--data", str(office), *SEND)  # the robot is not there: each notice fails, and is logged
    shown = f"sent/{_month(office).name}"
    assert result.exit_code == 1
    assert f"{shown}: 错误 E405 磁盘已满，无法写入“{shown}”" in result.stderr
    assert "提示：清理磁盘空间后再运行（df -h sent 可查看剩余空间）。" in result.stderr
    assert not _month(office).exists()


def test_what_was_sent_just_after_midnight_on_the_first_is_found_that_day(
        ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """China time names the month's log whatever the machine's zone: a rerun that morning
    must find it, not send it again."""
    from ftz_cli.parse.sent import Sent
    from ftz_cli.store.sent import log, sent_today
    from ftz_cli.store.workspace import find

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        workspace = find(str(ws))
        log(workspace, [Sent("市商务局", "wecom", dt.datetime(2021, 7, 1, 0, 30, tzinfo=CHINA), "d1", True)])
        assert [p.name for p in (ws / "sent").iterdir()] == ["2021-07.jsonl"]
        assert sent_today(workspace, "wecom", dt.date(2021, 7, 1)) == {"市商务局": {"d1"}}
    finally:
        monkeypatch.undo()
        time.tzset()


# -- store/closures.py ---------------------------------------------------------------------

MILESTONE = "trade.dubai-mall-opening"


@pytest.fixture
def closing(ws: Path, tmp_path: Path) -> Path:
    (ws / "ftz.yaml").write_text("report:\n  confirm_done: true\nunits:\n  市商务局: [trade]\n", encoding="utf-8")
    (tmp_path / "验收报告.PDF").write_bytes(b"%PDF-1.4 acceptance\n")
    return ws


def _done(ftz, ws: Path, *evidence: Path) -> object:
    more = [a for e in evidence for a in ("--evidence", str(e))]
    return ftz("--data", str(ws), "update", MILESTONE, "--status", "已完成", "--date", "2021-06-20", *more)


def _kept_path(data: bytes, suffix: str = ".pdf") -> str:
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    return f"evidence/{sha[:2]}/{sha}{suffix}"


def _nothing_recorded(ws: Path) -> bool:
    return not list((ws / "updates").rglob("*.yaml")) and not (ws / "closures").exists()


def test_evidence_that_is_a_folder_is_named_word_for_word(closing: Path, ftz, tmp_path: Path) -> None:
    folder = tmp_path / "材料"
    folder.mkdir()
    result = _done(ftz, closing, folder)
    assert result.exit_code == 1
    assert f"{folder}: 错误 E501 佐证材料“{folder}”不存在或不是文件" in result.stderr
    assert "提示：检查文件名和路径；每个 --evidence 给出一个文件。" in result.stderr
    assert _nothing_recorded(closing)


def test_evidence_of_50_mb_is_kept_and_one_byte_more_is_refused(closing: Path, ftz, tmp_path: Path) -> None:
    big = tmp_path / "扫描件.pdf"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024 + 1)
    result = _done(ftz, closing, big)
    assert result.exit_code == 1
    assert f"{big}: 错误 E501 佐证材料“{big}”超过 50 MB" in result.stderr
    assert "提示：请压缩或只保留关键页（验收报告、批复、照片）。" in result.stderr
    assert _nothing_recorded(closing)
    with big.open("r+b") as f:
        f.truncate(50 * 1024 * 1024)
    kept = _done(ftz, closing, big)
    assert kept.exit_code == 0, kept.stderr
    assert (closing / _kept_path(b"\0" * (50 * 1024 * 1024))).stat().st_size == 50 * 1024 * 1024


def test_evidence_the_system_will_not_read_is_named_with_its_reason(
        closing: Path, ftz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "验收报告.PDF"
    real = Path.read_bytes

    def refused(path: Path) -> bytes:
        if path == report:
            raise PermissionError(13, "Permission denied")  # what a file of another user gives
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refused)
    result = _done(ftz, closing, report)
    assert result.exit_code == 1
    assert f"{report}: 错误 E501 无法读取佐证材料“{report}”：Permission denied" in result.stderr
    assert "提示：检查文件是否存在、是否有读取权限。" in result.stderr
    assert _nothing_recorded(closing)


@pytest.mark.parametrize("standing", ["link to the same bytes", "dangling link", "folder"])
def test_no_file_but_the_same_bytes_stands_where_evidence_is_kept(
        closing: Path, ftz, tmp_path: Path, standing: str) -> None:
    data = (tmp_path / "验收报告.PDF").read_bytes()
    place = closing / _kept_path(data)
    place.parent.mkdir(parents=True)
    if standing == "folder":
        place.mkdir()
    elif standing == "dangling link":
        place.symlink_to(closing / "nothing.pdf")
    else:
        (closing / "copy.pdf").write_bytes(data)
        place.symlink_to(closing / "copy.pdf")
    result = _done(ftz, closing, tmp_path / "验收报告.PDF")
    assert result.exit_code == 1
    assert (f"{_kept_path(data)}: 错误 E502 “{_kept_path(data)}”已存在，但内容与“验收报告.PDF”不同，不会覆盖"
            in result.stderr)
    assert "提示：这个文件被改动过。用 ftz validate 查看；从 git 恢复原文件后再录入。" in result.stderr
    assert not list((closing / "updates").rglob("*.yaml"))


def test_an_event_is_a_file_of_its_month_named_by_its_time_and_action(closing: Path, ftz, tmp_path: Path) -> None:
    import re

    before = dt.datetime.now(CHINA).replace(microsecond=0)
    assert _done(ftz, closing, tmp_path / "验收报告.PDF").exit_code == 0
    after = dt.datetime.now(CHINA)
    [event] = [p.relative_to(closing).as_posix() for p in (closing / "closures").rglob("*") if p.is_file()]
    found = re.fullmatch(r"closures/(\d{4}-\d{2})/(\d{8}T\d{6})-evidence-[0-9a-f]{6}\.json", event)
    assert found, event
    at = dt.datetime.strptime(found[2], "%Y%m%dT%H%M%S").replace(tzinfo=CHINA)
    assert before <= at <= after and found[1] == f"{at:%Y-%m}"


def test_files_in_the_closures_folder_that_are_not_events_are_each_named(closing: Path, ftz, tmp_path: Path) -> None:
    assert _done(ftz, closing, tmp_path / "验收报告.PDF").exit_code == 0
    month = closing / "closures" / "2021-06"
    month.mkdir(parents=True, exist_ok=True)
    (month / "a.json").write_text("{", encoding="utf-8")
    (month / "b.json").write_text("{}", encoding="utf-8")
    (month / "c.json").mkdir()
    (closing / "closures" / "loose.json").write_text("{", encoding="utf-8")  # not in a month: not an event
    result = ftz("--data", str(closing), "validate")
    assert result.exit_code == 1
    hint = "  提示：这个文件应由 ftz confirm、ftz return 或 --evidence 生成；从 git 恢复它，或删去后重新确认。"
    assert [line for line in result.stderr.splitlines() if "E503" in line or line.startswith("  提示")] == [
        "closures/2021-06/a.json: 错误 E503 销号记录无法读取：JSONDecodeError", hint,
        "closures/2021-06/b.json: 错误 E503 销号记录无法读取：ValueError", hint,
        "closures/2021-06/c.json: 错误 E503 销号记录无法读取：IsADirectoryError", hint]
    assert "3 个错误" in result.stderr
    row = next(r for r in json.loads(ftz("--data", str(closing), "list", "--format", "json").stdout)
               if r["id"] == MILESTONE)
    assert [e["name"] for e in row["evidence"]] == ["验收报告.PDF"]  # the good event still read


def test_kept_evidence_replaced_by_a_link_is_missing_for_validate(closing: Path, ftz, tmp_path: Path) -> None:
    data = (tmp_path / "验收报告.PDF").read_bytes()
    assert _done(ftz, closing, tmp_path / "验收报告.PDF").exit_code == 0
    place = closing / _kept_path(data)
    (closing / "copy.pdf").write_bytes(data)
    place.unlink()
    place.symlink_to(closing / "copy.pdf")  # the same bytes, through a link: not the kept file
    result = ftz("--data", str(closing), "validate")
    assert result.exit_code == 1
    assert (f"{_kept_path(data)}: 错误 E504 佐证材料“验收报告.PDF”（{MILESTONE}）的文件不存在"
            in result.stderr)
    assert "提示：从 git 或备份恢复这个文件（文件名就是内容的 SHA-256）。" in result.stderr
    place.unlink()
    place.write_bytes(b"edited")
    changed = ftz("--data", str(closing), "validate")
    assert (f"{_kept_path(data)}: 错误 E504 佐证材料“验收报告.PDF”（{MILESTONE}）的文件内容已被改动"
            in changed.stderr)
    assert "提示：文件名是原内容的 SHA-256，内容不应改变；从 git 恢复原文件。" in changed.stderr


def test_evidence_given_again_with_other_files_has_every_file_checked(closing: Path, ftz, tmp_path: Path) -> None:
    """Each record's files begin with one already checked: the files after it are checked too,
    whichever record is read first."""
    report = tmp_path / "验收报告.PDF"
    photos = [tmp_path / "现场1.jpg", tmp_path / "现场2.jpg"]
    for day, photo in zip(("2021-06-20", "2021-06-21"), photos, strict=True):
        photo.write_bytes(f"photo {day}".encode())
        done = ftz("--data", str(closing), "update", MILESTONE, "--status", "已完成", "--date", day,
                   "--evidence", str(report), "--evidence", str(photo))
        assert done.exit_code == 0, done.stderr
    for photo in photos:
        (closing / _kept_path(photo.read_bytes(), ".jpg")).unlink()
    result = ftz("--data", str(closing), "validate")
    assert result.exit_code == 1 and result.stderr.count("E504") == 2  # the report, given twice, is there
    for photo in photos:
        assert f"{_kept_path(photo.read_bytes(), '.jpg')}: 错误 E504 佐证材料“{photo.name}”" in result.stderr


def test_two_files_whose_hashes_begin_alike_are_kept_side_by_side(closing: Path, ftz, tmp_path: Path) -> None:
    """Evidence is kept under the first two hex digits of its SHA-256: a second file with the
    same two finds that folder there already."""
    import hashlib

    first = b"photo 0"
    second = next(data for n in range(1, 100_000) if hashlib.sha256(data := f"photo {n}".encode()).hexdigest()[:2]
                  == hashlib.sha256(first).hexdigest()[:2])
    photos = [tmp_path / "现场1.jpg", tmp_path / "现场2.jpg"]
    for photo, data in zip(photos, (first, second), strict=True):
        photo.write_bytes(data)
    result = _done(ftz, closing, *photos)
    assert result.exit_code == 0, result.stderr
    for data in (first, second):
        assert (closing / _kept_path(data, ".jpg")).read_bytes() == data


def test_an_event_file_that_is_a_pipe_or_over_1_mib_is_named_with_what_to_do(
        closing: Path, ftz, tmp_path: Path) -> None:
    assert _done(ftz, closing, tmp_path / "验收报告.PDF").exit_code == 0
    [event] = (closing / "closures").rglob("*.json")
    shown = event.relative_to(closing).as_posix()
    hint = "  提示：这个文件应由 ftz confirm、ftz return 或 --evidence 生成；从 git 恢复它，或删去后重新确认。"
    data = event.read_bytes()
    event.write_bytes(data + b" " * ((1 << 20) - len(data)))  # 1 MiB: read
    assert ftz("--data", str(closing), "validate").exit_code == 0
    event.write_bytes(data + b" " * ((1 << 20) + 1 - len(data)))
    big = ftz("--data", str(closing), "validate")
    assert big.exit_code == 1
    assert f"{shown}: 错误 E004 文件有 1,048,577 字节，超过上限 1 MB（1,048,576 字节）\n  提示：检查它是不是被别的文件替换了。" in big.stderr
    event.unlink()
    os.mkfifo(event)
    pipe = ftz("--data", str(closing), "validate")
    assert pipe.exit_code == 1
    assert f"{shown}: 错误 E009 {shown} 应是普通文件，但这里是命名管道、设备或其他特殊文件\n{hint}" in pipe.stderr


# -- store/briefs.py -----------------------------------------------------------------------

def _brief(ftz, ws: Path, *more: str) -> object:
    return ftz("--data", str(ws), "report", "--as-of", "2021-06-30", *more)


def test_notes_that_are_a_folder_are_named_with_how_to_write_them(ws: Path, ftz) -> None:
    (ws / "notes" / "2021-06-30.yaml").mkdir(parents=True)
    result = _brief(ftz, ws, "-o", "-")
    assert result.exit_code == 1
    assert "notes/2021-06-30.yaml: 错误 E009 notes/2021-06-30.yaml 应是普通文件，但这里是文件夹" in result.stderr
    assert "提示：简报文字应是普通的 YAML 文件（写法见 docs/reports.md）。" in result.stderr


def test_an_issue_log_that_cannot_be_read_is_named(ws: Path, ftz) -> None:
    (ws / "issued").write_text("", encoding="utf-8")  # a file where the folder of the log goes
    result = _brief(ftz, ws, "-o", "-")
    assert result.exit_code == 1 and "issued: 错误 E001 无法读取“issued”：Not a directory" in result.stderr
    (ws / "issued").unlink()
    (ws / "issued" / "report-2021-001-li.yaml").mkdir(parents=True)
    folder = _brief(ftz, ws, "-o", "-")
    assert folder.exit_code == 1
    assert "issued/report-2021-001-li.yaml: 错误 E009 issued/report-2021-001-li.yaml 应是普通文件" in folder.stderr
    assert "提示：简报登记应是普通的 YAML 文件。" in folder.stderr


def test_a_brief_whose_number_cannot_be_logged_is_not_written(ws: Path, ftz, tmp_path: Path) -> None:
    (ws / "updates" / ".lock").mkdir()  # the lock cannot be taken: nothing could be logged
    out = tmp_path / "b.md"
    result = _brief(ftz, ws, "-o", str(out))
    assert result.exit_code == 1
    assert ("简报要在工作区的 issued/ 中登记期号，所以没有生成；只想看一看，可以加 --draft 生成不占期号的草稿。"
            in result.stderr)
    assert not out.exists() and not (ws / "issued").exists()
    draft = _brief(ftz, ws, "--draft", "-o", str(out))
    assert draft.exit_code == 0, draft.stderr


def test_a_brief_in_a_workspace_on_a_read_only_disk_is_not_written(
        ws: Path, ftz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib
    import errno

    @contextlib.contextmanager
    def read_only(path: Path):
        raise OSError(errno.EROFS, "Read-only file system", str(path))
        yield

    monkeypatch.setattr("ftz_cli.store.briefs.lock", read_only)
    out = tmp_path / "b.md"
    result = _brief(ftz, ws, "-o", str(out))
    assert result.exit_code == 1
    assert f"\n错误 E005 “{ws / 'updates'}”所在的磁盘是只读的，无法写入\n" in result.stderr
    assert ("提示：换一个可写的文件夹，或请管理员把这块磁盘挂载为可写。简报要在工作区的 issued/ 中登记期号，所以没有生成；"
            "只想看一看，可以加 --draft 生成不占期号的草稿。") in result.stderr
    assert not out.exists()


def test_the_issue_log_reads_the_old_file_first_and_only_its_own_files(
        ws: Path, ftz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTZ_WRITER", "zhang")
    (ws / "issued.yaml").write_text("- series: report\n  number: 7\n  date: 2021-05-01\n  as_of: 2021-04-30\n"
                                    "  file: old.md\n", encoding="utf-8")
    (ws / "issued").mkdir()
    (ws / "issued" / ".report-2021-009-x.yaml").write_text("{", encoding="utf-8")  # hidden: not a log
    (ws / "issued" / "notes.txt").write_text("{", encoding="utf-8")  # not YAML: not a log
    (ws / ".issued.lock").write_text("", encoding="utf-8")  # the lock an older ftz left
    result = _brief(ftz, ws, "-o", str(tmp_path / "b.md"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "b.md").read_text(encoding="utf-8").count("2021年第8期") == 1
    assert not (ws / ".issued.lock").exists()
    assert sorted(p.name for p in (ws / "issued").iterdir()) == [
        ".report-2021-009-x.yaml", "lights", "notes.txt", "report-2021-008-zhang.yaml"]


def test_notes_and_an_issue_log_that_are_wrong_are_named_at_their_place(ws: Path, ftz) -> None:
    (ws / "notes").mkdir()
    (ws / "notes" / "2021-06-30.yaml").write_text("- 存在问题\n", encoding="utf-8")
    notes = _brief(ftz, ws, "-o", "-")
    assert notes.exit_code == 1 and "notes/2021-06-30.yaml:1:1: 错误 E460 简报文字文件应为映射" in notes.stderr
    (ws / "notes" / "2021-06-30.yaml").unlink()
    (ws / "issued").mkdir()
    (ws / "issued" / "report-2021-001-li.yaml").write_text("{}\n", encoding="utf-8")
    log = _brief(ftz, ws, "-o", "-")
    assert log.exit_code == 1
    assert "issued/report-2021-001-li.yaml:1:1: 错误 E461 简报登记应为列表（每期以“- ”开头）" in log.stderr


def test_a_brief_issued_again_for_its_date_adds_to_its_log_file_with_the_plans_permissions(
        ws: Path, ftz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A brief written again for the same date keeps its 期号 and is logged beside the first
    entry; a log file takes the plan's permissions (a workspace shared by a group), never more
    than read and write."""
    monkeypatch.setenv("FTZ_WRITER", "zhang")
    (ws / "targets.yaml").chmod(0o640)
    (ws / ".issued.lock").mkdir()  # left by an older ftz, and not a file: passed over
    assert _brief(ftz, ws, "-o", str(tmp_path / "a.md")).exit_code == 0
    assert _brief(ftz, ws, "-o", str(tmp_path / "b.md")).exit_code == 0
    log = ws / "issued" / "report-2021-001-zhang.yaml"
    text = log.read_text(encoding="utf-8")
    assert text.count("number: 1\n") == 2 and text.index("a.md") < text.index("b.md")
    assert log.stat().st_mode & 0o777 == 0o640
    (ws / "targets.yaml").chmod(0o777)
    result = ftz("--data", str(ws), "report", "--as-of", "2021-07-31", "-o", str(tmp_path / "c.md"))
    assert result.exit_code == 0, result.stderr
    assert (ws / "issued" / "report-2021-002-zhang.yaml").stat().st_mode & 0o777 == 0o666
    assert (ws / ".issued.lock").is_dir()


def test_an_issue_log_the_disk_cannot_take_is_named_in_the_workspace(
        ws: Path, ftz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def full(path: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setenv("FTZ_WRITER", "zhang")
    monkeypatch.setattr("ftz_cli.store.atomic.extend", full)
    result = _brief(ftz, ws, "-o", str(tmp_path / "b.md"))
    shown = "issued/report-2021-001-zhang.yaml"
    assert result.exit_code == 1
    assert f"{shown}: 错误 E405 磁盘已满，无法写入“{shown}”" in result.stderr
    assert "提示：清理磁盘空间后再运行（df -h issued 可查看剩余空间）。" in result.stderr


FLOW = "trade.import-export-2021"  # 3500亿元 in 2021: 900 by May is 严重滞后
ESCALATED = "列入督办1项（连续2期简报亮黄灯或红灯）：2021年进出口额超3500亿元"


@pytest.mark.parametrize(("name", "padded_to", "counted"), [
    ("report-2021-1.json", None, True),  # the name an older ftz gave it
    ("report-2021-1-2021-05-31.json", 1 << 20, True),
    ("report-2021-1-2021-05-31.json", (1 << 20) + 1, False),  # over 1 MiB: not read
])
def test_the_lights_a_brief_printed_count_for_督办_under_either_name_up_to_1_mib(
        ws: Path, ftz, tmp_path: Path, name: str, padded_to: int | None, counted: bool) -> None:
    (ws / "ftz.yaml").write_text("units:\n  市商务局: [trade.import-export-2021]\n", encoding="utf-8")
    for value, day in (("700", "2021-04-30"), ("900", "2021-05-31")):
        assert ftz("--data", str(ws), "update", FLOW, "--value", value, "--date", day).exit_code == 0
    first = ftz("--data", str(ws), "report", "--as-of", "2021-05-31", "-o", str(tmp_path / "b1.md"))
    assert first.exit_code == 0, first.stderr
    lights = ws / "issued" / "lights"
    data = (lights / "report-2021-1-2021-05-31.json").read_bytes()
    (lights / "report-2021-1-2021-05-31.json").unlink()
    (lights / name).write_bytes(data + b" " * ((padded_to or len(data)) - len(data)))
    second = _brief(ftz, ws, "-o", str(tmp_path / "b2.md"))
    assert second.exit_code == 0, second.stderr
    assert (ESCALATED in (tmp_path / "b2.md").read_text(encoding="utf-8")) is counted


def test_a_brief_written_again_that_only_the_older_log_holds_still_records_its_lights(ws: Path, ftz) -> None:
    (ws / "issued.yaml").write_text("- series: report\n  number: 1\n  date: 2021-07-01\n  as_of: 2021-06-30\n"
                                    "  file: b.md\n", encoding="utf-8")  # an older ftz's one-file log
    result = _brief(ftz, ws, "-o", str(ws / "b.md"))
    assert result.exit_code == 0, result.stderr
    assert "2021年第1期" in (ws / "b.md").read_text(encoding="utf-8")
    assert [p.name for p in (ws / "issued").rglob("*")] == ["lights", "report-2021-1-2021-06-30.json"]


def test_ctrl_c_after_a_confirm_was_written_names_the_event_not_nothing_written(
        closing: Path, ftz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ftz_cli.commands import output

    assert _done(ftz, closing, tmp_path / "验收报告.PDF").exit_code == 0

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "say", interrupted)  # Ctrl-C just after the decision is on disk
    result = ftz("--data", str(closing), "confirm", MILESTONE, "--by", "王五")
    [event] = list((closing / "closures").rglob("*-confirm-*.json"))
    assert result.exit_code == 130
    assert "未写入任何内容" not in result.stderr
    assert f"中断前已完整写入：{event}\n" in result.stderr


def test_a_new_file_refused_because_it_is_there_is_neither_written_nor_being_written(tmp_path: Path) -> None:
    from ftz_cli.store import atomic
    from ftz_cli.store.closures import _write_new

    atomic.reset()
    target = tmp_path / "evidence.pdf"
    target.write_bytes(b"%PDF kept by an earlier run")
    _write_new(target, b"%PDF kept by an earlier run")  # linking is refused: nothing changes
    assert atomic.written() == ([], [])
    assert [p.name for p in tmp_path.iterdir()] == ["evidence.pdf"]
    _write_new(tmp_path / "event.json", b"{}")
    assert atomic.written() == ([tmp_path / "event.json"], [])


def test_after_an_error_ten_files_written_are_named_and_more_are_counted(tmp_path: Path) -> None:
    from ftz_cli.cli.app import interrupted_message
    from ftz_cli.store import atomic

    atomic.reset()
    paths = [tmp_path / f"{n:02d}.json" for n in range(11)]
    for path in paths[:10]:
        atomic.write(path, b"{}")
    assert interrupted_message().splitlines()[1] == "中断前已完整写入：" + "、".join(map(str, paths[:10]))
    atomic.write(paths[10], b"{}")
    assert interrupted_message().splitlines()[1] == (
        "中断前已完整写入：" + "、".join(map(str, paths[:10])) + " 等 11 个文件")
    atomic.reset()
