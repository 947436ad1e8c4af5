"""Paragraphs and grids into a draft: title, year, organisation, format, 前言, sections, tables,
署名 and 成文日期. Nothing is invented: what cannot be placed is listed in the notes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from forms.catalog import FIRST_YEAR, LAST_YEAR, format_summary_for_year
from forms.errors import FormatError
from forms.i18n import _
from forms.importing.blocks import PICTURE, SIGNATURE, TITLE, Block, Grid, Para, label_key, squeeze
from forms.importing.readers import NotImportable
from forms.importing.tables import match_tables, same_label, score
from forms.model import Draft, Paragraph, SectionText, new_draft
from forms.schema import FormatDef, format_ids, load_format

_YEAR = re.compile(r"((?:19|20|21)\d{2})\s*年")
_DATE = re.compile(r"^((?:19|20|21)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_NUMBERED = (
    (1, re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d+[、.．]")),
    (3, re.compile(r"^[（(]\d+[）)]")),  # （1）: the fourth level of GB/T 9704, the deepest a draft has
)
_CN_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}
_CN_YEAR, _CN_DAY = "[〇零○O一二三四五六七八九]{4}", "[一二三四五六七八九十]{1,3}"
_CN_DATE = re.compile(f"^({_CN_YEAR})年({_CN_DAY})月({_CN_DAY})日$")
_NUMBER_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])\s*")
#: the words after the organisation in a title (博山镇2020年度政府信息公开工作年度报告)
_TITLE_TAIL = re.compile(r"(?:关于)?\s*(?:(?:19|20|21)\d{2})\s*年.*$")


@dataclass
class Imported:
    draft: Draft
    #: what the clerk should look at: cells left blank, text not placed, totals taken as printed
    notes: list[str] = field(default_factory=list)


def heading_level(text: str) -> int:
    """二级 "（一）…" / 三级 "1、…" only for a short line without a full stop: a numbered line that
    goes on into sentences is a run-in heading of body text (level 0)."""
    if len(text) > 30 or "。" in text or "；" in text:
        return 0
    for level, pattern in _NUMBERED:
        if pattern.match(text):
            return level
    return 0


def _section_key_text(text: str) -> str:
    return label_key(_NUMBER_PREFIX.sub("", text.strip()))


def _is_heading_like(p: Para) -> bool:
    return (
        len(p.text) <= 40 and "。" not in p.text and (p.level == 1 or (p.level is None and heading_level(p.text) == 1))
    )


def guess_level(org: str, fmt: FormatDef) -> str:
    """The kind of body from its name; 其他 when the name does not say (the clerk can change it)."""
    name = squeeze(org)
    if name.endswith(("街道办事处", "街道")):
        level = "街道"
    elif name.endswith(("镇", "乡", "镇人民政府", "乡人民政府", "镇政府", "乡政府")):
        level = "乡镇"
    elif "管委会" in name or "管理委员会" in name:
        level = "开发区/新区/综合实验区管委会"
    elif re.search(r"[区县市旗](?:人民)?政府(?:办公室)?$", name):
        level = "县级人民政府"
    elif re.search(r"(?:局|委员会|委|办公室|中心|所|站|院)$", name):
        level = "县级政府部门"
    else:
        level = "其他"
    return level if level in fmt.government_levels or fmt.id != "legacy" else fmt.government_levels[0]


def _detect_format(year: int, grids: list[Grid]) -> FormatDef:
    try:
        by_year = format_summary_for_year(year).id
    except FormatError:
        by_year = None
    scored = []
    for fid in format_ids():
        fmt = load_format(fid)
        # a provincial variant only when its own rows make it fit better than its national format
        scored.append((score(fmt, grids), fid == by_year, fmt.extends is None, fid))
    scored.sort(reverse=True)
    best = scored[0] if scored else None
    if best is not None and best[0] > 0:
        return load_format(best[3])
    if by_year is None:
        raise NotImportable(_("没有适用于 {year} 年度的报告格式").format(year=year), None)
    return load_format(by_year)


def _cn_number(text: str) -> int:
    """一 … 三十一 (a month or a day written in Chinese numerals)."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _sep, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def parse_date(text: str) -> dt.date | None:
    """成文日期 as printed: 2026年1月20日, or 二〇二六年一月二十日 (the older style)."""
    key = squeeze(text)
    try:
        match = _DATE.match(key)
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _CN_DATE.match(key)
        if match:
            year = int("".join(str(_CN_DIGITS[ch]) for ch in match.group(1)))
            return dt.date(year, _cn_number(match.group(2)), _cn_number(match.group(3)))
    except (ValueError, KeyError):
        return None
    return None


def _split_tail(paras: list[Para]) -> tuple[str, dt.date | None, int]:
    """署名 and 成文日期 at the end of the body: (signature, date, how many paragraphs they take)."""
    if not paras:
        return "", None, 0
    last = paras[-1]
    date = parse_date(last.text)
    if date is None:
        return "", None, 0
    if len(paras) >= 2:
        sig = paras[-2]
        if sig.role == SIGNATURE or (
            len(sig.text) <= 30 and not re.search(r"[。，；：！？,.;:]", sig.text) and not _is_heading_like(sig)
        ):
            return sig.text, date, 2
    return "", date, 1


def assemble(blocks: list[Block]) -> Imported:
    notes: list[str] = []
    paras_and_grids = [b for b in blocks if not (isinstance(b, Para) and not b.text)]
    titled = _find_title(paras_and_grids)
    if titled is None:
        raise NotImportable(_("文件中没有文字"), None)
    before_title = [
        b for b in paras_and_grids[: paras_and_grids.index(titled)] if isinstance(b, Para) and b.role != PICTURE
    ]
    if before_title:
        shown = "；".join(b.text[:20] for b in before_title[:5])
        notes.append(_("标题之前的文字没有导入（多为网页的导航或页眉）：{text}").format(text=shown))
    title = titled.text.replace("\n", "")
    year_match = _YEAR.search(title)
    if year_match is None:
        for b in paras_and_grids[:12]:
            if isinstance(b, Para) and (year_match := _YEAR.search(b.text)):
                break
    if year_match is None:
        raise NotImportable(_("找不到报告的年度（标题中应有“某某年”）"), None)
    year = int(year_match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotImportable(_("年度 {year} 不在 {a}–{b} 之间").format(year=year, a=FIRST_YEAR, b=LAST_YEAR), None)
    org = _TITLE_TAIL.sub("", squeeze(title)) or _("（未识别的机关）")
    grids = [b for b in paras_and_grids if isinstance(b, Grid)]
    fmt = _detect_format(year, grids)
    draft = new_draft(fmt.id, org, year, guess_level(org, fmt))
    draft.title = title if title != draft.default_title() else None

    body = paras_and_grids[paras_and_grids.index(titled) + 1 :]
    attachment_at = _attachment_start(fmt, body, draft)
    main, attachment = body[:attachment_at], body[attachment_at:]
    main_paras = [b for b in main if isinstance(b, Para)]
    # the 成文日期 ends the report; what a web page prints after it (主办单位, 技术支持) is not the report
    end = len(main_paras)
    for i in range(len(main_paras) - 1, max(len(main_paras) - 6, -1), -1):
        if parse_date(main_paras[i].text) is not None:
            end = i + 1
            break
    signature, date, tail = _split_tail(main_paras[:end])
    if date is not None and end < len(main_paras):
        after = main_paras[end:]
        notes.append(
            _("成文日期之后的文字没有导入（多为网页的页脚）：{text}").format(text="；".join(b.text[:30] for b in after))
        )
        main = [b for b in main if not any(b is t for t in after)]
    if tail:
        tail_blocks = main_paras[end - tail : end]
        main = [b for b in main if not any(b is t for t in tail_blocks)]
    draft.meta.signature = signature
    draft.meta.date = date

    matches, unmatched = match_tables(fmt, grids)
    grid_table: dict[int, str] = {}
    for index, grid in enumerate(grids):
        if index in unmatched:
            continue
        for key, m in matches.items():
            if _grid_in(grid, m.table):
                grid_table[id(grid)] = key
                break
    for key, m in matches.items():
        from forms.importing.tables import fill

        fill(m, draft, notes, _table_title(fmt, key))
    for index in unmatched:
        first_row = " ".join(c for c in grids[index].rows[0] if c)[:40] if grids[index].rows else ""
        notes.append(_("未能识别第 {n} 个表格（{text}），没有导入。").format(n=index + 1, text=first_row))

    _place_text(draft, fmt, main, grid_table, notes)
    for b in attachment:
        if isinstance(b, Para) and not _is_attachment_line(fmt, b, draft):
            notes.append(_("附件中的文字没有导入：{text}").format(text=b.text[:60]))
    return Imported(draft, notes)


_REPORT_TITLE = re.compile(r"(?:19|20|21)\d{2}\s*年.*报告")


def _find_title(blocks: list[Block]) -> Para | None:
    """The title: marked as such, else the first paragraph that names a year's report, else the first."""
    paras = [b for b in blocks if isinstance(b, Para) and b.role != PICTURE]
    for p in paras:
        if p.role == TITLE:
            return p
    for p in paras[:30]:
        if len(p.text) <= 80 and _REPORT_TITLE.search(squeeze(p.text)):
            return p
    return paras[0] if paras else None


def _grid_in(grid: Grid, tdef: object) -> bool:
    from forms.importing.tables import match_grid

    _printed, found, _next, _skipped = match_grid(grid, tdef)  # type: ignore[arg-type]
    return bool(found)


def _table_title(fmt: FormatDef, key: str) -> str:
    for sdef in fmt.sections:
        if sdef.table == key:
            return sdef.title
    if fmt.attachment and fmt.attachment.get("table") == key:
        return fmt.attachment.get("label", key)
    return key


def _is_attachment_line(fmt: FormatDef, p: Para, draft: Draft) -> bool:
    att = fmt.attachment
    if att is None:
        return False
    text = label_key(p.text)
    if text == label_key(att.get("label", "")) or re.fullmatch(r"附件\d*", text):
        return True
    title = att.get("title", "").format(year=draft.meta.year, org=draft.meta.org)
    return same_label(text, label_key(title)) or text.endswith(label_key("统计表"))


def _attachment_start(fmt: FormatDef, body: list[Block], draft: Draft) -> int:
    """Where the attachment (附件1 and its 统计表) begins; len(body) when there is none."""
    if fmt.attachment is None:
        return len(body)
    for i, b in enumerate(body):
        if isinstance(b, Para) and re.fullmatch(r"附件\d*[:：]?", squeeze(b.text)):
            return i
    return len(body)


def _match_section(fmt: FormatDef, p: Para) -> str | None:
    """The format section a heading names, numbered or not (总体情况 / 一、总体情况 / 一.总体情况)."""
    if len(p.text) > 40 or "。" in p.text:
        return None
    key = _section_key_text(p.text)
    numbered = _is_heading_like(p) or p.level == 1
    for sdef in fmt.sections:
        wanted = _section_key_text(sdef.title)
        if key == wanted or (numbered and same_label(key, wanted)):
            return sdef.key
    return None


def _place_text(draft: Draft, fmt: FormatDef, main: list[Block], grid_table: dict[int, str], notes: list[str]) -> None:
    preface: list[Paragraph] = []
    current: SectionText | None = None
    after_table = False
    seen: set[str] = set()
    if fmt.sections_editable:
        draft.sections = []
    for sec in draft.sections:
        sec.before, sec.after = [], []
    for b in main:
        if isinstance(b, Para) and b.role == PICTURE:
            where = draft.section_title(current) if current is not None else _("前言")
            notes.append(_("“{where}”中有图片，图片没有导入，请在导入后补上。").format(where=where))
            continue
        if isinstance(b, Grid):
            key = grid_table.get(id(b))
            if key is not None and current is not None:
                sdef = fmt.section(current.key)
                if sdef is not None and sdef.table == key:
                    after_table = True
            continue
        key = _match_section(fmt, b)
        if fmt.sections_editable and key is None and _is_heading_like(b):
            key = _free_key(seen)  # a legacy report's own section
        if key is not None and key not in seen:
            seen.add(key)
            current = _section(draft, fmt, key, b.text)
            after_table = False
            continue
        level = b.level if b.level is not None else heading_level(b.text)
        paragraph = Paragraph(b.text, level)
        if current is None:
            preface.append(paragraph)
        else:
            (current.after if after_table else current.before).append(paragraph)
    draft.preface = None if preface == draft.default_preface() else preface
    if not fmt.sections_editable:
        missing = [s.title for s in fmt.sections if s.key not in seen]
        if missing:
            notes.append(_("没有找到这些部分的标题，它们留空：{titles}").format(titles="；".join(missing)))


def _free_key(seen: set[str]) -> str:
    n = 1
    while f"section_{n}" in seen:
        n += 1
    return f"section_{n}"


def _section(draft: Draft, fmt: FormatDef, key: str, heading: str) -> SectionText:
    sec = draft.section(key)
    if sec is None:
        sec = SectionText(key)
        draft.sections.append(sec)
    sdef = fmt.section(key)
    # the national formats' sections carry their official titles, however the report printed them
    keep = fmt.sections_editable and not (sdef is not None and heading == sdef.title)
    sec.title = heading if keep else None
    return sec
