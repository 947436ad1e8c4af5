"""Write the built-in Word templates templates/<format>/report.docx (GB/T 9704-2012 layout).

Run ``.venv/bin/python templates/make_docx_templates.py`` after changing this file; a test
checks that the committed templates are what this script writes.

The document is written part by part instead of starting from python-docx's ``Document()``:
its bundled template maps East Asian text to a Japanese theme font (MS Mincho).  Here every
style names its fonts outright (``w:eastAsia`` for Chinese, Times New Roman for Latin and
digits), the document defaults do too, and the theme maps every script to 宋体, so nothing
resolves to a theme or Japanese font.

Everything a county office may want to restyle lives in the template: page size and margins,
the named styles (title, body, the three heading levels, 署名 and 成文日期 with and without
a seal, the attachment, the table style and the table paragraph styles), the odd and even
footers with a real PAGE field.  The placeholders use only the context variables of the render
contract; ``forms.render.docx`` replaces each table marker (``section.table``, ``attachment.table``)
with a table built from the format's grid in the template's table styles, and sets the
right indents of 署名 and 成文日期, which depend on the length of their texts.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

FORMATS = ("gov2021", "gov2019", "legacy")
HERE = Path(__file__).resolve().parent

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# --- page geometry (twips: 1 mm = 1440 / 25.4) ----------------------------------------------


def mm(value: float) -> int:
    return round(value * 1440 / 25.4)


PAGE_W, PAGE_H = mm(210), mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = mm(37), mm(35), mm(28), mm(26)
#: the page number's 一字线 sits 7 mm below the 版心 (GB/T 9704 7.5)
FOOTER_DISTANCE = mm(25.5)
HEADER_DISTANCE = mm(15)
#: 22 lines in the 225 mm 版心: 28.95 pt
LINE_PITCH = 579
#: 28 characters of 3号 (16 pt) in the 156 mm 版心 (442 pt): each character condensed by 0.25 pt
#: (in twentieths of a point).  A character grid (docGrid linesAndChars) would do the same in
#: Word and WPS, but LibreOffice spreads the characters of a gridded page apart.
CHAR_CONDENSE = -5

BODY_PT = 16
TITLE_PT = 22
FOOTER_PT = 14
TABLE_PT = 10.5

FANGSONG = "仿宋_GB2312"
KAISHU = "楷体_GB2312"
HEITI = "黑体"
SONGTI = "宋体"
TITLE_FONT = "方正小标宋简体"
LATIN = "Times New Roman"

# --- XML helpers -----------------------------------------------------------------------------


def attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def fonts(east_asian: str, latin: str = LATIN) -> str:
    return (
        f'<w:rFonts w:ascii="{attr(latin)}" w:eastAsia="{attr(east_asian)}" '
        f'w:hAnsi="{attr(latin)}" w:cs="{attr(latin)}" w:hint="eastAsia"/>'
    )


def size(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def no_indent() -> str:
    return '<w:ind w:firstLineChars="0" w:firstLine="0"/>'


def paragraph_style(
    style_id: str,
    name: str,
    ppr: str,
    rpr: str,
    based_on: str | None = "Normal",
    next_style: str | None = None,
    extra: str = "",
) -> str:
    parts = [f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{attr(name)}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    parts.append(extra or "<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


# --- styles ----------------------------------------------------------------------------------

NO_CONDENSE = '<w:spacing w:val="0"/>'
SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'


def styles_xml() -> str:
    table_rpr = fonts(FANGSONG) + NO_CONDENSE + size(TABLE_PT)
    table_ppr = f'<w:snapToGrid w:val="0"/>{SINGLE}{no_indent()}<w:jc w:val="center"/>'
    label_indents = "".join(
        paragraph_style(
            f"TableLabel{n}",
            f"表格标签（缩进{n}字）",
            f'<w:ind w:leftChars="{n * 100}" w:left="{round(n * TABLE_PT * 20)}"/>',
            "",
            based_on="TableLabel",
        )
        for n in (1, 2, 3)
    )
    styles = [
        # document defaults: the body font, Chinese language (never the Japanese theme fallback)
        "<w:docDefaults><w:rPrDefault><w:rPr>",
        fonts(FANGSONG),
        '<w:kern w:val="2"/>',
        size(BODY_PT),
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>',
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>",
        '<w:widowControl w:val="0"/><w:jc w:val="both"/>',
        "</w:pPr></w:pPrDefault></w:docDefaults>",
        # 正文: 3号仿宋, 左空二字, fixed 28.95 pt lines (22 per page)
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>',
        f'<w:pPr><w:widowControl w:val="0"/><w:spacing w:line="{LINE_PITCH}" w:lineRule="exact"/>',
        f'<w:ind w:firstLineChars="200" w:firstLine="{2 * BODY_PT * 20}"/><w:jc w:val="both"/></w:pPr>',
        f'<w:rPr>{fonts(FANGSONG)}<w:spacing w:val="{CHAR_CONDENSE}"/>{size(BODY_PT)}</w:rPr></w:style>',
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">',
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>',
        "</w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>',
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>',
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>',
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>',
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        # 标题: 2号小标宋, centred, one blank line below
        paragraph_style(
            "Title",
            "Title",
            f'<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="{LINE_PITCH}" '
            f'w:line="{round(TITLE_PT * 1.5 * 20)}" w:lineRule="exact"/>{no_indent()}<w:jc w:val="center"/>'
            '<w:outlineLvl w:val="9"/>',
            fonts(TITLE_FONT) + NO_CONDENSE + size(TITLE_PT),
            next_style="Normal",
        ),
        # 一级 "一、" 黑体, 二级 "（一）" 楷体, 三级 "1." 仿宋 — all 3号, 左空二字 like the body
        paragraph_style(
            "Heading1", "heading 1", '<w:keepNext/><w:outlineLvl w:val="0"/>', fonts(HEITI), next_style="Normal"
        ),
        paragraph_style(
            "Heading2", "heading 2", '<w:keepNext/><w:outlineLvl w:val="1"/>', fonts(KAISHU), next_style="Normal"
        ),
        paragraph_style(
            "Heading3", "heading 3", '<w:keepNext/><w:outlineLvl w:val="2"/>', fonts(FANGSONG), next_style="Normal"
        ),
        # 署名 and 成文日期 (GB/T 9704 7.3.5.2: 正文下空一行, 署名右空二字; the renderer sets the exact
        # right indents from the lengths of the two texts)
        paragraph_style(
            "Signature",
            "署名",
            f'<w:keepNext/><w:keepLines/><w:spacing w:before="{LINE_PITCH}"/>'
            f'<w:ind w:rightChars="200" w:right="{2 * BODY_PT * 20}" w:firstLineChars="0" w:firstLine="0"/>'
            '<w:jc w:val="right"/>',
            "",
            next_style="SignatureDate",
        ),
        paragraph_style(
            "SignatureDate",
            "成文日期",
            f'<w:keepLines/><w:ind w:rightChars="200" w:right="{2 * BODY_PT * 20}" w:firstLineChars="0" '
            'w:firstLine="0"/><w:jc w:val="right"/>',
            "",
        ),
        # with a seal (7.3.5.1): 成文日期右空四字, 署名 centred over it, room above for the seal
        paragraph_style(
            "SealSignature",
            "署名（加盖印章）",
            f'<w:keepNext/><w:keepLines/><w:spacing w:before="{2 * LINE_PITCH}"/>'
            f'<w:ind w:rightChars="400" w:right="{4 * BODY_PT * 20}" w:firstLineChars="0" w:firstLine="0"/>'
            '<w:jc w:val="right"/>',
            "",
            next_style="SealDate",
        ),
        paragraph_style(
            "SealDate",
            "成文日期（加盖印章）",
            f'<w:keepLines/><w:ind w:rightChars="400" w:right="{4 * BODY_PT * 20}" w:firstLineChars="0" '
            'w:firstLine="0"/><w:jc w:val="right"/>',
            "",
        ),
        # 附件: "附件1" 3号黑体 顶格 on a new page, its title on line 3 (GB/T 9704 §8), centred
        # like the document title
        paragraph_style(
            "AttachmentLabel",
            "附件标注",
            f'<w:keepNext/><w:pageBreakBefore/><w:spacing w:after="{LINE_PITCH}"/>{no_indent()}<w:jc w:val="left"/>',
            fonts(HEITI),
        ),
        paragraph_style("AttachmentTitle", "附件标题", "", "", based_on="Title"),
        # pictures: centred without indent, kept with the caption below them (题注, 仿宋 4号, centred)
        paragraph_style(
            "Picture", "图片", f'<w:keepNext/><w:spacing w:before="120"/>{no_indent()}<w:jc w:val="center"/>', ""
        ),
        paragraph_style(
            "Caption", "caption", f'<w:spacing w:after="120"/>{no_indent()}<w:jc w:val="center"/>', size(14)
        ),
        # tables: text in 五号 so the 10-column table fits 156 mm; no grid snapping (it would
        # stretch small characters to the 3号 grid)
        paragraph_style("TableText", "表格文字", table_ppr, table_rpr),
        paragraph_style("TableHeader", "表格表头", "", "", based_on="TableText"),
        paragraph_style("TableHeading", "表格栏目", "", "", based_on="TableText"),
        paragraph_style("TableNote", "表格说明", "", "", based_on="TableText"),
        paragraph_style("TableValue", "表格数字", "", "", based_on="TableText"),
        paragraph_style("TableLabel", "表格标签", '<w:jc w:val="left"/>', "", based_on="TableText"),
        label_indents,
        '<w:style w:type="table" w:styleId="ReportTable"><w:name w:val="报告表格"/><w:basedOn w:val="TableNormal"/>',
        "<w:qFormat/><w:pPr>",
        table_ppr,
        f"</w:pPr><w:rPr>{table_rpr}</w:rPr><w:tblPr>",
        '<w:jc w:val="center"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>',
        *(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' for side in BORDER_SIDES),
        "</w:tblBorders><w:tblCellMar>",
        # cell margins: 1 mm left and right, 0.35 mm above and below, so figures do not touch the grid
        '<w:top w:w="20" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>',
        '<w:bottom w:w="20" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>',
        '</w:tblCellMar></w:tblPr><w:trPr><w:cantSplit/></w:trPr><w:tcPr><w:vAlign w:val="center"/></w:tcPr>',
        "</w:style>",
        # page numbers: 4号宋体 "— 1 —", odd pages 右空一字, even pages 左空一字
        paragraph_style(
            "Footer",
            "footer",
            f'<w:snapToGrid w:val="0"/>{SINGLE}{no_indent()}',
            fonts(SONGTI, SONGTI) + NO_CONDENSE + size(FOOTER_PT),
        ),
        paragraph_style(
            "FooterOdd",
            "页码（单页）",
            f'<w:ind w:rightChars="100" w:right="{FOOTER_PT * 20}"/><w:jc w:val="right"/>',
            "",
            based_on="Footer",
        ),
        paragraph_style(
            "FooterEven",
            "页码（双页）",
            f'<w:ind w:leftChars="100" w:left="{FOOTER_PT * 20}"/><w:jc w:val="left"/>',
            "",
            based_on="Footer",
        ),
    ]
    return f'{XML_DECL}<w:styles xmlns:w="{W_NS}">{"".join(styles)}</w:styles>'


BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")

# --- document body ---------------------------------------------------------------------------


def para(text: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def paragraphs_by_level(items: str) -> list[str]:
    """A loop over a list of Para, each printed in the style of its level."""
    return [
        para(f"{{%p for para in {items} %}}"),
        para("{%p if para.picture %}"),  # a picture block: its marker, then its caption
        para("{{ para.picture }}", "Picture"),
        para("{{ para.text }}", "Caption"),
        para("{%p elif para.level == 1 %}"),
        para("{{ para.text }}", "Heading1"),
        para("{%p elif para.level == 2 %}"),
        para("{{ para.text }}", "Heading2"),
        para("{%p elif para.level == 3 %}"),
        para("{{ para.text }}", "Heading3"),
        para("{%p else %}"),
        para("{{ para.text }}"),
        para("{%p endif %}"),
        para("{%p endfor %}"),
    ]


def sect_pr() -> str:
    return (
        '<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
        '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
        f'w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/>'
        '<w:cols w:space="425"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/>'
        "</w:sectPr>"
    )


def document_xml() -> str:
    body = [
        para("{{ title }}", "Title"),
        *paragraphs_by_level("preface"),
        para("{%p for section in sections %}"),
        para("{{ section.title }}", "Heading1"),
        *paragraphs_by_level("section.before"),
        para("{%p if section.table %}"),
        para("{{p section.table }}"),
        para("{%p endif %}"),
        *paragraphs_by_level("section.after"),
        para("{%p endfor %}"),
        # 署名 and 成文日期: 7.3.5.1 with a seal, 7.3.5.2 without
        para("{%p if seal %}"),
        para("{%p if signature %}"),
        para("{{ signature }}", "SealSignature"),
        para("{%p endif %}"),
        para("{%p if date %}"),
        para("{{ date }}", "SealDate"),
        para("{%p endif %}"),
        para("{%p else %}"),
        para("{%p if signature %}"),
        para("{{ signature }}", "Signature"),
        para("{%p endif %}"),
        para("{%p if date %}"),
        para("{{ date }}", "SignatureDate"),
        para("{%p endif %}"),
        para("{%p endif %}"),
        # 附件 (legacy: the 统计表), on its own page
        para("{%p if attachment %}"),
        para("{{ attachment.label }}", "AttachmentLabel"),
        para("{{ attachment.title }}", "AttachmentTitle"),
        para("{{p attachment.table }}"),
        para("{%p endif %}"),
        # Word wants the body to end with a paragraph, not a table
        '<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>',
        sect_pr(),
    ]
    return f'{XML_DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{"".join(body)}</w:body></w:document>'


def footer_xml(style: str) -> str:
    def run(inner: str) -> str:
        return f"<w:r>{inner}</w:r>"

    content = "".join(
        [
            run('<w:t xml:space="preserve">— </w:t>'),
            run('<w:fldChar w:fldCharType="begin"/>'),
            run('<w:instrText xml:space="preserve"> PAGE </w:instrText>'),
            run('<w:fldChar w:fldCharType="separate"/>'),
            run("<w:t>1</w:t>"),
            run('<w:fldChar w:fldCharType="end"/>'),
            run('<w:t xml:space="preserve"> —</w:t>'),
        ]
    )
    return (
        f'{XML_DECL}<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{content}</w:p></w:ftr>'
    )


def settings_xml() -> str:
    return (
        f'{XML_DECL}<w:settings xmlns:w="{W_NS}">'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
        '<w:characterSpacingControl w:val="compressPunctuation"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
        'w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


#: fonts and the font Word and WPS should fall back to when one is missing
FONT_TABLE = (
    (FANGSONG, "仿宋", "86", "modern"),
    (KAISHU, "楷体", "86", "modern"),
    (HEITI, "SimHei", "86", "modern"),
    (SONGTI, "SimSun", "86", "auto"),
    (TITLE_FONT, "宋体", "86", "script"),
    (LATIN, "", "00", "roman"),
)


def font_table_xml() -> str:
    entries = []
    for name, alt, charset, family in FONT_TABLE:
        alt_xml = f'<w:altName w:val="{attr(alt)}"/>' if alt else ""
        entries.append(
            f'<w:font w:name="{attr(name)}">{alt_xml}<w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        )
    return f'{XML_DECL}<w:fonts xmlns:w="{W_NS}">{"".join(entries)}</w:fonts>'


def theme_xml() -> str:
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    colours = (
        '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
        '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
        + "".join(
            f'<a:{name}><a:srgbClr val="{rgb}"/></a:{name}>'
            for name, rgb in (
                ("dk2", "000000"),
                ("lt2", "FFFFFF"),
                ("accent1", "4472C4"),
                ("accent2", "ED7D31"),
                ("accent3", "A5A5A5"),
                ("accent4", "FFC000"),
                ("accent5", "5B9BD5"),
                ("accent6", "70AD47"),
                ("hlink", "0563C1"),
                ("folHlink", "954F72"),
            )
        )
    )
    # every script maps to 宋体: nothing can fall back to a Japanese or a missing theme font
    scripts = "".join(f'<a:font script="{s}" typeface="{SONGTI}"/>' for s in ("Hans", "Hant", "Jpan"))
    font = f'<a:latin typeface="{LATIN}"/><a:ea typeface="{SONGTI}"/><a:cs typeface="{LATIN}"/>{scripts}'
    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{solid}</a:ln>'
    fmt = (
        f"<a:fillStyleLst>{solid * 3}</a:fillStyleLst>"
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{solid * 3}</a:bgFillStyleLst>"
    )
    return (
        f'{XML_DECL}<a:theme xmlns:a="{a}" name="GBT9704">'
        f'<a:themeElements><a:clrScheme name="GBT9704">{colours}</a:clrScheme>'
        f'<a:fontScheme name="GBT9704"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont>'
        f'</a:fontScheme><a:fmtScheme name="GBT9704">{fmt}</a:fmtScheme></a:themeElements>'
        "<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


# --- package ---------------------------------------------------------------------------------

CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def content_types_xml() -> str:
    overrides = (
        ("/word/document.xml", f"{CT_MAIN}.document.main+xml"),
        ("/word/styles.xml", f"{CT_MAIN}.styles+xml"),
        ("/word/settings.xml", f"{CT_MAIN}.settings+xml"),
        ("/word/fontTable.xml", f"{CT_MAIN}.fontTable+xml"),
        ("/word/footer1.xml", f"{CT_MAIN}.footer+xml"),
        ("/word/footer2.xml", f"{CT_MAIN}.footer+xml"),
        ("/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    )
    items = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
    return (
        f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{items}</Types>'
    )


def rels_xml(rels: tuple[tuple[str, str, str], ...]) -> str:
    items = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
    return f'{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>'


def package_rels() -> str:
    return rels_xml(
        (
            ("rId1", f"{REL}/officeDocument", "word/document.xml"),
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                "docProps/core.xml",
            ),
            ("rId3", f"{REL}/extended-properties", "docProps/app.xml"),
        )
    )


def document_rels() -> str:
    return rels_xml(
        (
            ("rIdStyles", f"{REL}/styles", "styles.xml"),
            ("rIdSettings", f"{REL}/settings", "settings.xml"),
            ("rIdFontTable", f"{REL}/fontTable", "fontTable.xml"),
            ("rIdTheme", f"{REL}/theme", "theme/theme1.xml"),
            ("rIdFooterOdd", f"{REL}/footer", "footer1.xml"),
            ("rIdFooterEven", f"{REL}/footer", "footer2.xml"),
        )
    )


def core_xml() -> str:
    return (
        f"{XML_DECL}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>政府信息公开工作年度报告</dc:title><dc:creator>年报助手</dc:creator>"
        "<cp:lastModifiedBy>年报助手</cp:lastModifiedBy><dc:language>zh-CN</dc:language>"
        "</cp:coreProperties>"
    )


def app_xml() -> str:
    return (
        f"{XML_DECL}<Properties "
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>年报助手</Application></Properties>"
    )


def parts() -> dict[str, str]:
    """Every part of the template, by name in the package (the same for every format)."""
    return {
        "[Content_Types].xml": content_types_xml(),
        "_rels/.rels": package_rels(),
        "docProps/core.xml": core_xml(),
        "docProps/app.xml": app_xml(),
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": document_rels(),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": font_table_xml(),
        "word/theme/theme1.xml": theme_xml(),
        "word/footer1.xml": footer_xml("FooterOdd"),
        "word/footer2.xml": footer_xml("FooterEven"),
    }


def write(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts().items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    tmp.replace(path)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else HERE
    for fmt in FORMATS:
        write(out / fmt / "report.docx")
        print(out / fmt / "report.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
