"""The .html report: a self-contained fragment for a county website's CMS editor, or a full page.

The template ``report.html.j2`` is a full page whose body holds ``{% block report %}``; the
fragment is that block rendered alone, so both come from one file.  Everything a clerk typed is
escaped (the environment autoescapes); line breaks become ``<br>``.  No scripts and no external
resources: what is pasted into a CMS must not fetch or run anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from forms.model import Draft
from forms.render.context import Cell, build_context
from forms.render.options import RenderOptions
from forms.render.pictures import fill_html
from forms.render.signoff import screen_width, signoff_indents
from forms.render.templates import REQUIRED_BLOCKS, jinja_render

#: the block of report.html.j2 that is the fragment
FRAGMENT_BLOCK = REQUIRED_BLOCKS["html"]


@pass_eval_context
def br(eval_ctx: EvalContext, text: str) -> Markup | str:
    """Escaped text with its line breaks as <br> (a paragraph's or a cell's own line breaks)."""
    if not eval_ctx.autoescape:
        return text
    return Markup("<br>").join(escape(line) for line in text.split("\n"))


def cell_tag(cell: Cell) -> str:
    """Header and heading cells are <th> (screen readers and CMS styles use them), the rest <td>."""
    return "th" if cell["role"] in ("header", "heading") else "td"


def span_attrs(cell: Cell) -> Markup:
    """rowspan/colspan exactly as the grid, only where a cell spans more than one row or column."""
    parts = []
    if cell["rowspan"] > 1:
        parts.append(f' rowspan="{int(cell["rowspan"])}"')
    if cell["colspan"] > 1:
        parts.append(f' colspan="{int(cell["colspan"])}"')
    return Markup("".join(parts))


def cell_text(text: str) -> Markup:
    """A cell's text; a blank cell keeps a non-breaking space, so that it prints as the .docx's
    empty box (CMS editors drop or collapse empty cells)."""
    return Markup("<br>").join(escape(line) for line in text.split("\n")) if text else Markup("&nbsp;")


def signoff_em(signature: str, date: str, seal: bool) -> tuple[str, str]:
    """Right margins (CSS em) of 署名 and 成文日期: GB/T 9704 7.3.5 as in the .docx, for a
    browser's widths."""
    sig, day = signoff_indents(signature, date, bool(seal), width=screen_width)
    return f"{float(sig):.2f}em", f"{float(day):.2f}em"


HTML_FILTERS: Mapping[str, Callable[..., Any]] = {
    "br": br,
    "cell_tag": cell_tag,
    "span_attrs": span_attrs,
    "cell_text": cell_text,
    "signoff_em": signoff_em,
}


def render_html_with_warnings(
    draft: Draft, options: RenderOptions | None = None, full_page: bool = False
) -> tuple[str, list[str]]:
    options = options or RenderOptions()
    context = build_context(draft, options)
    block = None if full_page else FRAGMENT_BLOCK
    page, warnings = jinja_render(draft.format_id, "html", context, options, HTML_FILTERS, block=block)
    return fill_html(page, draft), warnings


def render_html(draft: Draft, options: RenderOptions | None = None, full_page: bool = False) -> str:
    """The report as an HTML fragment (title, paragraphs, tables), or a full page around it."""
    return render_html_with_warnings(draft, options, full_page)[0]
