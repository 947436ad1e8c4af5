"""G12: the 前言 or the text describes another format's outline.

Reports copied from a pre-2019 one keep its description of the contents: "依申请公开（含不予公开、
收费及减免）", "共分七个部分" — wrong in a six-section report.  The words and the number of parts
are the format's data; only sentences about the report itself (全文, 本报告 …) are read for the
number of parts, so that "分三个部分开展培训" is not taken for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from forms.checks.context import Context
from forms.checks.findings import WARNING, Finding
from forms.checks.prose import paragraphs, scanner, sentence, whole_sentence
from forms.i18n import _

_ABOUT_REPORT = re.compile(r"全文|本报告|报告(?:内容|主要内容|分为|包括|共)|年度报告")
_PARTS = re.compile(r"(?:共|分为|分|包括|由)?([一二三四五六七八九十]|\d{1,2})个?部分")
_CN = "一二三四五六七八九十"


def check_g12(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    words = [str(w) for w in params.get("words", ())]
    parts = int(params.get("parts", len(ctx.fmt.sections)))
    seen: set[tuple[str, int]] = set()

    def find(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, int, int]]]:
        found_words = [(i, word) for word in words if (i := text.find(word)) >= 0]
        found_parts: list[tuple[int, int, int]] = []
        if _ABOUT_REPORT.search(text) is not None:
            for m in _PARTS.finditer(text):
                raw = m.group(1)
                n = int(raw) if raw.isdigit() else _CN.index(raw) + 1
                lo, hi = whole_sentence(text, m.start(), m.end())
                if _ABOUT_REPORT.search(text, lo, hi):
                    found_parts.append((m.start(), m.end(), n))
        return found_words, found_parts

    found_in = scanner(("G12", tuple(words)), find)
    for para in paragraphs(ctx):
        found_words, found_parts = found_in(para.text)
        for i, word in found_words:
            yield _finding(para.field, para.where, sentence(para.text, i, i + len(word)), word, ctx)
        for m_start, m_end, n in found_parts:
            if n == parts or (para.field, n) in seen:
                continue
            seen.add((para.field, n))
            quote = sentence(para.text, m_start, m_end)
            yield Finding(
                rule="G12",
                severity=WARNING,
                message=_(
                    "“{where}”说报告有{n}个部分（“{quote}”），但“{name}”的报告是{parts}个部分：这段文字可能沿用了旧格式，请核对。"
                ).format(where=para.where, n=n, quote=quote, name=ctx.fmt.name, parts=parts),
                fields=(para.field,),
                expected=_("{n}个部分").format(n=parts),
                actual=_("{n}个部分").format(n=n),
            )


def _finding(field: str, where: str, quote: str, word: str, ctx: Context) -> Finding:
    return Finding(
        rule="G12",
        severity=WARNING,
        message=_(
            "“{where}”写到了“{word}”（“{quote}”）：这是2019年以前报告格式的内容，“{name}”没有这一项，请核对。"
        ).format(where=where, word=word, quote=quote, name=ctx.fmt.name),
        fields=(field,),
        expected=_("不提“{word}”").format(word=word),
        actual=word,
    )
