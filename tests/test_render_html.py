"""The .html report: parsed back, its tables are exactly the schema's grids and its text exactly the draft's."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from draft_factory import full_report

from forms.draftfile import load_draft
from forms.model import Paragraph
from forms.pictures import Picture
from forms.render import render_html
from forms.render.context import clean_text
from forms.render.pictures import part_blocks
from forms.totals import effective_values
from forms.values import Invalid, format_value

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "forms" / "examples").glob("*.nianbao"))


class Collector(HTMLParser):
    """Tables (rows of (tag, rowspan, colspan, text)), text blocks and every tag with its attributes."""

    BLOCKS = ("p", "h1", "h2", "title")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int, str]]]] = []
        self.blocks: list[tuple[str, dict[str, str], str]] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self._cell = None
        self._block = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = [tag, int(a.get("rowspan", 1)), int(a.get("colspan", 1)), ""]
        elif tag in self.BLOCKS:
            self._block = [tag, a, ""]
        elif tag == "br":
            self._data("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            if self._cell[3] == "\xa0":  # a blank cell keeps its box with a non-breaking space
                self._cell[3] = ""
            self.tables[-1][-1].append(tuple(self._cell))
            self._cell = None
        elif tag in self.BLOCKS and self._block is not None:
            self.blocks.append(tuple(self._block))
            self._block = None

    def handle_data(self, data):
        self._data(data)

    def _data(self, text):
        if self._cell is not None:
            self._cell[3] += text
        elif self._block is not None:
            self._block[2] += text


def parse(html: str) -> Collector:
    c = Collector()
    c.feed(html)
    c.close()
    return c


def schema_grids(draft):
    """The grids the report must show, straight from the schema and the totals."""
    fmt = draft.fmt
    keys = [s.table for sec in draft.sections if (s := fmt.section(sec.key)) and s.table]
    if fmt.attachment and draft.table(fmt.attachment["table"]).included:
        keys.append(fmt.attachment["table"])
    grids = []
    for key in keys:
        table = fmt.tables[key]
        values = effective_values(draft, table)
        grids.append(
            [
                [
                    (
                        "th" if gc.role in ("header", "heading") else "td",
                        gc.rowspan,
                        gc.colspan,
                        gc.text if gc.cell_id is None else format_value(values[gc.cell_id]),
                    )
                    for gc in row
                ]
                for row in table.rows
            ]
        )
    return grids


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name[:3])
def test_example_tables_equal_the_schema_grid(path):
    draft = load_draft(path)
    assert parse(render_html(draft)).tables == schema_grids(draft)


@pytest.mark.parametrize("format_id", ["gov2021", "gov2019", "legacy", "gov2019-hubei", "gov2019-beijing"])
def test_full_report_tables_equal_the_schema_grid(format_id):
    draft = full_report(format_id)
    # distinct figures, so that a cell shown in the wrong place cannot go unnoticed
    for table in draft.fmt.tables.values():
        for i, vc in enumerate(table.entered_cells()):
            if vc.type in ("count", "signed_count"):
                draft.set_value(vc.id, i + 1)
    grids = schema_grids(draft)
    assert sum(len(g) for g in grids) > 20
    assert parse(render_html(draft)).tables == grids


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name[:3])
def test_title_and_paragraphs_are_the_drafts(path):
    draft = load_draft(path)
    blocks = parse(render_html(draft)).blocks
    texts = [text for _tag, _attrs, text in blocks]
    expected = [draft.effective_title()] + [p.text for p in draft.effective_preface()]
    for sec in draft.sections:
        expected.append(draft.section_title(sec))
        for place in ("before", "after"):
            for b in part_blocks(sec, place):  # a picture: its <p> holding only the <img>, then its caption
                expected += ["", b.caption] if isinstance(b, Picture) else [b.text]
    expected += [x for x in (draft.meta.signature,) if x]
    assert texts[: len(expected)] == expected


def test_paragraph_levels_are_classes():
    draft = full_report("gov2021")
    draft.sections[0].before = [Paragraph("正文", 0), Paragraph("一、", 1), Paragraph("（一）", 2), Paragraph("1.", 3)]
    blocks = {text: attrs for tag, attrs, text in parse(render_html(draft)).blocks if tag == "p"}
    for text, level in (("正文", 0), ("一、", 1), ("（一）", 2), ("1.", 3)):
        assert f"nb-level-{level}" in blocks[text]["class"].split()


def test_no_scripts_and_no_external_resources():
    for path in EXAMPLES:
        for full in (False, True):
            html = render_html(load_draft(path), full_page=full)
            tags = parse(html).tags
            assert not [t for t, _a in tags if t in ("script", "iframe", "object", "embed", "link")]
            # pictures are embedded (data: images), never fetched
            srcs = [dict(a).get("src", "") for t, a in tags if t == "img"]
            assert all(re.fullmatch(r"data:image/(png|jpeg|bmp);base64,[A-Za-z0-9+/=]+", s) for s in srcs)
            assert len(srcs) == len(load_draft(path).pictures())
            assert not [
                a for t, a in tags if (t != "img" and {"src", "href"} & set(a)) or any(k.startswith("on") for k in a)
            ]
            assert "url(" not in html and "@import" not in html


def test_fragment_is_the_body_of_the_full_page():
    draft = load_draft(EXAMPLES[-1])
    fragment = render_html(draft)
    page = render_html(draft, full_page=True)
    assert not fragment.lstrip().startswith("<!DOCTYPE")
    assert page.lstrip().startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert fragment.strip() in page
    assert "<style>" not in fragment and "<style>" in page


HOSTILE = [
    "<w:p><w:r><w:t>注入</w:t></w:r></w:p>",
    "<script>alert(1)</script>",
    "{{ x }} 与 {% for i in range(3) %}循环{% endfor %}",
    "&amp; &lt; & < > \" '",
    "控制\x00字符\x07与\x1b换页\x0c结束",
    "第一行\n第二行\r\n第三行\r第四行",
    "长" * 20000,
]


def test_hostile_text_is_escaped_and_exact():
    draft = full_report("gov2021")
    draft.title = "标题<i>{{ title }}</i>&amp;"
    draft.sections[0].before = [Paragraph(t) for t in HOSTILE]
    draft.meta.signature = "{% raw %}署名&"
    draft.table("apply").values["apply.r_granted.natural"] = Invalid("<b>12</b>\n3")
    html = render_html(draft, full_page=True)
    c = parse(html)
    texts = [text for _tag, _attrs, text in c.blocks]
    assert texts[0] == "标题<i>{{ title }}</i>&amp;"  # the <title>
    assert texts[1] == "标题<i>{{ title }}</i>&amp;"  # the <h1>
    for t in HOSTILE:
        assert clean_text(t) in texts
    assert "{% raw %}署名&" in texts
    assert not [t for t, _a in c.tags if t in ("script", "w:p", "i", "b")]
    cells = [cell[3] for table in c.tables for row in table for cell in row]
    assert "<b>12</b>\n3" in cells
    assert c.tables == schema_grids(draft)  # the grid is intact, the hostile value in its cell


@pytest.mark.parametrize("seal", [False, True])
def test_signature_and_date_stand_as_in_the_docx(seal):
    import re

    from forms.render import RenderOptions
    from forms.render.signoff import screen_width

    draft = full_report("gov2021")
    draft.meta.signature = "某某县某某镇人民政府"
    html = render_html(draft, RenderOptions(seal=seal))
    margins = {
        cls: float(re.search(rf'class="nb-{cls}" style="[^"]*margin:\S+ ([\d.]+)em 0 0', html).group(1))
        for cls in ("signature", "date")
    }
    date = html.split('class="nb-date"')[1].split(">")[1].split("<")[0]
    ws, wd = float(screen_width(draft.meta.signature)), float(screen_width(date))
    if seal:  # 右空四字, the 署名 centred over the date
        assert margins["date"] == 4 and abs(margins["signature"] + ws / 2 - (4 + wd / 2)) < 0.01
    else:  # the date's first character two characters right of the 署名's
        assert abs((margins["signature"] + ws) - (margins["date"] + wd) - 2) < 0.01


def test_blank_cells_keep_their_box():
    from tests.draft_factory import make

    html = render_html(make("gov2021"))  # nothing entered yet: blank value cells
    assert "></td>" not in html and "&nbsp;</t" in html
