"""Finding, checking and loading the report templates (built-in ones or the clerk's own folder).

Built-in templates live in ``templates/<format id>/`` next to the ``forms`` package (inside the
bundle when frozen).  A clerk or county office may point the settings at a folder of its own
templates (letterhead, fonts), one subfolder per format id.  Such a folder is from someone else
and treated as untrusted: its files are read only as regular files inside it (no links, no
``..``), every template runs in the sandbox of ``forms.render.sandbox``, and a template is
checked before use — it parses, asks only for the variables the format declares
(``template_variables``), fills in a sample report within the limits, and its HTML passes the
allow-list (``htmlcheck``) or its Word package holds nothing active (``docxcheck``).  A refused
template is never fatal: the built-in one is used instead and the reason is returned as a Chinese
warning, which the settings page shows when the folder is chosen and the export dialog before
exporting.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import meta
from jinja2.exceptions import SecurityError, TemplateError, TemplateNotFound, UndefinedError

from forms.catalog import format_lineage
from forms.draftfile import os_reason
from forms.i18n import _
from forms.render.context import build_context
from forms.render.folder import FolderLoader, check_inside, read_inside
from forms.render.options import RenderOptions
from forms.render.sandbox import (
    MAX_TEMPLATE_BYTES,
    ReportSandbox,
    TemplateLimitError,
    counted_concat,
    time_limit,
)
from forms.schema import FormatDef, load_format

#: the file of each kind of output inside a format's template folder
TEMPLATE_FILES = {"txt": "report.txt.j2", "html": "report.html.j2", "docx": "report.docx"}
#: the block a template must define: the HTML fragment is that block rendered alone
REQUIRED_BLOCKS = {"html": "report"}

_builtin_override: Path | None = None


class TemplateMissingError(Exception):
    """A built-in template is missing or broken: the installation is damaged."""


def builtin_dir() -> Path:
    """The folder of the built-in templates (one subfolder per format id)."""
    if _builtin_override is not None:
        return _builtin_override
    if getattr(sys, "frozen", False):
        # PyInstaller unpacks data next to the executable (one-folder) or into _MEIPASS
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).resolve().parent))
    else:
        base = Path(__file__).resolve().parents[2]
        if not (base / "templates").is_dir():
            # installed from a wheel: pyproject maps templates/ to forms/builtin_templates
            return Path(__file__).resolve().parents[1] / "builtin_templates"
    return base / "templates"


def set_builtin_dir(path: Path | None) -> None:
    """Use another folder as the built-in templates (packaging, tests); None restores the default."""
    global _builtin_override
    _builtin_override = path


def make_env(kind: str, folder: Path, filters: Mapping[str, Callable[..., Any]] | None = None) -> ReportSandbox:
    """The Jinja environment of one kind of output: the sandbox, reading only ``folder``, escaping all but .txt."""
    return ReportSandbox(
        filters=filters,
        loader=FolderLoader(folder),
        autoescape=kind != "txt",
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def _read_template(path: Path, limit: int) -> bytes | str:
    """The bytes of a template file (regular, not a link, bounded), or why it cannot be read."""
    try:
        return read_inside(path.parent, [path.name], limit)
    except TemplateLimitError as exc:
        return str(exc)
    except FileNotFoundError:
        return _("找不到模板文件 {path}").format(path=path)
    except OSError as exc:
        return _("模板文件“{path}”无法读取（{err}）").format(path=path, err=os_reason(exc))


def _jinja_problems(path: Path, kind: str, fmt: FormatDef, filters: Mapping[str, Callable[..., Any]]) -> list[str]:
    data = _read_template(path, MAX_TEMPLATE_BYTES)
    if isinstance(data, str):
        return [data]
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError:
        return [_("模板文件“{path}”不是 UTF-8 编码的文本").format(path=path)]
    env = make_env(kind, path.parent, filters)
    try:
        undeclared = meta.find_undeclared_variables(env.parse(source))
        compiled = env.from_string(source)  # compiling also finds unknown filters and tests
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = _("第 {n} 行：").format(n=line) if line else ""
        return [_("模板语法有误（{where}{err}）").format(where=where, err=exc.message or exc)]
    except (RecursionError, MemoryError, SyntaxError, ValueError):  # nesting deeper than Python compiles
        return [_("模板语法有误（表达式或区块嵌套太深）")]
    problems = _variable_problems(undeclared, fmt)
    block = REQUIRED_BLOCKS.get(kind)
    if block is not None and block not in compiled.blocks:
        problems.append(_("模板缺少 {{% block {name} %}} 区块（网页片段就是这个区块的内容）").format(name=block))
    if problems:
        return problems
    # filled in once with a sample report, under the limits: what only shows when it runs
    try:
        render_user_jinja(path, kind, sample_context(fmt.id), filters)
    except Exception as exc:
        return [fill_failure(exc)]
    return []


def _docx_problems(path: Path, fmt: FormatDef) -> list[str]:
    # docxtpl pulls in python-docx and lxml: only imported when a Word template is checked
    from docxtpl import DocxTemplate

    from forms.render.docxcheck import MAX_DOCX_BYTES, package_problems

    data = _read_template(path, MAX_DOCX_BYTES)
    if isinstance(data, str):
        return [data]
    problems = package_problems(data)
    if problems:
        return problems
    try:
        undeclared = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(
            jinja_env=ReportSandbox(autoescape=True)
        )
    except TemplateError as exc:
        return [_("Word 模板中的占位符语法有误（{err}）").format(err=exc.message or exc)]
    except Exception as exc:  # any damage to a user's file must end in a message, not a crash
        return [_("Word 模板无法打开，可能不是有效的 .docx 文件（{err}）").format(err=exc)]
    problems = _variable_problems(set(undeclared), fmt)
    if problems:
        return problems
    from forms.render.docx import render_user_docx

    try:
        render_user_docx(data, sample_context(fmt.id))
    except Exception as exc:
        return [fill_failure(exc)]
    return []


def sample_context(format_id: str) -> dict[str, Any]:
    """The variables of a made-up report of the format (every table in it): a template is tried on it."""
    from forms.catalog import format_summary
    from forms.model import Paragraph, new_draft

    info = format_summary(format_id)
    draft = new_draft(format_id, _("示例单位"), info.year_from)
    for table in draft.tables.values():
        table.included = True
    for section in draft.sections:
        section.after = [Paragraph(_("示例正文。"))]
    draft.meta.signature = _("示例单位")
    draft.meta.date = dt.date(info.year_from + 1, 1, 15)
    return build_context(draft, RenderOptions())


def fill_failure(exc: BaseException) -> str:
    """A Chinese reason for a template that failed while being filled, with its line when known."""
    if isinstance(exc, TemplateLimitError):
        err = str(exc)
    elif isinstance(exc, SecurityError):
        err = _("模板试图使用不允许的内容：{err}").format(err=exc.message or exc)
    elif isinstance(exc, TemplateNotFound):
        err = _("模板文件夹中没有被引用的“{name}”").format(name=exc.name)
    elif isinstance(exc, UndefinedError):
        err = _("模板用到了不存在的变量或属性：{err}").format(err=exc.message or exc)
    elif isinstance(exc, TemplateError):
        err = exc.message or repr(exc)
    else:
        err = repr(exc)
    if isinstance(exc, TemplateRefusedError):
        return err  # names the refused things with their lines itself
    line = _template_line(exc)
    where = _("第 {n} 行：").format(n=line) if line else ""
    return _("填充时出错（{where}{err}）").format(where=where, err=err)


def _template_line(exc: BaseException) -> int | None:
    # Jinja rewrites a traceback to show the template's own lines (file names "<name>")
    tb = exc.__traceback__
    line = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.startswith("<") and not name.startswith("<frozen"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class TemplateRefusedError(TemplateLimitError):
    """What a template produced is not allowed (a script in the HTML, a link in the Word file)."""


def render_user_jinja(
    path: Path,
    kind: str,
    context: dict[str, Any],
    filters: Mapping[str, Callable[..., Any]],
    block: str | None = None,
) -> str:
    """A clerk's .txt or .html template filled in under the time and size limits; HTML checked."""
    env = make_env(kind, path.parent, filters)
    with time_limit():
        out = _render(env, path.name, context, block)
    if kind == "html":
        # lxml loads only when a clerk's own web template is used, not for the built-in preview
        from forms.render.htmlcheck import html_problems

        raw = _read_template(path, MAX_TEMPLATE_BYTES)  # for the line numbers of what is refused
        source = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else None
        problems = html_problems(out, source)
        if problems:
            raise TemplateRefusedError(_("网页中有不允许的内容：") + "；".join(problems[:8]))
    return out


def _variable_problems(undeclared: set[str], fmt: FormatDef) -> list[str]:
    unknown = sorted(undeclared - set(fmt.template_variables))
    if not unknown:
        return []
    return [
        _("模板使用了格式“{fmt}”没有的变量：{names}（可用的变量：{allowed}）").format(
            fmt=fmt.id, names="、".join(unknown), allowed="、".join(fmt.template_variables)
        )
    ]


def template_problems(
    path: Path, kind: str, format_id: str, filters: Mapping[str, Callable[..., Any]] | None = None
) -> list[str]:
    """What is wrong with a template file for a format ([] when it may be used)."""
    fmt = load_format(format_id)
    if kind == "docx":
        return _docx_problems(path, fmt)
    return _jinja_problems(path, kind, fmt, filters or {})


@dataclass(frozen=True)
class TemplateChoice:
    """The template file to use, and why the clerk's own one was not used (if it was not)."""

    path: Path
    builtin: bool
    warnings: tuple[str, ...] = ()


_checked: dict[tuple[Any, ...], tuple[str, ...]] = {}


def _folder_signature(folder: Path) -> tuple[tuple[str, int, int, int], ...]:
    """Names, times and sizes of a format folder's files: a change to an included file is a change too."""
    out = []
    try:
        for root, dirs, files in os.walk(folder):  # does not follow links
            for name in dirs + files:
                st = os.lstat(os.path.join(root, name))
                out.append((os.path.join(root, name), st.st_mtime_ns, st.st_size, st.st_mode))
            if len(out) >= 1000:
                break
    except OSError:
        return ()
    return tuple(sorted(out))


def _cached_problems(
    path: Path, kind: str, format_id: str, filters: Mapping[str, Callable[..., Any]] | None
) -> tuple[str, ...]:
    # a preview re-renders on every edit: check a user template again only when its folder changes
    key = (str(path), kind, format_id, _folder_signature(path.parent))
    if not key[3] or key not in _checked:
        _checked[key] = tuple(template_problems(path, kind, format_id, filters))
    return _checked[key]


def _in_lineage(folder: Path, format_id: str, kind: str) -> Path:
    """A variant's own template when its folder has one, else the one of the format it extends."""
    for fid in format_lineage(format_id):
        path = folder / fid / TEMPLATE_FILES[kind]
        if path.is_file():
            return path
    return folder / format_id / TEMPLATE_FILES[kind]


def builtin_template(format_id: str, kind: str) -> Path:
    path = _in_lineage(builtin_dir(), format_id, kind)
    if not path.is_file():
        raise TemplateMissingError(
            _("内置模板 {path} 不存在，程序安装可能不完整，请重新安装年报助手。").format(path=path)
        )
    return path


def fallback_warning(kind: str, reason: str) -> str:
    return _("自定义{kind}模板不能使用，已改用内置模板：{reason}").format(kind=kind_name(kind), reason=reason)


def kind_name(kind: str) -> str:
    return {"txt": _("文本（.txt）"), "html": _("网页（.html）"), "docx": _("Word（.docx）")}[kind]


def choose_template(
    format_id: str,
    kind: str,
    options: RenderOptions,
    filters: Mapping[str, Callable[..., Any]] | None = None,
) -> TemplateChoice:
    """The template of ``kind`` for a format: the clerk's own when it is usable, else the built-in one."""
    builtin = builtin_template(format_id, kind)
    if options.template_dir is None:
        return TemplateChoice(builtin, True)
    folder = options.template_dir
    if not folder.is_dir():
        reason = _("文件夹 {path} 不存在").format(path=folder)
        return TemplateChoice(builtin, True, (fallback_warning(kind, reason),))
    path: Path | None = None
    for fid in format_lineage(format_id):  # a variant without its own template uses its base's
        try:
            check_inside(folder, [fid, TEMPLATE_FILES[kind]])
        except TemplateLimitError as exc:
            return TemplateChoice(builtin, True, (fallback_warning(kind, str(exc)),))
        if os.path.lexists(folder / fid / TEMPLATE_FILES[kind]):
            path = folder / fid / TEMPLATE_FILES[kind]
            break
    if path is None:
        reason = _("文件夹中没有 {name}").format(name=Path(format_id) / TEMPLATE_FILES[kind])
        return TemplateChoice(builtin, True, (fallback_warning(kind, reason),))
    problems = _cached_problems(path, kind, format_id, filters or _default_filters(kind))
    if problems:
        return TemplateChoice(builtin, True, tuple(fallback_warning(kind, p) for p in problems))
    return TemplateChoice(path, False)


def check_template_folder(folder: Path, format_id: str | None = None, kinds: Iterable[str] | None = None) -> list[str]:
    """Every problem of a folder of templates, for the settings page (empty when all are usable).

    With ``format_id`` and ``kinds`` (at export) only the templates that would be used are checked.
    Kinds a format subfolder does not provide are not problems: the built-in ones are used.
    """
    if not folder.is_dir():
        return [_("文件夹 {path} 不存在").format(path=folder)]
    from forms.schema import format_ids

    found = [fid for fid in format_ids() if os.path.lexists(folder / fid)]
    if not found:
        return [_("文件夹中没有任何格式的子文件夹（应为 {names} 之一）").format(names="、".join(format_ids()))]
    problems: list[str] = []
    wanted = set(TEMPLATE_FILES) if kinds is None else set(kinds)
    for fid in found:
        if format_id is not None and fid != format_id:
            continue
        try:
            check_inside(folder, [fid])
        except TemplateLimitError as exc:
            problems.append(f"{fid}：{exc}")
            continue
        for kind, name in TEMPLATE_FILES.items():
            path = folder / fid / name
            if kind in wanted and os.path.lexists(path):
                problems += [f"{fid}/{name}：{p}" for p in _cached_problems(path, kind, fid, _default_filters(kind))]
    return problems


def _default_filters(kind: str) -> Mapping[str, Callable[..., Any]]:
    if kind == "txt":
        from forms.render.text import TXT_FILTERS

        return TXT_FILTERS
    if kind == "html":
        from forms.render.html import HTML_FILTERS

        return HTML_FILTERS
    return {}


def jinja_render(
    format_id: str,
    kind: str,
    context: dict[str, Any],
    options: RenderOptions,
    filters: Mapping[str, Callable[..., Any]],
    block: str | None = None,
) -> tuple[str, list[str]]:
    """Render the .txt or .html template (or one block of it); a user template failing now also falls back."""
    choice = choose_template(format_id, kind, options, filters)
    warnings = list(choice.warnings)
    if not choice.builtin:
        try:
            return render_user_jinja(choice.path, kind, context, filters, block), warnings
        except Exception as exc:  # whatever a user's template does wrong, the built-in one still works
            warnings.append(fallback_warning(kind, fill_failure(exc)))
    path = builtin_template(format_id, kind)
    env = _builtin_env(kind, path.parent, filters)
    return _render(env, path.name, context, block), warnings


def _render(env: ReportSandbox, name: str, context: dict[str, Any], block: str | None) -> str:
    template = env.get_template(name)
    if block is None:
        return template.render(context)
    return counted_concat(template.blocks[block](template.new_context(context)))


_builtin_envs: dict[tuple[str, str], ReportSandbox] = {}


def _builtin_env(kind: str, folder: Path, filters: Mapping[str, Callable[..., Any]]) -> ReportSandbox:
    # Jinja caches compiled templates per environment; the built-in files never change at run time
    key = (kind, str(folder))
    if key not in _builtin_envs:
        _builtin_envs[key] = make_env(kind, folder, filters)
    return _builtin_envs[key]
