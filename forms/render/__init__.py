"""Rendering a draft into the report files: .txt, .html and .docx from the templates in templates/.

Public API (the render contract): ``RenderOptions``, ``build_context``, ``render_txt``,
``render_html``, ``render_docx``, ``export`` / ``ExportResult`` / ``ExportError`` and
``missing_fonts``.  The Word part is imported only when it is used: it pulls in
python-docx and docxtpl, which a preview of the text never needs.
"""

from __future__ import annotations

from forms.model import Draft
from forms.render.context import build_context
from forms.render.export import ExportError, ExportResult, export
from forms.render.html import render_html
from forms.render.options import RenderOptions
from forms.render.text import render_txt

__all__ = [
    "ExportError",
    "ExportResult",
    "RenderOptions",
    "build_context",
    "export",
    "missing_fonts",
    "render_docx",
    "render_html",
    "render_txt",
]


def render_docx(draft: Draft, options: RenderOptions | None = None) -> bytes:
    """The report as a Word document (GB/T 9704 layout)."""
    from forms.render.docx import render_docx as _render_docx

    return _render_docx(draft, options or RenderOptions())


def missing_fonts(options: RenderOptions | None = None) -> list[str]:
    """Fonts named in the Word template that this computer lacks (Word and WPS substitute silently)."""
    from forms.render.fonts import missing_fonts as _missing_fonts

    return _missing_fonts(options or RenderOptions())
