"""G13: the text names another kind of body than the report's, or another body of its kind.

A 镇's report copied from a 乡's (or a neighbour's) keeps "我乡", "乡政府", "池上镇人民政府".  The
kind is read from the body's name (…镇, …乡, …街道 / 街道办事处); the words that give another
kind away are the patterns below (they are about Chinese, not about a format, so they are not
format data).  Only township-level reports are read: a county report names its towns and
townships as a matter of course.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from forms.checks.context import Context
from forms.checks.findings import WARNING, Finding
from forms.checks.prose import paragraphs, scanner, sentence, squeeze
from forms.i18n import _

_GOVERNMENT_SUFFIX = re.compile(r"(?:人民政府|政府|办事处|党委|党工委)$")
#: "我乡" but not "我乡镇"; "乡政府" but not "乡镇政府"/"城乡政府"
_OTHER_KIND = {
    "镇": r"(?:[我全本该]乡(?![镇村])|(?<![镇城])乡(?:人民)?政府)",
    "乡": r"(?:[我全本该]镇(?!村)|(?<![乡城村])镇(?:人民)?政府)",
    "街道": r"(?:[我全本该][乡镇](?![镇村])|(?<![乡城村镇])[乡镇](?:人民)?政府)",
}
#: a named body of the same kind: two to four characters before 镇人民政府 / 乡人民政府 / 街道办事处
_NAMED = {
    "镇": re.compile(r"([\u4e00-\u9fff]{2,4}?)镇(?:人民政府|党委)"),
    "乡": re.compile(r"([\u4e00-\u9fff]{2,4}?)乡(?:人民政府|党委)"),
    "街道": re.compile(r"([\u4e00-\u9fff]{2,4}?)街道(?:办事处|党工委)"),
}
_NOT_A_NAME = set("各该本我全县区市省乡镇")
#: words without one of which the patterns above cannot match: one substring search each spares
#: most paragraphs of a long report both regex passes
_OTHER_NEEDS = {"镇": ("乡",), "乡": ("镇",), "街道": ("乡", "镇")}
_NAMED_NEEDS = {"镇": ("镇人民政府", "镇党委"), "乡": ("乡人民政府", "乡党委"), "街道": ("街道办事处", "街道党工委")}


def body_kind(org: str) -> tuple[str, str] | None:
    """(kind, the name without it) of a township-level body: 博山镇人民政府 → (镇, 博山)."""
    name = _GOVERNMENT_SUFFIX.sub("", squeeze(org))
    for kind in ("街道", "镇", "乡"):
        if name.endswith(kind):
            return kind, name[: -len(kind)]
    return None


def check_g13(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    found = body_kind(ctx.draft.meta.org)
    if found is None:
        return
    kind, own = found
    other = re.compile(_OTHER_KIND[kind])
    named = _NAMED[kind]
    seen: set[tuple[str, str]] = set()

    other_needs, named_needs = _OTHER_NEEDS[kind], _NAMED_NEEDS[kind]

    def find(text: str) -> list[tuple[int, int, str]]:
        hits = []
        if any(w in text for w in other_needs):
            hits = [(m.start(), m.end(), m.group(0)) for m in other.finditer(text)]
        if not any(w in text for w in named_needs):
            return hits
        for m in named.finditer(text):
            name = m.group(1)
            # the match may have begun inside the sentence: the body's own name ends it
            if name.endswith(own) or own.endswith(name) or name[-1] in _NOT_A_NAME or name[0] in _NOT_A_NAME:
                continue
            hits.append((m.start(1), m.end(), m.group(0)))
        return hits

    found_in = scanner(("G13", kind, own), find)
    for para in paragraphs(ctx):
        for start, end, word in found_in(para.text):
            if (para.field, word) in seen:
                continue
            seen.add((para.field, word))
            yield Finding(
                rule="G13",
                severity=WARNING,
                message=_(
                    "“{where}”写到了“{word}”（“{quote}”），但本报告是{org}的报告：这段文字可能是从别的单位的报告沿用的，请核对。"
                ).format(where=para.where, word=word, quote=sentence(para.text, start, end), org=ctx.draft.meta.org),
                fields=(para.field,),
                expected=ctx.draft.meta.org,
                actual=word,
            )
