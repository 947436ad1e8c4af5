"""The .txt report reproduces the layout of the published seed reports (SPEC §4)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from draft_factory import full_report

from forms.draftfile import load_draft
from forms.model import Paragraph, new_draft
from forms.render import RenderOptions, render_txt
from forms.render.context import clean_text
from forms.render.text import encode_txt, txt_cell, txt_rows
from forms.values import Invalid

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "forms" / "examples"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
RESIDUE = json.loads((ROOT / "tests" / "fixtures" / "seed_residue.json").read_text(encoding="utf-8"))

WS = re.compile(r"[\s\u3000\u00a0]+")
EDGE = " \t\u3000\u00a0"

#: where a seed's table differs from the official label on purpose (forms/examples/README.md):
#: seed 001 lost "维" of "建设维护" at a line break
SEED_LABEL_FIXES = {
    "001": {
        "（三）政府信息公开专项经费（不包括政府公报编辑管理及政府网站建设）护等方面的经费）": (
            "（三）政府信息公开专项经费（不包括政府公报编辑管理及政府网站建设维护等方面的经费）"
        )
    }
}


def layout(text: str) -> tuple[list[str], list[str]]:
    """(paragraph lines, table cells) of a report in the seed layout.

    A line starting with a TAB is a cell; a line without one continues the cell before it while
    the row lasts; a blank line ends the row.  Whitespace inside a cell is ignored (the seeds pad
    numbers with spaces, U+3000 and U+00A0); paragraphs lose only their leading/trailing indent.
    """
    paras: list[str] = []
    cells: list[str] = []
    in_row = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("\t"):
            cells.append(WS.sub("", line))
            in_row = True
        elif line.strip(EDGE) == "":
            in_row = False
        elif in_row:
            cells[-1] += WS.sub("", line)
        else:
            paras.append(line.strip(EDGE))
    return paras, cells


def clean_seed(seed_id: str) -> str:
    path = next(SEEDS.glob(f"{seed_id}_*.txt"))
    text = path.read_text(encoding="utf-8")
    for fix in RESIDUE[seed_id]:
        assert text.count(fix["seed_text"]) == 1, fix["seed_text"]
        text = text.replace(fix["seed_text"], fix["clean_text"])
    return text


def example(seed_id: str) -> Path:
    return next(EXAMPLES.glob(f"{seed_id}-*.nianbao"))


SEED_IDS = sorted(p.name[:3] for p in SEEDS.glob("*.txt"))


def test_every_seed_has_an_example():
    assert SEED_IDS == ["000", "001", "002", "003", "004"]
    for sid in SEED_IDS:
        assert example(sid).is_file()


def test_seed_004_tables_cell_for_cell():
    rendered = layout(render_txt(load_draft(example("004"))))[1]
    seed = layout(clean_seed("004"))[1]
    assert len(seed) == 326
    assert rendered == seed


def test_seed_001_attachment_table_cell_for_cell():
    rendered = layout(render_txt(load_draft(example("001"))))[1]
    seed = [SEED_LABEL_FIXES["001"].get(c, c) for c in layout(clean_seed("001"))[1]]
    assert len(seed) > 200
    assert rendered == seed


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_title_and_paragraphs_equal_the_seed(seed_id):
    text = render_txt(load_draft(example(seed_id)))
    # where the seed has its pictures (seed 000's 统计图, residue "image"), the .txt says [图] before the caption
    pictures = [line for line in text.split("\n") if line.startswith("[图] ")]
    assert pictures == (["[图] 2017年度主动公开统计图"] if seed_id == "000" else [])
    rendered = [line.removeprefix("[图] ") for line in layout(text)[0]]
    assert rendered == layout(clean_seed(seed_id))[0]


def test_seed_004_line_layout():
    text = render_txt(load_draft(example("004")))
    lines = text.split("\n")
    title = lines[0]
    assert title == "博山镇2020年度政府信息公开工作年度报告"
    assert lines[1] == ""
    # the table follows its section title directly; two blank lines end it
    i = lines.index("二、主动公开政府信息情况")
    assert lines[i + 1].startswith("\t")
    j = next(k for k in range(i, len(lines)) if lines[k].startswith("2020年主动公开"))
    assert lines[j - 2 : j] == ["", ""] and lines[j - 3].startswith("\t")
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_merged_cells_vertical_continuations_and_colspans():
    table = {
        "key": "t",
        "grid_columns": 4,
        "header_rows": 0,
        "rows": [
            [
                _cell("A", 0, 0, rowspan=3, colspan=2),
                _cell("B", 0, 2, colspan=2),
            ],
            [_cell("C", 1, 2, rowspan=2), _cell("D", 1, 3)],
            [_cell("E", 2, 3)],
        ],
    }
    # A spans two columns and three rows: its continuations appear once per row, as one empty cell
    assert txt_rows(table) == [["A", "B"], ["", "C", "D"], ["", "", "E"]]


def _cell(text, row, col, rowspan=1, colspan=1):
    return {
        "text": text,
        "row": row,
        "col": col,
        "rowspan": rowspan,
        "colspan": colspan,
        "role": "label",
        "indent": 0,
        "cell_id": None,
        "computed": False,
    }


def test_a_cell_with_a_line_break_continues_without_a_tab():
    assert txt_cell("本年新\n制作数量") == "\t本年新\n制作数量"
    # a TAB or a blank line inside a cell would start another cell or end the row
    assert txt_cell("a\tb\n\n\tc") == "\ta b\n c"


def test_seed_apply_table_rows_as_published():
    rows = txt_rows(_table_of(load_draft(example("004")), "apply"))
    assert rows[1][0] == "" and len(rows[1]) == 4  # 勾稽 note continues; 自然人, 法人或其他组织, 总计
    assert rows[2][:2] == ["", ""] and rows[2][-1] == ""


def _table_of(draft, key):
    from forms.render import build_context

    ctx = build_context(draft, RenderOptions())
    return next(s["table"] for s in ctx["sections"] if s["table"] and s["table"]["key"] == key)


def test_blank_cells_print_blank_not_zero():
    draft = new_draft("gov2021", "测试镇", 2023)
    values = [c for c in layout(render_txt(draft))[1] if c and not re.search(r"[^\d.]", c)]
    assert values == []  # no number at all: nothing was entered, nothing is summed
    draft.set_value("apply.new_received.natural", 3)
    cells = layout(render_txt(draft))[1]
    assert cells.count("3") == 2  # the cell and its row's 总计; the other sums stay blank


def test_an_invalid_value_with_a_line_break_keeps_the_row_layout():
    draft = full_report("gov2021")
    before = render_txt(draft)
    draft.table("apply").values["apply.r_granted.natural"] = Invalid("12\n\n\t<b>x")
    after = render_txt(draft)
    assert len(layout(after)[1]) == len(layout(before)[1])
    assert "\t12\n <b>x\n" in after


HOSTILE = [
    "<w:p><w:r><w:t>注入</w:t></w:r></w:p>",
    "{{ x }} 与 {% for i in range(3) %}循环{% endfor %}",
    "&amp; &lt; & < > \" '",
    "控制\x00字符\x07与\x1b换页\x0c结束",
    "第一行\n第二行\r\n第三行\r第四行",
    "\t以制表符开头",
    "长" * 20000,
]


def test_hostile_text_renders_exactly_and_keeps_the_layout():
    draft = full_report("gov2021")
    plain_cells = layout(render_txt(draft))[1]
    draft.title = "标题{{ title }}<b>&amp;"
    draft.sections[0].before = [Paragraph(t, level) for t, level in zip(HOSTILE, [0, 1, 2, 3, 0, 0, 0], strict=True)]
    draft.meta.signature = "{% raw %}署名"
    text = render_txt(draft)
    assert text.split("\n")[0] == "标题{{ title }}<b>&amp;"
    for t in HOSTILE:
        expected = "\n".join(line.lstrip("\t") for line in clean_text(t).split("\n"))
        assert f"\n{expected}\n" in text
    assert "\x00" not in text and "\x07" not in text and "\x1b" not in text
    assert "{% raw %}署名\n" in text
    assert layout(text)[1] == plain_cells  # no paragraph turned into a table cell


@pytest.mark.parametrize(
    ("encoding", "newline"), [("utf-8", "crlf"), ("utf-8", "lf"), ("gb18030", "crlf"), ("gb18030", "lf")]
)
def test_encodings_and_line_endings(encoding, newline):
    draft = load_draft(example("004"))
    options = RenderOptions(encoding=encoding, newline=newline)
    text = render_txt(draft, options)
    data = encode_txt(text, options)
    decoded = data.decode(encoding)
    if newline == "crlf":
        assert decoded.count("\r\n") == text.count("\n") and "\n" not in decoded.replace("\r\n", "")
    else:
        assert "\r" not in decoded
    assert decoded.replace("\r\n", "\n") == text
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")


def test_unknown_encoding_or_newline_is_refused_in_chinese():
    with pytest.raises(ValueError, match="不支持的编码"):
        RenderOptions(encoding="latin-1")
    with pytest.raises(ValueError, match="不支持的换行方式"):
        RenderOptions(newline="cr")


def test_legacy_attachment_follows_the_body():
    draft = load_draft(example("001"))
    lines = render_txt(draft).split("\n")
    label = lines.index("附件1")
    assert lines[label + 1] == "" and lines[label + 2] == "2017年度中庄镇政府信息公开工作情况统计表"
    assert lines[label + 4].startswith("\t")
    draft.table("stats").included = False
    assert "附件1" not in render_txt(draft)


def test_signature_and_date_close_the_report():
    draft = load_draft(example("002"))
    lines = render_txt(draft).rstrip("\n").split("\n")
    assert lines[-2:] == [draft.meta.signature, "2018年3月6日"]
    assert lines[-3] == ""


def test_the_purchase_amount_prints_as_typed_with_its_trailing_zero():
    from draft_factory import full_report

    from forms.values import parse_cell

    draft = full_report("gov2019")
    draft.set_value("active.procurement.amount", parse_cell("73802895.90元", "amount_unit"))
    assert "\t73802895.90元" in render_txt(draft)
