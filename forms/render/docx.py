"""The report as a Word document: the docxtpl template filled from the render context.

The template (``templates/<format>/report.docx``, made by ``templates/make_docx_templates.py``
or a county office's own) carries the page, the named styles, the footers and the
placeholders.  Tables are built here from the context's grid with python-docx, merged cells
included (docxtpl's own ``{% vm %}`` merges are not reliable); the template sees each one only
as an opaque marker string, replaced by the table after Jinja has run.  They use only the
template's named styles, so restyling the template restyles them.  Only two things depend on
the texts and are set here: the column widths of each table and the right indents of 署名 and
成文日期 (GB/T 9704 7.3.5).

Values reach the XML only through the sandbox (``forms.render.sandbox``), which escapes them
(``<``, ``&``, quotes) and hides the brace sequences docxtpl rewrites after rendering, so any
text prints as typed.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import secrets
import unicodedata
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from markupsafe import Markup, escape

from forms.i18n import _
from forms.model import Draft
from forms.pictures import Picture
from forms.render.context import Cell, Table, build_context, clean_text
from forms.render.docxcheck import MAX_DOCX_BYTES, package_problems
from forms.render.folder import read_inside
from forms.render.options import RenderOptions
from forms.render.pictures import by_marker, insert_docx_pictures
from forms.render.sandbox import ReportSandbox, plain, time_limit
from forms.render.signoff import signoff_indents
from forms.render.templates import (
    TemplateRefusedError,
    builtin_template,
    choose_template,
    fallback_warning,
    fill_failure,
)

#: the template's named styles the tables use (missing ones fall back to the table text style)
TABLE_STYLE = "报告表格"
TABLE_TEXT = "表格文字"
ROLE_STYLES = {
    "header": "表格表头",
    "heading": "表格栏目",
    "note": "表格说明",
    "value": "表格数字",
    "label": "表格标签",
}
LABEL_INDENT_STYLE = "表格标签（缩进{n}字）"
#: labels this short after a row's label (units) take the centred table text style
SHORT_LABEL = 2
SIGNATURE_STYLES = {False: ("署名", "成文日期"), True: ("署名（加盖印章）", "成文日期（加盖印章）")}

#: column widths in characters: labels wrap beyond LABEL_CAP, a block label (a cell down many
#: rows) beyond BLOCK_CAP; value columns share one width of at most VALUE_CAP.  When a table is
#: too wide, value columns shrink first, but never below their shortest headers (自然人, 其他,
#: 总计: HEADER_WORD characters or fewer, which must not break one character a line) nor
#: VALUE_MIN; then the widest labels, down to LABEL_MIN.
LABEL_CAP, BLOCK_CAP, VALUE_CAP, VALUE_MIN, LABEL_MIN = 16.0, 4.0, 6.0, 2.5, 2.0
HEADER_WORD = 3
#: what a line of table text needs beyond its characters (Latin digits, rounding), in 字
SLACK = 0.1


# --- text --------------------------------------------------------------------------------------


def text_width(text: str) -> Fraction:
    """Width in 字: a Chinese (full-width) character is one, a digit or Latin letter half."""
    return sum(
        (Fraction(1) if unicodedata.east_asian_width(ch) in "FWA" else Fraction(1, 2) for ch in text), Fraction(0)
    )


_YEAR = re.compile(r"\d{4}年")


def title_lines(title: str, org: str, capacity: Fraction) -> str:
    """A title that does not fit one line, broken where GB/T 9704 7.3.1 wants it: words whole,
    lines balanced — after the organisation's name, else before the year — when both lines fit.

    Left to Word, 方正小标宋 wraps at the last character that fits and can leave a lone 表 or 告.
    """
    if "\n" in title or text_width(title) <= capacity:
        return title
    cuts = []
    at = title.find(org) if org else -1
    if at >= 0:
        cuts.append(at + len(org))
    cuts += [m.start() for m in _YEAR.finditer(title)]
    for cut in cuts:
        head, tail = title[:cut], title[cut:]
        if head and tail and text_width(head) <= capacity and text_width(tail) <= capacity:
            return f"{head}\n{tail}"
    return title


def _xml_text(value: Any) -> Any:
    """Escape a value for the XML; braces as character references so docxtpl cannot rewrite them."""
    if isinstance(value, str) and not isinstance(value, Markup):
        safe = str(escape(clean_text(value)))
        return Markup(safe.replace("{", "&#123;").replace("}", "&#125;"))
    return value


def jinja_env(placeholders: Mapping[str, Any] | None = None) -> ReportSandbox:
    """The sandbox for the Word XML; a placeholder printed alone becomes a paragraph holding it."""
    marks = dict(placeholders or {})

    def finalize(value: Any) -> Any:
        if isinstance(value, str) and value in marks:
            # {{p section.table }} puts this between paragraphs; _insert_tables replaces it
            return Markup(f'<w:p><w:r><w:t xml:space="preserve">{escape(value)}</w:t></w:r></w:p>')
        return _xml_text(value)

    return ReportSandbox(autoescape=True, finalize=finalize)


# --- styles of the template ---------------------------------------------------------------------


def _style_chain_value(style: Any, read: Any) -> Any:
    while style is not None:
        value = read(style)
        if value is not None:
            return value
        style = style.base_style
    return None


class _Metrics:
    """What the table layout needs from the template: styles present, sizes and the text width."""

    def __init__(self, doc: Any) -> None:
        self.styles = {s.name: s for s in doc.styles}
        section = doc.sections[-1]
        self.width = int(section.page_width - section.left_margin - section.right_margin) // 635  # EMU → twips
        text_style = self.styles.get(TABLE_TEXT)
        size = _style_chain_value(text_style, lambda s: s.font.size) if text_style is not None else None
        self.char = int(size) // 635 if size is not None else 210
        self.padding = self._cell_padding(self.styles.get(TABLE_STYLE))

    @staticmethod
    def _cell_padding(style: Any) -> int:
        pad = 0
        mar = None if style is None else style.element.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
        for side in ("left", "right"):
            el = None if mar is None else mar.find(qn(f"w:{side}"))
            pad += int(el.get(qn("w:w"), "108")) if el is not None else 108
        return pad

    def paragraph_style(self, cell: Cell) -> str | None:
        names = [ROLE_STYLES.get(cell["role"], TABLE_TEXT)]
        if cell["role"] == "label" and cell["indent"]:
            names.insert(0, LABEL_INDENT_STYLE.format(n=cell["indent"]))
        elif cell["role"] == "label" and cell["col"] > 0 and text_width(cell["text"]) <= SHORT_LABEL:
            names = []  # a unit (条, 人次) after the row's label reads best centred, like the figures
        names.append(TABLE_TEXT)
        return next((n for n in names if n in self.styles), None)


# --- tables ------------------------------------------------------------------------------------


def _natural_width(cell: Cell) -> float:
    width = max((float(text_width(line)) for line in cell["text"].split("\n")), default=0.0) + cell["indent"]
    if cell["rowspan"] >= 3:
        # a block label (三、本年度办理结果, （三）不予公开) wraps down its rows
        width = min(width, BLOCK_CAP)
    return min(width, LABEL_CAP)


def _water_fill(widths: list[float], cols: set[int], target: float, floor: float) -> None:
    """Lower the widest of ``cols`` to one level so that the table loses ``sum - target``."""
    excess = sum(widths) - target
    if excess <= 0 or not cols:
        return
    levels = sorted((widths[c] for c in cols), reverse=True)
    level = levels[0]
    for i in range(len(levels)):
        lower = max(levels[i + 1] if i + 1 < len(levels) else floor, floor)
        cut = (i + 1) * (level - lower)
        if cut >= excess:
            level -= excess / (i + 1)
            break
        excess -= cut
        level = lower
    for c in cols:
        widths[c] = min(widths[c], level)


def value_floor(table: Table, value_cols: set[int]) -> float:
    """The narrowest the value columns may get: their short headers on one line."""
    short = [
        float(text_width(cell["text"]))
        for row in table["rows"][: table["header_rows"]]
        for cell in row
        if cell["colspan"] == 1 and cell["col"] in value_cols and 0 < text_width(cell["text"]) <= HEADER_WORD
    ]
    return max([VALUE_MIN, *(w + SLACK for w in short)])


def column_widths(table: Table, total: int, char: int, padding: int) -> list[int]:
    """Widths (twips) of the grid columns adding up to ``total``.

    Value columns share one width (as in the official tables); labels get what their texts
    need.  When that is too wide, value columns shrink first (their headers wrap), then the
    widest labels, then everything proportionally; when it is narrower, everything grows.
    """
    n = table["grid_columns"]
    value_cols = {c["col"] for row in table["rows"] for c in row if c["role"] == "value"}
    widths = [LABEL_MIN] * n
    for row in table["rows"]:
        for cell in row:
            if cell["colspan"] == 1:
                widths[cell["col"]] = max(widths[cell["col"]], _natural_width(cell))
    if value_cols:
        shared = min(VALUE_CAP, max(widths[c] for c in value_cols))
        for c in value_cols:
            widths[c] = shared
    avail = max((total - n * padding) / char, float(n))
    if value_cols and sum(widths) > avail:
        room = sum(widths) - avail
        shared = max(value_floor(table, value_cols), widths[min(value_cols)] - room / len(value_cols))
        for c in value_cols:
            widths[c] = min(widths[c], shared)
    _water_fill(widths, set(range(n)) - value_cols, avail, LABEL_MIN)
    scale = avail / sum(widths)
    twips = [padding + int(w * scale * char) for w in widths]
    twips[-1] += total - sum(twips)
    return twips


def build_table(tpl: DocxTemplate, table: Table, metrics: _Metrics) -> Any:
    """The table as a docxtpl subdocument: the grid, merges, widths, repeated header rows, styles."""
    rows, ncols = table["rows"], table["grid_columns"]
    sub = tpl.new_subdoc()
    tbl = sub.add_table(rows=len(rows), cols=ncols)
    if TABLE_STYLE in metrics.styles:
        tbl.style = metrics.styles[TABLE_STYLE]
        # LibreOffice takes a table's cell margins from the table, not from its style
        mar = metrics.styles[TABLE_STYLE].element.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
        if mar is not None:
            look = tbl._tbl.tblPr.find(qn("w:tblLook"))  # the schema puts tblCellMar before tblLook
            if look is not None:
                look.addprevious(copy.deepcopy(mar))
            else:
                tbl._tbl.tblPr.append(copy.deepcopy(mar))
    tbl.autofit = False
    widths = column_widths(table, metrics.width, metrics.char, metrics.padding)
    tbl_w = tbl._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(widths)))
    for grid_col, width in zip(tbl._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = Twips(width)
    trs = tbl._tbl.tr_lst
    # merge while every cell is still empty: merging concatenates the cells' paragraphs.
    # Cells are found by grid position in the XML (python-docx's table.cell() rescans the table).
    for row in rows:
        for cell in row:
            if cell["rowspan"] > 1 or cell["colspan"] > 1:
                last_row, last_col = cell["row"] + cell["rowspan"] - 1, cell["col"] + cell["colspan"] - 1
                _tc_at(trs[cell["row"]], cell["col"]).merge(_tc_at(trs[last_row], last_col))
    for row in rows:
        for cell in row:
            span = sum(widths[cell["col"] : cell["col"] + cell["colspan"]])
            for r in range(cell["row"], cell["row"] + cell["rowspan"]):
                tc_w = _tc_at(trs[r], cell["col"]).get_or_add_tcPr().get_or_add_tcW()
                tc_w.type, tc_w.w = "dxa", span  # twips (a raw measure, unlike gridCol)
            p = _tc_at(trs[cell["row"]], cell["col"]).p_lst[0]
            style = metrics.paragraph_style(cell)
            if style is not None:
                p.get_or_add_pPr().style = metrics.styles[style].style_id
            if cell["text"]:
                Paragraph(p, tbl).add_run(clean_text(cell["text"]))
    for i, tr in enumerate(trs):
        # on every row: LibreOffice ignores a cantSplit of the table style
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if i < table["header_rows"]:
            tr_pr.append(OxmlElement("w:tblHeader"))
    return sub


def _tc_at(tr: Any, col: int) -> Any:
    """The w:tc of a row that starts at grid column ``col``."""
    pos = 0
    for tc in tr.tc_lst:
        if pos == col:
            return tc
        pos += tc.grid_span
    raise ValueError(col)


# --- 署名 and 成文日期 ---------------------------------------------------------------------------


#: kept for templates' and tests' sake: the indents come from the printed widths
signature_indents = signoff_indents


def _set_right_indent(paragraph: Any, chars: Fraction, char_twips: int) -> None:
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:rightChars"), str(round(chars * 100)))
    ind.set(qn("w:right"), str(round(chars * char_twips)))


def place_signature(doc: Any, context: dict[str, Any]) -> None:
    signature, date, seal = context["signature"], context["date"], bool(context["seal"])
    if not signature and not date:
        return
    sig_style, date_style = SIGNATURE_STYLES[seal]
    sig_right, date_right = signature_indents(signature, date, seal)
    styles = {s.name: s for s in doc.styles}
    found: dict[str, Any] = {}
    for paragraph in doc.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name in (sig_style, date_style):
            found[name] = paragraph  # the last one: the template puts them at the end
    for name, chars in ((sig_style, sig_right), (date_style, date_right)):
        paragraph = found.get(name)
        if paragraph is not None:
            size = _style_chain_value(paragraph.style, lambda s: s.font.size)
            _set_right_indent(paragraph, chars, int(size) // 635 if size is not None else 320)
    if not signature and date_style in found and sig_style in styles:
        # the blank line(s) after the body belong to the first line of the block
        before = _style_chain_value(styles[sig_style], lambda s: s.paragraph_format.space_before)
        if before is not None:
            found[date_style].paragraph_format.space_before = before


# --- pages -------------------------------------------------------------------------------------

SIGNOFF_STYLES = {name for pair in SIGNATURE_STYLES.values() for name in pair}
#: the gap after a table, so that the text below does not touch its bottom border (twips)
AFTER_TABLE = 240


def _is_empty_paragraph(el: Any) -> bool:
    return (
        el.tag == qn("w:p")
        and not "".join(t.text or "" for t in el.iter(qn("w:t")))
        and not any(True for _ in el.iter(qn("w:drawing"), qn("w:br"), qn("w:tab")))
    )


def _set(parent: Any, tag: str, **attrs: str) -> Any:
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _keep_with_next(p: Any) -> None:
    p_pr = p.get_or_add_pPr()
    p_pr.keepNext_val = True
    # with widow control the paragraph's last two lines go along, not just the last one
    p_pr.widowControl_val = True


def paginate(doc: Any) -> None:
    """What keeps pages from going wrong at any length (GB/T 9704 7.3.5.5, 7.5).

    - no empty paragraph after the date: when the date filled the last line, it made a page
      that printed only its number; after a closing table (the body must end with a paragraph)
      it is made one point high instead;
    - the last lines of the body are kept with 署名 and 成文日期, so the sign-off never stands
      alone on a page;
    - the text after a table keeps a gap below its border.
    """
    body = doc.element.body
    blocks = [el for el in body if el.tag in (qn("w:p"), qn("w:tbl"))]

    def removable(p: Any) -> bool:  # a paragraph holding a section break (a user template's) stays
        return _is_empty_paragraph(p) and p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None

    while len(blocks) >= 2 and removable(blocks[-1]) and blocks[-2].tag == qn("w:p"):
        body.remove(blocks.pop())
    if len(blocks) >= 2 and _is_empty_paragraph(blocks[-1]):
        p_pr = blocks[-1].get_or_add_pPr()
        spacing = p_pr.get_or_add_spacing()
        for key, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
            spacing.set(qn(f"w:{key}"), value)
        mark = p_pr.find(qn("w:rPr"))
        if mark is None:
            mark = OxmlElement("w:rPr")
            p_pr.append(mark)  # the paragraph mark's run properties end the w:pPr
        _set(mark, "w:sz", val="2")
    styles = {s.style_id: s.name for s in doc.styles}
    for i, el in enumerate(blocks):
        if el.tag != qn("w:p") or i == 0:
            continue
        if styles.get(el.style) not in SIGNOFF_STYLES:
            continue
        before = blocks[i - 1]
        if before.tag == qn("w:p") and styles.get(before.style) not in SIGNOFF_STYLES:
            _keep_with_next(before)
        elif before.tag == qn("w:tbl"):
            for p in before.tr_lst[-1].iter(qn("w:p")):
                _keep_with_next(p)
        break
    for i, el in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if el.tag == qn("w:tbl") and nxt.tag == qn("w:p") and not _is_empty_paragraph(nxt):
            spacing = nxt.get_or_add_pPr().get_or_add_spacing()
            if spacing.get(qn("w:before")) is None:
                spacing.set(qn("w:before"), str(AFTER_TABLE))


def set_properties(doc: Any, context: dict[str, Any]) -> None:
    """Title, author (the organisation), dates and language, as Word's 文件属性 shows them."""
    props = doc.core_properties
    props.title = clean_text(context["title"])[:255]
    props.author = clean_text(context["org"])[:255]
    props.last_modified_by = clean_text(context["org"])[:255]
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now
    props.language = "zh-CN"


# --- the document ----------------------------------------------------------------------------


def _title_capacity(doc: Any, metrics: _Metrics) -> Fraction:
    """How many 字 of the title style fit on one line of the template's text width."""
    style = metrics.styles.get("Title")
    size = _style_chain_value(style, lambda s: s.font.size) if style is not None else None
    char = int(size) // 635 if size is not None else 440  # 2号 = 22 pt = 440 twips
    # one character of slack: Latin digits are wider than the half 字 text_width counts them as
    return Fraction(metrics.width, char) - 1


class _Tables:
    """The tables of one report as opaque placeholders: the template sees only a marker string.

    A table is a python-docx object, and every such object reaches files (``save``, ``new_subdoc``):
    it never enters the template's context.  After Jinja has run, each paragraph holding a marker
    is replaced by its table.  The markers carry a random nonce, so no typed text can forge one.
    """

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self.tables: dict[str, Any] = {}
        self.pattern = re.compile(rf"\[\[nianbao-table-{self.nonce}-\d+\]\]")

    def add(self, table_xml: Any) -> str:
        marker = f"[[nianbao-table-{self.nonce}-{len(self.tables)}]]"
        self.tables[marker] = table_xml
        return marker

    def insert(self, doc: Any) -> None:
        body = doc.element.body
        for t in list(body.iter(qn("w:t"))):
            if not self.pattern.search(t.text or ""):
                continue
            paragraph = next((p for p in reversed(list(t.iterancestors(qn("w:p"))))), None)
            if paragraph is None or paragraph.getparent() is None:  # already replaced, or outside a paragraph
                t.text = self.pattern.sub("", t.text or "")
                continue
            # every marker of the paragraph, in order (a template may print two in one line)
            found = self.pattern.findall("".join(x.text or "" for x in paragraph.iter(qn("w:t"))))
            parent = paragraph.getparent()
            for marker in found:
                paragraph.addprevious(copy.deepcopy(self.tables[marker]))
            parent.remove(paragraph)
            if parent.tag == qn("w:tc") and parent[-1].tag != qn("w:p"):
                parent.append(OxmlElement("w:p"))  # a table cell must end with a paragraph
        for el in body.iter():  # a marker printed outside any paragraph (never a table there)
            for attr in ("text", "tail"):
                value = getattr(el, attr)
                if value and self.pattern.search(value):
                    setattr(el, attr, self.pattern.sub("", value))

    def scrub(self, doc: Any) -> None:
        """Markers in headers, footers and document properties: tables belong in the body only."""
        for rel in doc.part.rels.values():
            part = rel.target_part if not rel.is_external else None
            element = getattr(part, "_element", None)
            if element is None:
                continue
            for p in list(element.iter(qn("w:p"))):
                if any(self.pattern.search(t.text or "") for t in p.iter(qn("w:t"))) and p.getparent() is not None:
                    p.getparent().remove(p)
        props = doc.core_properties
        for name in ("author", "comments", "identifier", "language", "subject", "title"):
            value = getattr(props, name) or ""
            if "nianbao-table-" in value:
                setattr(props, name, re.sub(r"<w:p>.*?</w:p>", "", self.pattern.sub("", value)))


def _render(
    template: Path | bytes, context: dict[str, Any], user: bool = False, pictures: Mapping[str, Picture] | None = None
) -> bytes:
    tpl = DocxTemplate(io.BytesIO(template) if isinstance(template, bytes) else str(template))
    tpl.init_docx()
    metrics = _Metrics(tpl.docx)
    tables = _Tables()

    def placeholder(table: Table) -> str:
        # built on a subdocument sharing the template's styles; only its w:tbl element is kept
        return tables.add(build_table(tpl, table, metrics).subdocx.element.body[0])

    filled = dict(context)
    filled["sections"] = [
        {**s, "table": placeholder(s["table"]) if s["table"] is not None else None} for s in context["sections"]
    ]
    if context["attachment"] is not None:
        attachment = context["attachment"]
        filled["attachment"] = {**attachment, "table": placeholder(attachment["table"])}
    capacity = _title_capacity(tpl.docx, metrics)
    filled["title"] = title_lines(context["title"], context["org"], capacity)
    if context["attachment"] is not None:
        filled["attachment"]["title"] = title_lines(context["attachment"]["title"], context["org"], capacity)
    if user:
        # only filling in runs the template's code; building the tables and saving are the renderer's
        with time_limit():
            tpl.render(plain(filled), jinja_env=jinja_env(tables.tables), autoescape=True)
    else:
        tpl.render(plain(filled), jinja_env=jinja_env(tables.tables), autoescape=True)
    tables.insert(tpl.docx)
    tables.scrub(tpl.docx)
    insert_docx_pictures(tpl.docx, pictures or {})
    place_signature(tpl.docx, context)
    paginate(tpl.docx)
    set_properties(tpl.docx, context)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def render_user_docx(template: bytes, context: dict[str, Any], pictures: Mapping[str, Picture] | None = None) -> bytes:
    """A clerk's Word template filled in under the time and size limits; the result checked like the template."""
    problems = package_problems(template)  # the bytes filled in are the bytes checked
    if problems:
        raise TemplateRefusedError("；".join(problems[:8]))
    data = _render(template, context, user=True, pictures=pictures)
    problems = package_problems(data)
    if problems:
        raise TemplateRefusedError(_("生成的 Word 文件中有不允许的内容：") + "；".join(problems[:8]))
    return data


def render_docx_with_warnings(draft: Draft, options: RenderOptions | None = None) -> tuple[bytes, list[str]]:
    """The .docx bytes and the warnings to show (a clerk's own template that could not be used)."""
    options = options or RenderOptions()
    context = build_context(draft, options)
    choice = choose_template(draft.format_id, "docx", options)
    warnings = list(choice.warnings)
    if not choice.builtin:
        try:
            data = read_inside(choice.path.parent, [choice.path.name], MAX_DOCX_BYTES)
            return render_user_docx(data, context, by_marker(draft)), warnings
        except Exception as exc:  # whatever a user's template does wrong, the built-in one still works
            warnings.append(fallback_warning("docx", fill_failure(exc)))
    return _render(builtin_template(draft.format_id, "docx"), context, pictures=by_marker(draft)), warnings


def render_docx(draft: Draft, options: RenderOptions | None = None) -> bytes:
    """The report as a Word document in the GB/T 9704 layout."""
    return render_docx_with_warnings(draft, options)[0]
