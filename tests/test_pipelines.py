"""ftz in real shell pipelines: subprocesses, pipes, stdin, exit codes, no colour codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import run_bash

ANSI = "\x1b["


def sh(script: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_bash(script, cwd, env)


@pytest.fixture
def filled(ws: Path) -> Path:
    """A workspace with a few records as of mid-2021."""
    (ws / "updates" / "2021-07.yaml").write_text(
        "- id: trade.import-export-2021\n  date: 2021-06-30\n  value: 1050\n"
        "- id: trade.overseas-warehouses-2021\n  date: 2021-06-30\n  value: 70\n"
        "- id: capital.cross-border-rmb-2021\n  date: 2021-06-30\n  value: 200\n"
        "- id: trade.dubai-mall-opening\n  date: 2021-06-30\n  status: 推进中\n",
        encoding="utf-8")
    return ws


def test_list_json_into_python(filled: Path) -> None:
    done = sh("ftz list --status severely_behind --as-of 2021-06-30 --format json"
              " | python -c 'import json,sys; print(\",\".join(r[\"id\"] for r in json.load(sys.stdin)))'",
              filled, {"FTZ_DATA": str(filled)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "trade.import-export-2021"


def test_csv_truth_values_read_as_in_json(filled: Path) -> None:
    """awk and a spreadsheet alike: true and false, never Python's True and False."""
    done = sh("ftz list --as-of 2021-06-30 --format csv"
              " | awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i} $1==\"trade.import-export-2021\"{print $c[\"stale\"], $c[\"late\"]}'",
              filled, {"FTZ_DATA": str(filled)})
    assert done.returncode == 0, done.stderr
    assert done.stdout == "false false\n"
    done = sh("ftz list --as-of 2021-09-30 --status 超期未更新 --format csv | cut -d, -f1,23 | sed -n 2p",
              filled, {"FTZ_DATA": str(filled)})
    assert done.stdout.endswith(",true\n"), done.stdout


def test_csv_through_stdin(filled: Path) -> None:
    csv = "指标编号,日期,数值,填报人\ntrade.outlets-2021,2021/6/30,12,李四\n"
    done = sh("cat - | ftz import - --format csv", filled, {"FTZ_DATA": str(filled)})
    assert done.returncode != 0  # nothing on stdin: `cat -` read an empty stream
    done = run_bash("ftz import - --format csv", filled, {"FTZ_DATA": str(filled)}, (), csv)
    assert done.returncode == 0, done.stderr
    assert "trade.outlets-2021" in done.stdout
    shown = sh("ftz show trade.outlets-2021 --format json --as-of 2021-07-01", filled,
               {"FTZ_DATA": str(filled)})
    assert json.loads(shown.stdout)["value"] == 12


def test_errors_go_to_stderr_with_exit_1_and_nothing_on_stdout(filled: Path) -> None:
    done = sh("ftz show no.such-item --format json", filled, {"FTZ_DATA": str(filled)})
    assert done.returncode == 1 and done.stdout == ""
    assert "E201" in done.stderr


def test_usage_errors_exit_2(filled: Path) -> None:
    assert sh("ftz list --no-such-option", filled).returncode == 2
    assert sh("ftz", filled).returncode in (0, 2)


@pytest.mark.parametrize("command", [
    "ftz list --as-of 2021-06-30",
    "ftz list --as-of 2021-06-30 --area trade",
    "ftz show trade.import-export-2021 --as-of 2021-06-30",
    "ftz validate",
    "ftz show nope",
    "ftz update trade.outlets-2021 --value 5个 --date 2021-03-01",
    "ftz --help",
    "ftz list --help",
])
def test_no_ansi_escape_reaches_a_pipe(filled: Path, command: str) -> None:
    done = sh(f"{command} 2>&1 | cat", filled, {"FTZ_DATA": str(filled)})
    assert ANSI not in done.stdout, done.stdout[:300]


def test_no_color_on_a_terminal_too(filled: Path) -> None:
    """Under a pseudo-terminal, --no-color and NO_COLOR still give plain text."""
    script = "ftz --no-color list --as-of 2021-06-30 --area trade; NO_COLOR=1 ftz show nope"
    done = sh(f"script -qec {script!r} /dev/null", filled, {"FTZ_DATA": str(filled)})
    if done.returncode == 127 or "script:" in done.stderr:
        pytest.skip("util-linux `script` is not available")
    assert "义乌自贸区进度" in done.stdout and "E201" in done.stdout
    assert ANSI not in done.stdout.replace("\x1b[?", "")


def test_broken_pipe_is_quiet(filled: Path) -> None:
    done = sh("ftz list --format csv --as-of 2021-06-30 | head -2", filled, {"FTZ_DATA": str(filled)})
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 2
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
