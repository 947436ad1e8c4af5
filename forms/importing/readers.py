"""Published reports in, paragraphs and grids out: .txt (and pasted text), .docx and .html.

Every reader is bounded before it parses (file size, a .docx's members and unpacked size) and
parses without executing anything: python-docx reads the XML, lxml parses HTML with scripts,
styles and comments dropped, and no entity or network resource is ever resolved.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from forms.errors import DraftFileError
from forms.i18n import _
from forms.importing.blocks import DATE, PICTURE, SIGNATURE, TITLE, Block, Grid, Para, clean_paragraph

#: a report's text is some tens of kilobytes; a Word file with pictures a few megabytes
MAX_TEXT_BYTES = 5 * 1024 * 1024
MAX_HTML_BYTES = 10 * 1024 * 1024
MAX_DOCX_BYTES = 30 * 1024 * 1024
#: what a .docx may unpack to, and how many parts it may have (a zip bomb stops here)
MAX_DOCX_UNPACKED = 120 * 1024 * 1024
MAX_DOCX_MEMBERS = 2000
#: the files 导入 and 从上年报告新建 take as published reports (anything else is a draft)
REPORT_SUFFIXES = (".docx", ".html", ".htm", ".txt")
#: the longest pasted text the window takes
MAX_PASTE_CHARS = 2_000_000


class NotImportable(DraftFileError):
    """The file cannot be imported; the message says why in Chinese and what to do instead."""


def refuse(path: Path | None, reason: str) -> NotImportable:
    name = path.name if path is not None else _("粘贴的文字")
    return NotImportable(_("无法导入“{name}”：{reason}").format(name=name, reason=reason), path)


# --- what kind of file ---------------------------------------------------------------------
_MAGIC = (
    (b"\xd0\xcf\x11\xe0", _("这是旧版 Word（.doc）或 WPS（.wps）文件。请在 Word 或 WPS 中“另存为”.docx 后再导入")),
    (b"%PDF", _("这是 PDF 文件，无法可靠地取出其中的表格。请导入报告的 Word 文件、网页或文本")),
    (b"\x89PNG", _("这是图片，不是报告的文字")),
    (b"\xff\xd8\xff", _("这是图片，不是报告的文字")),
    (b"GIF8", _("这是图片，不是报告的文字")),
    (b"BM", _("这是图片，不是报告的文字")),
    (b"{\\rtf", _("这是 RTF 文件。请在 Word 或 WPS 中“另存为”.docx 后再导入")),
)


def read_file(path: Path) -> list[Block]:
    """The blocks of a report file, by its content (the name's suffix only breaks a tie)."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise refuse(path, _("它不是普通文件"))
        if size > MAX_DOCX_BYTES:
            raise refuse(path, _("文件太大（超过 {mb} MB），不像是一份年度报告").format(mb=MAX_DOCX_BYTES // 2**20))
        with path.open("rb") as fh:
            data = fh.read(MAX_DOCX_BYTES + 1)
    except OSError as exc:
        from forms.errors import os_reason

        raise refuse(path, os_reason(exc)) from exc
    return read_bytes(data, path)


def read_bytes(data: bytes, path: Path) -> list[Block]:
    if data.startswith(b"BM") and path.suffix.lower() != ".bmp":
        pass  # "BM" also begins ordinary text; only a .bmp is taken for a picture
    else:
        for magic, reason in _MAGIC:
            if data.startswith(magic):
                raise refuse(path, reason)
    if data.startswith(b"PK\x03\x04"):
        return read_docx(data, path)
    head = data[:4096].lower()
    if path.suffix.lower() in (".html", ".htm") or b"<html" in head or b"<!doctype html" in head or b"<table" in head:
        if len(data) > MAX_HTML_BYTES:
            raise refuse(path, _("网页太大（超过 {mb} MB）").format(mb=MAX_HTML_BYTES // 2**20))
        return read_html(data, path)
    if len(data) > MAX_TEXT_BYTES:
        raise refuse(path, _("文本太大（超过 {mb} MB）").format(mb=MAX_TEXT_BYTES // 2**20))
    return read_text(decode_text(data, path))


def decode_text(data: bytes, path: Path | None) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (which covers GBK/GB2312)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise refuse(path, _("内容不是文本"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise refuse(path, _("文字编码无法识别（不是 UTF-8 或 GBK）"))


# --- text: the seed layout, and text copied from Word or a web page -----------------------
#: what text extracted from a Word file carries besides the report: bookmark markers, and
#: placeholders of pictures (a report's 统计图), which are not imported
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]{0,200}\]")
_IMAGE = re.compile(r"^\[image:[^\]\n]{0,200}\]$")


def read_text(text: str) -> list[Block]:
    blocks = _read_text(_BOOKMARK.sub("", text))
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Grid):
            b.rows = [[c for c in row if not _IMAGE.match(c.strip())] for row in b.rows]
            b.rows = [row for row in b.rows if any(c.strip() for c in row)]
            if not b.rows:
                out.append(Para(_("[图]"), 0, PICTURE))
                continue
        out.append(b)
    return out


def _read_text(text: str) -> list[Block]:
    """Paragraphs and tables of a text.

    The seed layout: a cell starts with a TAB, a non-blank line without one continues the cell,
    a blank line ends a row. Text copied from Word or a browser: a row is one line whose cells are
    separated by TABs. Rows not separated by a paragraph belong to one table.
    """
    blocks: list[Block] = []
    in_row = False

    def grid() -> Grid:
        if not blocks or not isinstance(blocks[-1], Grid):
            blocks.append(Grid())
        last = blocks[-1]
        assert isinstance(last, Grid)
        return last

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.startswith("\t"):
            g = grid()
            if not in_row:
                g.rows.append([])
            g.rows[-1].append(line[1:].strip(" \u3000\u00a0"))
            in_row = True
        elif not clean_paragraph(line):
            in_row = False
        elif in_row:
            g = grid()
            g.rows[-1][-1] += "\n" + clean_paragraph(line)
        elif "\t" in line.strip(" \u3000\u00a0") and len(line.split("\t")) >= 3:
            grid().rows.append([c.strip(" \u3000\u00a0") for c in line.split("\t")])
        else:
            blocks.append(Para(clean_paragraph(line)))
    return blocks


# --- .docx ---------------------------------------------------------------------------------
def _check_zip(data: bytes, path: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_DOCX_MEMBERS:
                raise refuse(path, _("文件中的部件太多，不像是 Word 文件"))
            if sum(m.file_size for m in members) > MAX_DOCX_UNPACKED:
                raise refuse(path, _("文件解压后过大（超过 {mb} MB）").format(mb=MAX_DOCX_UNPACKED // 2**20))
            names = {m.filename for m in members}
    except zipfile.BadZipFile as exc:
        raise refuse(path, _("文件已损坏，不是有效的 .docx 文件")) from exc
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise refuse(path, _("这是 Excel 表格，不是报告。请导入报告的 Word 文件"))
        raise refuse(path, _("不是 Word（.docx）文件"))


_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-3])$", re.IGNORECASE)


def _style_role(name: str) -> tuple[int | None, str | None]:
    lowered = name.strip().lower()
    if lowered in ("title", "标题"):
        return None, TITLE
    if name.startswith("署名"):
        return None, SIGNATURE
    if name.startswith("成文日期"):
        return None, DATE
    match = _HEADING_STYLE.match(name.strip())
    if match:
        return int(match.group(1)), None
    return None, None


def read_docx(data: bytes, path: Path) -> list[Block]:
    _check_zip(data, path)
    try:
        from docx import Document
        from docx.oxml.ns import qn

        doc = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged part
        raise refuse(path, _("文件已损坏，无法读取其中的内容")) from exc
    styles = {s.style_id: s.name for s in doc.styles if getattr(s, "style_id", None)}
    uses_headings = False
    blocks: list[Block] = []
    p_tag, tbl_tag = qn("w:p"), qn("w:tbl")
    for el in doc.element.body.iterchildren():
        if el.tag == p_tag:
            text = clean_paragraph(_paragraph_text(el, qn))
            if el.find(f".//{qn('w:drawing')}") is not None or el.find(f".//{qn('w:pict')}") is not None:
                blocks.append(Para(_("[图]"), 0, PICTURE))
            if not text:
                continue
            style_el = el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            name = styles.get(style_el.get(qn("w:val")), "") if style_el is not None else ""
            level, role = _style_role(name or "")
            uses_headings = uses_headings or level is not None
            blocks.append(Para(text, level, role))
        elif el.tag == tbl_tag:
            blocks.append(_docx_grid(el, qn))
    if uses_headings:
        # a document that marks its headings with styles marks them all: the rest is body text
        for b in blocks:
            if isinstance(b, Para) and b.level is None and b.role is None:
                b.level = 0
    return blocks


def _paragraph_text(p: object, qn: object) -> str:
    parts: list[str] = []
    t_tag, tab_tag, br_tag = qn("w:t"), qn("w:tab"), qn("w:br")  # type: ignore[operator]
    for node in p.iter(t_tag, tab_tag, br_tag):  # type: ignore[attr-defined]
        if node.tag == t_tag:
            parts.append(node.text or "")
        elif node.tag == tab_tag:
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _docx_grid(tbl: object, qn: object) -> Grid:
    """Rows of the cells each shows: a vertical-merge continuation as "" (the seed layout)."""
    grid = Grid()
    tr_tag, tc_tag, p_tag = qn("w:tr"), qn("w:tc"), qn("w:p")  # type: ignore[operator]
    for tr in tbl.iterchildren(tr_tag):  # type: ignore[attr-defined]
        row: list[str] = []
        for tc in tr.iterchildren(tc_tag):
            vmerge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")  # type: ignore[operator]
            if vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue"):  # type: ignore[operator]
                row.append("")
                continue
            lines = [clean_paragraph(_paragraph_text(p, qn)) for p in tc.iterchildren(p_tag)]
            row.append("\n".join(line for line in lines if line))
        grid.rows.append(row)
    return grid


# --- .html ---------------------------------------------------------------------------------
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.IGNORECASE)
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "li", "br", "section", "article", "center", "blockquote"}
_LEVEL_CLASS = re.compile(r"\bnb-level-([0-3])\b")


def _html_text(data: bytes, path: Path) -> str:
    match = _CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "replace").lower() if match else None
    if declared in ("gb2312", "gbk", "gb18030", "x-gbk"):
        declared = "gb18030"  # GB2312 and GBK pages use characters only GB18030 decodes
    for encoding in [e for e in (declared, "utf-8-sig", "gb18030") if e]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise refuse(path, _("网页的文字编码无法识别"))


def read_html(data: bytes, path: Path) -> list[Block]:
    from lxml import etree
    from lxml import html as lxml_html

    text = _html_text(data, path)
    text = re.sub(r"<\?xml[^>]*\?>", "", text, count=1)
    try:
        parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
        root = lxml_html.document_fromstring(text or "<html></html>", parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise refuse(path, _("网页无法解析")) from exc
    for bad in root.xpath("//script|//style|//noscript|//iframe|//object|//embed|//template|//head"):
        bad.drop_tree()
    blocks: list[Block] = []
    _walk_html(root, blocks)
    return blocks


def _is_data_table(table: object) -> bool:
    """A table of figures, not a page's layout table (which holds other tables or long text)."""
    return not table.xpath(".//table")  # type: ignore[attr-defined]


def _walk_html(node: object, blocks: list[Block]) -> None:
    buffer: list[str] = []

    def flush(level: int | None = None, role: str | None = None) -> None:
        text = clean_paragraph("".join(buffer))
        buffer.clear()
        for line in text.split("\n"):
            line = clean_paragraph(line)
            if line:
                blocks.append(Para(line, level, role))

    def visit(el: object) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
        tag = tag.lower()
        if tag == "table" and _is_data_table(el):
            flush()
            blocks.append(_html_grid(el))
            if el.tail:  # type: ignore[attr-defined]
                buffer.append(el.tail)  # type: ignore[attr-defined]
            return
        if tag in _BLOCK_TAGS or tag in ("tr", "td", "th", "table"):
            flush()
        if tag == "br":
            buffer.append("\n")
        if tag == "img":
            flush()
            blocks.append(Para(_("[图]"), 0, PICTURE))
        if el.text and tag not in ("table", "tr", "tbody", "thead"):  # type: ignore[attr-defined]
            buffer.append(el.text)  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            visit(child)
        if tag in _BLOCK_TAGS or tag in ("td", "th"):
            level: int | None = None
            role: str | None = None
            classes = el.get("class", "")  # type: ignore[attr-defined]
            found = _LEVEL_CLASS.search(classes)
            if found:
                level = int(found.group(1))
            elif "nb-section" in classes or tag == "h2":
                level = 1
            elif tag == "h1" or "nb-title" in classes:
                role = TITLE
            elif "nb-signature" in classes:
                role = SIGNATURE
            elif "nb-date" in classes:
                role = DATE
            flush(level, role)
        if el.tail:  # type: ignore[attr-defined]
            buffer.append(el.tail)  # type: ignore[attr-defined]

    visit(node)
    flush()


def _html_grid(table: object) -> Grid:
    grid = Grid()
    for tr in table.xpath(".//tr"):  # type: ignore[attr-defined]
        row: list[str] = []
        for cell in tr.xpath("./td|./th"):
            text = "\n".join(clean_paragraph(x) for x in cell.itertext() if clean_paragraph(x))
            row.append(text)
        if row:
            grid.rows.append(row)
    return grid
