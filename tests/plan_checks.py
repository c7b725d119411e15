"""Properties of the shipped plan, each a function returning every offender (empty when none).

tests/test_data.py runs each over the whole plan, and over a copy with one entry broken on
purpose, so that every check is seen to fail when it should.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from conftest import DATA

RAW = (DATA / "document.txt").read_text(encoding="utf-8")
Plan = dict[str, Any]
SECTIONS = ("zones", "groups", "events", "items", "achievements", "problems")
QUANTITATIVE = ("flow", "level", "count")
SPEAKERS = {"陈小忠": "chen", "葛巧棣": "ge", "朱有清": "zhu", "颜新香": "yan"}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


DOCUMENT = squash(RAW)


def entries(plan: Plan) -> Iterator[dict[str, Any]]:
    for section in SECTIONS:
        yield from plan[section]


def speech_of(text: str) -> str | None:
    """Which speech a sentence stands in: each speaker's name follows the body of the speech."""
    position = DOCUMENT.find(squash(text))
    if position < 0:
        return None
    return next((key for name, key in SPEAKERS.items() if position < DOCUMENT.index(name)), None)


def notes(node: object) -> list[str]:
    """Every note in an entry, its baseline's and its parts' included."""
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "note" and isinstance(v, str)] + \
            [n for k, v in node.items() if k != "note" for n in notes(v)]
    if isinstance(node, list):
        return [n for v in node for n in notes(v)]
    return []


def sources_not_in_the_document(plan: Plan) -> list[str]:
    return [e["id"] for e in entries(plan) if squash(e["source"]["text"]) not in DOCUMENT]


def sources_credited_to_another_speech(plan: Plan) -> list[str]:
    return [e["id"] for e in entries(plan) if speech_of(e["source"]["text"]) != e["source"]["speaker"]]


def notes_naming_unknown_ids(plan: Plan) -> list[str]:
    areas = "|".join(re.escape(a["id"]) for a in plan["areas"])
    known = {e["id"] for e in entries(plan)} | {a["id"] for a in plan["areas"]}
    pattern = re.compile(rf"(?<![A-Za-z0-9_.-])(?:{areas})\.[a-z0-9][a-z0-9.-]*[a-z0-9]")
    return [f"{e['id']}: {named}" for e in entries(plan) for note in notes(e)
            for named in pattern.findall(note) if named not in known]


def quotes_credited_to_the_wrong_speech(plan: Plan) -> list[str]:
    pattern = re.compile(r"(陈小忠|葛巧棣|朱有清|颜新香)讲话[^“”]{0,12}“([^”]+)”")
    return [f"{e['id']}: {quoted}" for e in entries(plan) for note in notes(e)
            for name, quoted in pattern.findall(note) if speech_of(quoted) != SPEAKERS[name]]


def _broken_across_lines(entry: dict[str, Any]) -> bool:
    """Whether the entry's figure is broken by a line break in the document (OCR spaces aside)."""
    figure = entry.get("target", entry.get("value"))
    if not isinstance(figure, (int, float)) or isinstance(figure, bool):
        return False
    words = [re.escape(c) for c in squash(entry["source"]["text"])]
    span = re.search(r"\s*".join(words), RAW)
    if span is None:
        return False  # reported by sources_not_in_the_document
    text = span.group(0).replace(" ", "").replace("\u3000", "")
    figure_text = f"{figure:g}{entry['unit'][0]}"
    return figure_text in text.replace("\n", "") and figure_text not in text


def broken_figures_without_a_note(plan: Plan) -> list[str]:
    return [e["id"] for e in entries(plan)
            if _broken_across_lines(e) and "换行" not in e.get("note", "")]


def _comparator_of(wording: str) -> str:
    """超/突破/超过 read as “more than”, unless the words end in 以上; anything else is ≥."""
    strict = wording.startswith(("超", "突破")) and not wording.endswith("以上")
    return ">" if strict else ">="


def wordings_not_the_documents(plan: Plan) -> list[str]:
    """Every numeric target carries the document's words for it: in its sentence, with its number."""
    found = []
    for item in plan["items"]:
        wording = item.get("wording")
        if item["kind"] not in QUANTITATIVE:
            if wording is not None:
                found.append(f"{item['id']}: wording on a {item['kind']}")
        elif not wording or squash(wording) not in squash(item["source"]["text"]):
            found.append(f"{item['id']}: {wording!r} not in its source")
        elif f"{item['target']:g}" not in re.findall(r"\d+(?:\.\d+)?", wording):
            found.append(f"{item['id']}: {wording!r} lacks {item['target']:g}")
        elif _comparator_of(wording) != item["comparator"]:
            found.append(f"{item['id']}: {wording!r} reads {_comparator_of(wording)}")
    return found


def numbers_not_encoded(plan: Plan) -> list[str]:
    """A quantitative sentence's numbers all appear as a target of some item built on it."""
    targets: dict[str, set[float]] = {}
    for item in plan["items"]:
        if item["kind"] in QUANTITATIVE:
            targets.setdefault(item["source"]["text"], set()).add(float(item["target"]))
    years = {2021.0, 2025.0, 2035.0}
    found = []
    for text, encoded in targets.items():
        numbers = {float(n) for n in re.findall(r"(?<![\d.])(\d+(?:\.\d+)?)(?=个|项|家|组|亿|万)", text)}
        if numbers - encoded - years:
            found.append(f"{text}: {sorted(numbers - encoded - years)}")
    return found


def deadlines_off_the_reading_rules(plan: Plan) -> list[str]:
    found = []
    for item in plan["items"]:
        if item["start"] > item["deadline"]:
            found.append(f"{item['id']}: starts after its deadline")
        if item["horizon"] == "2021" and item["deadline"] > dt.date(2021, 12, 31):
            found.append(f"{item['id']}: a 2021 item due after 2021")
        if item["horizon"] == "campaign-2" and item["deadline"] != dt.date(2021, 5, 29):
            found.append(f"{item['id']}: a campaign item not due at the campaign's end")
    return found


def bad_outcomes(plan: Plan) -> list[str]:
    """An outcome names another item that names none itself."""
    outcome = {i["id"]: i.get("outcome") for i in plan["items"]}
    return [f"{own}: {target}" for own, target in outcome.items() if target is not None
            and (target == own or target not in outcome or outcome[target] is not None)]


def dates_not_marked_inferred(plan: Plan) -> list[str]:
    """No item's start is in the text; a deadline is stated only as 年底 or X月底."""
    found = []
    for item in plan["items"]:
        names = item.get("inferred", [])
        stated = re.search(r"年底|月底", squash(item["source"]["text"])) is not None
        expected = ["start"] if stated else ["start", "deadline"]
        if names != expected:
            found.append(f"{item['id']}: inferred {names}, expected {expected}")
    return found


def milestones_without_a_standard(plan: Plan) -> list[str]:
    """A milestone is done or not: one whose note says there is no standard is a goal."""
    return [i["id"] for i in plan["items"]
            if i["kind"] == "milestone" and re.search(r"无明确完成(标准|标志)", i.get("note", ""))]


def items_due_after_their_group(plan: Plan) -> list[str]:
    """A group's deadline, where it has one, covers every item in it."""
    due = {g["id"]: g.get("deadline") for g in plan["groups"]}
    return [i["id"] for i in plan["items"]
            if due.get(i.get("parent", "")) and i["deadline"] > due[i["parent"]]]
