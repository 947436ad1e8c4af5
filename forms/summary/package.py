"""The submission package (报送包) a township sends to the county: one .zip holding the draft,
the report as .docx, and the check summary as JSON and as a readable page.

Reading a package is bounded (``forms.summary.bounds``); its draft goes through the same
validation as a draft file, and its recorded findings are kept so that the summary can say
whether a fresh check still agrees with what the unit saw when it sent the package.
"""

from __future__ import annotations

import html
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forms.checks import Settings, check
from forms.checks.findings import Finding
from forms.draftfile import MAX_DRAFT_BYTES, draft_from_document, encode_document, parse_document, write_bytes_atomic
from forms.draftjson import to_dict
from forms.errors import DraftFileError
from forms.i18n import _
from forms.model import Draft
from forms.summary.bounds import MAX_ZIP_BYTES, ZipRefused, check_zip, read_member, regular_file_size

PACKAGE_KIND = "nianbao-package"
MANIFEST = "manifest.json"
DRAFT_MEMBER = "draft.nianbao"
DOCX_MEMBER = "report.docx"
CHECKS_JSON = "checks.json"
CHECKS_HTML = "checks.html"
MAX_PACKAGE_MEMBERS = 16


class PackageError(ValueError):
    """A file that is not a usable submission package; the message (Chinese) says why."""


@dataclass
class Package:
    draft: Draft
    findings: list[dict[str, Any]]  # as recorded when the package was made
    manifest: dict[str, Any]


def findings_page(draft: Draft, findings: list[Finding]) -> str:
    """The check summary as a page a clerk can open in a browser."""
    from forms.cli import SEVERITY_NAMES, format_finding

    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_NAMES}
    head = _("{org} {year} 年度报告 检查结果").format(org=draft.meta.org, year=draft.meta.year)
    summary = _("错误 {e} 条，警告 {w} 条，提示 {h} 条。").format(
        e=counts["error"], w=counts["warning"], h=counts["hint"]
    )
    items = "\n".join(f"<li><pre>{html.escape(format_finding(draft, f))}</pre></li>" for f in findings)
    body = f"<ol>\n{items}\n</ol>" if findings else f"<p>{html.escape(_('没有发现问题。'))}</p>"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(head)}</title></head>\n<body><h1>{html.escape(head)}</h1>\n"
        f"<p>{html.escape(summary)}</p>\n{body}\n</body></html>\n"
    )


def make_package(draft: Draft, settings: Settings | None = None) -> bytes:
    from forms.cli import finding_dict
    from forms.render import render_docx

    findings = check(draft, settings or Settings())
    manifest = {
        "kind": PACKAGE_KIND,
        "version": 1,
        "org": draft.meta.org,
        "level": draft.meta.level,
        "year": draft.meta.year,
        "format": draft.format_id,
        "errors": sum(1 for f in findings if f.severity == "error"),
        "warnings": sum(1 for f in findings if f.severity == "warning"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        zf.writestr(DRAFT_MEMBER, encode_document(to_dict(draft)))
        zf.writestr(DOCX_MEMBER, render_docx(draft))
        zf.writestr(CHECKS_JSON, json.dumps([finding_dict(f) for f in findings], ensure_ascii=False, indent=2))
        zf.writestr(CHECKS_HTML, findings_page(draft, findings))
    return buffer.getvalue()


def write_package(draft: Draft, path: Path | str, settings: Settings | None = None) -> None:
    write_bytes_atomic(Path(path), make_package(draft, settings))


def is_package(names: list[str]) -> bool:
    return MANIFEST in names and DRAFT_MEMBER in names


def package_from_zip(zf: zipfile.ZipFile, where: Path) -> Package:
    """The package in an open zip (its members already checked by ``check_zip``)."""
    infos = {i.filename: i for i in zf.infolist()}
    if len(infos) > MAX_PACKAGE_MEMBERS or not is_package(list(infos)):
        raise PackageError(_("“{name}”不是年报助手的报送包").format(name=where.name))
    try:
        manifest = json.loads(read_member(zf, infos[MANIFEST], 64 * 1024).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise PackageError(_("报送包“{name}”的清单已损坏").format(name=where.name)) from exc
    if not isinstance(manifest, dict) or manifest.get("kind") != PACKAGE_KIND:
        raise PackageError(_("“{name}”不是年报助手的报送包").format(name=where.name))
    draft_path = Path(f"{where.name}/{DRAFT_MEMBER}")
    data = read_member(zf, infos[DRAFT_MEMBER], MAX_DRAFT_BYTES)
    draft = draft_from_document(parse_document(data, draft_path), draft_path)
    findings: list[dict[str, Any]] = []
    if CHECKS_JSON in infos:
        try:
            raw = json.loads(read_member(zf, infos[CHECKS_JSON], 8 * 1024 * 1024).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise PackageError(_("报送包“{name}”的检查结果已损坏").format(name=where.name)) from exc
        if isinstance(raw, list):
            findings = [f for f in raw if isinstance(f, dict)]
    return Package(draft, findings, manifest)


def read_package(path: Path | str) -> Package:
    path = Path(path)
    try:
        if regular_file_size(path) > MAX_ZIP_BYTES:
            raise PackageError(_("报送包“{name}”太大").format(name=path.name))
        with zipfile.ZipFile(path) as zf:
            check_zip(zf, max_members=MAX_PACKAGE_MEMBERS)
            return package_from_zip(zf, path)
    except ZipRefused as exc:
        raise PackageError(_("报送包“{name}”：{reason}").format(name=path.name, reason=exc)) from exc
    except zipfile.BadZipFile as exc:
        raise PackageError(_("“{name}”不是完好的压缩文件").format(name=path.name)) from exc
    except OSError as exc:
        raise PackageError(_("无法读取“{name}”（{err}）").format(name=path.name, err=exc.strerror or exc)) from exc
    except DraftFileError as exc:
        raise PackageError(str(exc)) from exc
