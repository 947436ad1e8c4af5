"""The allow-list an .html report from a clerk's own template must pass (SPEC §4: no scripts, nothing fetched).

What a county website's CMS receives must not run or fetch anything: the page is parsed with
lxml and every element, attribute and CSS text is held against an allow-list.  Links may only
point inside the page (``#…``) and pictures only be ``data:`` images.  The raw text is scanned
too, for what a browser would read differently from lxml (a script hidden in a comment).  Each
refusal names the thing refused and the line of the template where it is written (or, for
something only the filled-in page has, the line of the page).
"""

from __future__ import annotations

import html as entities
import re

from lxml import etree, html

from forms.i18n import _

ELEMENTS = frozenset(
    "html head body title meta style div span p br hr h1 h2 h3 h4 h5 h6 table thead tbody tfoot tr th td"
    " caption colgroup col ul ol li dl dt dd b strong i em u s strike sub sup small big font center"
    " blockquote pre code abbr address time mark ins del wbr section article header footer main figure"
    " figcaption img a".split()
)
ATTRIBUTES = frozenset(
    "class id style title lang dir align valign width height border cellspacing cellpadding colspan rowspan"
    " scope headers abbr bgcolor color face size start type alt src href name charset content span"
    " xmlns datetime cite".split()
)
#: attributes whose value is fetched or followed
URL_ATTRIBUTES = frozenset(("src", "href", "cite"))
DATA_IMAGE = re.compile(r"data:image/(png|jpeg|jpg|gif|webp|bmp);base64,[a-z0-9+/=\s]*$", re.I)
_RAW_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|frame|frameset|applet|base|link|form|svg|math|noscript|template)\b", re.I
)
_CSS_URL = re.compile(r"url\s*\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_CSS_BAD = re.compile(
    r"@import|expression\s*\(|behavior\s*:|-moz-binding|image-set\s*\(|javascript:|vbscript:|\\", re.I
)
_SCHEME_NOISE = re.compile(r"[\s\x00-\x1f]+")


def _source_line(source: str | None, needle: str) -> int | None:
    if not source or not needle:
        return None
    for text in (source, entities.unescape(source)):  # entities (jav&#x61;script:) count as what they mean
        at = text.lower().find(needle.lower())
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return None


class _Findings:
    def __init__(self, source: str | None) -> None:
        self.source = source
        self.found: list[str] = []

    def add(self, what: str, page_line: int | None, needle: str) -> None:
        line = _source_line(self.source, needle)
        if line is not None:
            where = _("模板第 {n} 行").format(n=line)
        elif page_line is not None:
            where = _("生成的网页第 {n} 行").format(n=page_line)
        else:
            where = _("生成的网页中")
        message = _("{where}：{what}").format(where=where, what=what)
        if message not in self.found:
            self.found.append(message)


def _css_problems(css: str, findings: _Findings, line: int | None) -> None:
    bare = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    bad = _CSS_BAD.search(bare)
    if bad:
        findings.add(_("样式中不允许“{what}”").format(what=bad.group(0)), line, bad.group(0))
    for m in _CSS_URL.finditer(bare):
        if not DATA_IMAGE.match(m.group(2).strip()):
            findings.add(_("样式中的 url({url}) 会从页面以外取内容").format(url=m.group(2)[:60]), line, m.group(2))


def _url_problem(name: str, value: str) -> str | None:
    bare = _SCHEME_NOISE.sub("", value).lower()
    if bare.startswith(("javascript:", "vbscript:")):
        return _("{attr} 中不允许 javascript: 链接").format(attr=name)
    if name == "src":
        if not DATA_IMAGE.match(value.strip()):
            return _("图片 src=“{url}”在页面以外（只允许 data: 图片）").format(url=value[:60])
    elif not value.strip().startswith("#"):
        return _("{attr}=“{url}”指向页面以外（只允许页内链接 #…）").format(attr=name, url=value[:60])
    return None


def html_problems(page: str, source: str | None = None) -> list[str]:
    """What in ``page`` (an HTML page or fragment) the allow-list refuses; [] when it may be published.

    ``source`` is the template's text: a refused thing written in it is named with its line.
    """
    findings = _Findings(source)
    for m in _RAW_TAG.finditer(page):
        findings.add(
            _("不允许 <{tag}> 元素").format(tag=m.group(1).lower()), page.count("\n", 0, m.start()) + 1, m.group(0)
        )
    if not page.strip():
        return findings.found
    try:
        root = html.document_fromstring(page)
    except (etree.ParserError, ValueError) as exc:
        findings.add(_("网页无法解析（{err}）").format(err=exc), None, "")
        return findings.found
    for el in root.iter():
        line = el.sourceline
        if el.tag is etree.Comment:
            text = el.text or ""
            if "<" in text or ">" in text or "[if" in text.lower():
                findings.add(_("注释中不允许写标签或条件注释"), line, text.strip()[:30])
            continue
        if not isinstance(el.tag, str):
            findings.add(_("不允许处理指令或实体"), line, "")
            continue
        tag = el.tag.lower()
        if tag not in ELEMENTS:
            findings.add(_("不允许 <{tag}> 元素").format(tag=tag), line, f"<{tag}")
            continue
        if tag == "style":
            _css_problems(el.text or "", findings, line)
        for name, value in el.attrib.items():
            name = str(name).lower()
            value = str(value)
            if name.startswith("on"):
                findings.add(_("<{tag}> 的事件属性 {attr} 不允许").format(tag=tag, attr=name), line, name)
            elif name not in ATTRIBUTES and not name.startswith("data-"):
                findings.add(_("<{tag}> 的属性 {attr} 不允许").format(tag=tag, attr=name), line, f"{name}=")
            elif name == "style":
                _css_problems(value, findings, line)
            elif name in URL_ATTRIBUTES:
                problem = _url_problem(name, value)
                if problem:
                    findings.add(problem, line, value)
            elif "javascript:" in _SCHEME_NOISE.sub("", value).lower():
                findings.add(_("属性 {attr} 中不允许 javascript:").format(attr=name), line, "javascript:")
            elif tag == "meta" and name == "content" and "url" in value.lower():
                findings.add(_("<meta> 不能跳转到别的页面"), line, value)
    return findings.found
