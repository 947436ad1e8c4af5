"""Pictures in a report: which bytes are accepted as a picture, and how large they may be.

A picture comes from outside (a file the clerk picks, a screenshot from the clipboard, a draft
file someone sent), so it is checked by its bytes alone: the signature and header of PNG, JPEG
or BMP, the dimensions the header states, and size limits.  Nothing here decodes the image:
no decoder runs on untrusted bytes in the core; Word, browsers and Qt draw the stored bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from forms.i18n import _

#: one picture: a screenshot of a chart is a few hundred kilobytes
MAX_PICTURE_BYTES = 2 * 1024 * 1024
#: all pictures of a draft together (base64 makes them a third larger in the file)
MAX_DRAFT_PICTURE_BYTES = 10 * 1024 * 1024
#: a picture's side in pixels; a scanned page at 300 dpi is about 3,500
MAX_SIDE = 10_000
MAX_CAPTION_CHARS = 200
#: what the .docx and the .html assume for a picture whose file states no resolution
DEFAULT_DPI = 96

KINDS = {"png": "image/png", "jpeg": "image/jpeg", "bmp": "image/bmp"}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers that carry the dimensions (not DHT C4, JPG C8, DAC CC)
_SOF_MARKERS = frozenset((0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF))


class PictureError(ValueError):
    """The bytes are not a picture the report can hold; the message is Chinese and says why."""


@dataclass(frozen=True)
class ImageInfo:
    kind: str  # png | jpeg | bmp
    width: int
    height: int

    @property
    def mime(self) -> str:
        return KINDS[self.kind]


@dataclass
class Picture:
    """A picture block of a section's text: stored bytes, caption, and where it stands.

    ``place`` is the part of the section (before or after its table); ``anchor`` is how many of
    that part's text paragraphs come before the picture, so the text lists stay text only and
    every reader of paragraphs (checks, carrying to next year, summary, import) is unchanged.
    """

    data: bytes
    kind: str
    width: int
    height: int
    caption: str = ""
    place: str = "before"  # before | after
    anchor: int = 0

    @property
    def mime(self) -> str:
        return KINDS[self.kind]

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()[:16]

    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def _size_mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"


def image_info(data: bytes) -> ImageInfo:
    """The kind and dimensions of a PNG, JPEG or BMP from its header; ``PictureError`` for anything else."""
    if len(data) > MAX_PICTURE_BYTES:
        raise PictureError(
            _("图片太大（{size} MB），每张图片最大 {limit} MB。请先缩小或压缩图片后再插入；报告未做改动。").format(
                size=_size_mb(len(data)), limit=MAX_PICTURE_BYTES // (1024 * 1024)
            )
        )
    if data.startswith(_PNG_SIGNATURE):
        info = _png(data)
    elif data.startswith(b"\xff\xd8\xff"):
        info = _jpeg(data)
    elif data.startswith(b"BM"):
        info = _bmp(data)
    else:
        raise PictureError(_("这不是图片文件：只能插入 PNG、JPEG 或 BMP 格式的图片；报告未做改动。"))
    if not (0 < info.width <= MAX_SIDE and 0 < info.height <= MAX_SIDE):
        raise PictureError(
            _("图片尺寸 {w}×{h} 像素不合理（每边最多 {n} 像素），图片可能已损坏；报告未做改动。").format(
                w=info.width, h=info.height, n=MAX_SIDE
            )
        )
    return info


def _damaged(kind: str) -> PictureError:
    return PictureError(_("{kind} 图片已损坏或不完整，无法插入；报告未做改动。").format(kind=kind))


def _png(data: bytes) -> ImageInfo:
    # IHDR must be the first chunk; IEND must end the file (a cut-off download lacks it)
    if len(data) < 33 or data[12:16] != b"IHDR" or struct.unpack(">I", data[8:12])[0] != 13:
        raise _damaged("PNG")
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    if depth not in (1, 2, 4, 8, 16) or colour not in (0, 2, 3, 4, 6):
        raise _damaged("PNG")
    if not data.rstrip(b"\x00").endswith(b"IEND\xaeB`\x82"):
        raise _damaged("PNG")
    return ImageInfo("png", width, height)


def _jpeg(data: bytes) -> ImageInfo:
    pos = 2
    size = len(data)
    while pos + 4 <= size:
        if data[pos] != 0xFF:
            raise _damaged("JPEG")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill bytes
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker == 0xD9:
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if length < 2 or pos + 2 + length > size:
            raise _damaged("JPEG")
        if marker in _SOF_MARKERS:
            if length < 7:
                raise _damaged("JPEG")
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            if b"\xff\xd9" not in data[-64:]:
                raise _damaged("JPEG")  # cut short: the end-of-image marker is missing
            return ImageInfo("jpeg", width, height)
        pos += 2 + length
    raise _damaged("JPEG")


def _bmp(data: bytes) -> ImageInfo:
    if len(data) < 26:
        raise _damaged("BMP")
    file_size, _reserved, offset, header = struct.unpack("<IIII", data[2:18])
    if header not in (12, 40, 52, 56, 108, 124) or len(data) < 14 + header or offset >= len(data):
        raise _damaged("BMP")
    if file_size not in (0, len(data)) and file_size > len(data):
        raise _damaged("BMP")
    if header == 12:
        width, height = struct.unpack("<HH", data[18:22])
        bits = struct.unpack("<H", data[24:26])[0]
    else:
        width, height = struct.unpack("<ii", data[18:26])
        bits = struct.unpack("<H", data[28:30])[0]
    if bits not in (1, 4, 8, 16, 24, 32):
        raise _damaged("BMP")
    height = abs(height)  # a negative height is a top-down bitmap
    row = ((width * bits + 31) // 32) * 4
    compression = struct.unpack("<I", data[30:34])[0] if header >= 40 else 0
    if compression == 0 and offset + row * height > len(data):
        raise _damaged("BMP")  # fewer pixel bytes than the header promises
    return ImageInfo("bmp", width, height)


def make_picture(data: bytes, caption: str = "", place: str = "before", anchor: int = 0) -> Picture:
    """A picture block from untrusted bytes; ``PictureError`` with a Chinese message if they will not do."""
    info = image_info(data)
    return Picture(
        data=bytes(data),
        kind=info.kind,
        width=info.width,
        height=info.height,
        caption=check_caption(caption),
        place=place,
        anchor=anchor,
    )


def check_caption(caption: str) -> str:
    caption = " ".join(caption.split())
    if len(caption) > MAX_CAPTION_CHARS:
        raise PictureError(_("图题太长（最多 {n} 个字）。").format(n=MAX_CAPTION_CHARS))
    return caption


def check_total(pictures: Iterable[Picture], adding: int = 0) -> None:
    """Refuse a draft whose pictures together would pass ``MAX_DRAFT_PICTURE_BYTES``."""
    total = sum(len(p.data) for p in pictures) + adding
    if total > MAX_DRAFT_PICTURE_BYTES:
        raise PictureError(
            _(
                "报告中的图片合计将达 {size} MB，超过 {limit} MB 的上限。请先缩小图片或删去不需要的图片；报告未做改动。"
            ).format(size=_size_mb(total), limit=MAX_DRAFT_PICTURE_BYTES // (1024 * 1024))
        )


# --- draft JSON ------------------------------------------------------------------------


def to_json(p: Picture) -> dict[str, object]:
    return {
        "kind": p.kind,
        "caption": p.caption,
        "place": p.place,
        "anchor": p.anchor,
        "data": base64.b64encode(p.data).decode("ascii"),
    }


def from_json(raw: object) -> Picture:
    """A picture block of a draft file, checked as if it were inserted now (the file is untrusted)."""
    if not isinstance(raw, dict):
        raise PictureError(_("图片数据格式不对"))
    data, caption, place, anchor = raw.get("data"), raw.get("caption", ""), raw.get("place"), raw.get("anchor")
    if not isinstance(data, str) or not isinstance(caption, str):
        raise PictureError(_("图片数据格式不对"))
    if place not in ("before", "after") or type(anchor) is not int or not 0 <= anchor <= 100_000:
        raise PictureError(_("图片位置无效"))
    if len(data) > (MAX_PICTURE_BYTES * 4) // 3 + 8:
        raise PictureError(_("图片太大"))
    try:
        decoded = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise PictureError(_("图片数据不是有效的 base64 编码")) from None
    return make_picture(decoded, caption, place, anchor)


# --- order of blocks -------------------------------------------------------------------


T = TypeVar("T")


def blocks(paragraphs: Sequence[T], pictures: Iterable[Picture], place: str) -> Iterator[T | Picture]:
    """The paragraphs of one part of a section with its pictures standing at their anchors, in order.

    An anchor past the last paragraph (paragraphs deleted since) puts the picture at the end.
    """
    mine = sorted((p for p in pictures if p.place == place), key=lambda p: p.anchor)
    i = 0
    for n, para in enumerate(paragraphs):
        while i < len(mine) and mine[i].anchor <= n:
            yield mine[i]
            i += 1
        yield para
    yield from mine[i:]


def moved(pictures: list[Picture], index: int, up: bool, counts: dict[str, int]) -> list[Picture]:
    """The pictures with one moved a block up or down among the paragraphs (and across the table).

    ``counts`` holds the number of paragraphs of each part the section has (``before``, and
    ``after`` when it has a table).  Two pictures in one place swap; otherwise the picture passes
    one paragraph.  A list without change is returned when it is already first or last.
    """
    parts: list[str] = [p for p in ("before", "after") if p in counts]
    slots: list[tuple[str, int]] = [(place, anchor) for place in parts for anchor in range(counts[place] + 1)]

    def slot(p: Picture) -> tuple[str, int]:
        return (p.place, min(p.anchor, counts.get(p.place, 0)))

    pic = pictures[index]
    here = slot(pic)
    mates = [n for n, p in enumerate(pictures) if slot(p) == here]
    at = mates.index(index)
    out = list(pictures)
    if (up and at > 0) or (not up and at < len(mates) - 1):
        other = mates[at - 1 if up else at + 1]
        out[index], out[other] = out[other], out[index]
        return out
    n = slots.index(here) + (-1 if up else 1)
    if not 0 <= n < len(slots):
        return out
    place, anchor = slots[n]
    del out[index]
    new = Picture(pic.data, pic.kind, pic.width, pic.height, pic.caption, place, anchor)
    if up:
        out.append(new)  # last of the pictures in its new place
    else:
        out.insert(0, new)  # first of them
    return out
