"""The built-in Word templates: what the generator writes, the GB/T 9704 page and styles, the fonts.

The layout figures asserted here are the standard's (SPEC §4): A4, margins 37/28/26/35 mm,
22 lines of 28 characters, 2号 title, 3号 body and headings, 4号 page numbers.
"""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from forms.render import RenderOptions
from forms.render import fonts as fonts_mod
from forms.render.docx import render_docx
from forms.render.templates import builtin_dir, template_problems
from forms.schema import format_ids, load_format
from tests.draft_factory import full_report

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ["gov2021", "gov2019", "legacy"]
PT = 12700  # EMU


def generator():
    spec = importlib.util.spec_from_file_location("make_docx_templates", ROOT / "templates" / "make_docx_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def template(format_id: str) -> Path:
    return builtin_dir() / format_id / "report.docx"


@pytest.mark.parametrize("format_id", FORMATS)
def test_committed_template_is_what_the_generator_writes(format_id):
    expected = generator().parts()
    with zipfile.ZipFile(template(format_id)) as zf:
        committed = {name: zf.read(name).decode("utf-8") for name in zf.namelist()}
    assert committed == expected


def test_generator_writes_into_a_folder(tmp_path):
    assert generator().main(["make_docx_templates.py", str(tmp_path)]) == 0
    for format_id in FORMATS:
        assert Document(str(tmp_path / format_id / "report.docx")).styles["Normal"] is not None


@pytest.mark.parametrize("format_id", FORMATS)
def test_template_asks_only_for_declared_variables(format_id):
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    asked = DocxTemplate(str(template(format_id))).get_undeclared_template_variables(jinja_env=env)
    assert asked and asked <= set(load_format(format_id).template_variables)
    assert template_problems(template(format_id), "docx", format_id) == []


@pytest.mark.parametrize("format_id", FORMATS)
def test_template_holds_no_official_label(format_id):
    fmt = load_format(format_id)
    labels = {s.title for s in fmt.sections} | {
        gc.text for t in fmt.tables.values() for row in t.rows for gc in row if gc.text and len(gc.text) > 1
    }
    with zipfile.ZipFile(template(format_id)) as zf:
        text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", zf.read("word/document.xml").decode("utf-8")))
    assert not [label for label in labels if label in text]


# --- page and styles ---------------------------------------------------------------------------


def east_asian(style) -> tuple[str | None, float | None]:
    font = size = None
    while style is not None and (font is None or size is None):
        rpr = style.element.rPr
        rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if font is None and rfonts is not None:
            font = rfonts.get(qn("w:eastAsia"))
        if size is None and style.font.size is not None:
            size = style.font.size.pt
        style = style.base_style
    return font, size


def inherited(style, read):
    while style is not None:
        value = read(style)
        if value is not None:
            return value
        style = style.base_style
    return None


@pytest.fixture(scope="module")
def rendered():
    """A full gov2021 report: what the template's page, styles and footers become."""
    data = render_docx(full_report("gov2021"), RenderOptions())
    return Document(io.BytesIO(data)), data


def test_page_is_a4_with_the_standard_margins(rendered):
    doc, _ = rendered
    section = doc.sections[-1]
    for got, want in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.left_margin, 28),
        (section.right_margin, 26),
        (section.bottom_margin, 35),
    ):
        assert abs(got - Mm(want)) <= Mm(1)


def test_body_gives_22_lines_of_28_characters(rendered):
    doc, _ = rendered
    normal = doc.styles["Normal"]
    section = doc.sections[-1]
    fmt = normal.paragraph_format
    assert fmt.line_spacing_rule is not None and fmt.line_spacing_rule.name == "EXACTLY"
    assert int((section.page_height - section.top_margin - section.bottom_margin) / fmt.line_spacing) == 22
    condensed = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) * PT / 20
    pitch = normal.font.size + condensed
    assert int((section.page_width - section.left_margin - section.right_margin) / pitch) == 28
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200" and int(ind.get(qn("w:firstLine"))) == 2 * 16 * 20


@pytest.mark.parametrize(
    ("style", "font", "size"),
    [
        ("Title", "方正小标宋简体", 22),
        ("Normal", "仿宋_GB2312", 16),
        ("Heading 1", "黑体", 16),
        ("Heading 2", "楷体_GB2312", 16),
        ("Heading 3", "仿宋_GB2312", 16),
        ("署名", "仿宋_GB2312", 16),
        ("成文日期", "仿宋_GB2312", 16),
        ("附件标注", "黑体", 16),
        ("页码（单页）", "宋体", 14),
        ("页码（双页）", "宋体", 14),
    ],
)
def test_styles_name_their_east_asian_font_and_size(rendered, style, font, size):
    doc, _ = rendered
    assert east_asian(doc.styles[style]) == (font, size)
    latin = inherited(doc.styles[style], lambda s: s.font.name)
    assert latin == ("宋体" if style.startswith("页码") else "Times New Roman")


def test_title_is_centred_and_headings_are_indented_like_the_body(rendered):
    doc, _ = rendered
    assert doc.styles["Title"].paragraph_format.alignment.name == "CENTER"
    assert doc.paragraphs[0].style.name == "Title"
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        assert doc.styles[name].element.pPr.find(qn("w:ind")) is None  # inherits 左空二字


def test_table_styles_fit_ten_columns_in_156_mm(rendered):
    doc, _ = rendered
    font, size = east_asian(doc.styles["表格文字"])
    assert font in ("仿宋_GB2312", "宋体") and size in (10.5, 12)  # 五号 or 小四
    borders = doc.styles["报告表格"].element.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    assert {b.get(qn("w:val")) for b in borders} == {"single"} and len(borders) == 6
    for name in ("表格表头", "表格栏目", "表格说明", "表格数字", "表格标签", "表格标签（缩进1字）"):
        assert east_asian(doc.styles[name]) == (font, size)


def test_no_text_can_fall_back_to_a_theme_or_japanese_font(rendered):
    _, data = rendered
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        styles = zf.read("word/styles.xml").decode("utf-8")
        theme = zf.read("word/theme/theme1.xml").decode("utf-8")
        settings = zf.read("word/settings.xml").decode("utf-8")
    assert "Theme=" not in styles  # no w:eastAsiaTheme / w:asciiTheme anywhere
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles).group(0)
    assert 'w:eastAsia="仿宋_GB2312"' in defaults and 'w:eastAsia="zh-CN"' in defaults
    typefaces = set(re.findall(r'typeface="([^"]*)"', theme))
    assert typefaces == {"Times New Roman", "宋体"}
    assert 'w:eastAsia="zh-CN"' in settings and "ja-JP" not in settings + styles


def test_footers_hold_a_page_field_on_odd_and_even_pages(rendered):
    doc, _data = rendered
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[-1]
    for footer, style, align in (
        (section.footer, "页码（单页）", "RIGHT"),
        (section.even_page_footer, "页码（双页）", "LEFT"),
    ):
        xml = footer._element.xml
        assert re.search(
            r'w:fldCharType="begin".*<w:instrText[^>]*> PAGE </w:instrText>.*w:fldCharType="end"', xml, re.S
        )
        paragraph = footer.paragraphs[0]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.style.name == style and paragraph.style.paragraph_format.alignment.name == align
        ind = paragraph.style.element.pPr.find(qn("w:ind"))
        side = "right" if align == "RIGHT" else "left"
        assert ind.get(qn(f"w:{side}Chars")) == "100" and int(ind.get(qn(f"w:{side}"))) == 14 * 20  # 空一字


# --- fonts -------------------------------------------------------------------------------------


def test_template_fonts_are_the_standards():
    assert set(fonts_mod.template_fonts(template("gov2021"))) == {
        "仿宋_GB2312",
        "方正小标宋简体",
        "黑体",
        "楷体_GB2312",
        "宋体",
        "Times New Roman",
    }


def _name_table(names: dict[int, str]) -> bytes:
    records, strings = b"", b""
    for name_id, text in names.items():
        raw = text.encode("utf-16-be")
        records += struct.pack(">HHHHHH", 3, 1, 0x0804, name_id, len(raw), len(strings))
        strings += raw
    return struct.pack(">HHH", 0, len(names), 6 + 12 * len(names)) + records + strings


def _sfnt(names: dict[int, str], at: int = 0) -> bytes:
    table = _name_table(names)
    offset = at + 12 + 16
    return (
        struct.pack(">IHHHH", 0x00010000, 1, 16, 0, 0) + struct.pack(">4sIII", b"name", 0, offset, len(table)) + table
    )


def test_font_names_are_read_from_font_files_and_collections(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "simfang.ttf").write_bytes(_sfnt({1: "仿宋", 4: "FangSong Regular", 2: "Regular"}))
    first = _sfnt({1: "宋体"}, at=20)
    second_at = 20 + len(first)
    collection = struct.pack(">4sHHI", b"ttcf", 1, 0, 2) + struct.pack(">II", 20, second_at)
    collection += first + _sfnt({1: "新宋体"}, at=second_at)
    (tmp_path / "sub" / "simsun.TTC").write_bytes(collection)
    (tmp_path / "broken.ttf").write_bytes(b"\x00\x01")
    (tmp_path / "notes.txt").write_text("仿宋_GB2312")
    assert fonts_mod.font_file_names(tmp_path / "simfang.ttf") == {"仿宋", "FangSong Regular"}
    assert fonts_mod.fonts_in_folders([tmp_path, tmp_path / "missing"]) == {
        "仿宋",
        "FangSong Regular",
        "宋体",
        "新宋体",
    }


def _template_with_fonts(tmp_path: Path, east_asian_font: str, latin_font: str) -> Path:
    folder = tmp_path / "county"
    for format_id in format_ids():
        if not (builtin_dir() / format_id).is_dir():
            continue  # a provincial variant without templates of its own uses its base's
        shutil.copytree(builtin_dir() / format_id, folder / format_id, ignore=shutil.ignore_patterns("*.j2"))
        path = folder / format_id / "report.docx"
        with zipfile.ZipFile(path) as zf:
            items = [(info, zf.read(info.filename)) for info in zf.infolist()]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for info, data in items:
                if info.filename == "word/styles.xml":
                    text = re.sub(r'w:eastAsia="[^"]*"(?= w:hAnsi)', f'w:eastAsia="{east_asian_font}"', data.decode())
                    text = text.replace('"Times New Roman"', f'"{latin_font}"').replace('"宋体"', f'"{latin_font}"')
                    data = text.encode()
                zf.writestr(info, data)
    return folder


def test_missing_fonts_names_the_template_fonts_this_computer_lacks(tmp_path):
    installed = fonts_mod.installed_fonts()
    if not installed:
        pytest.skip("the installed fonts cannot be listed on this computer")
    present = sorted(installed)[0]
    folder = _template_with_fonts(tmp_path, "并不存在的字体甲", present)
    assert fonts_mod.missing_fonts(RenderOptions(template_dir=folder)) == ["并不存在的字体甲"]
    assert fonts_mod.missing_fonts(RenderOptions(template_dir=folder), "legacy") == ["并不存在的字体甲"]
    # the built-in templates name fonts this test computer has no reason to lack or have: the
    # answer is exactly the standard's fonts that the font list does not hold
    standard = fonts_mod.template_fonts(template("gov2021"))
    have = {n.casefold() for n in installed}
    assert fonts_mod.missing_fonts(RenderOptions()) == [n for n in standard if n.casefold() not in have]


def test_missing_fonts_never_stops_an_export(tmp_path, monkeypatch):
    broken = tmp_path / "county" / "gov2021"
    broken.mkdir(parents=True)
    (broken / "report.docx").write_bytes(b"not a zip")
    assert isinstance(fonts_mod.missing_fonts(RenderOptions(template_dir=tmp_path / "county")), list)

    def fail():
        raise OSError("no fonts")

    monkeypatch.setattr(fonts_mod, "installed_fonts", fail)
    assert fonts_mod.missing_fonts(RenderOptions()) == []
    monkeypatch.setattr(fonts_mod, "installed_fonts", lambda: None)
    assert fonts_mod.missing_fonts(RenderOptions()) == []
