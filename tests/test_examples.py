"""The example drafts in forms/examples: built from the seeds, loadable, and holding the clean
text and every number of each seed report."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import make_examples
import pytest

from forms.draftjson import from_dict
from forms.model import Draft
from forms.pictures import Picture
from forms.render.pictures import part_blocks
from forms.totals import effective_values
from forms.values import Amount, format_value

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "forms" / "examples"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
RESIDUE = ROOT / "tests" / "fixtures" / "seed_residue.json"

WS = re.compile(r"[\s\u3000\u00a0]+")
NUMBER = re.compile(r"^\d+(\.\d+)?(万元|元)?$")

# file -> (seed, format, org, year, level)
FILES = {
    "000-boshan-2017.nianbao": ("000", "legacy", "博山镇", 2017, "乡镇"),
    "001-zhongzhuang-2017.nianbao": ("001", "legacy", "中庄镇", 2017, "乡镇"),
    "002-boshan-district-2017.nianbao": ("002", "legacy", "博山区人民政府", 2017, "县级人民政府"),
    "003-heluo-2017.nianbao": ("003", "legacy", "河洛镇", 2017, "乡镇"),
    "004-boshan-2020.nianbao": ("004", "gov2019", "博山镇", 2020, "乡镇"),
}


def load(name: str) -> Draft:
    return from_dict(json.loads((EXAMPLES / name).read_text(encoding="utf-8")))


def seed_text(number: str) -> str:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path.read_text(encoding="utf-8")


def residue() -> dict[str, list[dict[str, str]]]:
    data: dict[str, list[dict[str, str]]] = json.loads(RESIDUE.read_text(encoding="utf-8"))
    return data


def cleaned_seed(number: str) -> str:
    text = seed_text(number)
    for fix in residue()[number]:
        text = text.replace(fix["seed_text"], fix["clean_text"])
    return text


def seed_layout(text: str) -> tuple[list[str], list[str]]:
    """(paragraphs, table cells) of a seed, whitespace removed — read independently of the builder."""
    paragraphs: list[str] = []
    cells: list[str] = []
    in_row = False
    for line in text.split("\n"):
        if line.startswith("\t"):
            cells.append(WS.sub("", line))
            in_row = True
        elif not WS.sub("", line):
            in_row = False
        elif in_row:
            cells[-1] += WS.sub("", line)
        else:
            paragraphs.append(WS.sub("", line))
    return paragraphs, cells


def draft_texts(d: Draft) -> list[str]:
    """Every text of the report in reading order, as the renderers will print it."""
    texts = [d.effective_title()] + [p.text for p in d.effective_preface()]
    for sec in d.sections:
        texts.append(d.section_title(sec))
        # a picture's caption stands where the seed has it, among the paragraphs
        for place in ("before", "after"):
            texts += [b.caption if isinstance(b, Picture) else b.text for b in part_blocks(sec, place)]
    att = d.fmt.attachment
    if att and d.table(att["table"]).included:
        texts += [att["label"], att["title"].format(year=d.meta.year, org=d.meta.org)]
    if d.meta.signature:
        texts.append(d.meta.signature)
    if d.meta.date:
        texts.append(f"{d.meta.date.year}年{d.meta.date.month}月{d.meta.date.day}日")
    return [WS.sub("", t) for t in texts]


def all_paragraphs(d: Draft) -> list[tuple[str, int]]:
    paras = list(d.preface or [])
    for sec in d.sections:
        paras += sec.before + sec.after
    return [(p.text, p.level) for p in paras]


def test_committed_files_are_what_the_script_builds() -> None:
    built = make_examples.build_all()
    assert set(built) == set(FILES)
    assert {p.name for p in EXAMPLES.glob("*.nianbao")} == set(FILES)
    for name, text in built.items():
        assert (EXAMPLES / name).read_text(encoding="utf-8") == text, f"{name}: run tests/make_examples.py"


@pytest.mark.parametrize("name", sorted(FILES))
def test_example_loads_with_its_format_org_year_level(name: str) -> None:
    _, fmt, org, year, level = FILES[name]
    d = load(name)
    assert (d.format_id, d.meta.org, d.meta.year, d.meta.level) == (fmt, org, year, level)
    assert d.title is not None and str(year) in d.title
    assert d.preface is not None


def test_example_loads_with_the_app_loader() -> None:
    draftfile = pytest.importorskip("forms.draftfile")
    for name, (_, fmt, org, year, _level) in FILES.items():
        d = draftfile.load_draft(EXAMPLES / name)
        assert (d.format_id, d.meta.org, d.meta.year) == (fmt, org, year)


@pytest.mark.parametrize("name", sorted(FILES))
def test_example_holds_no_extraction_residue(name: str) -> None:
    d = load(name)
    texts = [d.effective_title(), d.meta.signature] + [t for t, _ in all_paragraphs(d)]
    texts += [s.title for s in d.sections if s.title]
    for text in texts:
        assert "[bookmark" not in text and "[image" not in text, text
        assert "\n" not in text and "\t" not in text, text
        assert text == text.strip(" \u3000\u00a0"), repr(text)
    assert all(t for t, _ in all_paragraphs(d)), "empty paragraph"


@pytest.mark.parametrize("name", sorted(FILES))
def test_example_text_is_the_seed_text_without_residue(name: str) -> None:
    d = load(name)
    paragraphs, _ = seed_layout(cleaned_seed(FILES[name][0]))
    assert draft_texts(d) == paragraphs


def test_residue_fixes_apply_once_and_leave_no_marker() -> None:
    fixes = residue()
    assert sorted(fixes) == sorted(seed for seed, *_ in FILES.values())
    for number, items in fixes.items():
        raw = seed_text(number)
        for fix in items:
            assert fix["kind"] in ("bookmark", "image", "join", "drop")
            assert raw.count(fix["seed_text"]) == 1, fix
        clean = cleaned_seed(number)
        assert "[bookmark:" not in clean and "[image:" not in clean
    joined = "并按时按要求通过政府信息公开管理系统填报河洛镇信息公开内容"
    assert any(joined in t for t, _ in all_paragraphs(load("003-heluo-2017.nianbao")))


def test_heading_levels() -> None:
    headings = {name: [(t, lvl) for t, lvl in all_paragraphs(load(name)) if lvl] for name in sorted(FILES)}
    assert headings == {
        "000-boshan-2017.nianbao": [("（一）存在的主要问题", 2), ("（二）解决办法和改进措施", 2)],
        "001-zhongzhuang-2017.nianbao": [],
        "002-boshan-district-2017.nianbao": [],
        "003-heluo-2017.nianbao": [("（一）存在问题", 2), ("（二）改进措施", 2)],
        "004-boshan-2020.nianbao": [],
    }
    # a numbered paragraph that goes on into sentences is body text
    assert ("（一）组织领导。", 0) in [(t[:8], lvl) for t, lvl in all_paragraphs(load("003-heluo-2017.nianbao"))]


def test_legacy_sections_cover_the_statutory_items() -> None:
    for name, (_, fmt_id, *_rest) in FILES.items():
        d = load(name)
        keys = [s.key for s in d.sections]
        assert len(keys) == len(set(keys)), name
        if fmt_id != "legacy":
            continue
        item_keys = {i.key for i in d.fmt.items}
        assert all(s.title and set(s.items) <= item_keys for s in d.sections), name
    zhongzhuang = load("001-zhongzhuang-2017.nianbao")
    assert zhongzhuang.section("apply").items == ["apply", "fees"]  # type: ignore[union-attr]
    assert [s.title for s in zhongzhuang.sections if "problems" in s.items] == ["五、主要存在问题", "六、改进措施"]
    assert load("002-boshan-district-2017.nianbao").section("apply").items == ["apply", "fees"]  # type: ignore[union-attr]
    heluo = load("003-heluo-2017.nianbao")
    assert len(heluo.sections) == 9
    assert not any("review" in s.items for s in heluo.sections)  # the seed has no such section
    assert load("000-boshan-2017.nianbao").section("fees").title == "四、政府信息公开收费及减免情况"  # type: ignore[union-attr]


def test_gov2019_example_has_the_fixed_sections_and_text_after_tables() -> None:
    d = load("004-boshan-2020.nianbao")
    assert [s.key for s in d.sections] == [s.key for s in d.fmt.sections]
    assert all(s.title is None for s in d.sections)
    assert d.preface == []
    assert [bool(d.section(k).after) for k in ("active", "apply", "review")] == [True, True, True]  # type: ignore[union-attr]
    assert [p.text for p in d.section("other").before] == ["无"]  # type: ignore[union-attr]


def test_meta_from_the_seed_front_and_back_matter() -> None:
    district = load("002-boshan-district-2017.nianbao")
    assert len(district.preface or []) == 3
    c = district.meta.contact
    assert (c.address, c.postcode, c.phone, c.website, c.office) == (
        "博山区县前街46号",
        "255200",
        "0533-4110176",
        "www.boshan.gov.cn",
        "博山区政府信息化管理办公室",
    )
    assert (district.meta.signature, district.meta.date) == ("博山区人民政府办公室", dt.date(2018, 3, 6))
    heluo = load("003-heluo-2017.nianbao")
    assert (heluo.meta.signature, heluo.meta.date) == ("河洛镇人民政府", dt.date(2018, 1, 27))
    for name in ("000-boshan-2017.nianbao", "001-zhongzhuang-2017.nianbao", "004-boshan-2020.nianbao"):
        assert (load(name).meta.signature, load(name).meta.date) == ("", None)


def shown_numbers(d: Draft) -> list[str]:
    """The non-blank values of every included table, in grid order, as printed."""
    out: list[str] = []
    for key, tdef in d.fmt.tables.items():
        if not d.table(key).included:
            continue
        shown = effective_values(d, tdef)
        for row in tdef.rows:
            out += [format_value(shown[gc.cell_id]) for gc in row if gc.cell_id and shown[gc.cell_id] is not None]
    return out


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_number_of_the_seed_tables(name: str) -> None:
    d = load(name)
    _, cells = seed_layout(cleaned_seed(FILES[name][0]))
    assert shown_numbers(d) == [c for c in cells if NUMBER.match(c)]


def test_tables_hold_the_published_figures() -> None:
    d = load("004-boshan-2020.nianbao")
    assert d.value("active.procurement.projects") == 7
    assert d.value("active.procurement.amount") == Amount(Decimal("359.3"), "万元")
    for key in ("active", "apply", "review"):
        tdef = d.fmt.tables[key]
        assert not d.table(key).entered_totals
        entered = {c.id for c in tdef.entered_cells()}
        assert set(d.table(key).values) == entered, f"{key}: blank or computed cells stored"
    others = [v for cid, v in d.tables["active"].values.items() if not cid.startswith("active.procurement.")]
    others += list(d.tables["apply"].values.values()) + list(d.tables["review"].values.values())
    assert set(others) == {0}
    stats = load("001-zhongzhuang-2017.nianbao")
    assert stats.table("stats").included
    assert stats.value("stats.s14.value") is None  # blank in the seed, kept blank
    assert (stats.value("stats.s01.value"), stats.value("stats.s60.value")) == (170, 576)
    assert stats.value("stats.s71.value") == Decimal(2)
    for name in ("000-boshan-2017.nianbao", "002-boshan-district-2017.nianbao", "003-heluo-2017.nianbao"):
        d = load(name)
        assert not d.table("stats").included and not d.table("stats").values
