"""The .txt report: the layout of the seed documents (SPEC §4).

Title and paragraphs one per line.  A table row is its cells, each on a line that begins with a
TAB, followed by one blank line; a cell merged across columns appears once; a cell continuing a
vertical merge appears once, at its leftmost column, as a line holding only the TAB; a cell
whose text has a line break continues on a line without a TAB.  The grid decisions are made
here, as Jinja filters, so that a template only arranges lines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from forms.i18n import _
from forms.model import Draft
from forms.render.context import Cell, Para, Table, build_context
from forms.render.options import RenderOptions
from forms.render.sandbox import MAX_ITEMS, TemplateLimitError
from forms.render.templates import jinja_render

#: what a label's indent level adds before it (two full-width spaces per level, as in the seeds)
INDENT = "\u3000\u3000"


def txt_rows(table: Table) -> list[list[str]]:
    """Per grid row, the texts of the cells it shows: origin cells, and "" for a vertical continuation."""
    _check_grid(table)
    cover: dict[tuple[int, int], Cell] = {}
    for row in table["rows"]:
        for origin in row:
            for r in range(origin["row"], origin["row"] + origin["rowspan"]):
                for c in range(origin["col"], origin["col"] + origin["colspan"]):
                    cover[(r, c)] = origin
    out: list[list[str]] = []
    for r in range(len(table["rows"])):
        texts: list[str] = []
        for c in range(table["grid_columns"]):
            cell = cover.get((r, c))
            if cell is None or cell["col"] != c:
                continue  # covered by a cell merged across columns: it appears once
            if cell["row"] == r:
                texts.append(INDENT * cell["indent"] + cell["text"] if cell["text"] else cell["text"])
            else:
                texts.append("")
        out.append(texts)
    return out


def _check_grid(table: Table) -> None:
    """A template may hand this filter a table of its own making: its grid must be of a report's size."""
    refused = TemplateLimitError(_("txt_rows 收到的不是报告大小的表格（最多 {n} 格）").format(n=MAX_ITEMS))
    columns = table["grid_columns"]
    if type(columns) is not int:
        raise refused
    cells = len(table["rows"]) * columns
    for row in table["rows"]:
        for origin in row:
            spans = (origin["row"], origin["col"], origin["rowspan"], origin["colspan"])
            if any(type(n) is not int for n in spans):
                raise refused
            cells += origin["rowspan"] * origin["colspan"]
            if cells > MAX_ITEMS:
                raise refused
    if cells > MAX_ITEMS:
        raise refused


def txt_cell(text: str) -> str:
    """One cell: its first line after a TAB, further lines without one.

    A TAB inside the text or an empty continuation line would start a new cell or end the
    row for a reader of this layout, so they are turned into a space and dropped.
    """
    lines = [line.replace("\t", " ") for line in text.split("\n")]
    rest = [line for line in lines[1:] if line.strip()]
    return "\n".join(["\t" + lines[0], *rest])


def txt_para(para: Para | str) -> str:
    """A paragraph (or a title): its lines as typed, never starting with a TAB (that marks a cell)."""
    text = para if isinstance(para, str) else para["text"]
    return "\n".join(line.lstrip("\t") for line in text.split("\n"))


TXT_FILTERS: Mapping[str, Callable[..., Any]] = {"txt_rows": txt_rows, "txt_cell": txt_cell, "txt_para": txt_para}


def render_txt_with_warnings(draft: Draft, options: RenderOptions | None = None) -> tuple[str, list[str]]:
    options = options or RenderOptions()
    context = build_context(draft, options)
    return jinja_render(draft.format_id, "txt", context, options, TXT_FILTERS)


def render_txt(draft: Draft, options: RenderOptions | None = None) -> str:
    """The report as text with "\\n" line ends (encoding and line ends are applied when written)."""
    return render_txt_with_warnings(draft, options)[0]


def encode_txt(text: str, options: RenderOptions) -> bytes:
    """The bytes of the .txt file: the chosen line ends and encoding."""
    return text.replace("\n", options.line_ending).encode(options.encoding)
