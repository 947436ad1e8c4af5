"""Finding, checking and loading the report templates (built-in ones or the clerk's own folder).

Built-in templates live in ``templates/<format id>/`` next to the ``forms`` package (inside the
bundle when frozen).  A clerk or county office may point the settings at a folder of its own
templates (letterhead, fonts), one subfolder per format id.  Such a template is checked before
use: the file is there, it parses, and it asks only for the variables the format declares
(``template_variables``).  A broken one is never fatal: the built-in template is used instead
and the reason is returned as a Chinese warning, shown at export.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, meta
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from forms.catalog import format_lineage
from forms.draftfile import os_reason
from forms.i18n import _
from forms.render.options import RenderOptions
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


def make_env(kind: str, folder: Path, filters: Mapping[str, Callable[..., Any]] | None = None) -> SandboxedEnvironment:
    """The Jinja environment of one kind of output: sandboxed, strict, escaping all but .txt."""
    text = kind == "txt"
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(folder)),
        undefined=StrictUndefined,
        autoescape=not text,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(filters or {})
    return env


def _jinja_problems(path: Path, kind: str, fmt: FormatDef, filters: Mapping[str, Callable[..., Any]]) -> list[str]:
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        return [_("模板文件“{path}”无法读取（{err}）").format(path=path, err=os_reason(exc))]
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
    problems = _variable_problems(undeclared, fmt)
    block = REQUIRED_BLOCKS.get(kind)
    if block is not None and block not in compiled.blocks:
        problems.append(_("模板缺少 {{% block {name} %}} 区块（网页片段就是这个区块的内容）").format(name=block))
    return problems


def _docx_problems(path: Path, fmt: FormatDef) -> list[str]:
    # docxtpl pulls in python-docx and lxml: only imported when a Word template is checked
    from docxtpl import DocxTemplate

    try:
        undeclared = DocxTemplate(str(path)).get_undeclared_template_variables(
            jinja_env=SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
        )
    except TemplateError as exc:
        return [_("Word 模板中的占位符语法有误（{err}）").format(err=exc.message or exc)]
    except Exception as exc:  # any damage to a user's file must end in a message, not a crash
        return [_("Word 模板无法打开，可能不是有效的 .docx 文件（{err}）").format(err=exc)]
    return _variable_problems(set(undeclared), fmt)


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
    if not path.is_file():
        return [_("找不到模板文件 {path}").format(path=path)]
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


_checked: dict[tuple[str, str, str, int, int], tuple[str, ...]] = {}


def _cached_problems(
    path: Path, kind: str, format_id: str, filters: Mapping[str, Callable[..., Any]] | None
) -> tuple[str, ...]:
    # a preview re-renders on every edit: check a user template again only when its file changes
    try:
        st = path.stat()
    except OSError:
        return tuple(template_problems(path, kind, format_id, filters))
    key = (str(path), kind, format_id, st.st_mtime_ns, st.st_size)
    if key not in _checked:
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
    path = _in_lineage(folder, format_id, kind)
    if not path.is_file():
        reason = _("文件夹中没有 {name}").format(name=Path(format_id) / TEMPLATE_FILES[kind])
        return TemplateChoice(builtin, True, (fallback_warning(kind, reason),))
    problems = _cached_problems(path, kind, format_id, filters)
    if problems:
        return TemplateChoice(builtin, True, tuple(fallback_warning(kind, p) for p in problems))
    return TemplateChoice(path, False)


def check_template_folder(folder: Path) -> list[str]:
    """Every problem of a folder of templates, for the settings page (empty when all are usable).

    Kinds a format subfolder does not provide are not problems: the built-in ones are used.
    """
    if not folder.is_dir():
        return [_("文件夹 {path} 不存在").format(path=folder)]
    from forms.schema import format_ids

    found = [fid for fid in format_ids() if (folder / fid).is_dir()]
    if not found:
        return [_("文件夹中没有任何格式的子文件夹（应为 {names} 之一）").format(names="、".join(format_ids()))]
    problems: list[str] = []
    for fid in found:
        for kind, name in TEMPLATE_FILES.items():
            path = folder / fid / name
            if path.is_file():
                filters = _default_filters(kind)
                problems += [f"{fid}/{name}：{p}" for p in template_problems(path, kind, fid, filters)]
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
        env = make_env(kind, choice.path.parent, filters)
        try:
            return _render(env, choice.path.name, context, block), warnings
        except Exception as exc:  # whatever a user's template does wrong, the built-in one still works
            err = exc.message if isinstance(exc, TemplateError) and exc.message else repr(exc)
            warnings.append(fallback_warning(kind, _("填充时出错（{err}）").format(err=err)))
    path = builtin_template(format_id, kind)
    env = _builtin_env(kind, path.parent, filters)
    return _render(env, path.name, context, block), warnings


def _render(env: SandboxedEnvironment, name: str, context: dict[str, Any], block: str | None) -> str:
    template = env.get_template(name)
    if block is None:
        return template.render(context)
    return "".join(template.blocks[block](template.new_context(context)))


_builtin_envs: dict[tuple[str, str], SandboxedEnvironment] = {}


def _builtin_env(kind: str, folder: Path, filters: Mapping[str, Callable[..., Any]]) -> SandboxedEnvironment:
    # Jinja caches compiled templates per environment; the built-in files never change at run time
    key = (kind, str(folder))
    if key not in _builtin_envs:
        _builtin_envs[key] = make_env(kind, folder, filters)
    return _builtin_envs[key]
