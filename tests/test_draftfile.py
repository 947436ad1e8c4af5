"""Draft files: round trips, the backup, atomic saving, upgrades and every kind of bad file."""

from __future__ import annotations

import copy
import datetime as dt
import errno
import json
import os
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from faults import fail_writes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms import draftfile, draftjson
from forms.draftfile import DraftFileError, backup_path, load_draft, save_draft
from forms.draftjson import to_dict
from forms.model import Acknowledgement, Paragraph, new_draft
from forms.values import Amount, Invalid

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")


def rich_gov2021():
    d = new_draft("gov2021", "博山镇人民政府", 2025, "街道")
    d.meta.date = dt.date(2026, 1, 20)
    d.meta.signature = "博山镇人民政府"
    d.meta.contact.phone = "0533-4180000"
    d.meta.contact.office = "党政办公室"
    d.title = "博山镇2025年政务公开年报"
    d.preface = [Paragraph("依据条例编制。", 0), Paragraph("统计期限为全年。", 0)]
    ov = d.section("overview")
    ov.before = [Paragraph("一、组织领导", 1), Paragraph("（一）制度", 2), Paragraph("1.网站", 3), Paragraph("正文")]
    d.section("apply").after = [Paragraph("表后说明：收到申请 3 件。")]
    d.set_value("active.fees.amount", Decimal("25.10"))
    d.set_value("active.normative.in_force", 0)
    d.set_value("active.permit.decisions", Invalid("约30"))
    d.set_value("active.rules.issued", Invalid("-2"))
    d.set_value("apply.new_received.natural", 3)
    d.set_value("apply.carried_forward.total", 7)  # a total typed while on entered totals
    d.table("review").entered_totals = True
    d.set_value("review.cases.review_total", 4)
    d.last_year.carried_forward = {"natural": 1, "total": 1}
    d.last_year.in_force = {"rules": 0, "normative": Invalid("十一")}
    d.last_year.texts = {"problems": "去年的问题。\n第二段。"}
    d.acknowledgements = [Acknowledgement("P3", ("active.fees.amount",), "25.1", "确为万元")]
    return d


def rich_gov2019():
    d = new_draft("gov2019", "某县民政局", 2020, "县级政府部门")
    d.set_value("active.procurement.amount", Amount(Decimal("359.3"), "万元"))
    d.set_value("active.permit.delta", -8)
    d.set_value("active.rules.made", 1)
    return d


def rich_legacy():
    d = new_draft("legacy", "某镇人民政府", 2017, "乡镇")
    d.sections[0].title = "一、概述（自拟）"
    d.sections[1].items = ["active", "fees"]
    d.sections[1].before = [Paragraph("主动公开情况。")]
    d.table("stats").included = False
    return d


DRAFTS = {"gov2021": rich_gov2021, "gov2019": rich_gov2019, "legacy": rich_legacy}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- round trips -------------------------------------------------------------------------


@pytest.mark.parametrize("fid", sorted(DRAFTS))
def test_save_then_load_gives_the_same_draft(tmp_path, fid):
    draft = DRAFTS[fid]()
    path = tmp_path / "a.nianbao"
    save_draft(draft, path)
    again = load_draft(path)
    assert to_dict(again) == to_dict(draft)
    assert again == draft


def test_round_trip_keeps_every_kind_of_value(tmp_path):
    path = tmp_path / "a.nianbao"
    save_draft(rich_gov2021(), path)
    d = load_draft(path)
    assert d.value("active.fees.amount") == Decimal("25.1") and isinstance(d.value("active.fees.amount"), Decimal)
    assert d.value("active.permit.decisions") == Invalid("约30")
    assert d.value("active.rules.issued") == Invalid("-2")
    assert d.value("active.normative.in_force") == 0  # zero is kept, not blank
    assert d.value("active.normative.issued") is None  # blank stays blank
    assert d.value("apply.carried_forward.total") == 7
    assert d.table("review").entered_totals is True
    assert d.meta.date == dt.date(2026, 1, 20)
    assert [p.level for p in d.section("overview").before] == [1, 2, 3, 0]
    assert d.last_year.in_force == {"rules": 0, "normative": Invalid("十一")}
    assert d.acknowledgements == [Acknowledgement("P3", ("active.fees.amount",), "25.1", "确为万元")]
    path2 = tmp_path / "b.nianbao"
    save_draft(rich_gov2019(), path2)
    d2 = load_draft(path2)
    assert d2.value("active.procurement.amount") == Amount(Decimal("359.3"), "万元")
    assert d2.value("active.permit.delta") == -8


def test_file_is_indented_utf8_json_with_chinese_as_is(tmp_path):
    path = tmp_path / "a.nianbao"
    save_draft(rich_gov2021(), path)
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert "博山镇人民政府" in text and "\\u" not in text
    assert text.startswith('{\n  "kind": "nianbao-draft",\n  "schema_version": 2,')
    assert text.endswith("}\n")
    assert json.loads(text)["tables"]["active"]["values"]["active.fees.amount"] == "25.1"


def test_a_json_number_with_a_fraction_is_read_exactly_not_as_float(tmp_path):
    doc = to_dict(new_draft("gov2021", "某镇", 2025))
    text = json.dumps(doc, ensure_ascii=False).replace('"values": {}', '"values": {"active.fees.amount": 0.1}', 1)
    path = tmp_path / "a.nianbao"
    path.write_text(text, encoding="utf-8")
    value = load_draft(path).value("active.fees.amount")
    assert value == Decimal("0.1") and isinstance(value, Decimal)


# --- backup and atomicity ----------------------------------------------------------------


def test_each_save_keeps_the_previous_version_as_bak(tmp_path):
    path = tmp_path / "博山镇.nianbao"
    draft = rich_gov2021()
    save_draft(draft, path)
    assert not backup_path(path).exists()
    first = path.read_bytes()
    draft.title = "第二版"
    save_draft(draft, path)
    second = path.read_bytes()
    assert backup_path(path).name == "博山镇.nianbao.bak"
    assert backup_path(path).read_bytes() == first
    save_draft(draft, path)  # unchanged: the backup keeps the version before
    assert backup_path(path).read_bytes() == first and path.read_bytes() == second
    draft.title = "第三版"
    save_draft(draft, path)
    assert backup_path(path).read_bytes() == second
    assert load_draft(backup_path(path)).title == "第二版"


@pytest.mark.parametrize("failing", ["draft", "backup"])
def test_a_crash_while_replacing_leaves_the_old_file_and_no_temp_files(tmp_path, monkeypatch, failing):
    path = tmp_path / "a.nianbao"
    draft = rich_gov2021()
    save_draft(draft, path)
    draft.title = "改过"
    save_draft(draft, path)
    before = _snapshot(tmp_path)
    target = path if failing == "draft" else backup_path(path)
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst) == target:
            raise OSError(errno.EIO, "simulated crash")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    draft.title = "第三版"
    with pytest.raises(DraftFileError) as err:
        save_draft(draft, path)
    assert CJK.search(str(err.value)) and "没有改动" in str(err.value)
    after = _snapshot(tmp_path)
    assert sorted(after) == sorted(before)  # no stray temp file
    assert after[path.name] == before[path.name]
    # the backup may already hold the version being replaced (it is still the current one)
    assert after[backup_path(path).name] in (before[backup_path(path).name], before[path.name])
    monkeypatch.undo()
    assert load_draft(path).title == "改过"


def test_an_interrupt_during_the_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "a.nianbao"
    save_draft(rich_gov2021(), path)
    before = _snapshot(tmp_path)

    def fsync(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", fsync)
    draft = rich_gov2021()
    draft.title = "新"
    with pytest.raises(KeyboardInterrupt):
        save_draft(draft, path)
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
        (PermissionError(errno.EACCES, "Permission denied"), "没有写入权限"),
        (OSError(errno.EROFS, "Read-only file system"), "只读"),
    ],
)
def test_failed_writes_say_why_in_chinese_and_keep_the_old_file(tmp_path, monkeypatch, exc, words):
    path = tmp_path / "a.nianbao"
    save_draft(rich_gov2021(), path)
    before = _snapshot(tmp_path)
    fail_writes(monkeypatch, exc)
    with pytest.raises(DraftFileError) as err:
        save_draft(rich_gov2019(), path)
    assert words in str(err.value)
    assert _snapshot(tmp_path) == before


def test_saving_into_a_missing_folder_says_so(tmp_path):
    with pytest.raises(DraftFileError) as err:
        save_draft(rich_gov2021(), tmp_path / "没有的文件夹" / "a.nianbao")
    assert "不存在" in str(err.value) and "没有的文件夹" in str(err.value)
    assert list(tmp_path.iterdir()) == []


# --- bad files ---------------------------------------------------------------------------


def _docx_bytes(tmp_path: Path) -> bytes:
    p = tmp_path / "x.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    data = p.read_bytes()
    p.unlink()
    return data


def _doc(**changes: Any) -> dict[str, Any]:
    doc = to_dict(rich_gov2021())
    for dotted, value in changes.items():
        node = doc
        *parents, last = dotted.split("__")
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[last] = value
    return doc


def _bytes(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def _truncated(tmp_path: Path) -> bytes:
    save_draft(rich_gov2021(), tmp_path / "real.nianbao")
    data = (tmp_path / "real.nianbao").read_bytes()
    (tmp_path / "real.nianbao").unlink()
    return data[: len(data) // 2]


BAD_FILES = {
    # name: (make bytes, words the message must contain)
    "docx": (_docx_bytes, "不是年报助手的草稿文件"),
    "binary": (lambda t: bytes(range(256)) * 4, "不是年报助手的草稿文件"),
    "empty": (lambda t: b"", "不是年报助手的草稿文件"),
    "other json": (lambda t: b'{"name": "x", "version": 3}', "不是年报助手的草稿文件"),
    "json list": (lambda t: b"[1, 2, 3]", "不是年报助手的草稿文件"),
    "plain text": (lambda t: "博山镇2025年报告正文".encode(), "不是年报助手的草稿文件"),
    "truncated draft": (_truncated, "已损坏"),
    "garbled draft": (lambda t: _bytes(_doc()).replace(b'"meta": {', b'"meta": {{', 1), "已损坏"),
    "year as text": (lambda t: _bytes(_doc(meta__year="2025")), "已损坏"),
    "sections not a list": (lambda t: _bytes(_doc(sections={"a": 1})), "已损坏"),
    "paragraph level 7": (lambda t: _bytes(_doc(sections__0__before=[{"text": "x", "level": 7}])), "已损坏"),
    "cell of another format": (lambda t: _bytes(_doc(tables__apply__values={"apply.r_other.natural": 1})), "已损坏"),
    "no version": (lambda t: _bytes({k: v for k, v in _doc().items() if k != "schema_version"}), "已损坏"),
    "newer version": (lambda t: _bytes(_doc(schema_version=draftjson.SCHEMA_VERSION + 1)), "更新版本"),
    "unknown format": (lambda t: _bytes(_doc(format="gov2031")), "不认识的报告格式“gov2031”"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_refused_with_a_chinese_message_and_left_untouched(tmp_path, name):
    make, words = BAD_FILES[name]
    data = make(tmp_path)
    path = tmp_path / "报告.nianbao"
    path.write_bytes(data)
    with pytest.raises(DraftFileError) as err:
        load_draft(path)
    assert words in str(err.value), str(err.value)
    assert err.value.path == path
    assert path.read_bytes() == data
    # and it is never overwritten: saving a draft over it is refused, no backup is made
    with pytest.raises(DraftFileError) as err2:
        save_draft(rich_gov2019(), path)
    assert "没有保存" in str(err2.value)
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.nianbao"]


def test_refusing_to_save_over_a_file_says_why(tmp_path):
    path = tmp_path / "a.nianbao"
    path.write_bytes(_bytes(_doc(schema_version=draftjson.SCHEMA_VERSION + 1)))
    with pytest.raises(DraftFileError) as err:
        save_draft(rich_gov2021(), path)
    assert "“a.nianbao”已经存在" in str(err.value) and "更新版本" in str(err.value) and "另存为" in str(err.value)


def test_a_huge_file_is_not_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "big.nianbao"
    save_draft(rich_gov2021(), path)
    data = path.read_bytes()
    monkeypatch.setattr(draftfile, "MAX_DRAFT_BYTES", len(data) - 1)
    with pytest.raises(DraftFileError, match="文件太大"):
        load_draft(path)
    with pytest.raises(DraftFileError, match="没有保存"):
        save_draft(rich_gov2019(), path)
    assert path.read_bytes() == data


def test_saving_onto_a_folder_name_says_so(tmp_path):
    (tmp_path / "x.nianbao").mkdir()
    with pytest.raises(DraftFileError, match="文件夹"):
        save_draft(rich_gov2021(), tmp_path / "x.nianbao")


def test_the_damaged_message_names_the_backup_only_when_there_is_one(tmp_path):
    path = tmp_path / "a.nianbao"
    path.write_bytes(_truncated(tmp_path))
    with pytest.raises(DraftFileError) as err:
        load_draft(path)
    assert "a.nianbao.bak" not in str(err.value) and "第 " in str(err.value)
    (tmp_path / "a.nianbao.bak").write_bytes(b"{}")
    with pytest.raises(DraftFileError) as err:
        load_draft(path)
    assert "a.nianbao.bak" in str(err.value)


def test_a_missing_or_unreadable_file_is_a_draft_file_error(tmp_path):
    with pytest.raises(DraftFileError, match="文件不存在"):
        load_draft(tmp_path / "nope.nianbao")
    with pytest.raises(DraftFileError, match="文件夹"):
        load_draft(tmp_path)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3000) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


BASE_DOC = to_dict(rich_gov2021())
BASE_PATHS = [p for p in _paths(BASE_DOC) if p]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(BASE_PATHS), value=JSON, delete=st.booleans())
def test_any_damage_to_a_draft_is_either_harmless_or_a_draft_file_error(tmp_path, where, value, delete):
    doc = copy.deepcopy(BASE_DOC)
    node = doc
    for part in where[:-1]:
        node = node[part]
    if delete:
        del node[where[-1]]
    else:
        node[where[-1]] = value
    path = tmp_path / "fuzz.nianbao"
    data = _bytes(doc)
    path.write_bytes(data)
    try:
        load_draft(path)
    except DraftFileError as exc:
        assert CJK.search(str(exc))
    assert path.read_bytes() == data
