"""The county summary (issue 14): collecting, leaving out with reasons, summing, the workbook."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from draft_factory import full_report
from summary_county import ROSTER, make_county, unit_draft

from forms.checks import Settings, check
from forms.cli import finding_dict
from forms.draftfile import save_draft
from forms.draftjson import to_dict
from forms.schema import load_format
from forms.summary.collect import PACKAGE, collect
from forms.summary.package import DOCX_MEMBER, read_package, write_package
from forms.summary.roster import LOWER, OWN, Roster, RosterUnit, load_roster, save_roster
from forms.summary.total import ALL, summarise
from forms.summary.workbook import write_workbook
from forms.totals import effective_values
from forms.values import numeric

ROOT = Path(__file__).resolve().parents[1]


def expected_sum(drafts, fmt, cell_id, part=ALL):
    """The sum over the drafts, computed here from each unit's shown values; blank when no unit filled it."""
    table = fmt.tables[cell_id.split(".", 1)[0]]
    total = None
    for d in drafts:
        if part != ALL and (LOWER if d.meta.level in ("乡镇", "街道") else OWN) != part:
            continue
        n = numeric(effective_values(d, table)[cell_id])
        if n is not None:
            total = n if total is None else total + n
    return total


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    county = make_county(tmp_path_factory.mktemp("county") / "收到的报告")
    collection = collect([county.folder], county.roster)
    return county, collection, summarise(collection)


def test_the_units_summed_are_exactly_the_good_ones_of_the_year(county):
    c, coll, summary = county
    assert len(c.summed) >= 12
    assert sorted(u.name for u in summary.units) == sorted(c.summed)
    assert coll.year == 2023
    levels = {u.level for u in summary.units}
    assert {"乡镇", "街道", "县级政府部门"} <= levels


def test_every_summary_cell_is_the_sum_over_the_included_units(county):
    c, _coll, summary = county
    fmt = load_format(summary.format_id)
    drafts = list(c.summed.values())
    draft = summary.draft(org="某某县人民政府")
    checked = 0
    for table in fmt.tables.values():
        shown = effective_values(draft, table)
        for cid in table.cells:
            want = expected_sum(drafts, fmt, cid)
            assert numeric(summary.totals[ALL][cid]) == want, cid
            assert numeric(shown[cid]) == want, cid
            for part in (OWN, LOWER):
                assert numeric(summary.totals[part][cid]) == expected_sum(drafts, fmt, cid, part), (part, cid)
            if want:
                checked += 1
    assert checked > 20  # the county's figures are not all blank or zero
    # the breakdown of a cell names each unit and adds up to the cell
    cid = "apply.new_received.total"
    parts = summary.breakdown(cid)
    assert {u.name for u, _v in parts} == set(c.summed)
    assert sum(numeric(v) or 0 for _u, v in parts) == numeric(summary.totals[ALL][cid])


def test_the_summary_draft_adds_up_by_its_own_rules(county):
    _c, _coll, summary = county
    draft = summary.draft(org="某某县人民政府")
    arithmetic = [f for f in check(draft, Settings()) if f.rule in ("A1", "A2", "A3", "R1", "R2", "R3", "T1")]
    assert arithmetic == []
    text = draft.section("overview").before[0].text
    total = summary.totals[ALL]["apply.new_received.total"]
    own = summary.totals[OWN]["apply.new_received.total"]
    assert text.startswith(f"全县共收到政府信息公开申请{total}件，其中县本级{own}件")


def test_left_out_units_are_listed_with_their_reasons(county):
    c, coll, _summary = county
    by_file = {Path(u.source).name: u for u in coll.units}
    for name, word in c.left_out.items():
        unit = by_file[name]
        assert not unit.included, name
        assert word in unit.problem, (name, unit.problem)
    assert [r.name for r in coll.missing] == c.missing
    summed_files = {Path(u.source).name for u in coll.included}
    assert summed_files.isdisjoint(c.left_out)


def test_the_workbook_names_every_unit_and_holds_the_totals(county, tmp_path):
    import openpyxl

    c, coll, summary = county
    out = tmp_path / "汇总.xlsx"
    write_workbook(summary, out)
    wb = openpyxl.load_workbook(out)
    units = wb.worksheets[0]
    names = {row[1] for row in units.iter_rows(min_row=2, values_only=True)}
    assert {n for n, _lv in ROSTER} <= names
    assert {u.name for u in coll.units} <= names
    statuses = {row[1]: row[4] for row in units.iter_rows(min_row=2, values_only=True)}
    assert statuses["县卫生健康局"] == "未报送"
    fmt = load_format(summary.format_id)
    apply_sheet = wb.worksheets[1 + list(fmt.tables).index("apply")]  # after the sheet of units
    header = [v for v in next(apply_sheet.iter_rows(max_row=1, values_only=True)) if v]
    assert set(c.summed) <= set(header)
    # the 合计 block's first value column equals the totals of the cells in that grid column
    table = fmt.tables["apply"]
    first_value_col = min(vc.grid_col for vc in table.cells.values())
    label_cols = len(
        [col for col in range(table.grid_columns) if col not in {v.grid_col for v in table.cells.values()}]
    )
    for vc in table.cells.values():
        if vc.grid_col == first_value_col:
            got = apply_sheet.cell(row=vc.grid_row + 2, column=label_cols + 1).value
            assert numeric(summary.totals[ALL][vc.id]) == (None if got is None else Decimal(got)), vc.id
    findings = wb.worksheets[-1]
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    assert any(r[0] == "石马镇人民政府" and r[2] == "错误" for r in rows)


#: LibreOffice's CSV export: comma, double quotes, UTF-8 (76), first sheet
CSV_UTF8 = "csv:Text - txt - csv (StarCalc):44,34,76"


@pytest.mark.slow
def test_the_workbook_converts_in_libreoffice_calc(county, tmp_path):
    import subprocess

    from office import OFFICE
    from office import convert as office_convert

    if OFFICE is None:
        pytest.skip("LibreOffice not installed")
    _c, coll, summary = county
    out = tmp_path / "county.xlsx"
    write_workbook(summary, out)

    def convert(to: str) -> subprocess.CompletedProcess[str]:
        return office_convert([out], to, tmp_path, timeout=180)

    done = convert(CSV_UTF8)
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr, done.stderr
    csv_text = (tmp_path / "county.csv").read_text(encoding="utf-8")
    for u in coll.units:
        assert u.name in csv_text
    # every sheet, the official grids with their merged cells included, lays out as pages
    done = convert("pdf")
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr
    assert (tmp_path / "county.pdf").read_bytes().startswith(b"%PDF")


def test_seed_002_whole_area_figures_come_from_unit_drafts(tmp_path):
    seed = (ROOT / "tests/fixtures/seeds/002_dc6ff2fe6fe334d4.txt").read_text(encoding="utf-8")
    m = re.search(r"全区共主动公开政府信息(\d+)条，其中区本级公开(\d+)条，镇办及以下公开(\d+)条", seed)
    assert m is not None
    whole, own, lower = (int(g) for g in m.groups())
    applications = int(re.search(r"全区共收到政府信息公开申请(\d+)件", seed).group(1))
    own_units = [
        ("博山区人民政府办公室", "县级政府部门"),
        ("博山区教育局", "县级政府部门"),
        ("博山区财政局", "县级政府部门"),
    ]
    lower_units = [(f"{n}人民政府", "乡镇") for n in ("博山镇", "域城镇", "白塔镇", "石马镇", "源泉镇", "池上镇")]
    lower_units += [(f"{n}街道办事处", "街道") for n in ("城东", "城西", "山头")]

    def spread(total, n):
        return [total // n + (1 if i < total % n else 0) for i in range(n)]

    folder = tmp_path / "units"
    folder.mkdir()
    counts = spread(own, len(own_units)) + spread(lower, len(lower_units))
    asks = spread(applications, len(counts))
    for i, ((org, level), count, ask) in enumerate(zip(own_units + lower_units, counts, asks, strict=True)):
        d = full_report("legacy", level=level)
        d.meta.org = org
        d.set_value("stats.s01.value", count)
        d.set_value("stats.s17.value", ask)
        save_draft(d, folder / f"{i:02d}.nianbao")
    coll = collect([folder])
    assert coll.left_out == []
    summary = summarise(coll)
    assert summary.totals[ALL]["stats.s01.value"] == whole
    assert summary.totals[OWN]["stats.s01.value"] == own
    assert summary.totals[LOWER]["stats.s01.value"] == lower
    draft = summary.draft(org="博山区人民政府")
    assert draft.value("stats.s01.value") == whole
    assert draft.table("stats").included
    first = draft.section("active").before[0].text
    assert first == f"全区共主动公开政府信息{whole}条，其中区本级公开{own}条，乡镇（街道）公开{lower}条。"
    assert draft.section("apply").before[0].text.startswith(f"全区共收到政府信息公开申请{applications}件")
    # the 本级 draft is the office's own report: 本级 figures, no whole-area sentence
    mine = summary.draft(OWN, org="博山区人民政府")
    assert mine.value("stats.s01.value") == own
    assert not any(p.text.startswith("全区") for sec in mine.sections for p in sec.before)


def test_a_township_package_round_trips(tmp_path):
    draft = unit_draft("山头镇人民政府", "乡镇", 5)
    draft.set_value("apply.r_granted.natural", 40)  # an error, so that the findings are not empty
    path = tmp_path / "山头镇.zip"
    write_package(draft, path)
    with zipfile.ZipFile(path) as zf:
        import docx

        docx.Document(io.BytesIO(zf.read(DOCX_MEMBER)))
        page = zf.read("checks.html").decode("utf-8")
    pkg = read_package(path)
    coll = collect([path])
    (unit,) = coll.units
    assert unit.kind == PACKAGE
    assert to_dict(unit.draft) == to_dict(draft) == to_dict(pkg.draft)
    fresh = [finding_dict(f) for f in check(draft, Settings())]
    assert fresh and [finding_dict(f) for f in unit.findings] == fresh == unit.recorded
    assert any(f["severity"] == "error" for f in fresh)
    assert fresh[0]["message"][:10] in page
    assert not unit.included and "错误" in unit.problem


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_hostile_zips_are_refused_in_chinese(tmp_path):
    good = tmp_path / "good.zip"
    write_package(unit_draft("甲镇人民政府", "乡镇", 1), good)
    inner_bundle = _zip(tmp_path / "inner.zip", {"a.zip": good.read_bytes()})
    cases = {
        "traversal.zip": {"../evil.nianbao": b"{}"},
        "absolute.zip": {"/etc/evil.nianbao": b"{}"},
        "many.zip": {f"{i}.txt": b"" for i in range(2100)},
        "nested.zip": {"bundle.zip": inner_bundle.read_bytes()},
        "empty.zip": {"readme.md": b"hello"},
    }
    for name, members in cases.items():
        _zip(tmp_path / name, members)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("huge.nianbao", b"0" * (300 * 1024 * 1024))
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04broken")
    coll = collect([tmp_path / n for n in [*cases, "bomb.zip", "broken.zip"]])
    assert len(coll.units) == len(cases) + 2
    for u in coll.units:
        assert not u.included
        assert re.search(r"[\u4e00-\u9fff]", u.problem), u.problem
    assert not (tmp_path.parent / "evil.nianbao").exists()
    # a FIFO named like a package is refused at once, not waited on
    import os

    from forms.summary.package import PackageError
    from forms.summary.roster import RosterError

    (tmp_path / "pipe").mkdir()
    os.mkfifo(tmp_path / "pipe" / "fifo.zip")
    os.mkfifo(tmp_path / "pipe" / "名册.xlsx")
    (fifo_unit,) = collect([tmp_path / "pipe" / "fifo.zip"]).units
    assert "普通文件" in fifo_unit.problem
    with pytest.raises(PackageError, match="普通文件"):
        read_package(tmp_path / "pipe" / "fifo.zip")
    with pytest.raises(RosterError, match="普通文件"):
        load_roster(tmp_path / "pipe" / "名册.xlsx")
    # one level of bundling is opened: a bundle of packages gives its units
    bundle = _zip(tmp_path / "bundle.zip", {"甲镇.zip": good.read_bytes()})
    (unit,) = collect([bundle]).units
    assert unit.kind == PACKAGE and unit.included


def test_rosters_typed_pasted_saved_and_read_from_xlsx(tmp_path):
    import openpyxl

    from forms.summary.roster import RosterError, parse_roster_text

    pasted = parse_roster_text("单位名称\t层级\n城关镇人民政府\t乡镇\n县教育局\t县级政府部门\n东城街道办事处，街道\n")
    assert [(u.name, u.level) for u in pasted.units] == [
        ("城关镇人民政府", "乡镇"),
        ("县教育局", "县级政府部门"),
        ("东城街道办事处", "街道"),
    ]
    assert [u.part for u in pasted.units] == [LOWER, OWN, LOWER]
    saved = tmp_path / "某县.roster.json"
    save_roster(pasted, saved)
    assert load_roster(saved) == pasted
    wb = openpyxl.Workbook()
    wb.active.append(["名称", "层级"])
    for u in pasted.units:
        wb.active.append([u.name, u.level])
    wb.save(tmp_path / "名册.xlsx")
    assert load_roster(tmp_path / "名册.xlsx") == pasted
    with pytest.raises(RosterError, match="层级"):
        parse_roster_text("城关镇人民政府\t省级")
    with pytest.raises(RosterError, match="重复"):
        parse_roster_text("城关镇\t乡镇\n城关镇\t乡镇")
    (tmp_path / "bad.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(RosterError, match="Excel"):
        load_roster(tmp_path / "bad.xlsx")
    assert Roster([RosterUnit("城 关 镇", "乡镇")]).find("城关镇") is not None
    # names pasted without a level get the likely one
    guessed = parse_roster_text("石马镇人民政府\n东城街道办事处\n县教育局\n某某县人民政府\n")
    assert [u.level for u in guessed.units] == ["乡镇", "街道", "县级政府部门", "县级人民政府"]


def test_checks_across_units(tmp_path):
    a = unit_draft("甲镇人民政府", "乡镇", 1)
    b = unit_draft("乙镇人民政府", "乡镇", 2)
    c = unit_draft("丙局", "县级政府部门", 3)
    copied = (
        "我镇围绕优化营商环境、乡村振兴和民生保障等重点领域，全面梳理公开事项清单，做到应公开尽公开，群众办事更加便利。"
    )
    for d in (a, b):
        d.sections[1].before.append(copied_para(copied))
    a.set_value("active.rules.issued", 1)
    for i, d in enumerate((a, b, c)):
        for sec in d.sections:  # everything else of their own
            for p in sec.before:
                if p.text != copied:
                    p.text = f"{d.meta.org}{i}：{p.text}"
        save_draft(d, tmp_path / f"{i}.nianbao")
    coll = collect([tmp_path])
    rules = {u.name: sorted(f.rule for f in u.cross) for u in coll.units}
    assert rules == {"甲镇人民政府": ["S1", "S3"], "乙镇人民政府": ["S1"], "丙局": []}
    s1 = next(f for f in coll.units[0].cross if f.rule == "S1")
    assert "乙镇人民政府" in s1.message


def copied_para(text):
    from forms.model import Paragraph

    return Paragraph(text)


def test_far_from_last_year_and_acknowledged_warnings(county, tmp_path):
    _c, coll, _summary = county
    by_name = {u.name: u for u in coll.included}
    s2 = [f for f in by_name["城关镇人民政府"].cross if f.rule == "S2"]
    assert s2 and s2[0].cells == ("active.permit.decisions",)  # 900 last year
    assert not any(f.rule == "S2" for u in coll.included if u.name != "城关镇人民政府" for f in u.cross)
    # a warning the unit acknowledged with a note is counted as such
    from forms.model import Acknowledgement

    d = unit_draft("甲镇人民政府", "乡镇", 2)
    warning = next(f for f in check(d, Settings()) if f.severity == "warning")
    d.acknowledgements.append(
        Acknowledgement(warning.rule, warning.cells or warning.fields, warning.actual or "", "已核实")
    )
    save_draft(d, tmp_path / "甲镇.nianbao")
    (unit,) = collect([tmp_path / "甲镇.nianbao"]).units
    assert unit.acknowledged == 1 and unit.warnings >= 1


def test_the_summary_draft_renders_like_any_report(county):
    from forms.render import render_docx, render_txt

    _c, _coll, summary = county
    draft = summary.draft(org="某某县人民政府")
    text = render_txt(draft)
    assert "某某县人民政府2023年政府信息公开工作年度报告" in text
    assert draft.section("overview").before[0].text in text
    assert draft.section("review").before[0].text.startswith("全县共发生政府信息公开行政复议")
    assert str(summary.totals[ALL]["apply.new_received.total"]) in text
    assert render_docx(draft).startswith(b"PK")


def test_a_workbook_too_wide_for_excel_is_refused_and_nothing_written(county, tmp_path, monkeypatch):
    import forms.summary.workbook as workbook

    _c, _coll, summary = county
    monkeypatch.setattr(workbook, "MAX_COLUMNS", 40)  # as 2,300 units would meet Excel's 16,384
    with pytest.raises(workbook.WorkbookTooLarge, match="单位太多"):
        write_workbook(summary, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_a_roster_xlsx_that_unpacks_to_gigabytes_is_refused(tmp_path):
    from forms.summary.roster import RosterError

    bomb = tmp_path / "名册.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (80 * 1024 * 1024))
    with pytest.raises(RosterError, match="太大"):
        load_roster(bomb)


def test_a_published_report_is_imported_and_summed(tmp_path):
    """A unit that sent its published Word file instead of a draft is read by the importer."""
    from forms.render import render_docx

    first = unit_draft("甲镇人民政府", "乡镇", 3)
    second = unit_draft("乙镇人民政府", "乡镇", 5)
    save_draft(first, tmp_path / "甲镇.nianbao")
    (tmp_path / "乙镇2023年报.docx").write_bytes(render_docx(second))
    roster = Roster([RosterUnit("甲镇人民政府", "乡镇"), RosterUnit("乙镇人民政府", "乡镇")])
    collected = collect([tmp_path], roster)
    assert sorted(u.name for u in collected.included) == ["乙镇人民政府", "甲镇人民政府"], [
        (u.source, u.problem) for u in collected.units
    ]
    fmt = load_format("gov2021")
    summary = summarise(collected)
    checked = 0
    for table in fmt.tables.values():
        for cid in table.cells:
            want = expected_sum([first, second], fmt, cid)
            assert numeric(summary.totals[ALL][cid]) == want, cid
            checked += bool(want)
    assert checked > 10
