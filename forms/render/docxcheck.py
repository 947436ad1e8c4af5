"""What a Word file from outside (a clerk's own template, and every report made from one) may not hold.

Read as a zip without opening anything in it: macros (``.docm``, ``vbaProject.bin``), ActiveX,
embedded objects (``embeddings/``, OLE), external relationships (linked pictures, an attached
template on a network path, linked subdocuments) and fields that fetch or run something
(INCLUDETEXT, INCLUDEPICTURE, LINK, DDE …) are refused; so are XML entity declarations, and the
package is bounded in entries and unpacked size before python-docx loads any of it.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from forms.i18n import _

MAX_DOCX_BYTES = 20_000_000
MAX_UNPACKED = 60_000_000
MAX_ENTRIES = 2_000
MAX_PART = 25_000_000

_REFUSED_PARTS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$|(^|/)(embeddings|activeX)/", re.I)
_REFUSED_TYPES = re.compile(r"macroEnabled|vbaProject|vbaData|activeX|oleObject|\.package", re.I)
_REFUSED_RELS = re.compile(r"/(oleObject|package|activeXControl|attachedTemplate|subDocument|frame)$", re.I)
_REFUSED_ELEMENTS = {"object", "OLEObject", "control", "altChunk", "subDoc", "attachedTemplate", "dataSource"}
#: fields that fetch a file or a link, or run something, when Word updates them
_REFUSED_FIELDS = re.compile(
    r"^\s*(INCLUDETEXT|INCLUDEPICTURE|INCLUDE|LINK|DDE|DDEAUTO|IMPORT|AUTOTEXTLIST|MACROBUTTON)\b", re.I
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def package_problems(data: bytes) -> list[str]:
    """Every reason why a .docx (as bytes) may not be used; [] when it holds only document parts."""
    if len(data) > MAX_DOCX_BYTES:
        return [_("Word 文件太大（超过 {n} MB）").format(n=MAX_DOCX_BYTES // 1_000_000)]
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return [_("不是有效的 .docx 文件（无法作为 zip 打开）")]
    problems: list[str] = []
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            return [_("Word 文件中的部件太多（{n} 个）").format(n=len(infos))]
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            return [_("Word 文件解压后太大（超过 {n} MB）").format(n=MAX_UNPACKED // 1_000_000)]
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            problems.append(_("Word 文件中有重名的部件"))
        for info in infos:
            name = info.filename
            if info.flag_bits & 0x1:
                problems.append(_("部件 {name} 是加密的").format(name=name))
                continue
            if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
                problems.append(_("部件名 {name} 不允许").format(name=name))
                continue
            if _REFUSED_PARTS.search(name):
                problems.append(_("含有宏或嵌入的对象（{name}），不能使用").format(name=name))
                continue
            if info.file_size > MAX_PART:
                problems.append(_("部件 {name} 太大").format(name=name))
                continue
            if name.endswith((".xml", ".rels")):
                problems += _part_problems(name, zf.read(info))
        if "[Content_Types].xml" not in names:
            problems.append(_("缺少 [Content_Types].xml，不是 Word 文档"))
    return list(dict.fromkeys(problems))


def _part_problems(name: str, xml: bytes) -> list[str]:
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        return [_("部件 {name} 声明了 XML 实体，不能使用").format(name=name)]
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError:
        return [_("部件 {name} 不是有效的 XML").format(name=name)]
    problems: list[str] = []
    if name == "[Content_Types].xml":
        for el in root:
            ctype = el.get("ContentType", "")
            if _REFUSED_TYPES.search(ctype):
                problems.append(
                    _("含有宏或嵌入的对象（{what}），不能使用（.docm 等启用宏的文件不能作模板）").format(what=ctype)
                )
        return problems
    if name.endswith(".rels"):
        for rel in root:
            target = rel.get("Target", "")
            if rel.get("TargetMode", "").lower() == "external":
                kind = rel.get("Type", "").rsplit("/", 1)[-1]
                problems.append(
                    _("含有指向外部的链接（{kind}：{target}），不能使用").format(kind=kind, target=target[:80])
                )
            elif _REFUSED_RELS.search(rel.get("Type", "")):
                problems.append(_("含有嵌入的对象或附加模板（{target}），不能使用").format(target=target[:80]))
        return problems
    fields: list[list[str]] = []  # the instructions of the fields open at this point (nested ones too)
    instructions: list[str] = []
    for el in root.iter():
        local = _local(el.tag)
        if local in _REFUSED_ELEMENTS:
            problems.append(_("部件 {name} 含有嵌入的对象或外部内容（{what}），不能使用").format(name=name, what=local))
        elif local == "fldSimple":
            instructions.append(el.get(_w("instr")) or "")
        elif local == "fldChar":
            kind = el.get(_w("fldCharType"))
            if kind == "begin":
                fields.append([])
            elif kind == "end" and fields:
                instructions.append("".join(fields.pop()))
        elif local == "instrText" and fields:
            fields[-1].append(el.text or "")
    instructions += ["".join(f) for f in fields]
    for instr in instructions:
        if _REFUSED_FIELDS.match(instr):
            problems.append(_("含有会读取文件或运行程序的域（{field}），不能使用").format(field=instr.strip()[:60]))
    return problems


def _w(attr: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + attr
