"""Pictures are accepted by their bytes alone (PNG, JPEG, BMP), bounded, and kept inside the draft."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forms import pictures
from forms.draftfile import DraftFileError, load_draft, save_draft
from forms.draftjson import to_dict
from forms.model import new_draft
from forms.pictures import PictureError, blocks, image_info, make_picture

FIXTURES = Path(__file__).parent / "fixtures" / "pictures"


def _bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize(("name", "kind"), [("small.png", "png"), ("small.jpg", "jpeg"), ("small.bmp", "bmp")])
def test_png_jpeg_and_bmp_are_read_from_their_headers(name, kind):
    info = image_info(_bytes(name))
    assert (info.kind, info.width, info.height) == (kind, 40, 30)


REFUSED = {
    "a text file": (b"\xe5\xb9\xb4\xe6\x8a\xa5" * 100, "这不是图片文件"),
    "a Word file": (b"PK\x03\x04" + b"\x00" * 200, "这不是图片文件"),
    "a PNG cut short": (_bytes("small.png")[:60], "PNG 图片已损坏"),
    "a PNG without IHDR": (_bytes("small.png")[:12] + b"XXXX" + _bytes("small.png")[16:], "PNG 图片已损坏"),
    "a JPEG cut short": (_bytes("small.jpg")[:300], "JPEG 图片已损坏"),
    "a JPEG with garbage after its start": (b"\xff\xd8\xff" + b"\x00" * 100, "JPEG 图片已损坏"),
    "a BMP without its pixels": (_bytes("small.bmp")[:200], "BMP 图片已损坏"),
    "a PNG claiming 100000 pixels a side": (
        _bytes("small.png")[:16] + (100_000).to_bytes(4, "big") + _bytes("small.png")[20:],
        "尺寸",
    ),
    "an empty file": (b"", "这不是图片文件"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_damaged_or_foreign_bytes_are_refused_with_a_chinese_message(case):
    data, words = REFUSED[case]
    with pytest.raises(PictureError, match=words) as caught:
        make_picture(data, "图1")
    assert "报告未做改动" in str(caught.value)


def test_a_picture_over_the_size_limit_is_refused_before_its_bytes_are_looked_at():
    big = _bytes("small.png")[:33] + b"\x00" * pictures.MAX_PICTURE_BYTES
    with pytest.raises(PictureError, match=r"图片太大.*每张图片最大 2 MB"):
        make_picture(big)


def test_the_pictures_of_a_draft_together_are_bounded():
    one = make_picture(_bytes("small.png"))
    pictures.check_total([one] * 3)
    with pytest.raises(PictureError, match=r"合计.*10 MB"):
        pictures.check_total([one], adding=pictures.MAX_DRAFT_PICTURE_BYTES)


def test_pictures_stand_at_their_anchors_among_the_text_paragraphs():
    a, b, c = (make_picture(_bytes("small.png"), caption) for caption in ("甲", "乙", "丙"))
    a.anchor, b.anchor, c.anchor = 0, 2, 9
    c.place = "before"
    b.place = "before"
    assert list(blocks(["p0", "p1", "p2"], [c, b, a], "before")) == [a, "p0", "p1", b, "p2", c]
    assert list(blocks(["p0"], [a, b, c], "after")) == ["p0"]


def test_pictures_are_saved_inside_the_draft_and_read_back_byte_for_byte(tmp_path):
    draft = new_draft("gov2021", "博山镇人民政府", 2025)
    pic = make_picture(_bytes("small.jpg"), "图1 主动公开情况", place="after", anchor=0)
    draft.section("active").pictures.append(pic)
    path = tmp_path / "p.nianbao"
    save_draft(draft, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["sections"][1]["pictures"][0]["caption"] == "图1 主动公开情况"
    back = load_draft(path)
    got = back.section("active").pictures[0]
    assert (got.data, got.kind, got.caption, got.place, got.anchor) == (pic.data, "jpeg", pic.caption, "after", 0)
    # every reader of text sees only text
    assert back.section("active").before == [] and back.section("active").after == []
    assert "图1" not in back.all_text()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda p: p.update(data="not base64!"), "第 1 张图片：图片数据不是有效的 base64"),
        (lambda p: p.update(data="aGVsbG8gd29ybGQ="), "第 1 张图片：这不是图片文件"),
        (lambda p: p.update(place="middle"), "第 1 张图片：图片位置无效"),
        (lambda p: p.update(anchor=-1), "图片位置无效"),
        (lambda p: p.update(anchor=True), "图片位置无效"),
    ],
)
def test_a_damaged_picture_in_a_draft_file_makes_it_damaged_and_leaves_it_alone(tmp_path, change, words):
    draft = new_draft("gov2021", "博山镇人民政府", 2025)
    draft.section("overview").pictures.append(make_picture(_bytes("small.png")))
    doc = to_dict(draft)
    change(doc["sections"][0]["pictures"][0])
    path = tmp_path / "bad.nianbao"
    data = json.dumps(doc, ensure_ascii=False).encode()
    path.write_bytes(data)
    with pytest.raises(DraftFileError, match=words):
        load_draft(path)
    assert path.read_bytes() == data


def _order(pics, counts):
    paras = {place: [f"{place}{n}" for n in range(k)] for place, k in counts.items()}
    seq = []
    for place in counts:
        seq += [b if isinstance(b, str) else b.caption for b in blocks(paras[place], pics, place)]
    return seq


def test_moving_a_picture_passes_one_block_at_a_time_and_crosses_the_table():
    counts = {"before": 1, "after": 1}
    a = make_picture(_bytes("small.png"), "A", place="before", anchor=1)
    b = make_picture(_bytes("small.png"), "B", place="after", anchor=0)
    pics = [a, b]
    assert _order(pics, counts) == ["before0", "A", "B", "after0"]
    pics = pictures.moved(pics, 1, True, counts)  # B up: from the start of "after" to the end of "before"
    assert _order(pics, counts) == ["before0", "A", "B", "after0"]
    assert [p.place for p in pics] == ["before", "before"]
    pics = pictures.moved(pics, 1, True, counts)  # B up again: swaps with A
    assert _order(pics, counts) == ["before0", "B", "A", "after0"]
    i = [p.caption for p in pics].index("B")
    pics = pictures.moved(pics, i, True, counts)
    assert _order(pics, counts) == ["B", "before0", "A", "after0"]
    i = [p.caption for p in pics].index("B")
    assert _order(pictures.moved(pics, i, True, counts), counts) == _order(pics, counts)  # already first
    i = [p.caption for p in pics].index("A")
    for _ in range(3):
        pics = pictures.moved(pics, [p.caption for p in pics].index("A"), False, counts)
    assert _order(pics, counts) == ["B", "before0", "after0", "A"]


def test_a_recovery_that_changes_only_pictures_says_so():
    from forms.draftdiff import differences

    old = new_draft("gov2021", "博山镇人民政府", 2025)
    new = new_draft("gov2021", "博山镇人民政府", 2025)
    new.section("active").pictures.append(make_picture(_bytes("small.png"), "图1"))
    assert differences(old, new) == ["“二、主动公开政府信息情况”的图片有改动（0 张 → 1 张）"]
    assert differences(old, old) == []
