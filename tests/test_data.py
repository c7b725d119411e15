"""The shipped plan: complete, exact and traceable to the bundled document (data/document.txt).

Each property (tests/plan_checks.py) runs once over the whole plan, naming every offender, and
once over a copy with one entry broken on purpose, so that no check passes for want of teeth.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import plan_checks as pc
import pytest
import yaml
from conftest import DATA

PLAN = yaml.safe_load((DATA / "targets.yaml").read_text(encoding="utf-8"))
BY_ID = {e["id"]: e for e in pc.entries(PLAN)}
ITEMS = {i["id"]: i for i in PLAN["items"]}
CHECKS = [pc.sources_not_in_the_document, pc.sources_credited_to_another_speech,
          pc.notes_naming_unknown_ids, pc.quotes_credited_to_the_wrong_speech,
          pc.broken_figures_without_a_note, pc.wordings_not_the_documents, pc.numbers_not_encoded,
          pc.deadlines_off_the_reading_rules, pc.bad_outcomes, pc.dates_not_marked_inferred,
          pc.milestones_without_a_standard, pc.items_due_after_their_group]


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__ for c in CHECKS])
def test_no_entry_offends(check):
    assert check(PLAN) == []


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(entry: dict[str, Any]) -> None:
        where, _, field = key.rpartition(".")
        target = entry[where] if where else entry
        if value is None:
            target.pop(field, None)
        else:
            target[field] = value
    return edit


def _append_note(text: str) -> Callable[[dict[str, Any]], None]:
    return lambda entry: entry.update(note=entry.get("note", "") + text)


# (check, entry, how it is broken, what the offender list then names)
BREAKS = [
    (pc.sources_not_in_the_document, "trade.import-export-2021",
     _set("source.text", "进出口额超3600亿元。"), "trade.import-export-2021"),
    (pc.sources_credited_to_another_speech, "capital.c2.run-digital-rmb-pilot",
     _set("source.speaker", "ge"), "capital.c2.run-digital-rmb-pilot"),
    (pc.notes_naming_unknown_ids, "trade.import-export-2021", _append_note("；见trade.no-such-item"),
     "trade.no-such-item"),
    (pc.quotes_credited_to_the_wrong_speech, "trade.import-export-2021",
     _append_note("；葛巧棣讲话中“跑数字人民币试点”"), "跑数字人民币试点"),
    (pc.broken_figures_without_a_note, "trade.import-export-2021", _set("note", "“超”按>计"),
     "trade.import-export-2021"),
    (pc.wordings_not_the_documents, "trade.two-countries-parks-2021", _set("wording", "5组以上"),
     "not in its source"),
    (pc.wordings_not_the_documents, "trade.overseas-warehouses-2021", _set("wording", None),
     "trade.overseas-warehouses-2021"),
    (pc.wordings_not_the_documents, "zone.reform-projects-2021", _set("target", 11), "lacks 11"),
    (pc.wordings_not_the_documents, "trade.import-export-2021", _set("comparator", ">="), "reads >"),
    (pc.wordings_not_the_documents, "capital.digital-rmb-pilot-2021", _set("wording", "完成"),
     "wording on a milestone"),
    (pc.numbers_not_encoded, "trade.imports-2025", _set("target", 1100), "[1000.0]"),
    (pc.deadlines_off_the_reading_rules, "trade.import-export-2021",
     _set("deadline", dt.date(2022, 1, 31)), "a 2021 item due after 2021"),
    (pc.deadlines_off_the_reading_rules, "trade.c2.import-platform",
     _set("deadline", dt.date(2021, 6, 30)), "not due at the campaign's end"),
    (pc.bad_outcomes, "capital.m15-digital-rmb-pilot",
     _set("outcome", "capital.c2.run-digital-rmb-pilot"), "capital.m15-digital-rmb-pilot"),
    (pc.bad_outcomes, "capital.m15-digital-rmb-pilot", _set("outcome", "capital.m15-digital-rmb-pilot"),
     "capital.m15-digital-rmb-pilot"),
    (pc.bad_outcomes, "trade.c2.bonded-zone-closure", _set("outcome", "trade.ach.chinagoods-gmv"),
     "trade.c2.bonded-zone-closure"),
    (pc.dates_not_marked_inferred, "trade.dubai-mall-opening", _set("inferred", ["start", "deadline"]),
     "trade.dubai-mall-opening"),
    (pc.dates_not_marked_inferred, "trade.import-export-2021", _set("inferred", ["start"]),
     "trade.import-export-2021"),
    (pc.milestones_without_a_standard, "trade.c2.digital-reform", _set("kind", "milestone"),
     "trade.c2.digital-reform"),
    (pc.items_due_after_their_group, "trade.import-export-2021", _set("parent", "trade.campaign-2"),
     "trade.import-export-2021"),
]


def broken(entry_id: str, edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """The plan with one entry changed: its section a new list, the entry a deep copy."""
    plan = dict(PLAN)
    for section in pc.SECTIONS:
        for n, entry in enumerate(plan[section]):
            if entry["id"] == entry_id:
                changed = copy.deepcopy(entry)
                edit(changed)
                plan[section] = [*plan[section][:n], changed, *plan[section][n + 1:]]
                return plan
    raise KeyError(entry_id)


@pytest.mark.parametrize(("check", "entry_id", "edit", "named"), BREAKS,
                         ids=[f"{b[0].__name__}-{n}" for n, b in enumerate(BREAKS)])
def test_each_check_catches_a_broken_entry(check, entry_id, edit, named):
    offenders = check(broken(entry_id, edit))
    assert any(named in offender for offender in offenders), offenders
    assert check(PLAN) == []  # the break was in the copy only


def test_every_check_is_tried_on_a_broken_entry():
    assert {b[0] for b in BREAKS} == set(CHECKS)


def test_the_bundled_document_is_the_seed():
    """data/document.txt is a byte copy of the seed the plan was read from (sha256 pinned)."""
    digest = hashlib.sha256((DATA / "document.txt").read_bytes()).hexdigest()
    assert digest == "febcb5d2c0f3d94e2acbf4b194b88cb89bce0db0f869f18ce3cafa8e25019351"


def test_published_ids_are_never_renamed():
    listed = Path(__file__).with_name("published_ids.txt").read_text(encoding="utf-8").split("\n")
    published = {line for line in listed if line and not line.startswith("#")}
    present = set(BY_ID) | {c["id"] for c in PLAN["campaigns"]}
    assert sorted(published - present) == []
    ids = [*BY_ID, *(c["id"] for c in PLAN["campaigns"])]
    assert len(ids) == len(set(ids))


# -- figures checked by hand against the text -------------------------------------------------

# (id, comparator, target, unit, the document's wording of the target)
FIGURES = [
    ("zone.reform-projects-2021", ">=", 10, "个", "10个以上"),
    ("trade.import-export-2021", ">", 3500, "亿元", "超3500亿元"),
    ("trade.import-export-2025", ">", 5000, "亿元", "超5000亿元"),
    ("trade.imports-2025", ">", 1000, "亿元", "超1000亿元"),
    ("trade.cross-border-ecommerce-2025", ">", 2000, "亿元", "超2000亿元"),
    ("trade.import-export-2035", ">", 1, "万亿元", "突破1万亿元"),
    ("trade.overseas-warehouses-2021", ">=", 120, "个", "达到120个"),
    ("trade.two-countries-parks-2021", ">=", 5, "组", "建设5组"),
    ("trade.cloud-warehouses-2021", ">=", 100, "个", "布局100个"),
    ("trade.outlets-2021", ">=", 25, "个", "新增25个"),
    ("investment.access-breakthroughs-2021", ">=", 3, "个", "3个以上"),
    ("investment.approval-delegation-2021", ">=", 5, "项", "5项以上"),
    ("capital.foreign-bank-cooperation-2021", ">=", 20, "个", "20个以上"),
    ("capital.cross-border-rmb-2021", ">", 350, "亿元", "超过350亿元"),
    ("capital.product-innovation-2021", ">=", 30, "个", "30个以上"),
    ("capital.new-financial-orgs-2021", ">=", 60, "家", "60家以上"),
    ("capital.project-funding-2021", ">=", 300, "亿元", "300亿以上"),
    ("capital.digital-finance-2021", ">=", 50, "亿元", "50亿以上"),
]
# (id, value, unit, phrase of the source sentence)
ACHIEVED = [
    ("trade.ach.bonded-retail-tests", 1.2, "万单", "累计测试1.2万单"),
    ("trade.ach.chinagoods-gmv", 160, "亿元", "GMV突破160亿元"),
    ("trade.ach.unfrozen-funds", 2.2, "亿元", "解冻资金超过2.2亿元"),
    ("investment.ach.new-firms", 1.2, "万户", "新设企业突破1.2万户"),
    ("investment.ach.first-43-items", 43, "项", "首批43项事项"),
    ("investment.ach.certificate-separation-111", 111, "项", "事项达111项"),
    ("capital.ach.products-lending", 30.1, "亿元", "投放30.1亿元"),
    ("capital.ach.products-beneficiaries", 1160, "家", "惠及商贸主体1160余家"),
    ("capital.ach.cross-border-rmb-2020", 185.9, "亿元", "全年办理跨境人民币185.9亿"),
]


def test_every_numeric_target_is_the_one_checked_by_hand():
    expected = {row[0]: row[1:] for row in FIGURES}
    actual = {i["id"]: (i["comparator"], i["target"], i["unit"], i["wording"])
              for i in PLAN["items"] if i["kind"] in pc.QUANTITATIVE}
    assert actual == expected


def test_achievements_match_the_text():
    wrong = [entry_id for entry_id, value, unit, phrase in ACHIEVED
             if (value, unit) not in [(f["value"], f["unit"]) for f in BY_ID[entry_id]["figures"]]
             or phrase not in pc.squash(BY_ID[entry_id]["source"]["text"])]
    assert wrong == []


# -- the corrections of issue 9 ---------------------------------------------------------------

def test_the_programme_is_named_as_the_document_names_it():
    programme = PLAN["programme"]
    assert programme["name"] in pc.DOCUMENT and programme["short_name"] in pc.DOCUMENT
    assert "中国（浙江）自由贸易试验区义乌片区" not in pc.DOCUMENT
    assert "不见于原文" in programme["note"]


def test_commitment_entry_growth_cannot_be_misread_as_a_share():
    item = ITEMS["investment.commitment-entry-increase"]
    assert item["kind"] == "qualitative"
    assert not {"target", "unit", "comparator", "baseline", "wording"} & set(item)
    assert "总数" in item["note"] and "43" in item["note"] and "23%" in item["note"]


RUNS = {i["id"] for i in PLAN["items"] if i.get("parent", "").startswith("capital.c2.run-")}


def test_the_campaigns_runs_are_worked_on_then_landed_within_the_year():
    assert len(RUNS) == 14 and "capital.c2.run-dual-currency-accounts" in RUNS
    for item_id in RUNS:
        item = ITEMS[item_id]
        assert (item["kind"], item["horizon"], item["start"], item["deadline"]) == (
            "qualitative", "2021", dt.date(2021, 2, 19), dt.date(2021, 12, 31)), item_id
        assert "不因攻坚结束日5月29日而逾期" in item["note"], item_id


def test_no_run_turns_red_at_the_campaigns_end(ftz, ws):
    """Reported or not, the 跑 items are not overdue on 5月29日 nor the day after."""
    result = ftz("--data", str(ws), "update", "capital.c2.run-digital-rmb-pilot", "--status", "推进中",
                 "--date", "2021-05-20")
    assert result.exit_code == 0, result.stderr
    for day in ("2021-05-29", "2021-05-30"):
        listed = ftz("--data", str(ws), "list", "--as-of", day, "--format", "json")
        statuses = {row["id"]: row["status"] for row in json.loads(listed.stdout) if row["id"] in RUNS}
        assert len(statuses) == 14
        assert not {s for s in statuses.values() if s in ("overdue", "severely_behind")}, statuses
        assert statuses["capital.c2.run-digital-rmb-pilot"] == "on_track"


def test_push_sentences_are_goals_as_elsewhere():
    for item_id in ("trade.c2.digital-reform", "trade.c2.overseas-network",
                    "trade.c2.investment-attraction", "trade.c2.unfreeze-accounts"):
        assert ITEMS[item_id]["kind"] == "qualitative", item_id
        assert "定性目标" in ITEMS[item_id]["note"], item_id


OUTCOMES = {
    "trade.c2.bonded-zone-closure": "trade.bonded-zone-phase1-2021",
    "capital.m15-digital-rmb-pilot": "capital.digital-rmb-pilot-2021",
    "capital.c2.run-digital-rmb-pilot": "capital.digital-rmb-pilot-2021",
    "capital.m01-dual-currency-accounts": "capital.dual-currency-pilot-2021",
    "capital.c2.run-dual-currency-accounts": "capital.dual-currency-pilot-2021",
    "trade.pilot.two-countries-parks": "trade.two-countries-parks-2021",
    "trade.c2.legal-service-centre": "trade.open.legal-service-centre",
    "investment.c2.one-industry-one-licence": "investment.one-industry-one-licence",
}


def test_results_tracked_twice_are_counted_once():
    links = {i["id"]: i["outcome"] for i in PLAN["items"] if "outcome" in i}
    assert links == OUTCOMES
    for own, canonical in links.items():
        assert canonical in ITEMS[own]["note"] and "只计一次" in ITEMS[own]["note"], own
    assert len(PLAN["items"]) == 193
    assert len({i.get("outcome", i["id"]) for i in PLAN["items"]}) == 185


def test_the_campaign_dates_the_text_does_not_give_are_marked():
    campaigns = {c["id"]: c for c in PLAN["campaigns"]}
    assert campaigns["campaign.first-100-days"]["inferred"] == ["end"]
    assert campaigns["campaign.second-100-days"]["inferred"] == ["start", "end"]
    assert ITEMS["investment.negative-list-feb"]["inferred"] == ["start"]  # 2月底前: stated


def test_ambiguities_are_decided_and_noted():
    assert "一期" in BY_ID["trade.c2.bonded-zone-closure"]["note"]
    assert "一级封关" in BY_ID["trade.c2.bonded-zone-closure"]["source"]["text"]
    assert "2025" in BY_ID["zone.goal-2025.trade-centre"]["note"]
    assert "换行" in BY_ID["trade.import-export-2035"]["note"]
    assert "2月底前" in BY_ID["investment.negative-list-feb"]["note"]
    assert ITEMS["investment.negative-list-feb"]["deadline"] == dt.date(2021, 2, 28)


def test_structure_is_complete():
    areas = {a["id"]: a for a in PLAN["areas"]}
    assert set(areas) == {"zone", "trade", "investment", "capital", "transport", "people",
                          "digital-gov", "business-env"}
    assert [areas[a]["design"]["code"] for a in ("trade", "investment", "capital")] == [
        "1+5+16+X", "1+4+16+X", "1516"]
    windows = [g for g in PLAN["groups"] if re.fullmatch(r"capital\.window\.\d", g["id"])]
    assert len(windows) == 5
    measures = [i for i in PLAN["items"] if i.get("parent", "").startswith("capital.window.")
                and re.match(r"capital\.m\d\d", i["id"])]
    assert sorted(int(i["id"][9:11]) for i in measures) == list(range(1, 17))
    counts = [sum(1 for i in measures if i["parent"] == f"capital.window.{n}") for n in range(1, 6)]
    assert counts == [4, 3, 3, 3, 3]
    assert [e["date"] for e in PLAN["events"]] == [
        dt.date(2020, 8, 30), dt.date(2020, 9, 24), dt.date(2020, 10, 18)]
    for milestone in ("迪拜商贸城", "数字人民币试点落地"):
        assert any(milestone in i["source"]["text"] and i["kind"] == "milestone"
                   for i in PLAN["items"]), milestone
