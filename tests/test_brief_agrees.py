"""No sentence of the brief contradicts another (domain.md: "Counts in one section of a brief
agree with every other section"), read as a leader reads it, over the example workspace at
mid-year and at year end: the overview's counts are ``ftz list --status``'s; the 专班's
未报送 counts, the counts under 需关注事项 and each unit's 报送率 add up; what is due today is
due, never 逾期; the deadlines ahead include today."""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import takewhile
from pathlib import Path

import pytest

from ftz_cli.core.rounding import tenths

DAYS = ("2021-05-28", "2021-05-29", "2021-05-30", "2021-06-30", "2021-12-31")
QUIET = ("未报送", "今日到期未报送", "逾期未报送")  # the labels of items nothing was reported on


@pytest.fixture
def example(ftz, tmp_path: Path) -> list[str]:
    assert ftz("init", "--example", str(tmp_path / "ex")).exit_code == 0
    return ["--data", str(tmp_path / "ex")]


def _body(ftz, ex: list[str], day: str) -> str:
    result = ftz(*ex, "report", "--as-of", day, "--draft", "--body-only")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _counts(text: str) -> Counter[str]:
    """"未报送7项、今日到期未报送3项" → {未报送: 7, 今日到期未报送: 3}."""
    return Counter({label: int(n) for label, n in re.findall(r"((?:今日到期|逾期)?未报送|超期未更新)(\d+)项", text)})


@pytest.mark.parametrize("day", DAYS)
def test_the_brief_agrees_with_itself_and_with_list(ftz, example, day):
    text = _body(ftz, example, day)
    rows = json.loads(ftz(*example, "list", "--as-of", day, "--format", "json").stdout)
    labels = Counter(r["status_label"].split("（")[0] for r in rows)
    overview = text[text.index("## 一、"):text.index("亮灯情况")]
    for label, n in re.findall(r"((?:今日到期|逾期)未(?:完成|报送)|严重滞后|到期待认定)(\d+)项", overview):
        assert int(n) == labels[label], (label, n, labels[label])  # each count is list --status's
    assert f"未报送{labels['未报送']}项（尚未到完成时限）" in overview or not labels["未报送"]
    if day == "2021-12-31":
        assert "逾期未报送" not in text  # due today is not yet 逾期, anywhere in the body

    # 未报送 by 专班, under 需关注事项 and in total
    line = re.search(r"^(.*)。以上事项未列入正文", text, re.M)
    assert line is not None
    by_team = {team: _counts(words) for team, words in
               re.findall(r"([^；（）]+?专班|[^；（）]+?领导小组)((?:(?:今日到期|逾期)?未报送\d+项、?)+)", line.group(1))}
    total = sum(by_team.values(), Counter())
    assert total == Counter({label: labels[label] for label in QUIET if labels[label]})
    # the silent red items are among a 专班's 红灯 count (红灯19项中，逾期未报送3项……), never "另有"
    assert not re.search(r"另有[^。]*至今没有报送进度", text)
    silent_in_concerns: Counter[str] = Counter()
    for red, words, label in re.findall(
            r"红灯(\d+)项(?:中，(.*?)至今没有报送进度|均为((?:今日到期|逾期)未报送)，至今没有报送进度)", text):
        found = _counts(words) if words else Counter({label: int(red)})
        assert 0 < sum(found.values()) <= int(red)
        silent_in_concerns += found
    assert silent_in_concerns == Counter({k: v for k, v in total.items() if k != "未报送"})

    # each unit's 报送率 adds up, and names what it leaves out in the same words (the body names
    # the lowest three, 附件 every unit)
    full = ftz(*example, "report", "--as-of", day, "--draft").stdout
    rates = re.search(r"各责任单位报送率（已报送且未超期的事项 ÷ 应报送事项）：(.*)。", full)
    assert rates is not None
    units = {}
    for unit, rate, got, asked, rest in re.findall(r"([^；]+?)([\d.]+)%（(\d+)/(\d+)项(?:，([^）]*))?）", rates.group(1)):
        left = _counts(rest or "")
        assert int(got) + sum(left.values()) == int(asked), unit
        assert rate == f"{tenths(int(got) / int(asked)) / 10:.1f}"  # the one rounding
        units[unit] = left
    # a 专班 that is also a unit: its 未报送 in the body, less other units' share named beside it,
    # is the unit's own
    for team, counted in by_team.items():
        if team in units:
            share = re.search(re.escape(team) + r"[^；。]*?（其中([^）]*)）", line.group(1))
            others = sum(int(n) for n in re.findall(r"(\d+)项", share.group(1))) if share else 0
            mine = Counter({k: v for k, v in units[team].items() if k != "超期未更新"})
            assert sum(counted.values()) - others == sum(mine.values()), team


@pytest.mark.parametrize(("day", "due"), [("2021-05-28", "5月29日（1天后到期）"), ("2021-05-29", "5月29日（今日到期）")])
def test_the_deadlines_ahead_include_today_and_every_item_due(ftz, example, day, due):
    text = _body(ftz, example, day)
    ahead = text[text.index("近期到期事项"):]
    rows = json.loads(ftz(*example, "list", "--as-of", day, "--format", "json").stdout)
    on_29 = [r for r in rows if r["deadline"] == "2021-05-29" and r["status"] not in ("done", "carried")]
    assert f"{due}：{len(on_29)}项" in ahead  # stale ones too: a deadline is news however old the figure
    assert "今后30天内没有到期的事项" not in ahead


def test_a_confirmed_figure_says_so_and_one_held_gives_no_percentage(ftz, example):
    text = _body(ftz, example, "2021-06-30")
    assert "可复制推广的改革项目完成25个，占年度目标250.0%（已核实），已完成" in text
    # held back: no progress of its own in 二、, named for checking with the figure the unit typed
    assert "待核实数据1项" in text and "2021年“义乌系”海外仓达到120个（640000个，2021年6月30日报送）" in text
    assert "640000" not in text[text.index("## 二、"):text.index("## 三、")] and "533333" not in text
    assert text.count("（已核实）") == 1


def test_each_team_lists_its_two_most_urgent_items_and_counts_the_rest(ftz, example):
    """At year end a 专班 has dozens of red items: the body lists the two most urgent (逾期 before
    今日到期, red before yellow before 需认定), counts the rest by label, each count part of the
    head's, and every item left out is in 附件1."""
    result = ftz(*example, "report", "--as-of", "2021-12-31", "--draft")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    concerns = text[text.index("## 三、需关注事项"):text.index("## 四、")]
    annex = text[text.index("## 附件1"):]
    groups = re.findall(r"^### （.）(\S+?)（牵头：[^）]*）：(\S+)\n(.*?)(?=^### |\Z)", concerns, re.M | re.S)
    assert len(groups) == 4
    listed: dict[str, list[str]] = {}
    for team, head, after in groups:
        # the group's items and its closing sentence; the paragraphs after the last group are not its
        words = "\n\n".join(takewhile(lambda p: re.match(r"\d+\. |以上为|红灯", p), after.strip().split("\n\n")))
        total = sum(int(n) for n in re.findall(r"(\d+)项", head))
        names = re.findall(r"^\d+\. \S+　(.+?)（(?:责任单位|完成时限)", words, re.M)
        listed[team] = names
        rest = re.search(r"以上为最紧迫的(\d+)项，其余未逐项列出（见附件1）：(.*?)[；。]", words)
        more = sum(int(n) for n in re.findall(r"(\d+)项", rest.group(2))) if rest else 0
        silent = _counts(words)  # 今日到期未报送, 逾期未报送: counted, never listed
        assert len(names) <= 2 and (rest is None or int(rest.group(1)) == len(names) == 2), team
        assert len(names) + more + sum(silent.values()) == total, team  # no item twice, none lost
    # 本期主要进展: three items a 专班, then a count; three of the newly red named, then how many
    progress = text[text.index("## 二、"):text.index("## 三、")]
    for paragraph in re.findall(r"^（.）\*\*\S+?。\*\*(.*)$", progress, re.M):
        assert paragraph.count("；") == 2 and re.search(r"另有\d+项事项报送了进展", paragraph)
    red = re.search(r"本期新增红灯(\d+)项：(.*?)等(\d+)项", progress)
    assert red is not None and red.group(2).count("）、") == 2 and red.group(1) == "74"
    assert listed["贸易自由专班"] == ["落地特殊功能的进口贸易平台", "全力争取解冻经营户账户"]
    assert listed["自贸区建设工作领导小组"][:1] == ["加快建成国际化法治化的营商环境迭代体系"]
    assert "其余未逐项列出（见附件1）：今日到期未完成15项、到期待认定28项" in concerns  # 资金自由专班
    rows = json.loads(ftz(*example, "list", "--as-of", "2021-12-31", "--format", "json").stdout)
    concerned = [r for r in rows if r["status"] in ("overdue", "severely_behind", "behind", "awaiting_verdict")
                 and r["status_label"].split("（")[0] not in QUIET[1:]]
    left_out = [r for r in concerned if (r["metric"] or r["title"]) not in listed[_team(text, r["area_name"])]]
    assert len(left_out) == len(concerned) - 8 > 60
    assert all(f"| {r['metric'] or r['title']} |" in annex for r in left_out)


def _team(text: str, area: str) -> str:
    """The 专班 of an area, as 附件1 names it (（二）贸易自由 … 贸易自由专班（牵头：…）)."""
    found = re.search(rf"^### （.）{area}\n\n(\S+?)（牵头", text, re.M)
    assert found is not None, area
    return found.group(1)
