"""The fields of every mapping in the plan file (docs/data.md), as tables for the Checker."""

from __future__ import annotations

import re

from ftz_cli.parse.schema import Field

F = Field
# A speech's sentence names its speaker; a notice's or a table's has none (speaker left out).
SOURCE = {"speaker": F("str"), "section": F("str", True), "text": F("str", True),
          "unverified": F("bool")}
PROGRAMME = {"name": F("str", True), "short_name": F("str", True), "began": F("date", True),
             "document": F("map", True), "note": F("str")}
DOCUMENT = {"title": F("str", True), "subtitle": F("str"), "file": F("str")}
CAMPAIGN = {"id": F("id", True), "name": F("str", True), "start": F("date", True),
            "end": F("date", True), "note": F("str"), "inferred": F("list")}
SPEAKER = {"name": F("str", True), "title": F("str", True), "speech": F("str", True)}
AREA = {"id": F("str", True), "name": F("str", True), "team": F("str", True),
        "lead": F("str"), "design": F("map"), "note": F("str")}
DESIGN = {"code": F("str", True), "parts": F("list", True)}
PART = {"key": F("str", True), "text": F("str", True)}
ZONE = {"id": F("id", True), "name": F("str", True), "value": F("number", True),
        "unit": F("str", True), "source": F("map", True), "note": F("str")}
GROUP = {"id": F("id", True), "area": F("str", True), "title": F("str", True),
         "source": F("map", True), "parent": F("id"), "deadline": F("date"), "note": F("str")}
EVENT = {"id": F("id", True), "date": F("date", True), "title": F("str", True),
         "source": F("map", True), "note": F("str")}
ITEM = {"id": F("id", True), "area": F("str", True), "kind": F("str", True),
        "title": F("str", True), "horizon": F("str", True), "start": F("date", True),
        "deadline": F("date", True), "source": F("map", True), "metric": F("str"),
        "unit": F("str"), "comparator": F("str"), "target": F("number"),
        "wording": F("str"), "baseline": F("map"), "parent": F("id"), "outcome": F("id"),
        "inferred": F("list"), "note": F("str"), "growth": F("number"), "ongoing": F("bool"),
        "carried_from": F("str")}
BASELINE = {"value": F("number", True), "date": F("date"), "note": F("str")}
ACHIEVEMENT = {"id": F("id", True), "area": F("str", True), "title": F("str", True),
               "as_of": F("date", True), "figures": F("list", True), "source": F("map", True),
               "parent": F("id"), "note": F("str")}
FIGURE = {"label": F("str", True), "value": F("number", True), "unit": F("str", True),
          "comparator": F("str")}
PROBLEM = {"id": F("id", True), "area": F("str", True), "title": F("str", True),
           "term": F("str", True), "source": F("map", True), "note": F("str")}
TOP = {"schema": F("int", True), "programme": F("map", True), "campaigns": F("list"),
       "speakers": F("map", True), "areas": F("list", True), "zones": F("list"),
       "groups": F("list"), "events": F("list"), "items": F("list", True),
       "achievements": F("list"), "problems": F("list"), "units": F("map")}
# Fields only numeric targets have; the first four are required for them.
QUANT_FIELDS = ("metric", "unit", "comparator", "target")
QUANT_ONLY = (*QUANT_FIELDS, "wording", "baseline", "growth")
TERMS = ("近期", "中长期")

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text with all white space removed: how sources are compared with the document."""
    return _SPACE.sub("", text)
