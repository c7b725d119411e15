"""What a new record is checked against (store/append.py): not every stored record of its
item, but those the checks across records compare it with (``Index.around``): its item's
records from the first date it names (for a figure, from that year's first day), after the
last figure before that not held for checking; every record of an item two writers
contradict each other on. Each boundary where that could miss a record is pinned here, and
a property test compares the result with checking every stored record, as ftz did before."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from contextlib import ExitStack
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftz_cli.core.errors import FtzError
from ftz_cli.core.history import histories
from ftz_cli.parse.crosscheck import cross_check
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.records import Raw
from ftz_cli.store import append
from ftz_cli.store.workspace import Workspace
from ftz_cli.views.echo import summary_lines

FLOW = "trade.import-export-2025"         # 亿元, > 5000: a yearly total that starts again
LEVEL = "trade.overseas-warehouses-2021"  # 个, >= 120
ORGS = "capital.new-financial-orgs-2021"  # 家, >= 60
MILESTONE = "trade.pilot.digital-regulation"
DATA = Path(__file__).resolve().parent.parent / "data"


def _line(item: str, day: str, value: float | str, stamp: str, **flags: bool) -> str:
    what = f'"status": "{value}"' if isinstance(value, str) else f'"value": {value}'
    extra = "".join(f', "{name}": true' for name, on in flags.items() if on)
    return f'- {{"id": "{item}", "date": "{day}", {what}, "by": "录入员", "recorded_at": "{stamp}"{extra}}}\n'


def _stored(ws: Path, writer: str, lines: list[str]) -> None:
    folder = ws / "updates" / "2023-01"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{writer}.yaml").write_text("".join(lines), encoding="utf-8")


def _stamp(n: int) -> str:
    return f"2023-01-05T{n // 60:02d}:{n % 60:02d}:00+08:00"


def test_the_highest_figure_of_the_year_is_compared_with_from_its_first_day(ws, ftz):
    # 1 January is the year's highest; a confirmed dip on 2 January is the figure before
    _stored(ws, "a", [_line(FLOW, "2022-12-31", 900, _stamp(1)), _line(FLOW, "2022-01-01", 500, _stamp(2)),
                      _line(FLOW, "2022-01-02", 100, _stamp(3), confirmed=True)])
    result = ftz("--data", str(ws), "update", FLOW, "--value", "200", "--date", "2022-03-31")
    assert result.exit_code == 1, result.stderr
    assert "错误 E232" in result.stderr and "比同年早些时候（2022年1月1日 500亿元）还少" in result.stderr
    assert "上次为 2022年1月2日 100亿元" in result.stderr
    done = ftz("--data", str(ws), "update", FLOW, "--value", "600", "--date", "2022-03-31")
    assert done.exit_code == 0, done.stderr


def test_the_figure_before_is_found_in_the_year_before_past_a_held_one(ws, ftz):
    # 30 December is the last figure not held: 31 December (16 times it) is 待核实
    _stored(ws, "a", [_line(LEVEL, "2020-12-30", 12, _stamp(1)), _line(LEVEL, "2020-12-31", 200, _stamp(2))])
    assert "W204" in ftz("--data", str(ws), "validate").stderr
    result = ftz("--data", str(ws), "update", LEVEL, "--value", "130", "--date", "2021-01-01")
    assert result.exit_code == 1, result.stderr
    assert "错误 E232" in result.stderr and "是上次（2020年12月30日 12个）的 10.8 倍" in result.stderr
    done = ftz("--data", str(ws), "update", LEVEL, "--value", "119", "--date", "2021-01-01")
    assert done.exit_code == 0, done.stderr  # 119 is under ten times 12


def test_a_record_on_the_first_day_is_checked_once(ws, ftz):
    _stored(ws, "a", [_line(LEVEL, "2021-01-01", 100, _stamp(1))])
    result = ftz("--data", str(ws), "update", LEVEL, "--value", "100", "--date", "2021-01-01")
    assert result.exit_code == 0 and "W206" in result.stderr and "E210" not in result.stderr
    result = ftz("--data", str(ws), "update", LEVEL, "--value", "110", "--date", "2021-03-31")
    assert result.exit_code == 0 and "已录入 1 条" in result.stdout, result.stderr


def test_the_same_figure_by_another_writer_is_not_recorded_again(ws, ftz):
    _stored(ws, "a", [_line(LEVEL, "2021-03-31", 100, _stamp(1))])
    _stored(ws, "b", [_line(LEVEL, "2021-06-30", 110, _stamp(2))])
    result = ftz("--data", str(ws), "update", LEVEL, "--value", "100", "--date", "2021-03-31")
    assert result.exit_code == 0 and "W206" in result.stderr and "已录入 0 条" in result.stdout


def test_two_writers_who_disagree_in_an_earlier_year_hold_back_the_item(ws, ftz):
    _stored(ws, "a", [_line(MILESTONE, "2020-12-31", "推进中", _stamp(1)), _line(LEVEL, "2020-12-31", 100, _stamp(2))])
    _stored(ws, "b", [_line(LEVEL, "2020-12-31", 105, _stamp(3))])
    for item, more in ((LEVEL, ["--value", "110"]), (MILESTONE, ["--status", "已完成"])):
        result = ftz("--data", str(ws), "update", item, *more, "--date", "2022-06-30")
        if item == LEVEL:  # its contradiction is reported, and stops the record, until settled
            assert result.exit_code == 1 and "E250" in result.stderr and "2020年12月31日" in result.stderr
        else:
            assert result.exit_code == 0 and "E250" not in result.stderr, result.stderr
    settled = ftz("--data", str(ws), "update", LEVEL, "--value", "105", "--date", "2020-12-31", "--replace")
    assert settled.exit_code == 0, settled.stderr
    assert ftz("--data", str(ws), "update", LEVEL, "--value", "110", "--date", "2022-06-30").exit_code == 0


def test_a_correction_of_an_earlier_year_is_checked_with_every_figure_after_it(ws, ftz):
    _stored(ws, "a", [_line(LEVEL, "2020-09-30", 100, _stamp(1)), _line(LEVEL, "2020-12-31", 110, _stamp(2)),
                      _line(LEVEL, "2021-03-31", 115, _stamp(3))])
    result = ftz("--data", str(ws), "update", LEVEL, "--value", "10", "--date", "2020-09-30", "--replace")
    assert result.exit_code == 0, result.stderr
    # 31 December is now eleven times the figure before it, so held: 31 March is compared with 10 too
    assert "（2020年9月30日 10个 → 2020年12月31日 110个）" in result.stderr
    assert "（2020年9月30日 10个 → 2021年3月31日 115个）" in result.stderr


def test_the_echo_knows_the_target_was_met_before_the_records_it_read(ws, ftz):
    # met on time in June, below it in September (the figure the check starts from)
    _stored(ws, "a", [_line(LEVEL, "2021-06-30", 130, _stamp(1)), _line(LEVEL, "2021-09-30", 110, _stamp(2))])
    result = ftz("--data", str(ws), "update", LEVEL, "--value", "125", "--date", "2022-03-31")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip().endswith("已完成") and "逾期完成" not in result.stdout


def test_the_echo_knows_the_verdict_given_before_the_records_it_read(ws, ftz):
    goal = "trade.c2.digital-reform"  # due 2021-05-29
    assert ftz("--data", str(ws), "update", goal, "--status", "推进中", "--date", "2021-05-20").exit_code == 0
    judged = ftz("--data", str(ws), "verdict", goal, "--not-done", "--reason", "平台未上线", "--date", "2021-06-02")
    assert judged.exit_code == 0, judged.stderr
    result = ftz("--data", str(ws), "update", goal, "--status", "推进中", "--date", "2021-06-30")
    assert result.exit_code == 0 and "逾期未完成" in result.stdout and "待认定" not in result.stdout


def test_unlikely_figures_of_two_items_come_in_the_order_of_their_first_figures(ws, ftz, tmp_path):
    # the level's first figure was recorded first; the count's figure read before it came later
    _stored(ws, "a", [_line(LEVEL, "2021-01-31", 100, _stamp(1)), _line(ORGS, "2021-06-30", 50, _stamp(2)),
                      _line(LEVEL, "2021-06-30", 110, _stamp(3))])
    (tmp_path / "v.csv").write_text(f"指标编号,日期,数值\n{ORGS},2022-03-31,40\n{LEVEL},2022-03-31,100\n",
                                    encoding="utf-8")
    result = ftz("--data", str(ws), "import", "v.csv")
    assert result.exit_code == 0, result.stderr
    falls = [line for line in result.stderr.splitlines() if "W201" in line]
    assert len(falls) == 2 and LEVEL in falls[0] and ORGS in falls[1], result.stderr


# -- the same as checking every stored record ---------------------------------------------

ITEMS = {FLOW: 5000.0, LEVEL: 120.0, ORGS: 60.0, MILESTONE: None}
DATES = ["2020-12-30", "2020-12-31", "2021-01-01", "2021-01-02", "2021-03-31", "2021-12-31", "2022-01-01",
         "2022-06-30", "2022-12-31"]
SHARES = [0.0, 0.01, 0.05, 0.1, 0.3, 0.5, 1.0, 1.01, 2.5]
STATES = ["未启动", "推进中", "已完成"]
TODAY = dt.date(2023, 6, 30)
NOW = dt.datetime(2023, 2, 1, 9, 0, tzinfo=CHINA)

record_st = st.tuples(st.sampled_from(sorted(ITEMS)), st.sampled_from(DATES), st.integers(0, len(SHARES) - 1))
stored_st = st.lists(st.tuples(record_st, st.sampled_from("ab"), st.booleans(), st.booleans(), st.integers(0, 3)),
                     max_size=14)


def _what(item: str, share: int) -> float | str:
    target = ITEMS[item]
    return STATES[share % 3] if target is None else round(target * SHARES[share], 2)


def _write(ws: Path, stored: list) -> None:
    lines: dict[str, list[str]] = {"a": [], "b": []}
    for n, ((item, day, share), writer, replace, confirmed, tie) in enumerate(stored):
        lines[writer].append(_line(item, day, _what(item, share), _stamp(n - n % (tie + 1)), replace=replace,
                                   confirmed=confirmed and ITEMS[item] is not None))
    for writer, found in lines.items():
        _stored(ws, writer, found)


def _outcome(ws: Path, new: list, confirm: bool, replace: bool) -> object:
    raws = [Raw({"id": item, "date": day, ("status" if ITEMS[item] is None else "value"): str(_what(item, share))},
                "v.csv", n + 2, 1) for n, (item, day, share) in enumerate(new)]
    try:
        updates, problems, loaded, after = append.record(Workspace(ws), raws, TODAY, replace=replace, dry_run=True,
                                                         now=NOW, confirm=confirm)
    except FtzError as err:
        return "refused", err.diagnostics
    return updates, problems, summary_lines(loaded.book, updates, after)


def _every_record(stack: ExitStack) -> None:
    """Check against every stored record of the items, as ftz did before the index was asked."""
    patch = stack.enter_context(pytest.MonkeyPatch.context())
    patch.setattr(append, "needed_from", lambda plan, stored, new: dict.fromkeys({u.id for u in new}, dt.date.min))
    patch.setattr(append, "new_problems", lambda plan, known, stored, located, new: [
        d for d in cross_check(plan, located, new) if d not in set(known) or d.code == "E250"])
    patch.setattr(append, "histories_with", lambda plan, stored, since, old, updates: histories(
        (*stored.records(since), *updates)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stored_st, st.lists(record_st, min_size=1, max_size=5), st.booleans(), st.booleans())
def test_the_records_around_give_what_every_record_gives(stored, new, confirm, replace):
    with tempfile.TemporaryDirectory() as folder:
        ws = Path(folder)
        for name in ("targets.yaml", "document.txt"):
            (ws / name).write_bytes((DATA / name).read_bytes())
        _write(ws, stored)
        around = _outcome(ws, new, confirm, replace)
        with ExitStack() as stack:
            _every_record(stack)
            every = _outcome(ws, new, confirm, replace)
        assert around == every, json.dumps([stored, new, confirm, replace])
