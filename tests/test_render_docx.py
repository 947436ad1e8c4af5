"""The Word report: tables equal to the format's grids, named styles only, 署名/成文日期, any text.

Every document is opened again with python-docx; spans are read from the XML (gridSpan and
vMerge) because python-docx's cell API repeats merged cells.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Twips

from forms.catalog import format_lineage
from forms.draftjson import from_dict
from forms.model import Draft, Paragraph, new_draft
from forms.render import RenderOptions
from forms.render.docx import render_docx, render_docx_with_warnings, signature_indents, text_width
from forms.render.signoff import printed_width, seal_refusal
from forms.render.templates import builtin_dir
from forms.schema import TableDef
from forms.totals import effective_values
from forms.values import format_value, parse_cell
from tests.draft_factory import fill_zeros, full_report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "forms" / "examples"
TWIPS_PER_MM = 1440 / 25.4


def example(prefix: str) -> Draft:
    path = next(EXAMPLES.glob(f"{prefix}-*.nianbao"))
    return from_dict(json.loads(path.read_text(encoding="utf-8")))


def reopen(data: bytes):
    return Document(io.BytesIO(data))


def cell_text(tc) -> str:
    out = []
    for el in tc.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        out.append(el.text or "" if el.tag == qn("w:t") else ("\n" if el.tag == qn("w:br") else "\t"))
    return "".join(out)


def xml_grid(table) -> list[list[tuple[str, int, str | None]]]:
    """Per row, each w:tc as (text, gridSpan, vMerge) — merged cells once, continuations as such."""
    rows = []
    for tr in table._tbl.tr_lst:
        row = []
        for tc in tr.tc_lst:
            vm = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            vmerge = None if vm is None else (vm.get(qn("w:val")) or "continue")
            row.append((cell_text(tc), tc.grid_span, vmerge))
        rows.append(row)
    return rows


def expected_grid(draft: Draft, tdef: TableDef) -> list[list[tuple[str, int, str | None]]]:
    """The same shape built from the format definition and the draft's effective values."""
    values = effective_values(draft, tdef)
    rows = []
    for r in range(len(tdef.rows)):
        row, c = [], 0
        while c < tdef.grid_columns:
            gc = tdef.covering(r, c)
            assert gc is not None
            if gc.row == r:
                text = gc.text if gc.cell_id is None else format_value(values[gc.cell_id])
                row.append((text, gc.colspan, "restart" if gc.rowspan > 1 else None))
            else:
                row.append(("", gc.colspan, "continue"))
            c += gc.colspan
        rows.append(row)
    return rows


def numbered(format_id: str) -> Draft:
    """A draft whose entered cells hold distinct numbers (every third one left blank)."""
    years = {"gov2021": 2022, "gov2019": 2020, "legacy": 2017}
    draft = new_draft(format_id, "某某镇", years[format_lineage(format_id)[-1]])  # a variant: its base's year
    for key, tdef in draft.fmt.tables.items():
        draft.table(key).included = True
        for i, vc in enumerate(tdef.entered_cells()):
            if i % 3 != 2:
                draft.set_value(vc.id, parse_cell(str(i + 1), vc.type))
    return draft


def table_defs(draft: Draft) -> list[TableDef]:
    fmt = draft.fmt
    keys = [fmt.section(s.key).table for s in draft.sections if fmt.section(s.key) and fmt.section(s.key).table]
    out = [fmt.tables[k] for k in keys if draft.table(k).included]
    if fmt.attachment and draft.table(fmt.attachment["table"]).included:
        out.append(fmt.tables[fmt.attachment["table"]])
    return out


# --- tables ------------------------------------------------------------------------------------


@pytest.mark.parametrize("format_id", ["gov2021", "gov2019", "legacy", "gov2019-hubei", "gov2019-beijing"])
def test_every_table_reproduces_the_format_grid_with_the_values_in_place(format_id):
    draft = numbered(format_id)
    doc = reopen(render_docx(draft, RenderOptions()))
    defs = table_defs(draft)
    assert len(doc.tables) == len(defs) >= 1
    for table, tdef in zip(doc.tables, defs, strict=True):
        assert len(table._tbl.tblGrid.gridCol_lst) == tdef.grid_columns
        assert xml_grid(table) == expected_grid(draft, tdef)


def _block_rows(grid, label: str) -> int:
    for r, row in enumerate(grid):
        for text, _span, vm in row:
            if text == label and vm == "restart":
                col = next(i for i, cell in enumerate(row) if cell[0] == label)
                n = 1
                while r + n < len(grid) and len(grid[r + n]) > col and grid[r + n][col][2] == "continue":
                    n += 1
                return n
    raise AssertionError(label)


@pytest.mark.parametrize(("format_id", "rows"), [("gov2019", 20), ("gov2021", 22)])
def test_the_results_block_spans_the_official_number_of_rows(format_id, rows):
    draft = fill_zeros(new_draft(format_id, "某某镇", 2022))
    doc = reopen(render_docx(draft, RenderOptions()))
    apply_grid = xml_grid(doc.tables[1])
    assert _block_rows(apply_grid, "三、本年度办理结果") == rows
    # 法人或其他组织 over its five columns, under 申请人情况 over seven
    spans = {text: span for row in apply_grid[:3] for text, span, _ in row if text}
    assert spans["法人或其他组织"] == 5 and spans["申请人情况"] == 7
    review = xml_grid(doc.tables[2])
    assert [len(r) for r in review] == [2, 7, 15, 15]
    assert [c[0] for c in review[0]] == ["行政复议", "行政诉讼"] and [c[1] for c in review[0]] == [5, 10]
    assert [c[2] for c in review[1][:5]] == ["restart"] * 5 and [c[2] for c in review[2][:5]] == ["continue"] * 5


def test_example_004_prints_its_figures_in_their_cells():
    draft = example("004")
    doc = reopen(render_docx(draft, RenderOptions()))
    assert len(doc.tables) == 3
    for table, tdef in zip(doc.tables, table_defs(draft), strict=True):
        assert xml_grid(table) == expected_grid(draft, tdef)
    active = xml_grid(doc.tables[0])
    procurement = next(row for row in active if row[0][0] == "政府集中采购")
    assert [c[0] for c in procurement[1:]] == ["7", "359.3万元"]
    # the application table of seed 004 is all zeros: each prints 0, none is left blank
    zeros = sum(1 for row in xml_grid(doc.tables[1]) for cell in row if cell[0] == "0")
    assert zeros == len(draft.fmt.tables["apply"].cells) == 7 * 23


def test_a_blank_cell_prints_blank_and_a_zero_prints_0():
    draft = new_draft("gov2021", "某某镇", 2022)
    draft.set_value("apply.new_received.natural", 0)
    draft.set_value("apply.new_received.business", 4)
    doc = reopen(render_docx(draft, RenderOptions()))
    row = xml_grid(doc.tables[1])[3]
    assert [c[0] for c in row[1:]] == ["0", "4", "", "", "", "", "4"]


def test_header_rows_repeat_and_the_tables_fit_the_type_area():
    draft = numbered("gov2021")
    doc = reopen(render_docx(draft, RenderOptions()))
    for table, tdef in zip(doc.tables, table_defs(draft), strict=True):
        repeated = [tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None for tr in table._tbl.tr_lst]
        assert repeated == [r < tdef.header_rows for r in range(len(tdef.rows))]
        widths = [int(gc.get(qn("w:w"))) for gc in table._tbl.tblGrid.gridCol_lst]
        assert abs(sum(widths) - 156 * TWIPS_PER_MM) <= 2 * TWIPS_PER_MM
        assert min(widths) >= 5 * TWIPS_PER_MM  # no column squeezed to nothing
        tbl_pr = table._tbl.tblPr
        assert int(tbl_pr.find(qn("w:tblW")).get(qn("w:w"))) == sum(widths)
        assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for tr in table._tbl.tr_lst:
            for tc in tr.tc_lst:
                start = sum(t.grid_span for t in tc.itersiblings(qn("w:tc"), preceding=True))
                assert int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) == sum(widths[start : start + tc.grid_span])
    # apply: 7 value columns of one width, and the long labels get the widest column
    apply_widths = [int(gc.get(qn("w:w"))) for gc in doc.tables[1]._tbl.tblGrid.gridCol_lst]
    assert len(set(apply_widths[3:9])) == 1 and apply_widths[2] == max(apply_widths)


def test_tables_use_only_the_templates_named_styles():
    doc = reopen(render_docx(numbered("legacy"), RenderOptions()))
    style_ids = {s.style_id for s in doc.styles}
    names = {s.style_id: s.name for s in doc.styles}
    for table in doc.tables:
        tbl_pr = table._tbl.tblPr
        assert names[tbl_pr.find(qn("w:tblStyle")).get(qn("w:val"))] == "报告表格"
        allowed = ("tblStyle", "tblW", "tblLayout", "tblCellMar", "tblLook")
        assert {el.tag for el in tbl_pr} <= {qn(f"w:{t}") for t in allowed}
        # the cell margins are the style's own, repeated on the table for LibreOffice
        style_mar = doc.styles.get_by_id(tbl_pr.find(qn("w:tblStyle")).get(qn("w:val")), 3)
        style_mar = style_mar.element.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
        assert [(el.tag, dict(el.attrib)) for el in tbl_pr.find(qn("w:tblCellMar"))] == [
            (el.tag, dict(el.attrib)) for el in style_mar
        ]
        for tc in table._tbl.iter(qn("w:tc")):
            assert {el.tag for el in tc.tcPr} <= {qn("w:tcW"), qn("w:gridSpan"), qn("w:vMerge")}
            for p in tc.iter(qn("w:p")):
                assert [el.tag for el in p.pPr] == [qn("w:pStyle")]
                assert p.pPr.find(qn("w:pStyle")).get(qn("w:val")) in style_ids
                assert all(r.find(qn("w:rPr")) is None for r in p.iter(qn("w:r")))
    label_styles = {
        names[p.pPr.find(qn("w:pStyle")).get(qn("w:val"))]
        for p in doc.tables[0]._tbl.iter(qn("w:p"))
        if cell_text(p).startswith(("1.", "其中"))
    }
    assert label_styles == {"表格标签（缩进2字）", "表格标签（缩进3字）"}


def test_paragraphs_take_the_style_of_their_level_and_tables_sit_between_before_and_after():
    draft = new_draft("gov2021", "某某镇", 2022)
    draft.preface = [Paragraph("前言正文。")]
    sec = draft.section("active")
    sec.before = [Paragraph("（一）二级标题", 2), Paragraph("1.三级标题", 3), Paragraph("表前正文。")]
    sec.after = [Paragraph("表后正文。"), Paragraph("一级标题", 1)]
    doc = reopen(render_docx(draft, RenderOptions()))
    body = []
    for el in doc.element.body:
        if el.tag == qn("w:tbl"):
            body.append(("table", ""))
        elif el.tag == qn("w:p") and cell_text(el):
            style = el.style or "Normal"
            body.append((doc.styles.get_by_id(style, 1).name if style != "Normal" else "Normal", cell_text(el)))
    assert body[0] == ("Title", "某某镇2022年政府信息公开工作年度报告")
    assert body[1] == ("Normal", "前言正文。")
    start = body.index(("Heading 1", "二、主动公开政府信息情况"))
    assert body[start + 1 : start + 7] == [
        ("Heading 2", "（一）二级标题"),
        ("Heading 3", "1.三级标题"),
        ("Normal", "表前正文。"),
        ("table", ""),
        ("Normal", "表后正文。"),
        ("Heading 1", "一级标题"),
    ]
    assert doc.element.body[-2].tag == qn("w:p")  # the body ends with a paragraph, then sectPr


# --- 署名 and 成文日期 ---------------------------------------------------------------------------


def test_text_width_counts_digits_half():
    assert text_width("2026年1月20日") == Fraction(13, 2)
    assert text_width("某某县某某镇人民政府") == 10


def test_printed_width_counts_the_gaps_between_chinese_and_digits():
    # LibreOffice prints "2024年1月15日" at 3号 119.0 pt wide (pdftotext -bbox): 7.4 字, not 6.5
    assert printed_width("2024年1月15日") * 16 == 119
    assert printed_width("某某县某某镇人民政府") == 10 - Fraction(9, 4) / 16  # nine condensed advances
    assert printed_width("") == 0


@pytest.mark.parametrize(
    ("signature", "date"),
    [("某某县某某镇人民政府", "2026年1月20日"), ("某镇", "2026年1月20日"), ("某镇", "2026年12月31日")],
)
@pytest.mark.parametrize("seal", [False, True])
def test_signature_indents(signature, date, seal):
    sig_right, date_right = signature_indents(signature, date, seal)
    ws, wd = printed_width(signature), printed_width(date)
    if seal:  # 7.3.5.1: the date 右空四字, the 署名 centred over it
        assert date_right == 4
        assert sig_right + ws / 2 == date_right + wd / 2
    else:  # 7.3.5.2: 右空二字 at least, the date's first character two characters right of the 署名's
        assert min(sig_right, date_right) == 2
        assert sig_right + ws - (date_right + wd) == 2


def test_seal_without_signature_or_date_is_explained():
    assert seal_refusal("某镇人民政府", "2026年1月20日") is None
    assert "署名" in seal_refusal("", "2026年1月20日")
    assert "署名和成文日期" in seal_refusal("", "")


def _signature_paragraphs(doc):
    out = {}
    for p in doc.paragraphs:
        if p.style.name in ("署名", "成文日期", "署名（加盖印章）", "成文日期（加盖印章）"):
            ind = p._p.pPr.find(qn("w:ind"))
            before = p.paragraph_format.space_before or p.style.paragraph_format.space_before
            out[p.style.name] = (p.text, int(ind.get(qn("w:rightChars"))), int(ind.get(qn("w:right"))), before)
    return out


@pytest.mark.parametrize("seal", [False, True])
def test_signature_and_date_in_the_document(seal):
    draft = full_report("gov2021")
    draft.meta.signature = "某某县某某镇人民政府"
    draft.meta.date = dt.date(2026, 1, 20)
    found = _signature_paragraphs(reopen(render_docx(draft, RenderOptions(seal=seal))))
    sig_right, date_right = signature_indents("某某县某某镇人民政府", "2026年1月20日", seal)
    names = ("署名（加盖印章）", "成文日期（加盖印章）") if seal else ("署名", "成文日期")
    assert set(found) == set(names)
    texts = ("某某县某某镇人民政府", "2026年1月20日")
    for name, text, chars in zip(names, texts, (sig_right, date_right), strict=True):
        assert found[name][:3] == (text, round(chars * 100), round(chars * 320))
    if seal:
        assert found[names[0]][3].pt >= 2 * 28  # room for the seal
    else:
        assert 28 <= found[names[0]][3].pt <= 30  # one blank line below the body


def test_a_date_without_signature_keeps_the_blank_line_and_nothing_without_either():
    draft = full_report("gov2021")
    draft.meta.signature = ""
    found = _signature_paragraphs(reopen(render_docx(draft, RenderOptions())))
    assert set(found) == {"成文日期"} and found["成文日期"][1] == 200 and found["成文日期"][3].pt >= 28
    draft.meta.date = None
    assert _signature_paragraphs(reopen(render_docx(draft, RenderOptions()))) == {}


# --- any text prints as typed ------------------------------------------------------------------

HOSTILE = "A <w:p> & \"q\" 's' {{ x }} {% for %} {_{ }_} {_% %_} &amp; ]]> <![CDATA[ \x00\x07\x1b\x0c end\nline 2\ttab"
# the form feed of a pasted page break becomes a line break; the other control characters vanish
CLEAN = "A <w:p> & \"q\" 's' {{ x }} {% for %} {_{ }_} {_% %_} &amp; ]]> <![CDATA[ \n end\nline 2\ttab"


def test_hostile_text_renders_exactly_and_the_document_reopens():
    draft = new_draft("legacy", "镇<&>{{ org }}", 2017)
    draft.table("stats").included = True
    draft.title = HOSTILE
    draft.preface = [Paragraph(HOSTILE), Paragraph("字" * 20000)]
    draft.section("overview").before = [Paragraph(HOSTILE, level) for level in range(4)]
    draft.meta.signature = "{%p endif %}<署名>"
    draft.meta.date = dt.date(2026, 1, 5)
    data = render_docx(draft, RenderOptions())
    doc = reopen(data)
    texts = [p.text for p in doc.paragraphs]
    assert texts.count(CLEAN) == 6  # title, 前言, four levels
    title = doc.paragraphs[0]._p
    assert len(title.findall(f".//{qn('w:br')}")) == 2 and len(title.findall(f".//{qn('w:tab')}")) == 1
    assert not [t.text for t in doc.element.body.iter(qn("w:t")) if t.text and ("\n" in t.text or "\t" in t.text)]
    assert "字" * 20000 in texts
    assert "{%p endif %}<署名>" in texts and "2026年1月5日" in texts
    # the attachment title is long: it breaks after the organisation's name (see test_docx_titles)
    assert any(t.replace("\n", "").endswith("镇<&>{{ org }}政府信息公开工作情况统计表") for t in texts)
    assert reopen(data).core_properties.title == CLEAN[:255]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None


# --- restyling the template restyles the tables ------------------------------------------------


def _edit_part(docx: Path, part: str, edit) -> None:
    with zipfile.ZipFile(docx) as zf:
        items = [(info, zf.read(info.filename)) for info in zf.infolist()]
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            zf.writestr(info, edit(data.decode("utf-8")).encode("utf-8") if info.filename == part else data)


def _style_xml(styles_xml: str, style_id: str) -> str:
    return re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles_xml).group(0)


def test_a_restyled_template_restyles_the_tables(tmp_path):
    folder = tmp_path / "county" / "gov2021"
    shutil.copytree(builtin_dir() / "gov2021", folder)

    def restyle(xml: str) -> str:
        text_style = _style_xml(xml, "TableText")
        table_style = _style_xml(xml, "ReportTable")
        xml = xml.replace(text_style, text_style.replace('w:val="21"', 'w:val="18"'))
        return xml.replace(table_style, table_style.replace('w:val="single"', 'w:val="double"'))

    _edit_part(folder / "report.docx", "word/styles.xml", restyle)
    draft = numbered("gov2021")
    data, warnings = render_docx_with_warnings(draft, RenderOptions(template_dir=tmp_path / "county"))
    assert warnings == []
    builtin = reopen(render_docx(draft, RenderOptions()))
    doc = reopen(data)
    assert doc.styles["表格文字"].font.size.pt == 9 and builtin.styles["表格文字"].font.size.pt == 10.5
    borders = doc.styles["报告表格"].element.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    assert {b.get(qn("w:val")) for b in borders} == {"double"}
    for table in doc.tables:  # every table refers to the restyled styles
        assert doc.styles.get_by_id(table._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val")), 3).name == "报告表格"
    # smaller table text: the label columns need fewer twips, so the widths follow the template
    widths = [int(g.get(qn("w:w"))) for g in doc.tables[1]._tbl.tblGrid.gridCol_lst]
    builtin_widths = [int(g.get(qn("w:w"))) for g in builtin.tables[1]._tbl.tblGrid.gridCol_lst]
    assert widths != builtin_widths and sum(widths) == sum(builtin_widths)


def test_a_template_that_fails_while_filling_falls_back_with_a_warning(tmp_path):
    folder = tmp_path / "county" / "gov2021"
    shutil.copytree(builtin_dir() / "gov2021", folder)
    # passes the variable check (it asks only for "title") but fails when filled
    _edit_part(folder / "report.docx", "word/document.xml", lambda x: x.replace("{{ title }}", "{{ title.nope.x }}"))
    data, warnings = render_docx_with_warnings(full_report("gov2021"), RenderOptions(template_dir=tmp_path / "county"))
    assert len(warnings) == 1 and "内置模板" in warnings[0]
    title = reopen(data).paragraphs[0].text  # too long for one line: broken after the organisation
    assert title == "测试镇人民政府\n2023年政府信息公开工作年度报告"


def test_a_table_placeholder_inside_a_layout_table_cell_gives_a_valid_cell(tmp_path):
    folder = tmp_path / "county" / "gov2021"
    shutil.copytree(builtin_dir() / "gov2021", folder)
    para = '<w:p><w:r><w:t xml:space="preserve">{{p section.table }}</w:t></w:r></w:p>'
    cell = f'<w:tbl><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc>{para}</w:tc></w:tr></w:tbl>'
    _edit_part(folder / "report.docx", "word/document.xml", lambda x: x.replace(para, cell))
    data, warnings = render_docx_with_warnings(numbered("gov2021"), RenderOptions(template_dir=tmp_path / "county"))
    assert warnings == []
    doc = reopen(data)
    outer = list(doc.tables)
    assert len(outer) == 3  # each section's table sits in its layout cell
    for table in outer:
        tc = table._tbl.tr_lst[0].tc_lst[0]
        assert tc[-1].tag == qn("w:p") and tc.find(qn("w:tbl")) is not None


def test_two_table_markers_in_one_line_give_both_tables(tmp_path):
    folder = tmp_path / "county" / "gov2021"
    shutil.copytree(builtin_dir() / "gov2021", folder)
    para = '<w:p><w:r><w:t xml:space="preserve">{{p section.table }}</w:t></w:r></w:p>'
    both = (
        '<w:p><w:r><w:t xml:space="preserve">{{ sections[1].table }}</w:t></w:r>'
        '<w:r><w:t xml:space="preserve">{{ sections[2].table }}</w:t></w:r></w:p>'
    )
    _edit_part(
        folder / "report.docx",
        "word/document.xml",
        lambda x: x.replace(para, "").replace(
            "{{ title }}", "{{ title }}</w:t></w:r></w:p>" + both + "<w:p><w:r><w:t>"
        ),
    )
    draft = numbered("gov2021")
    data, warnings = render_docx_with_warnings(draft, RenderOptions(template_dir=tmp_path / "county"))
    assert warnings == []
    doc = reopen(data)
    defs = table_defs(draft)
    assert [xml_grid(t) for t in doc.tables] == [expected_grid(draft, d) for d in defs[:2]]


def test_short_headers_of_value_columns_stay_on_one_line():
    # 自然人, 其他, 总计: a value column is never narrower than its short headers (10.5 pt = 210 twips)
    doc = reopen(render_docx(full_report("gov2021"), RenderOptions()))
    table = doc.tables[1]
    widths = [int(gc.get(qn("w:w"))) for gc in table._tbl.tblGrid.gridCol_lst]
    assert "自然人" in "".join(c.text for r in table.rows[:3] for c in r.cells)
    for col in range(3, 10):
        assert widths[col] >= 3 * 210 + 2 * 57, (col, widths)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in table._tbl.tr_lst)


def test_document_properties_name_the_report_its_organisation_dates_and_language():
    draft = full_report("gov2021")
    props = reopen(render_docx(draft, RenderOptions())).core_properties
    assert props.title == draft.effective_title()
    assert props.author == draft.meta.org
    assert props.language == "zh-CN"
    assert props.created is not None and props.modified is not None
    assert abs((dt.datetime.now(dt.UTC) - props.created.replace(tzinfo=dt.UTC)).total_seconds()) < 300


def test_the_body_ends_with_the_date_and_the_last_body_line_keeps_with_the_sign_off():
    draft = full_report("gov2021")
    draft.meta.signature = "某某县某某镇人民政府"
    doc = reopen(render_docx(draft, RenderOptions()))
    paragraphs = doc.paragraphs
    assert paragraphs[-1].style.name == "成文日期" and paragraphs[-1].text  # nothing after the date
    assert paragraphs[-2].style.name == "署名"
    last_body = paragraphs[-3]
    assert last_body.text and last_body.paragraph_format.keep_with_next
    assert last_body.paragraph_format.widow_control


def test_the_attachment_title_stands_on_the_third_line():
    doc = reopen(render_docx(full_report("legacy"), RenderOptions()))
    label = next(p for p in doc.paragraphs if p.style.name == "附件标注")
    assert label.style.paragraph_format.page_break_before
    assert label.style.paragraph_format.space_after == Twips(579)  # one blank line of the body's pitch
    # the closing paragraph after the attachment's table is one point high: it cannot make a page
    last = doc.element.body[-2]
    assert last.tag == qn("w:p") and last.getprevious().tag == qn("w:tbl")
    assert last.pPr.find(qn("w:spacing")).get(qn("w:line")) == "20"
