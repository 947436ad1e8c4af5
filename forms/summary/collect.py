"""Collecting the units' files: drafts, submission packages, bundles of them, folders.

Every file looked at becomes a ``Unit`` with its draft (when it could be read), its findings
and, when it is left out of the sum, the reason in Chinese: another year or format, a second
file of the same unit, not on the roster, errors, unreadable, or a published report (the
importer of issue 13 is not there yet).  Nothing is silently summed or silently dropped.
"""

from __future__ import annotations

import os
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms.checks import Settings, check
from forms.checks.findings import ERROR, WARNING, Finding
from forms.draftfile import DRAFT_SUFFIX, MAX_DRAFT_BYTES, draft_from_document, load_draft, parse_document
from forms.errors import DraftFileError, FormatError
from forms.i18n import _
from forms.model import Draft
from forms.summary.bounds import MAX_ZIP_BYTES, ZipRefused, check_zip, read_member, regular_file_size
from forms.summary.package import PackageError, is_package, package_from_zip
from forms.summary.roster import Roster, RosterUnit, part_of, unit_key

REPORT_SUFFIXES = (".docx", ".html", ".htm", ".txt", ".doc", ".wps", ".pdf")
UNIT_SUFFIXES = (DRAFT_SUFFIX, ".zip", *REPORT_SUFFIXES)
MAX_FILES = 5000
MAX_FOLDER_DEPTH = 4

DRAFT = "draft"
PACKAGE = "package"
REPORT = "report"
OTHER = "other"
KIND_NAMES = {DRAFT: _("草稿"), PACKAGE: _("报送包"), REPORT: _("已发布的报告"), OTHER: _("其他文件")}

Progress = Callable[[int, int], None]


@dataclass
class Unit:
    """One file (or one member of a bundle) as received."""

    source: str  # the path, or "bundle.zip/member"
    kind: str
    draft: Draft | None = None
    findings: list[Finding] = field(default_factory=list)
    #: the findings recorded in a submission package, as JSON dicts
    recorded: list[dict[str, Any]] | None = None
    roster: RosterUnit | None = None
    #: why the unit is not summed (Chinese); None: summed
    problem: str | None = None
    #: findings across units (forms.summary.across)
    cross: list[Finding] = field(default_factory=list)

    @property
    def included(self) -> bool:
        return self.problem is None

    @property
    def name(self) -> str:
        if self.roster is not None:
            return self.roster.name
        if self.draft is not None:
            return self.draft.meta.org
        return Path(self.source).name

    @property
    def level(self) -> str:
        if self.roster is not None:
            return self.roster.level
        return self.draft.meta.level if self.draft is not None else ""

    @property
    def part(self) -> str:
        return part_of(self.level)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings + self.cross if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    @property
    def acknowledged(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING and f.acknowledged)


@dataclass
class Collection:
    units: list[Unit]
    #: roster units with no file of the summary's year and format
    missing: list[RosterUnit]
    year: int | None
    format_id: str | None
    roster: Roster | None = None

    @property
    def included(self) -> list[Unit]:
        return [u for u in self.units if u.included]

    @property
    def left_out(self) -> list[Unit]:
        return [u for u in self.units if not u.included]


# --- finding the files -------------------------------------------------------------------


def expand(paths: Iterable[Path | str]) -> list[Path]:
    """Files named, and the unit files inside the folders named (a few levels deep), in name order."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                depth = len(Path(root).relative_to(path).parts)
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if depth < MAX_FOLDER_DEPTH else []
                for name in sorted(files):
                    if name.lower().endswith(UNIT_SUFFIXES) and not name.startswith((".", "~$")):
                        out.append(Path(root) / name)
                if len(out) > MAX_FILES:
                    break
        else:
            out.append(path)
        if len(out) > MAX_FILES:
            break
    return out[: MAX_FILES + 1]


def _published(source: str, data: bytes | None = None) -> Unit:
    """A published report (.docx, .html, .txt), through the importer; what it cannot read is left out."""
    from forms.importing import NotImportable, import_bytes, import_file

    try:
        imported = import_bytes(data, source) if data is not None else import_file(Path(source))
    except NotImportable as exc:
        return Unit(source, REPORT, problem=str(exc))
    return Unit(source, REPORT, draft=imported.draft)


def _draft_from_bytes(data: bytes, source: str) -> Draft:
    where = Path(source)
    return draft_from_document(parse_document(data, where), where)


def _from_zip(path: Path) -> list[Unit]:
    """A submission package, or a bundle holding drafts and packages (one level, no deeper)."""
    source = str(path)
    try:
        if regular_file_size(path) > MAX_ZIP_BYTES:
            return [Unit(source, OTHER, problem=_("压缩文件太大"))]
        with zipfile.ZipFile(path) as zf:
            check_zip(zf)
            names = [i.filename for i in zf.infolist()]
            if is_package(names):
                pkg = package_from_zip(zf, path)
                return [Unit(source, PACKAGE, draft=pkg.draft, recorded=pkg.findings)]
            units: list[Unit] = []
            for info in zf.infolist():
                member = f"{source}/{info.filename}"
                lower = info.filename.lower()
                if info.is_dir():
                    continue
                if lower.endswith(DRAFT_SUFFIX):
                    try:
                        units.append(
                            Unit(member, DRAFT, draft=_draft_from_bytes(read_member(zf, info, MAX_DRAFT_BYTES), member))
                        )
                    except (DraftFileError, ZipRefused) as exc:
                        units.append(Unit(member, DRAFT, problem=str(exc)))
                elif lower.endswith(".zip"):
                    units.append(_inner_zip(zf, info, member))
                elif lower.endswith(REPORT_SUFFIXES):
                    try:
                        units.append(_published(member, read_member(zf, info, MAX_DRAFT_BYTES)))
                    except ZipRefused as exc:
                        units.append(Unit(member, REPORT, problem=str(exc)))
            if not units:
                return [Unit(source, OTHER, problem=_("压缩文件中没有草稿或报送包"))]
            return units
    except (ZipRefused, PackageError, DraftFileError) as exc:
        return [Unit(source, PACKAGE, problem=str(exc))]
    except zipfile.BadZipFile:
        return [Unit(source, OTHER, problem=_("不是完好的压缩文件"))]
    except OSError as exc:
        return [Unit(source, OTHER, problem=_("无法读取（{err}）").format(err=exc.strerror or exc))]


def _inner_zip(outer: zipfile.ZipFile, info: zipfile.ZipInfo, member: str) -> Unit:
    """A package inside a bundle; a bundle inside a bundle is not opened."""
    import io

    try:
        data = read_member(outer, info, MAX_DRAFT_BYTES * 2)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_zip(zf)
            if not is_package([i.filename for i in zf.infolist()]):
                return Unit(member, OTHER, problem=_("压缩包里的压缩包只能是报送包，不再往下打开"))
            pkg = package_from_zip(zf, Path(member))
            return Unit(member, PACKAGE, draft=pkg.draft, recorded=pkg.findings)
    except (ZipRefused, PackageError, DraftFileError) as exc:
        return Unit(member, PACKAGE, problem=str(exc))
    except zipfile.BadZipFile:
        return Unit(member, OTHER, problem=_("不是完好的压缩文件"))


def read_units(path: Path) -> list[Unit]:
    """The unit(s) in one file; a file that cannot be used is a unit with its reason."""
    source = str(path)
    lower = path.name.lower()
    if lower.endswith(".zip"):
        return _from_zip(path)
    if lower.endswith(REPORT_SUFFIXES):
        return [_published(source)]
    try:
        return [Unit(source, DRAFT, draft=load_draft(path))]
    except DraftFileError as exc:
        return [Unit(source, DRAFT if lower.endswith(DRAFT_SUFFIX) else OTHER, problem=str(exc))]
    except FormatError as exc:
        return [Unit(source, DRAFT, problem=str(exc))]


# --- deciding what is summed -------------------------------------------------------------


def _target(units: list[Unit]) -> tuple[int | None, str | None]:
    """The year and format most units have (the latest year on a tie)."""
    counts = Counter((u.draft.meta.year, u.draft.format_id) for u in units if u.draft is not None and u.included)
    if not counts:
        return None, None
    (year, fid), _n = max(counts.items(), key=lambda kv: (kv[1], kv[0][0]))
    return year, fid


def collect(
    paths: Iterable[Path | str],
    roster: Roster | None = None,
    *,
    year: int | None = None,
    format_id: str | None = None,
    include_errors: bool = False,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Collection:
    """Read, check and sort every unit file: which units are summed, which are left out and why."""
    files = expand(paths)
    units: list[Unit] = []
    total = len(files)
    if len(files) > MAX_FILES:
        files = files[:MAX_FILES]
    settings = settings or Settings()
    index = {unit_key(r.name): r for r in roster.units} if roster is not None else {}
    for i, path in enumerate(files):
        for u in read_units(path):
            if u.draft is not None:
                u.findings = check(u.draft, settings)
                u.roster = index.get(unit_key(u.draft.meta.org))
            units.append(u)
        if progress is not None:
            progress(i + 1, total)
    if total > MAX_FILES:
        units.append(Unit(_("（其余文件）"), OTHER, problem=_("文件超过 {n} 个，其余的没有读取").format(n=MAX_FILES)))
    if year is None or format_id is None:
        found_year, found_format = _target(units)
        year = found_year if year is None else year
        format_id = found_format if format_id is None else format_id
    decide(units, roster, year, format_id, include_errors)
    received = {
        unit_key(u.name)
        for u in units
        if u.draft is not None and (u.draft.meta.year, u.draft.format_id) == (year, format_id)
    }
    missing = [r for r in roster.units if unit_key(r.name) not in received] if roster is not None else []
    from forms.summary.across import cross_checks

    cross_checks(units, year)
    return Collection(units, missing, year, format_id, roster)


def decide(
    units: list[Unit], roster: Roster | None, year: int | None, format_id: str | None, include_errors: bool
) -> None:
    """Give every unit that is not to be summed its reason; the first file of a unit is the one summed."""
    from forms.schema import load_format

    summed: dict[str, Unit] = {}
    for u in units:
        if u.draft is None or u.problem is not None:
            continue
        meta = u.draft.meta
        if meta.year != year:
            u.problem = _("是 {found} 年度的报告，汇总的是 {year} 年度").format(found=meta.year, year=year)
        elif u.draft.format_id != format_id:
            u.problem = _("使用“{found}”格式，汇总使用“{fmt}”格式").format(
                found=u.draft.fmt.name, fmt=load_format(format_id).name if format_id else ""
            )
        elif roster is not None and u.roster is None:
            u.problem = _("“{org}”不在名册中").format(org=meta.org)
        elif unit_key(u.name) in summed:
            u.problem = _("与“{other}”是同一单位的报告（重复），只汇总先读到的那一份").format(
                other=Path(summed[unit_key(u.name)].source).name
            )
        elif u.errors and not include_errors:
            u.problem = _("有 {n} 处错误，应退回修改").format(n=u.errors)
        else:
            summed[unit_key(u.name)] = u
