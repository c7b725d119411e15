"""The brief as a Word document (.docx): the same context and wording as the HTML.

The sentences come from the same Jinja macros as the HTML and Markdown (``_brief.j2``,
``_text.j2``, rendered as plain text), so the figures are the same by construction; this
module only lays them out. Styles come from a reference document (``templates/reference.docx``
by default, built by ``tools/make_reference_docx.py``; an office may use its own): ftz uses
the style names listed there and falls back to Normal for any its file lacks.

python-docx is imported here only, and this module only when a .docx is written.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.resources import bundled
from ftz_cli.views import docx_parts as parts
from ftz_cli.views.briefing import LIGHT_STATUS
from ftz_cli.views.docx_reference import cleaned
from ftz_cli.views.formats import cn_date, gb_number
from ftz_cli.views.safe import printable


def render_docx(context: dict[str, Any], template_dirs: Iterable[Path] = (),
                reference: Path | None = None, cache: Path | None = None,
                writer: type[BriefWriter] | None = None) -> bytes:
    """The brief of ``context`` as .docx bytes (``cache``: a folder for compiled templates),
    laid out by ``writer`` (the brief's by default; the weekly's in views/docx_weekly.py)
    with the sentences of its ``WORDS`` template."""
    from ftz_cli.views.templating import environment

    kind = writer or BriefWriter
    env = environment(tuple(template_dirs), html=False, cache=cache)
    words = env.get_template(kind.WORDS).make_module(context)
    text = env.get_template("_text.j2").make_module(context)
    doc = open_reference(reference)
    kind(doc, context, words, text).write()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def open_reference(reference: Path | None) -> Any:
    """The reference document, emptied of its text but keeping its styles and page setup."""
    import docx

    path = reference or bundled("templates") / "reference.docx"
    hint = "给出一个用 Word 或 WPS 保存的 .docx 文件；不写则使用 ftz 自带的样式。"
    if not (path.exists() or path.is_symlink()):
        raise FtzError(Diagnostic("E464", f"Word 样式模板“{path}”不存在", str(path), hint=hint))
    try:  # an office's own document is data: only its styles, page set-up, headers and footers
        doc = docx.Document(str(path) if reference is None else io.BytesIO(cleaned(path)))
    except FtzError:
        raise
    except Exception:  # python-docx raises several kinds for a file that is not a .docx
        raise FtzError(Diagnostic("E464", f"Word 样式模板“{path}”不是有效的 .docx 文件", str(path),
                                  hint=hint)) from None
    body = parts.xml(doc).body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return doc


class BriefWriter:
    WORDS = "_brief.j2"  # the template whose macros give the sentences

    def __init__(self, doc: Any, context: dict[str, Any], words: Any, text: Any) -> None:
        self.doc, self.c, self.words, self.text = doc, context, words, text
        self.styles = parts.style_ids(doc)

    def style_id(self, name: str) -> str:
        """The id of a named style, or Normal's when an office's reference document lacks it."""
        return self.styles.get(name) or self.styles.get("Normal", "Normal")

    def para(self, content: str = "", style: str = "Normal", *, lead: str = "",
             lead_style: str | None = None, status: str | None = None) -> Any:
        """A paragraph: an optional light, an optional lead-in in another font, the text."""
        p = self.doc.add_paragraph()
        parts.set_style(p, self.style_id(style))
        if status is not None:
            parts.light_run(p, status)
        if lead:
            run = p.add_run(printable(lead))
            if lead_style == "bold":
                run.bold = True
            elif lead_style == "kai":
                parts.east_asian(run, "楷体")
        if content:
            p.add_run(printable(content))  # old data's control characters, escaped
        return p

    def write(self) -> None:
        section = self.doc.sections[0]
        parts.page_number_footer(section)
        self.masthead()
        self.overview()
        self.progress()
        self.concerns()
        self.next_steps()
        if not self.c["body_only"]:
            self.annex()
        self.imprint()

    def masthead(self) -> None:
        c = self.c
        marks = [m for m, on in (("内部资料", c["imprint"]["internal"]), ("草稿", c["draft"])) if on]
        if marks:
            p = self.para("　".join(marks), "ftz Annex")
            p.paragraph_format.first_line_indent = 0
        self.para(c["title"], "ftz Masthead")
        if c.get("sample"):
            note = self.para("示例数据：本期内容由 ftz init --example 按计划生成，用于试用，不是真实进度。")
            note.alignment = 1
            note.runs[0].bold = True
        p = self.para(str(self.words.issue_line()))
        p.alignment = 1
        p.paragraph_format.first_line_indent = 0
        meta = self.para(f"{c['org']}\t{cn_date(c['dated'])}")
        meta.paragraph_format.first_line_indent = 0
        section = self.doc.sections[0]
        width = section.page_width - section.left_margin - section.right_margin
        meta.paragraph_format.tab_stops.add_tab_stop(width, alignment=2)  # right
        parts.rule(meta, "bottom", parts.RED, 18)
        if c["headline"]:
            line = self.para(lead=c["headline"], lead_style="kai")
            line.alignment, line.paragraph_format.first_line_indent = 1, 0
            line.runs[0].bold = True

    def overview(self) -> None:
        self.para("一、总体情况", "Heading 1")
        self.para(str(self.words.overview()))
        p = self.para()
        for light in self.c["summary"]["lights"]:
            status = LIGHT_STATUS[light["light"]]
            parts.light_run(p, status)
            p.add_run(f"{light['light']} {light['count']}项　")
        picture = self.c["lights_picture"]
        if picture["bars"]:
            from ftz_cli.views.docx_charts import add_chart, holder, lights_xml

            add_chart(self.doc, holder(self), lights_xml(picture), 150, 24 + 10 * len(picture["bars"]))
        self.para(str(self.words.outlook_counts()))

    def progress(self) -> None:
        progress = self.c["progress"]
        self.para("二、本期主要进展", "Heading 1")
        self.para(str(self.words.progress_lead()))
        for n, area in enumerate(progress["areas"], 1):
            self.para(str(self.words.progress_area(area)), lead=f"{gb_number(n, 2)}{area['team']}。",
                      lead_style="kai")
        if progress["done"]:
            self.para(str(self.words.done_line()))
        if progress["red"]:
            self.para(str(self.words.new_red()))

    def concerns(self) -> None:
        self.para("三、需关注事项", "Heading 1")
        for n, group in enumerate(self.c["concerns"], 1):
            self.para(f"{gb_number(n, 2)}{self.words.concern_head(group)}", "Heading 2")
            for m, row in enumerate(group["rows"], 1):
                self.para(str(self.words.concern_item(row)), lead=gb_number(m, 3),
                          lead_style="bold", status=row["status"])
                if row["id"] in self.c["notes"]["by_item"]:
                    self.para(str(self.words.item_notes(self.c["notes"]["by_item"][row["id"]])))
            if group["more"] or group["unreported"]:
                self.para(str(self.words.concern_rest(group)))
        if not self.c["concerns"]:
            self.para("本期没有红灯、黄灯事项。")
        outlook = self.c["outlook"]
        for code in ("unlikely", "at_risk"):
            if any(r["outlook"] == code for r in outlook["watch"]):
                self.para(str(self.words.outlook_watch(code)))
        if any(r["outlook"] not in ("unlikely", "at_risk") for r in outlook["disagree"]):
            self.para(str(self.words.outlook_disagree()))
        if self.c["unreported"]:
            self.para(str(self.words.unreported_line()))
        if self.c["rates"]:
            self.para(str(self.words.rates_line()))
        if self.c.get("escalated"):
            self.para(str(self.words.escalated_line()))
        if self.c.get("pending") or self.c.get("returned"):
            self.para(str(self.words.pending_line()))
        if self.c.get("checking"):
            self.para(str(self.words.checking_line()))
        if self.c.get("scoreboard"):
            self.para(str(self.words.scoreboard_line()))  # the table is in its 附件

    def next_steps(self) -> None:
        notes = self.c["notes"]
        self.para("四、存在问题和下一步工作", "Heading 1")
        n = 0
        for key, name in (("problems", "存在问题"), ("next_steps", "下一步工作")):
            areas = [a for a in notes["areas"] if a[key]]
            if not (notes[key] or areas):
                continue
            n += 1
            self.para(f"{gb_number(n, 2)}{name}", "Heading 2")
            for paragraph in notes[key]:
                self.para(paragraph)
            for m, area in enumerate(areas, 1):
                self.para(area[key][0], lead=f"{gb_number(m, 3)}{area['team']}。", lead_style="bold")
                for paragraph in area[key][1:]:
                    self.para(paragraph)
        if notes["other_items"]:
            n += 1
            self.para(f"{gb_number(n, 2)}有关事项", "Heading 2")
            for m, item in enumerate(notes["other_items"], 1):
                self.para(str(self.words.item_notes(item)), lead_style="bold",
                          lead=f"{gb_number(m, 3)}{item['title']}（{item['area_name']}）。")
        self.para(f"{gb_number(n + 1, 2)}近期到期事项", "Heading 2")
        for m, day in enumerate(self.c["upcoming"], 1):
            self.para(str(self.words.upcoming_day(day)), lead=gb_number(m, 3), lead_style="bold")
        if not self.c["upcoming"]:
            self.para(f"今后{self.c['rules']['due_soon_days']}天内没有到期的事项。")

    def annex(self) -> None:
        from ftz_cli.views.docx_annex import write_annex

        write_annex(self)

    def imprint(self) -> None:
        imprint = self.c["imprint"]
        lines = [str(self.words.imprint_line(k)) for k in ("to", "cc", "send") if imprint[k]]
        if not lines and not imprint["copies"]:
            return
        parts.keep_with_next(self.doc)  # the 版记 never stands alone on a page
        paragraphs = [self.para(line, "ftz Imprint") for line in lines]
        last = self.para(f"{self.c['org']}\t{cn_date(imprint['printed'])}印发", "ftz Imprint")
        section = self.doc.sections[0]
        last.paragraph_format.tab_stops.add_tab_stop(
            section.page_width - section.left_margin - section.right_margin, alignment=2)
        parts.rule(paragraphs[0] if paragraphs else last, "top", "000000", 8)
        if paragraphs:
            parts.rule(last, "top", "000000", 4)
        parts.rule(last, "bottom", "000000", 8)
        for p in paragraphs:
            p.paragraph_format.keep_with_next = True
        if imprint["copies"]:
            last.paragraph_format.keep_with_next = True
            copies = self.para(f"（共印{imprint['copies']}份）", "ftz Imprint")
            copies.alignment = 2

    def table(self, head: tuple[str, ...], rows: list[list[tuple[str, str | None]]],
              widths: tuple[float, ...]) -> None:
        """A bordered table (see ``docx_parts.table``), placed after the last paragraph."""
        body = parts.xml(self.doc).body
        element = parts.table(head, rows, widths, self.style_id("ftz Table"))
        sect = body.sectPr
        if sect is not None:
            sect.addprevious(element)
        else:
            body.append(element)
