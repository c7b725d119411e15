"""What a person sees at a terminal: lists that fit 80 columns with ids whole, a report
summary instead of pages of Markdown, help in Chinese, output a GBK console can show."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from ftz_cli.commands import report
from ftz_cli.views.cells import width, wrap

AS_OF = "2021-06-30"


@pytest.fixture
def sample(ftz, tmp_path):
    assert ftz("init", "--example", "示例").exit_code == 0
    return tmp_path / "示例"


def test_wrap_keeps_ids_and_words_whole_and_fits():
    text = "对标迪拜、新加坡等贸易枢纽城市，学习借鉴 trade.import-export-2021 其贸易自由化便利化的监管创新做法"
    for limit in range(24, 60):
        lines = wrap(text, limit)
        assert all(width(line) <= limit for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert any("trade.import-export-2021" in line for line in lines)
        assert not any(line.startswith(("，", "、")) for line in lines)


def test_width_counts_chinese_as_two():
    assert width("ftz") == 3 and width("简报") == 4 and width("１２") == 4


def test_the_list_fits_80_columns_with_every_id_whole(ftz, sample):
    out = ftz("--data", str(sample), "list", "--as-of", AS_OF).stdout
    lines = out.splitlines()
    assert max(width(line) for line in lines) <= 80
    ids = [r["id"] for r in json.loads(ftz("--data", str(sample), "list", "--format", "json").stdout)]
    starts = {line.split()[0] for line in lines if line and not line.startswith(" ")}
    assert set(ids) <= starts  # each id whole, at the start of its own line
    assert "完成率" in out and "序时进度" in out


def test_a_filter_that_matches_nothing_says_so(ftz, sample):
    out = ftz("--data", str(sample), "list", "--as-of", AS_OF, "--status", "逾期完成", "--area", "trade").stdout
    assert out.splitlines()[0].endswith("共 0 项）") and out.splitlines()[2] == "没有符合条件的事项。"
    assert "没有符合条件" not in ftz("--data", str(sample), "list", "--as-of", AS_OF).stdout


def test_wide_gives_a_row_per_item(ftz, sample):
    out = ftz("--data", str(sample), "list", "--wide", "--as-of", AS_OF, "--area", "trade").stdout
    rows = [line for line in out.splitlines() if line.startswith("│ trade.")]
    ids = json.loads(ftz("--data", str(sample), "list", "--format", "json", "--area", "trade").stdout)
    assert len(rows) == len(ids)
    assert all(re.match(r"│ trade\.[a-z0-9.-]+ +│", row) for row in rows)


def test_report_at_a_terminal_is_a_summary_saying_how_to_write_it(ftz, sample, monkeypatch):
    monkeypatch.setattr(report, "on_terminal", lambda: True)
    out = ftz("--data", str(sample), "report", "--as-of", AS_OF).stdout
    lines = out.splitlines()
    assert len(lines) < 40 and max(width(line) for line in lines) <= 80
    # the 期号 the issued brief will carry (the example issued 第1期 as of 5月31日), not the
    # ISO week (26)
    assert "2021年第2期" in lines[0] and "绿灯" in out and "逾期未完成" in out and "严重滞后" in out
    issued = ftz("--data", str(sample), "report", "--as-of", AS_OF, "-o", "b.md")
    assert issued.exit_code == 0, issued.stderr
    later = ftz("--data", str(sample), "report", "--as-of", "2021-07-31").stdout
    assert "2021年第3期" in later.splitlines()[0]
    assert f"ftz report --as-of {AS_OF} -o 简报.html" in out
    # asked for explicitly, the document itself
    assert ftz("--data", str(sample), "report", "--as-of", AS_OF, "-o", "-").stdout.startswith("# ")
    assert ftz("--data", str(sample), "report", "--as-of", AS_OF, "-f", "md").stdout.startswith("# ")


def test_report_in_a_pipe_is_markdown(ftz, sample):
    assert ftz("--data", str(sample), "report", "--as-of", AS_OF).stdout.startswith("# ")


@pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) for a terminal")
def test_report_at_a_real_terminal(sample):
    done = subprocess.run(["script", "-qec", f"{sys.executable} -m ftz_cli --data {sample} report "
                           f"--as-of {AS_OF}", "/dev/null"], capture_output=True, timeout=120)
    text = done.stdout.decode("utf-8")
    assert "-o 简报.html" in text and "## 一、总体情况" not in text


COMMANDS = ("init", "validate", "list", "show", "update", "import", "report", "sheet", "weekly")
ENGLISH = ("Usage", "Options", "Arguments", "Commands", "Show this message", "[default",
           "[required]", "Install completion", "Show completion", "<str>", "<int>", "TEXT",
           "INTEGER", "PATH", "DIR", "DATE")


@pytest.mark.parametrize("args", [(), *((name,) for name in COMMANDS)])
def test_help_is_chinese_whole_and_fits_80_columns(ftz, args):
    result = ftz(*args, "--help")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith(f"用法：ftz {' '.join(args)}".rstrip())
    for word in ENGLISH:
        assert word not in text, word
    assert max(width(line) for line in text.splitlines()) <= 80
    assert "显示本帮助并退出" in text and "…" not in text


def test_help_shows_choices_defaults_and_what_is_required(ftz):
    listing = ftz("list", "--help").stdout
    assert "--format [table|json|csv]" in listing and "[默认：table]" in listing
    assert "qualitative" in listing  # the --kind help, once cut at 80 columns, is whole
    assert "--format [csv|json|jsonl|yaml|xlsx|xls|ods]" in ftz("import", "--help").stdout
    weekly = ftz("weekly", "--help").stdout
    assert "--from 日期" in weekly and "[必填]" in weekly and "[默认：briefs]" in weekly
    top = ftz("--help").stdout
    assert "--install-completion" in top and "安装命令补全" in top
    assert all(f"  {name} " in top for name in COMMANDS)


def test_help_wraps_to_a_narrow_terminal(ftz, monkeypatch):
    monkeypatch.setenv("COLUMNS", "50")
    text = ftz("report", "--help").stdout
    assert max(width(line) for line in text.splitlines()) <= 50
    assert "2021-06-30" in text


GBK = {"PYTHONIOENCODING": "gbk"}


def test_a_gbk_console_reads_everything_and_nothing_crashes(ws):
    """An older Chinese Windows console (code page 936): text in GBK; 😀 and ä, which GBK
    lacks, become ? instead of a traceback. Data (JSON) stays UTF-8, as the contract says."""
    from conftest import run_ftz

    data = ("--data", str(ws))
    added = run_ftz(*data, "update", "trade.outlets-2021", "--value", "3", "--date", "2021-03-01",
                    "--note", "验收😀", "--by", "Zoë", env=GBK)
    assert added.returncode == 0, added.stderr.decode("gbk")
    assert "已录入" in added.stdout.decode("gbk")
    for args in (["show", "trade.outlets-2021"], ["list", "--as-of", "2021-03-31"],
                 ["list", "--wide", "--as-of", "2021-03-31"], ["report", "--as-of", "2021-03-31"],
                 ["validate"], ["--help"], ["show", "trade.nosuch😀"], ["update", "--help"]):
        done = run_ftz(*data, *args, env=GBK)
        done.stdout.decode("gbk")  # readable as GBK (raises if not)
        err = done.stderr.decode("gbk")
        assert "Traceback" not in err and done.returncode in (0, 1), err
    shown = run_ftz(*data, "show", "trade.outlets-2021", env=GBK).stdout.decode("gbk")
    assert "验收?" in shown and "Zo?" in shown
    raw = run_ftz(*data, "show", "trade.outlets-2021", "--format", "json", env=GBK).stdout
    assert json.loads(raw.decode("utf-8"))["updates"][0]["note"] == "验收😀"


@pytest.mark.parametrize("args", [["--quiet"], ["report", "--issue", "x"], ["lst"],
                                  ["list", "--format"], ["show", "a", "b"], ["--data"],
                                  ["weekly", "--to", "2021-03-01"], ["list", "--bom=yes"]])
def test_command_line_mistakes_are_told_in_chinese(ftz, args):
    result = ftz(*args)
    assert result.exit_code == 2 and result.stderr.startswith("错误 E407 ")
    assert not re.search(r"\b(Error|Missing|Invalid|Usage|Got|No such|requires)\b", result.stderr)
