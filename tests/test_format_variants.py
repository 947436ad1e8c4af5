"""Provincial variants (SPEC §2): a format file that extends a national one — data, no code."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from draft_factory import enter_totals, full_report

from forms import catalog, schema
from forms.catalog import format_lineage, format_summary_for
from forms.checks import check
from forms.cli import main
from forms.draftfile import load_draft
from forms.model import new_draft
from forms.render import render_docx, render_html, render_txt
from forms.render.templates import builtin_template
from forms.schema import FormatError, load_format

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = {"gov2019-hubei": "湖北省", "gov2019-beijing": "北京市"}
#: what each variant adds to the national table 二, as printed
ADDED = {
    "gov2019-hubei": ["其他主动公开文件"],
    "gov2019-beijing": ["行政检查", "行政确认", "采购总金额（万元，保留四位小数）"],
}


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("fid", VARIANTS)
def test_a_variant_is_one_data_file_and_no_code(fid):
    assert (ROOT / "forms" / "formats" / f"{fid}.json").is_file()
    for py in [*(ROOT / "forms").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        assert fid not in py.read_text(encoding="utf-8"), py
    assert not (ROOT / "templates" / fid).exists()  # it prints with the templates it inherits
    assert builtin_template(fid, "txt") == builtin_template("gov2019", "txt")
    assert format_lineage(fid) == (fid, "gov2019")


@pytest.mark.parametrize("fid", VARIANTS)
def test_a_variant_loads_and_renders_its_rows_in_every_output(fid):
    fmt = load_format(fid)
    assert (fmt.extends, fmt.province, fmt.year_from, fmt.year_to) == ("gov2019", VARIANTS[fid], 2019, 2020)
    draft = full_report(fid)
    txt, html, docx = render_txt(draft), render_html(draft), docx_text(render_docx(draft))
    for label in ADDED[fid]:
        assert label in txt and label in html and label in docx, label
    assert "其他主动公开文件" not in render_txt(full_report("gov2019"))  # the national table is unchanged
    assert check(draft) == []  # a complete report in the variant is clean


def test_hubei_s_added_row_is_checked_like_its_neighbours():
    draft = full_report("gov2019-hubei")
    draft.set_value("active.other_docs.made", None)
    draft.set_value("active.other_docs.published", -1)
    found = {(f.rule, f.cells) for f in check(draft) if f.rule in ("T1", "T2")}
    assert ("T1", ("active.other_docs.published",)) in found
    assert any(rule == "T2" and "active.other_docs.made" in cells for rule, cells in found)


def test_beijing_s_split_row_is_the_sum_it_declares():
    draft = full_report("gov2019-beijing")
    draft.set_value("active.inspection.decisions", 7)
    draft.set_value("active.confirmation.decisions", 5)
    # computed: the parent row shows the sum of its parts
    assert "\t12\n" in render_txt(draft)
    assert [f for f in check(draft) if f.rule == "A3"] == []
    enter_totals(draft, "active")
    draft.set_value("active.other_service.decisions", 10)
    [f] = [f for f in check(draft) if f.rule == "A3"]
    assert f.cells[0] == "active.other_service.decisions" and (f.expected, f.actual) == ("12", "10")
    assert f.severity == "error"
    draft.set_value("active.other_service.decisions", None)  # left blank as published
    [f] = [f for f in check(draft) if f.rule == "A3"]
    assert f.actual == "" and "是空的" in f.message


def test_beijing_s_amount_column_says_its_unit_so_no_unit_is_asked_for():
    from decimal import Decimal

    from forms.values import parse_cell

    draft = full_report("gov2019-beijing")
    draft.set_value("active.procurement.amount", parse_cell("477.3500", "amount_unit"))
    assert [f for f in check(draft) if f.rule == "P7"] == []
    assert "\t477.3500\n" in render_txt(draft)
    national = full_report("gov2019")
    national.set_value("active.procurement.amount", parse_cell("477.35", "amount_unit"))
    assert [f.rule for f in check(national) if f.rule == "P7"] == ["P7"]
    assert draft.value("active.procurement.amount").value == Decimal("477.35")


@pytest.mark.parametrize(
    ("year", "org", "province", "fid"),
    [
        (2020, "湖北省武汉市生态环境局", None, "gov2019-hubei"),
        (2019, "北京市东城区人民政府", None, "gov2019-beijing"),
        (2020, "北京街道办事处", None, "gov2019"),  # a street called 北京 in another city
        (2020, "某某县某某镇人民政府", "湖北", "gov2019-hubei"),
        (2020, "某某县某某镇人民政府", None, "gov2019"),  # default: national
        (2022, "湖北省武汉市生态环境局", None, "gov2021"),  # no variant of the current format yet
    ],
)
def test_the_year_and_province_pick_the_format_offered(year, org, province, fid):
    assert format_summary_for(year, org, province).id == fid


def test_main_new_picks_the_variant_and_next_year_keeps_it(tmp_path, capsys):
    path = tmp_path / "2019.nianbao"
    assert main(["new", "-o", str(path), "--org", "某某县某某镇人民政府", "--year", "2019", "--province", "湖北"]) == 0
    assert load_draft(path).format_id == "gov2019-hubei"
    nxt = tmp_path / "2020.nianbao"
    assert main(["new", "-o", str(nxt), "--from", str(path)]) == 0
    assert load_draft(nxt).format_id == "gov2019-hubei"
    later = tmp_path / "2021.nianbao"
    assert main(["new", "-o", str(later), "--from", str(nxt)]) == 0
    assert load_draft(later).format_id == "gov2021"


def test_a_new_variant_needs_only_a_data_file(tmp_path, monkeypatch):
    formats = tmp_path / "formats"
    shutil.copytree(ROOT / "forms" / "formats", formats)
    variant = {
        "id": "gov2021-test",
        "extends": "gov2021",
        "name": "2021年版格式·测试省",
        "province": "测试省",
        "tables": {
            "active": {
                "replace_rows": [
                    {
                        "row": "permit",
                        "rows": [
                            {
                                "key": "permit",
                                "cells": [{"text": "行政许可"}],
                                "values": "decisions",
                                "sum": {"of": ["permit_a", "permit_b"], "rule": "A3"},
                            },
                            {"key": "permit_a", "cells": [{"text": "其中：企业"}], "values": "decisions"},
                            {"key": "permit_b", "cells": [{"text": "其中：个人"}], "values": "decisions"},
                        ],
                    }
                ]
            }
        },
    }
    columns = json.loads((formats / "gov2021.json").read_text(encoding="utf-8"))["tables"]["active"]["column_sets"]
    set_name = next(k for k, cols in columns.items() if [c["key"] for c in cols] == ["decisions"])
    for row in variant["tables"]["active"]["replace_rows"][0]["rows"]:
        row["values"] = set_name
    (formats / "gov2021-test.json").write_text(json.dumps(variant, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(catalog, "FORMATS_DIR", formats)
    monkeypatch.setattr(schema, "FORMATS_DIR", formats)
    for cached in (catalog.format_summary, schema.load_format):
        cached.cache_clear()
    try:
        assert "gov2021-test" in catalog.format_ids()
        assert format_summary_for(2023, "测试省某县某镇人民政府").id == "gov2021-test"
        draft = new_draft("gov2021-test", "测试省某县某镇人民政府", 2023, "乡镇")
        draft.set_value("active.permit_a.decisions", 2)
        draft.set_value("active.permit_b.decisions", 3)
        assert "其中：企业" in render_txt(draft) and "\t5\n" in render_txt(draft)
        # a variant that edits a row its base lacks is refused in Chinese, not followed
        variant["tables"]["active"]["replace_rows"][0]["row"] = "nonexistent"
        (formats / "gov2021-bad.json").write_text(json.dumps(variant | {"id": "gov2021-bad"}), encoding="utf-8")
        with pytest.raises(FormatError, match="不存在的表格行"):
            schema.load_format("gov2021-bad")
        # and one that extends itself is refused too
        (formats / "gov2021-loop.json").write_text(
            json.dumps({"id": "gov2021-loop", "extends": "gov2021-loop", "name": "x"}), encoding="utf-8"
        )
        with pytest.raises(FormatError):
            schema.load_format("gov2021-loop")
    finally:
        for cached in (catalog.format_summary, schema.load_format):
            cached.cache_clear()


@pytest.mark.parametrize("fid", [*VARIANTS, "gov2019"])
def test_a_published_report_imports_into_its_variant(fid):
    from forms.importing import import_text

    draft = full_report(fid)
    draft.meta.org = "某某镇人民政府"  # the province is not in the name: the table tells the variant
    if fid == "gov2019-hubei":
        for col, n in (("made", 186), ("published", 86), ("published_total", 255)):
            draft.set_value(f"active.other_docs.{col}", n)  # 武汉市生态环境局's figures
    got = import_text(render_txt(draft)).draft
    assert got.format_id == fid
    if fid == "gov2019-hubei":
        assert got.value("active.other_docs.published_total") == 255
