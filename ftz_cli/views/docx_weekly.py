"""The weekly brief as a Word document: the brief's Word writer (views/docx.py) laid out as
``weekly.html.j2`` — the body (本周进展, 较上周变化, 下周到期) in at most two pages, the
week's records and the lists too long for the body in 附件 from a new page.

The sentences come from the same macros as the HTML and Markdown (``_weekly.j2``,
``_text.j2``); the styles, page set-up and page numbers from the same reference document.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ftz_cli.views import docx_parts as parts
from ftz_cli.views.briefing import LIGHT_STATUS
from ftz_cli.views.docx import BriefWriter, render_docx
from ftz_cli.views.formats import cn_date, gb_number, pct

UPDATE_HEAD = ("事项", "数据日期", "报送内容", "说明")
UPDATE_WIDTHS = (56.0, 36.0, 28.0, 36.0)
MOVED_HEAD = ("指标", "领域", "上周完成率", "本周完成率", "变化")
MOVED_WIDTHS = (46.0, 26.0, 24.0, 24.0, 36.0)


def render_weekly_docx(context: dict[str, Any], template_dirs: Iterable[Path] = (),
                       reference: Path | None = None, cache: Path | None = None) -> bytes:
    """The weekly brief of ``context`` (views/weekly.contexts) as .docx bytes."""
    return render_docx(context, template_dirs, reference, cache, writer=_WeeklyWriter)


class _WeeklyWriter(BriefWriter):
    WORDS = "_weekly.j2"

    def write(self) -> None:
        parts.page_number_footer(self.doc.sections[0])
        self.masthead()
        self.this_week()
        self.changes()
        self.next_week()
        if self.c["quiet_week"]:
            self.para(str(self.words.quiet_line()))
        else:
            self.weekly_annex()

    def masthead(self) -> None:
        c = self.c
        self.para(c["title"], "ftz Masthead")
        if c.get("sample"):
            note = self.para("示例数据：本期内容由 ftz init --example 按计划生成，用于试用，不是真实进度。")
            note.alignment, note.runs[0].bold = 1, True
        p = self.para(f"{c['as_of'].year}年第{c['issue']}期　{c['week']['label']}")
        p.alignment, p.paragraph_format.first_line_indent = 1, 0
        meta = self.para(f"{c['org']}\t{cn_date(c['as_of'])}")
        meta.paragraph_format.first_line_indent = 0
        section = self.doc.sections[0]
        width = section.page_width - section.left_margin - section.right_margin
        meta.paragraph_format.tab_stops.add_tab_stop(width, alignment=2)  # right
        parts.rule(meta, "bottom", parts.RED, 18)

    def this_week(self) -> None:
        self.para("一、本周进展", "Heading 1")
        if not self.c["this_week"]:
            self.para(f"本周（{self.c['week']['label']}）没有报送进度。")
            return
        self.para(str(self.words.this_week_lead()))
        for n, area in enumerate(self.c["body"]["areas"], 1):
            self.para(str(self.words.area_line(area)), lead=f"{gb_number(n, 2)}{area['name']}。",
                      lead_style="kai")
        self.para(str(self.words.updates_see()))

    def changes(self) -> None:
        c, body = self.c, self.c["body"]
        self.para("二、较上周变化", "Heading 1")
        self.para(str(self.text.overview()))
        p = self.para()
        for light in c["changes"]["lights"]:
            parts.light_run(p, LIGHT_STATUS[light["light"]])
            p.add_run(f"{light['light']} {light['count']}项（{self.words.change(light['change'])}）　")
        self.para(str(self.words.lights_line()))
        n = 0
        if c["changes"]["new_done"]:
            n += 1
            self.para(f"{gb_number(n, 2)}本周新完成（{len(c['changes']['new_done'])}项）", "Heading 2")
            self.para(str(self.words.done_line()))
        if body["turned"]:
            n += 1
            self.para(f"{gb_number(n, 2)}{self.words.turned_head()}", "Heading 2")
            self.numbered(body["turned"], self.words.turned_item)
            if body["turned_more"] > 0:
                self.para(str(self.words.more_line(body["turned_more"], "turned")))
        if c["changes"]["moved"]:
            n += 1
            self.para(f"{gb_number(n, 2)}完成率变化（{len(c['changes']['moved'])}项）", "Heading 2")
            self.para(str(self.words.moved_line()))
        if not n:
            self.para(str(self.words.nothing_moved()))

    def next_week(self) -> None:
        body = self.c["body"]
        self.para("三、下周到期", "Heading 1")
        self.numbered(body["next"], self.words.next_item)
        if body["next_more"] > 0:
            self.para(str(self.words.more_line(body["next_more"], "next")))
        if not body["next"]:
            self.para("下周没有到期的事项。")

    def numbered(self, rows: list[dict[str, Any]], line: Any) -> None:
        for m, row in enumerate(rows, 1):
            self.para(str(line(row)), lead=gb_number(m, 3), lead_style="bold", status=row["status"])

    def weekly_annex(self) -> None:
        from docx.enum.text import WD_BREAK

        c, annex = self.c, self.c["body"]["annex"]
        self.doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        if "updates" in annex:
            self.annex_heading(annex["updates"], "本周报送明细")
            for n, area in enumerate(c["this_week"], 1):
                self.para(f"{gb_number(n, 2)}{area['name']}", "Heading 2")
                self.table(UPDATE_HEAD, [[(u["title"], None), (cn_date(u["date"]), None),
                                          (str(self.words.reported(u)), None), (u["note"] or "—", None)]
                                         for u in area["updates"]], UPDATE_WIDTHS)
        if "moved" in annex:
            self.annex_heading(annex["moved"], "完成率变化")
            self.table(MOVED_HEAD, [[(str(self.text.target_name(r)), None), (r["area_name"], None),
                                     (pct(r["previous_completion"]), None), (pct(r["completion"]), None),
                                     (str(self.words.moved(r)), r["status"])]
                                    for r in c["changes"]["moved"]], MOVED_WIDTHS)
        if "turned" in annex:
            self.annex_heading(annex["turned"], str(self.words.turned_head()))
            self.numbered(c["body"]["turned_all"], self.words.turned_item)
        if "next" in annex:
            self.annex_heading(annex["next"], "下周到期事项")
            self.numbered(c["next_week"], self.words.next_item)
        self.annex_heading(annex["notes"], "数据说明")
        notes = [f"数据截至{cn_date(c['as_of'])}。{self.text.updates_text()}", str(self.text.sources_text()),
                 str(self.text.rules_text()), str(self.words.monthly_line())]
        for i, note in enumerate(notes, 1):
            self.para(note, lead=f"{i}. ")

    def annex_heading(self, n: int, name: str) -> None:
        self.para(f"附件{n}", "ftz Annex")
        self.para(name, "ftz Annex Title")
