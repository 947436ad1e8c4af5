"""Build the example drafts forms/examples/*.nianbao from the five seed reports.

    .venv/bin/python tests/make_examples.py          # (re)write the example files
    .venv/bin/python tests/make_examples.py --check  # exit 1 if a committed file differs

The texts and numbers come from the seed copies in tests/fixtures/seeds, after the extraction
residue listed in tests/fixtures/seed_residue.json is removed.  What a seed cannot say by
itself (section keys, the statutory items a section covers, organisation, level, 署名 and
成文日期) is written down in ``EXAMPLES`` below; every such statement is checked against the
seed text while building, so a wrong statement stops the build instead of producing a draft.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from forms.draftjson import to_dict  # noqa: E402
from forms.importing.assemble import heading_level  # noqa: E402  # one rule for levels, here and in import
from forms.model import Contact, Draft, Paragraph, SectionText, new_draft  # noqa: E402
from forms.pictures import make_picture  # noqa: E402
from forms.schema import GridCell, TableDef  # noqa: E402
from forms.totals import effective_values  # noqa: E402
from forms.values import CellValue, parse_cell  # noqa: E402

SEEDS_DIR = ROOT / "tests" / "fixtures" / "seeds"
RESIDUE_FILE = ROOT / "tests" / "fixtures" / "seed_residue.json"
EXAMPLES_DIR = ROOT / "forms" / "examples"
CHARTS_DIR = EXAMPLES_DIR / "charts"

INDENT = " \u3000\u00a0"  # the indentation the seeds put around paragraphs
_WS = re.compile(r"[\s\u3000\u00a0]+")
_YEAR = re.compile(r"(\d{4})\s*年")


class SeedMismatch(Exception):
    """A statement in EXAMPLES does not hold for the seed text."""


@dataclass(frozen=True)
class SectionSpec:
    heading: str  # the seed's own section heading, verbatim after cleaning
    key: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExampleSpec:
    seed: str
    filename: str
    format_id: str
    org: str
    level: str
    sections: tuple[SectionSpec, ...]
    signature: str = ""
    date: dt.date | None = None
    contact: dict[str, str] = field(default_factory=dict)
    #: the seed has the legacy 统计表 as an attachment
    stats: bool = False
    #: a caption line of the seed → the picture under it (forms/examples/charts/, drawn by
    #: tests/make_example_charts.py); the line becomes that picture block's caption
    pictures: dict[str, str] = field(default_factory=dict)


def _legacy(heading: str, key: str, *items: str) -> SectionSpec:
    return SectionSpec(heading, key, items)


EXAMPLES: tuple[ExampleSpec, ...] = (
    ExampleSpec(
        seed="000",
        filename="000-boshan-2017.nianbao",
        format_id="legacy",
        org="博山镇",
        level="乡镇",
        sections=(
            _legacy("一、概述", "overview"),
            _legacy("二、政府信息主动公开情况", "active", "active"),
            _legacy("三、政府信息依申请公开情况", "apply", "apply"),
            _legacy("四、政府信息公开收费及减免情况", "fees", "fees"),
            _legacy("五、行政复议、诉讼情况", "review", "review"),
            _legacy("六、主要问题及改进措施", "problems", "problems"),
        ),
        pictures={"2017年度主动公开统计图": "000-active-channels.png"},
    ),
    ExampleSpec(
        seed="001",
        filename="001-zhongzhuang-2017.nianbao",
        format_id="legacy",
        org="中庄镇",
        level="乡镇",
        sections=(
            _legacy("一、概述", "overview"),
            _legacy("二、主动公开政府信息情况", "active", "active"),
            # its last paragraph reports the fees (政府信息公开的收费及减免情况：…)
            _legacy("三、依申请公开政府信息办理情况", "apply", "apply", "fees"),
            _legacy("四、因政府信息公开申请行政复议、提起行政诉讼的情况", "review", "review"),
            _legacy("五、主要存在问题", "problems", "problems"),
            _legacy("六、改进措施", "improvements", "problems"),
        ),
        stats=True,
    ),
    ExampleSpec(
        seed="002",
        filename="002-boshan-district-2017.nianbao",
        format_id="legacy",
        org="博山区人民政府",
        level="县级人民政府",
        sections=(
            _legacy("一、概述", "overview"),
            _legacy("二、主动公开政府信息情况", "active", "active"),
            # …在政府信息公开申请办理过程中，未收取任何费用。
            _legacy("三、依申请公开政府信息情况", "apply", "apply", "fees"),
            _legacy("四、涉及政府信息公开的复议诉讼和举报情况", "review", "review"),
            _legacy("五、存在的不足及改进措施", "problems", "problems"),
        ),
        signature="博山区人民政府办公室",
        date=dt.date(2018, 3, 6),
        contact={
            "office": "博山区政府信息化管理办公室",
            "address": "博山区县前街46号",
            "postcode": "255200",
            "phone": "0533-4110176",
            "website": "www.boshan.gov.cn",
        },
    ),
    ExampleSpec(
        seed="003",
        filename="003-heluo-2017.nianbao",
        format_id="legacy",
        org="河洛镇",
        level="乡镇",
        # no section on 行政复议/行政诉讼: a real gap of this report, left for the checks to find
        sections=(
            _legacy("一、概述", "overview"),
            _legacy("二、政府信息公开的组织领导和制度建设情况", "org_system"),
            _legacy("三、发布解读、回应社会关切以及互动交流情况", "response"),
            _legacy("四、重点领域政府信息公开工作推进情况", "key_areas"),
            _legacy("五、主动公开政府信息以及公开平台建设情况", "active", "active"),
            _legacy("六、政府信息公开申请办理情况", "apply", "apply"),
            _legacy("七、政府信息公开的收费及减免情况", "fees", "fees"),
            _legacy("八、政府信息公开保密情况及监督监察情况", "secrecy"),
            _legacy("九、政府信息公开工作存在的主要问题及改进情况", "problems", "problems"),
        ),
        signature="河洛镇人民政府",
        date=dt.date(2018, 1, 27),
    ),
    ExampleSpec(
        seed="004",
        filename="004-boshan-2020.nianbao",
        format_id="gov2019",
        org="博山镇",
        level="乡镇",
        # fixed sections: the headings must be the format's titles (checked), the keys are its keys
        sections=(
            SectionSpec("一、总体情况", "overview"),
            SectionSpec("二、主动公开政府信息情况", "active"),
            SectionSpec("三、收到和处理政府信息公开申请情况", "apply"),
            SectionSpec("四、政府信息公开行政复议、行政诉讼情况", "review"),
            SectionSpec("五、存在的主要问题及改进情况", "problems"),
            SectionSpec("六、其他需要报告的事项", "other"),
        ),
    ),
)

#: table labels in a seed that differ from the format's label on purpose: seed 001 lost a
#: character at a line break inside this cell (…网站建设）/护等…); the format has 建设维护等
KNOWN_LABEL_DIFFS = {"001": {"（三）政府信息公开专项经费（不包括政府公报编辑管理及政府网站建设）护等方面的经费）"}}


# --- seed text ---------------------------------------------------------------------------
def seed_path(number: str) -> Path:
    paths = sorted(SEEDS_DIR.glob(f"{number}_*.txt"))
    if len(paths) != 1:
        raise SeedMismatch(f"expected one seed file {number}_*.txt in {SEEDS_DIR}, found {len(paths)}")
    return paths[0]


def load_residue() -> dict[str, list[dict[str, str]]]:
    data: dict[str, list[dict[str, str]]] = json.loads(RESIDUE_FILE.read_text(encoding="utf-8"))
    return data


def clean_seed(number: str) -> str:
    """The seed text with its extraction residue replaced by the clean text (each fix applies once)."""
    text = seed_path(number).read_text(encoding="utf-8")
    for fix in load_residue().get(number, []):
        if text.count(fix["seed_text"]) != 1:
            raise SeedMismatch(f"seed {number}: residue text does not occur exactly once: {fix['seed_text']!r}")
        text = text.replace(fix["seed_text"], fix["clean_text"])
    return text


@dataclass
class Table:
    cells: list[str]


def parse_layout(text: str) -> list[str | Table]:
    """Paragraphs (stripped) and tables (their cells in order) of a text in the seed layout.

    A cell starts with a TAB; a non-blank line without TAB inside a row continues the cell;
    a blank line ends a row.  Rows not separated by a paragraph belong to the same table.
    """
    blocks: list[str | Table] = []
    in_row = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("\t"):
            if not blocks or not isinstance(blocks[-1], Table):
                blocks.append(Table([]))
            table = blocks[-1]
            assert isinstance(table, Table)
            table.cells.append(line[1:])
            in_row = True
        elif line.strip(INDENT + "\t") == "":
            in_row = False
        elif in_row:
            table = blocks[-1]
            assert isinstance(table, Table)
            table.cells[-1] += "\n" + line
        else:
            blocks.append(line.strip(INDENT))
    return blocks


def date_text(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# --- tables ------------------------------------------------------------------------------
def grid_sequence(tdef: TableDef) -> list[GridCell | None]:
    """The cells of a table in the order the seed layout lists them; None for a cell that
    continues a vertical merge (listed once as an empty cell, whatever its width)."""
    seq: list[GridCell | None] = []
    for r in range(len(tdef.rows)):
        col = 0
        while col < tdef.grid_columns:
            gc = tdef.covering(r, col)
            assert gc is not None
            seq.append(gc if gc.row == r else None)
            col = gc.col + gc.colspan
    return seq


def fill_table(draft: Draft, number: str, tdef: TableDef, cells: list[str]) -> None:
    """Enter the seed's numbers; check its labels and that its totals equal the computed ones."""
    expected = grid_sequence(tdef)
    if len(expected) != len(cells):
        raise SeedMismatch(f"seed {number}: table {tdef.key} has {len(cells)} cells, the format {len(expected)}")
    published: dict[str, CellValue | None] = {}
    for gc, raw in zip(expected, cells, strict=True):
        seen = _WS.sub("", raw)
        if gc is None or gc.cell_id is None:
            label = "" if gc is None or gc.text is None else _WS.sub("", gc.text)
            if seen != label and seen not in KNOWN_LABEL_DIFFS.get(number, set()):
                raise SeedMismatch(f"seed {number}: table {tdef.key}: label {seen!r}, format {label!r}")
            continue
        vc = tdef.cells[gc.cell_id]
        value = parse_cell(raw, vc.type)
        if vc.computed:
            published[vc.id] = value
        elif value is not None:
            draft.set_value(vc.id, value)
    shown = effective_values(draft, tdef)
    for cid, value in published.items():
        if shown[cid] != value:
            raise SeedMismatch(f"seed {number}: published total {cid} = {value}, computed {shown[cid]}")


# --- drafts ------------------------------------------------------------------------------
def build_draft(spec: ExampleSpec, with_pictures: bool = True) -> Draft:
    blocks = parse_layout(clean_seed(spec.seed))
    title = blocks[0]
    if not isinstance(title, str):
        raise SeedMismatch(f"seed {spec.seed} does not start with its title")
    year = _YEAR.search(title)
    if year is None:
        raise SeedMismatch(f"seed {spec.seed}: no year in the title {title!r}")
    draft = new_draft(spec.format_id, spec.org, int(year.group(1)), spec.level)
    fmt = draft.fmt
    draft.title = title
    draft.preface = []
    draft.meta.signature = spec.signature
    draft.meta.date = spec.date
    draft.meta.contact = Contact(**spec.contact)
    tail = [spec.signature] if spec.signature else []
    tail += [date_text(spec.date)] if spec.date else []
    attachment: list[str] = []
    if spec.stats:
        assert fmt.attachment is not None
        draft.table(fmt.attachment["table"]).included = True
        attachment = [
            fmt.attachment["label"],
            fmt.attachment["title"].format(year=draft.meta.year, org=draft.meta.org),
        ]

    if spec.format_id == "legacy":
        draft.sections = []
    pending = list(spec.sections)
    current: SectionText | None = None
    after_table = False
    body = blocks[1:]
    if tail:
        ending = body[-len(tail) :]
        if ending != tail:
            raise SeedMismatch(f"seed {spec.seed} ends with {ending!r}, expected {tail!r}")
        body = body[: -len(tail)]
    stats_filled = False
    for block in body:
        if isinstance(block, Table):
            if spec.stats and not attachment and not stats_filled:
                # the attachment table, after its label and title (matched as lines above)
                assert fmt.attachment is not None
                fill_table(draft, spec.seed, fmt.tables[fmt.attachment["table"]], block.cells)
                stats_filled = True
                continue
            sdef = fmt.section(current.key) if current else None
            if sdef is None or sdef.table is None:
                raise SeedMismatch(f"seed {spec.seed}: a table where the format has none")
            fill_table(draft, spec.seed, fmt.tables[sdef.table], block.cells)
            after_table = True
        elif pending and block == pending[0].heading:
            current = _start_section(draft, pending.pop(0))
            after_table = False
        elif attachment and not pending and block == attachment[0]:
            attachment.pop(0)  # comes from the format's attachment, not a paragraph
        elif len(attachment) == 1:
            raise SeedMismatch(f"seed {spec.seed}: text between the attachment label and title: {block!r}")
        elif current is None:
            draft.preface.append(Paragraph(block, heading_level(block)))
        elif with_pictures and block in spec.pictures:
            part = "after" if after_table else "before"
            data = (CHARTS_DIR / spec.pictures[block]).read_bytes()
            anchor = len(current.after if after_table else current.before)
            current.pictures.append(make_picture(data, block, place=part, anchor=anchor))
        else:
            (current.after if after_table else current.before).append(Paragraph(block, heading_level(block)))
    if pending:
        raise SeedMismatch(f"seed {spec.seed}: section headings not found: {[s.heading for s in pending]}")
    if spec.stats and not stats_filled:
        raise SeedMismatch(f"seed {spec.seed}: the attachment table was not found")
    preface_text = "".join(p.text for p in draft.preface)
    missing = [v for v in spec.contact.values() if v not in preface_text]
    if missing:
        raise SeedMismatch(f"seed {spec.seed}: contact details not in the 前言: {missing}")
    return draft


def _start_section(draft: Draft, sspec: SectionSpec) -> SectionText:
    if not draft.fmt.sections_editable:
        sec = draft.section(sspec.key)
        sdef = draft.fmt.section(sspec.key)
        if sec is None or sdef is None or sdef.title != sspec.heading:
            raise SeedMismatch(f"{sspec.heading!r} is not the format's section {sspec.key!r}")
        sec.title = None
        sec.items = list(sspec.items)
        return sec
    item_keys = {i.key for i in draft.fmt.items}
    if not set(sspec.items) <= item_keys or draft.section(sspec.key) is not None:
        raise SeedMismatch(f"section {sspec.key!r}: unknown items or duplicate key")
    sec = SectionText(key=sspec.key, title=sspec.heading, items=list(sspec.items))
    draft.sections.append(sec)
    return sec


def dump(draft: Draft) -> str:
    return json.dumps(to_dict(draft), ensure_ascii=False, indent=1) + "\n"


def build_all() -> dict[str, str]:
    """File name -> the text of the example draft."""
    return {spec.filename: dump(build_draft(spec)) for spec in EXAMPLES}


def main(argv: list[str]) -> int:
    built = build_all()
    if "--check" in argv:
        stale = [
            n
            for n, t in built.items()
            if not (EXAMPLES_DIR / n).is_file() or (EXAMPLES_DIR / n).read_text(encoding="utf-8") != t
        ]
        for name in stale:
            print(f"out of date: forms/examples/{name}", file=sys.stderr)
        return 1 if stale else 0
    EXAMPLES_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in built.items():
        (EXAMPLES_DIR / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote forms/examples/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
