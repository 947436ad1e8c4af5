"""Picture blocks in the rendered reports: a marker in the template's context, the bytes after Jinja.

A template sees a picture as a paragraph whose ``picture`` is a marker and whose ``text`` is the
caption; it never holds the bytes, which could pass the template's output limit and would be
copied through Jinja for nothing.  The marker has the shape of a ``data:`` image, so a clerk's own
HTML template that prints it in ``<img src>`` passes the allow-list; after Jinja, each renderer
puts the picture where its marker is: a ``data:`` URI in the .html, an inline picture in the .docx.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from forms.model import Draft, Paragraph, SectionText
from forms.pictures import Picture, blocks

#: the 版心 of GB/T 9704: 156 mm × 225 mm; a picture is fitted inside (less room for its caption)
TEXT_WIDTH_MM = 156
MAX_HEIGHT_MM = 200
_EMU_PER_MM = 36_000


def marker(picture: Picture) -> str:
    return f"data:image/png;base64,NIANBAOPICTURE{picture.digest}"


def part_blocks(section: SectionText, place: str) -> list[Paragraph | Picture]:
    """The paragraphs of a section's part (before/after its table) with its pictures in place."""
    paragraphs = section.before if place == "before" else section.after
    return list(blocks(paragraphs, section.pictures, place))


def by_marker(draft: Draft) -> dict[str, Picture]:
    return {marker(p): p for p in draft.pictures()}


def fill_html(page: str, draft: Draft) -> str:
    """The page with every picture marker replaced by the picture as a ``data:`` URI (self-contained)."""
    for mark, picture in by_marker(draft).items():
        if mark in page:
            page = page.replace(mark, picture.data_uri())
    return page


def fitted_size(width_emu: int, height_emu: int) -> tuple[int, int]:
    """A picture's printed size: its own, shrunk (never enlarged) to fit the 版心."""
    scale = min(1.0, TEXT_WIDTH_MM * _EMU_PER_MM / width_emu, MAX_HEIGHT_MM * _EMU_PER_MM / height_emu)
    return int(width_emu * scale), int(height_emu * scale)


def insert_docx_pictures(doc: Any, pictures: Mapping[str, Picture]) -> None:
    """Replace each body paragraph holding a picture marker by the picture, centred, without indent."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if not pictures:
        return
    for paragraph in doc.paragraphs:
        text = paragraph.text
        found = [p for mark, p in pictures.items() if mark in text]
        if not found:
            continue
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
        for picture in found:
            shape = paragraph.add_run().add_picture(io.BytesIO(picture.data))
            shape.width, shape.height = fitted_size(int(shape.width), int(shape.height))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = 0
        paragraph.paragraph_format.keep_with_next = True  # the caption below stays with its picture
