"""The shipped plan: complete, exact and traceable to the document."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from conftest import DATA, SEED

PLAN = yaml.safe_load((DATA / "targets.yaml").read_text(encoding="utf-8"))
DOCUMENT = re.sub(r"\s+", "", SEED.read_text(encoding="utf-8"))
ENTRIES = [(section, entry) for section in ("zones", "groups", "events", "items", "achievements",
                                            "problems") for entry in PLAN[section]]


def test_the_bundled_document_is_the_seed():
    assert (DATA / "document.txt").read_bytes() == SEED.read_bytes()


@pytest.mark.parametrize(("section", "entry"), ENTRIES, ids=[e["id"] for _, e in ENTRIES])
def test_every_source_sentence_occurs_in_the_document(section, entry):
    assert re.sub(r"\s+", "", entry["source"]["text"]) in DOCUMENT


def _speech_of(text: str) -> str:
    """Which speech a sentence stands in: the speaker's name follows the body."""
    position = DOCUMENT.index(re.sub(r"\s+", "", text))
    for key, name in (("chen", "陈小忠"), ("ge", "葛巧棣"), ("zhu", "朱有清"), ("yan", "颜新香")):
        if position < DOCUMENT.index(name):
            return key
    raise AssertionError(text)


@pytest.mark.parametrize(("section", "entry"), ENTRIES, ids=[e["id"] for _, e in ENTRIES])
def test_every_entry_is_attributed_to_the_speech_it_stands_in(section, entry):
    assert entry["source"]["speaker"] == _speech_of(entry["source"]["text"])


# Twenty figures checked by hand against the text (the value, the unit, the comparator).
FIGURES = [
    ("zone.reform-projects-2021", ">=", 10, "个", "形成10个以上可复制推广的改革项目"),
    ("trade.import-export-2021", ">", 3500, "亿元", "进出口额超3500亿元"),
    ("trade.import-export-2025", ">", 5000, "亿元", "实现进出口额超5000亿元"),
    ("trade.imports-2025", ">", 1000, "亿元", "进口额超1000亿元"),
    ("trade.cross-border-ecommerce-2025", ">", 2000, "亿元", "跨境电商贸易额超2000亿元"),
    ("trade.import-export-2035", ">", 1, "万亿元", "进出口额突破1万亿元"),
    ("trade.overseas-warehouses-2021", ">=", 120, "个", "海外仓达到120个"),
    ("trade.two-countries-parks-2021", ">=", 5, "组", "建设5组“两国双园”"),
    ("trade.cloud-warehouses-2021", ">=", 100, "个", "布局100个云仓"),
    ("trade.outlets-2021", ">=", 25, "个", "新增25个“爱喜猫”“义乌好货”布局点"),
    ("investment.access-breakthroughs-2021", ">=", 3, "个", "行业准入领域突破3个以上"),
    ("investment.approval-delegation-2021", ">=", 5, "项", "审批权限下放5项以上"),
    ("capital.foreign-bank-cooperation-2021", ">=", 20, "个", "开展境外银行合作20个以上"),
    ("capital.cross-border-rmb-2021", ">", 350, "亿元", "跨境人民币业务超过350亿元"),
    ("capital.product-innovation-2021", ">=", 30, "个", "完成自贸区产品创新30个以上"),
    ("capital.new-financial-orgs-2021", ">=", 60, "家", "各类金融组织60家以上"),
    ("capital.project-funding-2021", ">=", 300, "亿元", "对接重点项目资金300亿以上"),
    ("capital.digital-finance-2021", ">=", 50, "亿元", "新增数字金融业务50亿以上"),
]
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
BY_ID = {e["id"]: e for _, e in ENTRIES}


@pytest.mark.parametrize(("item_id", "comparator", "target", "unit", "phrase"), FIGURES)
def test_targets_match_the_text(item_id, comparator, target, unit, phrase):
    item = BY_ID[item_id]
    assert (item["comparator"], item["target"], item["unit"]) == (comparator, target, unit)
    assert phrase in DOCUMENT
    assert phrase in item["source"]["text"]


@pytest.mark.parametrize(("entry_id", "value", "unit", "phrase"), ACHIEVED)
def test_achievements_match_the_text(entry_id, value, unit, phrase):
    entry = BY_ID[entry_id]
    assert (value, unit) in [(f["value"], f["unit"]) for f in entry["figures"]]
    assert phrase in re.sub(r"\s+", "", entry["source"]["text"])


def test_every_number_in_a_target_sentence_is_encoded():
    """A quantitative sentence's numbers all appear as a target of some item built on it."""
    quantitative = [i for i in PLAN["items"] if i["kind"] in ("flow", "level", "count")]
    targets_by_text: dict[str, set[float]] = {}
    for item in quantitative:
        targets_by_text.setdefault(item["source"]["text"], set()).add(float(item["target"]))
    for text, targets in targets_by_text.items():
        numbers = {float(n) for n in re.findall(r"(?<![\d.])(\d+(?:\.\d+)?)(?=个|项|家|组|亿|万)", text)}
        assert numbers <= targets | {float(y) for y in (2021, 2025, 2035)}, (text, numbers, targets)


def test_deadlines_follow_the_reading_rules():
    for item in PLAN["items"]:
        assert item["start"] <= item["deadline"], item["id"]
        if item["horizon"] == "2021":
            assert item["deadline"] <= dt.date(2021, 12, 31), item["id"]
        if item["horizon"] == "campaign-2":
            assert item["deadline"] == dt.date(2021, 5, 29), item["id"]
    assert BY_ID["investment.negative-list-feb"]["deadline"] == dt.date(2021, 2, 28)


def test_ambiguities_are_decided_and_noted():
    assert "一期" in BY_ID["trade.c2.bonded-zone-closure"]["note"]
    assert "一级封关" in BY_ID["trade.c2.bonded-zone-closure"]["source"]["text"]
    assert "2025" in BY_ID["zone.goal-2025.trade-centre"]["note"]
    assert "换行" in BY_ID["trade.import-export-2035"]["note"]
    assert "2月底前" in BY_ID["investment.negative-list-feb"]["note"]


def test_structure_is_complete():
    areas = {a["id"]: a for a in PLAN["areas"]}
    assert set(areas) == {"zone", "trade", "investment", "capital", "transport", "people",
                          "digital-gov", "business-env"}
    assert areas["trade"]["design"]["code"] == "1+5+16+X"
    assert areas["investment"]["design"]["code"] == "1+4+16+X"
    assert areas["capital"]["design"]["code"] == "1516"
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


def test_ids_are_ascii_and_stable():
    for _, entry in ENTRIES:
        assert re.fullmatch(r"[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+", entry["id"]), entry["id"]


def _notes(node: object) -> list[str]:
    """Every note in an entry, its baseline's and its parts' included."""
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "note" and isinstance(v, str)] + \
            [n for k, v in node.items() if k != "note" for n in _notes(v)]
    if isinstance(node, list):
        return [n for v in node for n in _notes(v)]
    return []


AREA_IDS = "|".join(re.escape(a["id"]) for a in PLAN["areas"])
ALL_IDS = {entry["id"] for _, entry in ENTRIES} | {a["id"] for a in PLAN["areas"]}


@pytest.mark.parametrize(("section", "entry"), ENTRIES, ids=[e["id"] for _, e in ENTRIES])
def test_ids_named_in_notes_exist(section, entry):
    for note in _notes(entry):
        for named in re.findall(rf"(?<![\w.-])(?:{AREA_IDS})\.[a-z0-9][a-z0-9.-]*[a-z0-9]", note):
            assert named in ALL_IDS, f"{entry['id']}: note names {named}"


SPEAKERS = {"陈小忠": "chen", "葛巧棣": "ge", "朱有清": "zhu", "颜新香": "yan"}


@pytest.mark.parametrize(("section", "entry"), ENTRIES, ids=[e["id"] for _, e in ENTRIES])
def test_quotes_credited_to_a_speech_stand_in_it(section, entry):
    for note in _notes(entry):
        for name, quoted in re.findall(r"(陈小忠|葛巧棣|朱有清|颜新香)讲话[^“”]{0,12}“([^”]+)”", note):
            assert _speech_of(quoted) == SPEAKERS[name], f"{entry['id']}: “{quoted}” is not {name}'s"


def _split_across_lines(entry: dict) -> bool:
    """Whether the entry's figure is broken by a line break in the seed (OCR spaces aside)."""
    figure = entry.get("target", entry.get("value"))
    if not isinstance(figure, (int, float)) or isinstance(figure, bool):
        return False
    number = f"{figure:g}"
    raw = SEED.read_text(encoding="utf-8")
    words = [re.escape(c) for c in re.sub(r"\s+", "", entry["source"]["text"])]
    span = re.search(r"\s*".join(words), raw)
    assert span, entry["id"]
    text = span.group(0).replace(" ", "").replace("\u3000", "")
    joined = text.replace("\n", "")
    unit = entry["unit"][0]
    return number + unit in joined and number + unit not in text


@pytest.mark.parametrize(("section", "entry"), ENTRIES, ids=[e["id"] for _, e in ENTRIES])
def test_figures_broken_across_lines_say_how_they_were_read(section, entry):
    if _split_across_lines(entry):
        assert "换行" in entry.get("note", ""), f"{entry['id']}: note how the broken figure was read"
