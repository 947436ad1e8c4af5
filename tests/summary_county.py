"""A test county for the summary (issue 14): unit drafts of 乡镇, 街道 and departments with
distinct figures, and the awkward cases a county office meets every January.

``make_county(folder)`` writes the files and returns what a correct summary must find.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from draft_factory import applicant_columns, fill_apply, fill_review, full_report, result_rows

from forms.draftfile import save_draft
from forms.model import Draft, Paragraph
from forms.summary.package import write_package
from forms.summary.roster import Roster, RosterUnit

YEAR = 2023

ROSTER = [
    ("城关镇人民政府", "乡镇"),
    ("河口镇人民政府", "乡镇"),
    ("山头镇人民政府", "乡镇"),
    ("石马镇人民政府", "乡镇"),
    ("八陡镇人民政府", "乡镇"),
    ("东城街道办事处", "街道"),
    ("西城街道办事处", "街道"),
    ("县人民政府办公室", "县级政府部门"),
    ("县发展和改革局", "县级政府部门"),
    ("县教育局", "县级政府部门"),
    ("县公安局", "县级政府部门"),
    ("县财政局", "县级政府部门"),
    ("县民政局", "县级政府部门"),
    ("县卫生健康局", "县级政府部门"),  # sends nothing
]


def unit_draft(org: str, level: str, seed: int, year: int = YEAR) -> Draft:
    """A complete, error-free draft whose figures depend on ``seed``."""
    d = full_report("gov2021", level=level)
    d.meta.org = org
    d.meta.year = year
    d.meta.date = dt.date(year + 1, 1, 15)
    fmt = d.fmt
    cols = applicant_columns(fmt)
    rows = result_rows(fmt)
    results = {rows[0]: {cols[0]: seed % 7 + 1, cols[1]: seed % 3}, rows[1]: {cols[0]: seed % 4}}
    fill_apply(d, results, {cols[0]: seed % 2}, {cols[0]: seed % 3 // 2})
    fill_review(d, {"review_upheld": seed % 2, "review_corrected": seed % 3 // 2})
    d.set_value("active.normative.issued", seed % 5 + 1)
    d.set_value("active.normative.in_force", seed % 9 + 3)
    d.set_value("active.permit.decisions", seed * 13 % 101)
    d.set_value("active.penalty.decisions", seed * 7 % 31)
    # a paragraph of its own, so that only planted copies count as 内容雷同
    d.sections[0].before.append(
        Paragraph(
            f"{org}本年度围绕第{seed}项重点任务推进政务公开，编号{seed * 7919}的专栏持续更新，群众满意度进一步提升。"
        )
    )
    return d


@dataclass
class County:
    folder: Path
    roster: Roster
    #: unit name -> draft for every unit that must be summed
    summed: dict[str, Draft] = field(default_factory=dict)
    #: file name -> a word its reason must contain
    left_out: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def make_county(folder: Path) -> County:
    folder.mkdir(parents=True, exist_ok=True)
    roster = Roster([RosterUnit(n, lv) for n, lv in ROSTER])
    county = County(folder, roster)
    for i, (org, level) in enumerate(ROSTER[:-1]):
        d = unit_draft(org, level, i + 3)
        name = f"{i + 1:02d}-{org}.nianbao"
        if org == "山头镇人民政府":
            name = f"{i + 1:02d}-{org}-报送包.zip"
            write_package(d, folder / name)
        else:
            save_draft(d, folder / name)
        if org == "石马镇人民政府":  # an arithmetic error: 本年新收 does not balance
            d.set_value("apply.new_received.natural", 999)
            save_draft(d, folder / name)
            county.left_out[name] = "错误"
        else:
            county.summed[org] = d
    # the same unit twice (a second copy sent by mail): left out, the first one counts
    save_draft(unit_draft("河口镇人民政府", "乡镇", 4), folder / "99-河口镇人民政府（再次报送）.nianbao")
    county.left_out["99-河口镇人民政府（再次报送）.nianbao"] = "重复"
    # last year's report of 城关镇: left out, and its figures compared with this year's
    last = unit_draft("城关镇人民政府", "乡镇", 3, YEAR - 1)
    last.set_value("active.permit.decisions", 900)
    save_draft(last, folder / "00-城关镇人民政府-2022.nianbao")
    county.left_out["00-城关镇人民政府-2022.nianbao"] = "2022"
    # a unit the roster does not know
    save_draft(unit_draft("县外事办公室", "县级政府部门", 40), folder / "50-县外事办公室.nianbao")
    county.left_out["50-县外事办公室.nianbao"] = "名册"
    # a published report and a damaged file
    (folder / "60-县统计局2023年报.docx").write_bytes(b"PK\x03\x04 not really a report")
    county.left_out["60-县统计局2023年报.docx"] = "导入"
    (folder / "70-损坏.nianbao").write_bytes(b'{"kind": "nianbao-draft", "schema_ver')
    county.left_out["70-损坏.nianbao"] = "损坏"
    county.missing = ["县卫生健康局"]
    return county


if __name__ == "__main__":  # the folder the screenshots of the summary window are made from
    import sys

    from forms.summary.roster import save_roster

    target = Path(sys.argv[1])
    made = make_county(target / "收到的报告")
    save_roster(made.roster, target / "名册.roster.json")
    print(target)
