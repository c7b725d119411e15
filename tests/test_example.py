"""``ftz init --example``: a workspace with plausible sample progress, marked as sample data."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from ftz_cli.commands import report

AS_OF = "2021-06-30"


@pytest.fixture
def sample(ftz, tmp_path: Path) -> Path:
    result = ftz("init", "--example", "示例")
    assert result.exit_code == 0, result.stderr
    assert "示例数据" in result.stderr and "report --as-of 2021-06-30 -o" in result.stderr
    return tmp_path / "示例"


def _rows(ftz, root: Path) -> list[dict]:
    return json.loads(ftz("--data", str(root), "list", "--format", "json", "--as-of", AS_OF).stdout)


def test_the_sample_is_valid_and_marked(ftz, sample):
    settings = yaml.safe_load((sample / "ftz.yaml").read_text(encoding="utf-8"))
    assert settings["sample"] is True
    checked = ftz("--data", str(sample), "validate")
    # the one figure typed by hand with a 万 too many is 待核实: above 200%, ten times the last
    assert checked.exit_code == 0 and "0 个错误，2 个警告" in checked.stderr
    assert checked.stderr.count("警告 W205 待核实") == 1 and checked.stderr.count("警告 W204 待核实") == 1
    assert "示例数据" in checked.stderr


def test_the_sample_shows_a_figure_held_for_checking_and_a_confirmed_one(ftz, sample):
    rows = _rows(ftz, sample)
    held = [r for r in rows if r["needs_check"]]
    assert len(held) == 1 and held[0]["status"] != "done" and held[0]["status_label"].endswith("待核实）")
    shown = json.loads(ftz("--data", str(sample), "show", held[0]["id"], "--format", "json",
                           "--as-of", AS_OF).stdout)
    assert shown["updates"][-1]["note"] == "手工录入"
    confirmed = [r for r in rows if (r["completion"] or 0) > 2 and not r["needs_check"]]
    assert len(confirmed) == 1 and confirmed[0]["status"] == "done"
    shown = json.loads(ftz("--data", str(sample), "show", confirmed[0]["id"], "--format", "json",
                           "--as-of", AS_OF).stdout)
    assert shown["updates"][-1]["confirmed"] is True
    brief = ftz("--data", str(sample), "report", "--as-of", AS_OF, "--draft").stdout
    assert "待核实数据1项" in brief


def test_the_sample_shows_every_light(ftz, sample):
    statuses = Counter(r["status"] for r in _rows(ftz, sample))
    for status in ("done", "on_track", "behind", "severely_behind", "overdue", "no_data"):
        assert statuses[status] > 0, statuses
    assert statuses["on_track"] + statuses["done"] > statuses["behind"] + statuses["severely_behind"]


def test_values_fit_units_and_kinds(ftz, sample):
    hand = list((sample / "updates").glob("**/手工录入.yaml"))  # the slip typed by hand: 待核实
    assert len(hand) == 1 and len(yaml.safe_load(hand[0].read_text(encoding="utf-8"))) == 1
    records = [r for path in sorted((sample / "updates").glob("**/*.yaml")) if path not in hand
               for r in yaml.safe_load(path.read_text(encoding="utf-8"))]
    rows = {r["id"]: r for r in _rows(ftz, sample)}
    assert len(records) > 100
    for r in records:
        item = rows[r["id"]]
        assert str(item["start"]) <= str(r["date"]) <= AS_OF
        assert str(r["recorded_at"])[:10] > str(r["date"])  # entered after the day it reports
        if item["kind"] in ("flow", "level", "count"):
            assert "status" not in r and r["value"] > 0
            if item["unit"] not in ("亿元", "万亿元", "万元", "元", "%"):
                assert float(r["value"]).is_integer(), r
        else:
            # a progress state, or the office's verdict on a goal due (认定)
            assert "value" not in r and (r.get("status") in ("未启动", "推进中", "已完成")
                                         or r.get("verdict") in ("未完成", "转入年度任务"))


def test_the_sample_is_the_same_every_time(ftz, sample, tmp_path):
    assert ftz("init", "--example", "again").exit_code == 0
    first = {p.relative_to(sample).as_posix(): p.read_bytes() for p in (sample / "updates").glob("**/*.yaml")}
    again = tmp_path / "again"
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in (again / "updates").glob("**/*.yaml")}
    assert first == second and len(first) >= 5


def test_every_view_says_sample_data(ftz, sample, monkeypatch):
    data = ("--data", str(sample))
    md = ftz(*data, "report", "--as-of", AS_OF, "-o", "-").stdout
    assert "示例数据" in md.split("## 一、总体情况")[0]
    html = ftz(*data, "report", "--as-of", AS_OF, "--format", "html").stdout
    assert "示例数据" in html.split('id="overview"')[0]
    assert "【示例数据】" in ftz(*data, "list", "--as-of", AS_OF).stdout
    assert "【示例数据】" in ftz(*data, "list", "--wide", "--as-of", AS_OF).stdout
    assert "【示例数据】" in ftz(*data, "show", "trade.import-export-2021", "--as-of", AS_OF).stdout
    monkeypatch.setattr(report, "on_terminal", lambda: True)
    assert "【示例数据】" in ftz(*data, "report", "--as-of", AS_OF).stdout


def test_a_real_workspace_says_nothing_of_samples(ftz, ws):
    md = ftz("--data", str(ws), "report", "--as-of", AS_OF, "-o", "-").stdout
    assert "示例数据" not in md
    assert "示例数据" not in ftz("--data", str(ws), "list", "--as-of", AS_OF).stdout
    added = ftz("--data", str(ws), "update", "trade.outlets-2021", "--value", "3", "--date", "2021-03-01")
    assert added.exit_code == 0 and "W450" not in added.stderr


def test_recording_into_a_sample_warns(ftz, sample):
    added = ftz("--data", str(sample), "update", "trade.outlets-2021", "--value", "20",
                "--date", "2021-07-05")
    assert added.exit_code == 0 and "W450" in added.stderr
    csv = "id,date,value\ntrade.outlets-2021,2021-07-06,21\n"
    imported = ftz("--data", str(sample), "import", "-", "--format", "csv", input=csv)
    assert imported.exit_code == 0 and "W450" in imported.stderr


@pytest.mark.parametrize("existing", ["targets.yaml", "ftz.yaml", "updates/2021-03.yaml"])
def test_the_sample_never_goes_into_a_workspace(ftz, tmp_path, existing):
    """Not into a real workspace, nor a folder that already holds records."""
    folder = tmp_path / "real"
    (folder / "updates").mkdir(parents=True)
    (folder / existing).write_text("# mine\n", encoding="utf-8")
    result = ftz("init", "--example", str(folder))
    assert result.exit_code == 1 and "E403" in result.stderr
    assert sorted(p.name for p in folder.rglob("*")) == sorted({"updates", Path(existing).name})


def test_sample_in_settings_must_be_true_or_false(ftz, ws):
    (ws / "ftz.yaml").write_text("sample: 是\n", encoding="utf-8")
    result = ftz("--data", str(ws), "list")
    assert result.exit_code == 1 and "E113" in result.stderr and "sample" in result.stderr


def test_weekly_briefs_and_their_index_say_sample_data(ftz, sample, tmp_path):
    out = tmp_path / "周报"
    done = ftz("--data", str(sample), "weekly", "--from", "2021-06-21", "--to", "2021-06-27",
               "--format", "md", "--format", "html", "--out", str(out))
    assert done.exit_code == 0, done.stderr
    for name in ("2021-W25.md", "2021-W25.html", "index.md", "index.html"):
        assert "示例数据" in (out / name).read_text(encoding="utf-8"), name


def test_scripts_output_of_a_sample_stays_the_contracts_but_the_reader_is_told(ftz, tmp_path):
    assert ftz("init", "--example", str(tmp_path / "ex")).exit_code == 0
    data = ("--data", str(tmp_path / "ex"))
    for args in (("list", "--format", "json"), ("list", "--format", "csv"),
                 ("show", "trade.import-export-2021", "--format", "json")):
        result = ftz(*data, *args, "--as-of", "2021-06-30")
        assert result.exit_code == 0 and "示例数据" in result.stderr, args
        assert "示例数据" not in result.stdout.splitlines()[0]
    assert "示例数据" not in ftz(*data, "-q", "list", "--format", "json", "--as-of", "2021-06-30").stderr


def test_the_sample_brief_shows_the_scoreboard_a_closure_awaited_and_the_escalation_list(ftz, sample):
    """The units' side of a sample (docs/units.md): the 报送情况 table, one 待确认销号 item with
    its evidence (the others done were confirmed after their records were entered), 督办."""
    brief = ftz("--data", str(sample), "report", "--as-of", AS_OF, "--draft", "-o", "-").stdout
    assert "各单位5月进展报送情况（应于2021年6月5日前报送）" in brief and "| 排名 | 单位 |" in brief
    assert ("待确认销号1项（单位已报送完成，尚待确认）：形成10个以上可复制推广的改革项目"
            "（2021年6月30日报送已完成，佐证材料：验收报告（示例）.txt）。") in brief
    assert "列入督办9项（连续2期简报亮黄灯或红灯）：" in brief
    closures = Counter(r["closure"] for r in _rows(ftz, sample))
    assert closures["pending"] == 1 and closures["confirmed"] > 20 and closures["returned"] == 0


def test_the_body_names_the_three_most_urgent_under_supervision_and_a_annex_lists_them_all(ftz, sample, tmp_path):
    """督办 grows with every issued brief: the body names the most urgent three (the order of
    需关注事项), counts the rest and says which 附件 lists them all; the 报送情况 table is a 附件
    too (各责任单位报送情况), summed up in the body. Markdown and Word say the same."""
    args = ("--data", str(sample), "report", "--as-of", AS_OF, "--draft")
    brief = ftz(*args, "-o", "-").stdout
    line = next(x for x in brief.splitlines() if x.startswith("列入督办"))
    named = re.findall(r"[：；]([^；（：，]+)（", line)
    assert line.startswith("列入督办9项（连续2期简报亮黄灯或红灯）：") and len(named) == 3
    assert line.endswith("。以上为最紧迫的3项，其余6项未逐项列出（见附件2）。")
    annex = brief.split("## 附件2　列入督办事项")[1].split("## 附件3")[0]
    rows = [r.split(" | ")[1] for r in annex.splitlines() if re.match(r"\| \d+ \|", r)]
    assert len(rows) == 9 and rows[:3] == named
    assert ("各单位5月进展报送情况（应于2021年6月5日前报送）：6个单位应报180项，按时报送57项、逾期报送13项、"
            "未报110项（各单位的报送率、按时报送率和排名见附件4）。") in brief
    assert "## 附件4　各责任单位报送情况" in brief and "## 附件6　数据说明" in brief
    assert brief.index("| 排名 | 单位 |") > brief.index("## 附件4")  # the table left the body
    body = ftz(*args, "--body-only", "-o", "-").stdout
    assert "其余6项未逐项列出。" in body and "附件2" not in body and "| 排名 |" not in body
    import docx

    out = tmp_path / "简报.docx"
    assert ftz(*args, "-o", str(out)).exit_code == 0
    document = docx.Document(str(out))
    assert line in [p.text for p in document.paragraphs]
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "事项")
    assert [r.cells[1].text for r in table.rows[1:]] == rows


def test_the_forecast_sentences_name_three_and_a_annex_lists_every_item(ftz, sample):
    """全年预期有风险5项: three named, 等（见附件3）; 附件3 lists each item of those sentences, in
    their order, with its forecast (docs/reports.md, docs/outlook.md)."""
    brief = ftz("--data", str(sample), "report", "--as-of", AS_OF, "--draft", "-o", "-").stdout
    annex = brief.split("## 附件3　全年预期需关注事项")[1].split("## 附件4")[0]
    rows = [r.split(" | ") for r in annex.splitlines() if re.match(r"\| \d+ \|", r)]
    for label in ("难以完成", "有风险"):
        line = next(x for x in brief.splitlines() if x.startswith(f"全年预期{label}"))
        count = int(re.match(rf"全年预期{label}(\d+)项", line).group(1))
        named = re.findall(r"[：、]([^、（]+)（按目前进度预计", line)
        mine = [r[1] for r in rows if r[3] == label]
        assert len(mine) == count and mine[:len(named)] == named, label
        assert len(named) == min(count, 3) and line.endswith("等（见附件3）。" if count > 3 else "）。")
    assert "全年预期难以完成3项、有风险5项（已逾期的事项不在此列），逐项列出如下。" in annex
    body = ftz("--data", str(sample), "report", "--as-of", AS_OF, "--draft", "--body-only", "-o", "-").stdout
    assert "等。" in body and "附件3" not in body


def test_a_long_list_of_closures_awaited_names_three_and_a_annex_lists_them_all(ftz, sample, tmp_path):
    """An office behind with its 销号 (the sample's confirmations taken away: 34 items 待确认): the body
    names three and counts the rest; 附件5 销号和数据核实 names every one, in Markdown and Word."""
    import shutil

    shutil.rmtree(sample / "closures")
    args = ("--data", str(sample), "report", "--as-of", AS_OF, "--draft")
    brief = ftz(*args, "-o", "-").stdout
    body, annex = brief.split("## 附件5　销号和数据核实")
    line = next(x for x in body.splitlines() if x.startswith("待确认销号"))
    assert line.startswith("待确认销号34项（单位已报送完成，尚待确认）：") and line.count("报送已完成") == 3
    assert line.endswith("；其余31项未逐项列出（见附件5）。")
    full = next(x for x in annex.splitlines() if x.startswith("待确认销号34项"))
    assert full.count("报送已完成") == 34 and full.startswith(line.split("；其余")[0])
    assert "待核实数据1项" in annex.split("## 附件6")[0]
    import docx

    out = tmp_path / "简报.docx"
    assert ftz(*args, "-o", str(out)).exit_code == 0
    assert {line, full} <= {p.text for p in docx.Document(str(out)).paragraphs}
