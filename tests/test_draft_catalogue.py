"""A catalogue of crafted draft files: each opens, or is refused in Chinese (issue 8, point 6).

Every case ends, within a guard time, either in a draft that opens, can be saved and opens
again the same, or in a ``DraftFileError`` whose message is Chinese and says what is wrong —
never in a traceback, a hang, a crash or a changed file. ``main.py check`` exits 2 with a
Chinese message on stderr for every file that does not open (in-process for all cases, in a
real subprocess for a handful), and 0 or 1 for every one that does.
"""

from __future__ import annotations

import copy
import datetime as dt
import fnmatch
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from test_draftfile import BASE_DOC
from time_limit import time_limit

from forms import cli
from forms.draftfile import (
    MAX_DEPTH,
    MAX_DRAFT_BYTES,
    MAX_INT_DIGITS,
    MAX_NODES,
    DraftFileError,
    load_draft,
    save_draft,
)
from forms.draftjson import SCHEMA_VERSION, to_dict
from forms.model import Draft
from forms.values import Invalid, format_value

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
NAME = "草稿.nianbao"
#: no message quotes the file at length: a refusal of a 10 MB field is a sentence, not 10 MB
MAX_MESSAGE_CHARS = 600


# --- expectations --------------------------------------------------------------------------


@dataclass(frozen=True)
class Opens:
    """The draft opens; ``holds`` (if given) is true of it."""

    holds: Callable[[Draft], bool] | None = None


@dataclass(frozen=True)
class Refused:
    """``load_draft`` raises ``DraftFileError`` whose message contains ``words``."""

    words: str


OPENS = Opens()
NOT_A_DRAFT = Refused("不是年报助手的草稿文件")
DAMAGED = Refused("已损坏")
NEWER = Refused("更新版本")
UNKNOWN_FORMAT = Refused("不认识的报告格式")
TOO_LARGE = Refused("文件太大")

Expectation = Opens | Refused
Builder = Callable[[Path], Path]


# --- builders: each makes its file in a folder and returns the path to open ----------------


def raw(data: bytes) -> Builder:
    def build(folder: Path) -> Path:
        path = folder / NAME
        path.write_bytes(data)
        return path

    return build


def dumps(doc: Any) -> bytes:
    # a lone surrogate is written as the JSON escape "\ud800", which is how such files hold it
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


def good_doc() -> dict[str, Any]:
    return copy.deepcopy(BASE_DOC)


GOOD = dumps(BASE_DOC)


def doc(change: Callable[[dict[str, Any]], object], *, compact: bool = False, base: Any = None) -> Builder:
    """The real draft (or ``base``) with ``change`` applied to its document (built when the case runs)."""

    def build(folder: Path) -> Path:
        d = good_doc() if base is None else copy.deepcopy(base)
        change(d)
        data = json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode("utf-8") if compact else dumps(d)
        return raw(data)(folder)

    return build


def text_of(change: Callable[[str], str]) -> Builder:
    """The real draft's JSON text with ``change`` applied to it (for what ``json.dumps`` cannot write)."""
    return lambda folder: raw(change(GOOD.decode("utf-8")).encode("utf-8", "surrogatepass"))(folder)


def put(where: str | tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    """Set the field at ``where`` ("meta.year", or a tuple of keys when a key holds dots)."""

    def change(d: dict[str, Any]) -> None:
        *parents, last = where.split(".") if isinstance(where, str) else where
        node: Any = d
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


def cell(cid: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["tables"][cid.split(".")[0]]["values"].__setitem__(cid, value)


def literal_cell(json_text: str) -> Builder:
    """The real draft with 自然人 of 一、本年新收 written as ``json_text`` (a number json.dumps would not write)."""
    return text_of(
        lambda t: t.replace('"apply.new_received.natural": 3', f'"apply.new_received.natural": {json_text}', 1)
    )


def fifo(folder: Path) -> Path:
    path = folder / NAME
    os.mkfifo(path)
    return path


def folder_named_like_a_draft(folder: Path) -> Path:
    path = folder / NAME
    path.mkdir()
    return path


def symlink_loop(folder: Path) -> Path:
    (folder / "a.nianbao").symlink_to(folder / "b.nianbao")
    (folder / "b.nianbao").symlink_to(folder / "a.nianbao")
    return folder / "a.nianbao"


def dangling_symlink(folder: Path) -> Path:
    path = folder / NAME
    path.symlink_to(folder / "已删除.nianbao")
    return path


def symlink_to_a_draft(folder: Path) -> Path:
    (folder / "真实.nianbao").write_bytes(GOOD)
    path = folder / NAME
    path.symlink_to(folder / "真实.nianbao")
    return path


def missing(folder: Path) -> Path:
    return folder / NAME


def sparse_over_the_cap(folder: Path) -> Path:
    path = folder / NAME
    with path.open("wb") as fh:
        fh.truncate(MAX_DRAFT_BYTES + 1)  # no 20 MB written: the size alone must refuse it
    return path


def padded_to(size: int) -> Builder:
    """The real draft followed by spaces up to ``size`` bytes (JSON allows trailing whitespace)."""
    return lambda folder: raw(GOOD + b" " * (size - len(GOOD)))(folder)


def unreadable(folder: Path) -> Path:
    path = folder / NAME
    path.write_bytes(GOOD)
    path.chmod(0)
    return path


def nested(depth: int, open_: str = "[", close: str = "]") -> bytes:
    return b'{"kind": "nianbao-draft", "x": ' + open_.encode() * depth + close.encode() * depth + b"}"


def deep_in_a_draft(depth: int) -> Builder:
    value: Any = "底"
    for _ in range(depth):
        value = [value]
    return doc(put("last_year.texts.problems", value))


def over_the_cap_once_saved(d: dict[str, Any]) -> None:
    """Under the cap as written compactly, over it once saved: the saved file is indented.

    A long paragraph takes most of the room; 300,000 acknowledged cells ``0`` take 2 bytes
    each here and ``        "0",`` (13 bytes) each in the saved file.
    """
    d["sections"][0]["before"][0]["text"] = "a" * (MAX_DRAFT_BYTES - 3_000_000)
    d["acknowledgements"].append({"rule": "P3", "cells": [0] * 300_000})


def value(cid: str, expected: Any) -> Callable[[Draft], bool]:
    return lambda d: d.value(cid) == expected and type(d.value(cid)) is type(expected)


def docx_bytes() -> bytes:
    return b"PK\x03\x04\x14\x00\x06\x00" + bytes(200) + b"word/document.xml"


def recovery_entry() -> bytes:
    return json.dumps({"kind": "nianbao-recovery", "version": 1, "draft": BASE_DOC}, ensure_ascii=False).encode()


TEN_MB = 10 * 1024 * 1024
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# (name, builder, expectation)
CATALOGUE: list[tuple[str, Builder, Expectation]] = [
    # not a draft at all
    ("empty file", raw(b""), NOT_A_DRAFT),
    ("only whitespace", raw(b" \n\t\r\n"), NOT_A_DRAFT),
    ("binary bytes", raw(bytes(range(256)) * 64), NOT_A_DRAFT),
    ("a Word .docx (zip)", raw(docx_bytes()), NOT_A_DRAFT),
    ("an old Word .doc (OLE)", raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)), NOT_A_DRAFT),
    ("a PDF", raw(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"), NOT_A_DRAFT),
    ("plain Chinese text", raw("博山镇2025年政府信息公开工作年度报告\n一、总体情况".encode()), NOT_A_DRAFT),
    ("text in GBK", raw("博山镇2025年政府信息公开工作年度报告".encode("gbk")), NOT_A_DRAFT),
    ("a JSON list", raw(b"[1, 2, 3]"), NOT_A_DRAFT),
    ("a JSON string", raw(b'"nianbao-draft"'), NOT_A_DRAFT),
    ("a JSON number", raw(b"2025"), NOT_A_DRAFT),
    ("JSON null", raw(b"null"), NOT_A_DRAFT),
    ("an empty object", raw(b"{}"), NOT_A_DRAFT),
    ("other JSON", raw(b'{"name": "x", "version": 3}'), NOT_A_DRAFT),
    ("the draft inside a list", raw(b"[" + GOOD + b"]"), NOT_A_DRAFT),
    ("the draft as a JSON string", raw(json.dumps(GOOD.decode()).encode()), NOT_A_DRAFT),
    ("a recovery journal entry", raw(recovery_entry()), NOT_A_DRAFT),
    ("kind missing", doc(lambda d: d.pop("kind")), NOT_A_DRAFT),
    ("another kind", doc(put("kind", "nianbao-recovery")), NOT_A_DRAFT),
    ("kind in capitals", doc(put("kind", "NIANBAO-DRAFT")), NOT_A_DRAFT),
    ("a raw NUL byte", text_of(lambda t: t.replace("依据条例", "依据\x00条例", 1)), NOT_A_DRAFT),
    ("UTF-16 LE with BOM", raw(GOOD.decode().encode("utf-16")), NOT_A_DRAFT),
    ("UTF-16 BE without BOM", raw(GOOD.decode().encode("utf-16-be")), NOT_A_DRAFT),
    # encodings of a real draft
    ("UTF-8 with a BOM", raw(b"\xef\xbb\xbf" + GOOD), OPENS),
    ("Windows line endings", raw(GOOD.replace(b"\n", b"\r\n")), OPENS),
    ("compact, no indentation", raw(json.dumps(BASE_DOC, ensure_ascii=False).encode()), OPENS),
    ("every character escaped", raw(json.dumps(BASE_DOC, ensure_ascii=True).encode()), OPENS),
    ("a draft saved in GBK", raw(GOOD.decode().encode("gbk")), Refused("无法识别的字节")),
    ("raw surrogate bytes", text_of(lambda t: t.replace("依据", "依\udcff据", 1)), Refused("无法识别的字节")),
    # cut short or garbled
    ("truncated to half", raw(GOOD[: len(GOOD) // 2]), Refused("第 ")),
    ("truncated after the kind", raw(GOOD[: GOOD.index(b"nianbao-draft") + 15]), DAMAGED),
    ("truncated to one byte", raw(GOOD[:1]), NOT_A_DRAFT),
    ("truncated by one byte", raw(GOOD.rstrip()[:-1]), DAMAGED),
    ("truncated inside a Chinese character", raw(GOOD[: GOOD.index("依据".encode()) + 1]), Refused("无法识别的字节")),
    ("garbage after the draft", raw(GOOD + b"}\n"), DAMAGED),
    ("two drafts in one file", raw(GOOD + GOOD), DAMAGED),
    ("a comment in the JSON", raw(GOOD.replace(b"{", b"{ // draft\n", 1)), DAMAGED),
    ("single quotes", text_of(lambda t: t.replace('"kind"', "'kind'", 1)), DAMAGED),
    ("Python True instead of true", text_of(lambda t: t.replace("false", "False", 1)), DAMAGED),
    (
        "a trailing comma",
        text_of(lambda t: t.replace('"title": ', '"title": "x",\n  "extra": 1,,\n  "t": ', 1)),
        DAMAGED,
    ),
    ("a raw control character in a string", text_of(lambda t: t.replace("依据", "依\x07据", 1)), DAMAGED),
    ("a raw line break in a string", text_of(lambda t: t.replace("依据", "依\n据", 1)), DAMAGED),
    # sizes
    ("over the size cap (sparse)", sparse_over_the_cap, TOO_LARGE),
    ("one byte over the cap", padded_to(MAX_DRAFT_BYTES + 1), TOO_LARGE),
    ("exactly at the cap", padded_to(MAX_DRAFT_BYTES), OPENS),
    ("a 10 MB paragraph", doc(put("sections.0.before.0.text", "字" * (TEN_MB // 3))), OPENS),
    ("a 10 MB string of escapes", doc(put("sections.0.before.0.text", "\u0001" * (TEN_MB // 6))), OPENS),
    ("200,000 section items", doc(put("sections.1.items", list(range(200_000)))), OPENS),
    ("100,000 texts of last year", doc(put("last_year.texts", {f"s{i}": "文" for i in range(100_000)})), OPENS),
    ("a million and one items", doc(put("sections.1.items", [0] * MAX_NODES), compact=True), Refused("数据项过多")),
    ("1.2 million tiny lists", doc(put("x", [[]] * 1_200_000), compact=True), Refused("数据项过多")),
    (
        "a list that would save to over the cap",
        doc(over_the_cap_once_saved, compact=True),
        Refused("内容太多"),
    ),
    # not a file
    ("a FIFO", fifo, Refused("不是普通文件")),
    ("a folder", folder_named_like_a_draft, Refused("文件夹")),
    ("a symbolic link loop", symlink_loop, Refused("循环")),
    ("a dangling symbolic link", dangling_symlink, Refused("文件不存在")),
    ("a symbolic link to a draft", symlink_to_a_draft, OPENS),
    ("a missing file", missing, Refused("文件不存在")),
    ("no read permission", unreadable, OPENS if IS_ROOT else Refused("没有读取权限")),
    # nesting
    ("100,000 nested lists", raw(nested(100_000)), NOT_A_DRAFT),
    ("100,000 nested objects", raw(b'{"kind": "nianbao-draft", ' + b'"a": {' * 100_000 + b"}" * 100_001), NOT_A_DRAFT),
    ("100,000 unclosed lists", raw(b'{"kind": "nianbao-draft", "x": ' + b"[" * 100_000), NOT_A_DRAFT),
    (f"nested just past MAX_DEPTH ({MAX_DEPTH})", deep_in_a_draft(MAX_DEPTH), Refused("嵌套过深")),
    ("nested a little", deep_in_a_draft(5), OPENS),
    # numbers
    (
        f"a {MAX_INT_DIGITS}-digit count",
        literal_cell("9" * MAX_INT_DIGITS),
        Opens(value("apply.new_received.natural", int("9" * MAX_INT_DIGITS))),
    ),
    (f"a {MAX_INT_DIGITS + 1}-digit count", literal_cell("9" * (MAX_INT_DIGITS + 1)), Refused("数字超出了允许的长度")),
    ("a thousand-digit count", literal_cell("7" * 1000), Refused("数字超出了允许的长度")),
    ("a 5,000-digit count (past Python's int limit)", literal_cell("7" * 5000), Refused("数字超出了允许的长度")),
    ("a thousand-digit negative count", literal_cell("-" + "7" * 1000), Refused("数字超出了允许的长度")),
    ("a thousand-digit fraction", literal_cell("0." + "3" * 1000), Refused("数字超出了允许的长度")),
    ("1e999999999", literal_cell("1e999999999"), Refused("数字超出了允许的长度")),
    ("1E5", literal_cell("1E5"), Refused("数字超出了允许的长度")),
    ("NaN in a cell", literal_cell("NaN"), Opens(value("apply.new_received.natural", Invalid("NaN")))),
    ("Infinity in a cell", literal_cell("Infinity"), Opens(value("apply.new_received.natural", Invalid("Infinity")))),
    (
        "-Infinity in a cell",
        literal_cell("-Infinity"),
        Opens(value("apply.new_received.natural", Invalid("-Infinity"))),
    ),
    ("-0 in a count", literal_cell("-0"), Opens(value("apply.new_received.natural", 0))),
    ("-0.0 in a count", literal_cell("-0.0"), Opens(value("apply.new_received.natural", 0))),
    ("1.5 in a count", literal_cell("1.5"), Opens(value("apply.new_received.natural", Invalid("1.5")))),
    ("a count as digits in a string", literal_cell('"12"'), Opens(value("apply.new_received.natural", 12))),
    (
        "money as a JSON fraction",
        doc(cell("active.fees.amount", 0.1)),
        Opens(value("active.fees.amount", Decimal("0.1"))),
    ),
    (
        "-0.0 as money",
        text_of(lambda t: t.replace('"active.fees.amount": "25.1"', '"active.fees.amount": -0.0', 1)),
        Opens(lambda d: d.value("active.fees.amount") == 0 and format_value(d.value("active.fees.amount")) == "0"),
    ),
    ("NaN as the year", text_of(lambda t: t.replace('"year": 2025', '"year": NaN', 1)), DAMAGED),
    ("a fraction as the year", text_of(lambda t: t.replace('"year": 2025', '"year": 2025.0', 1)), DAMAGED),
    # versions and formats
    ("a newer schema_version", doc(put("schema_version", SCHEMA_VERSION + 1)), NEWER),
    ("a far newer schema_version", doc(put("schema_version", 10**20)), NEWER),
    ("schema_version 0", doc(put("schema_version", 0)), Refused("版本号")),
    ("schema_version -1", doc(put("schema_version", -1)), Refused("版本号")),
    ("schema_version as text", doc(put("schema_version", "1")), Refused("版本号")),
    ("schema_version true", doc(put("schema_version", True)), Refused("版本号")),
    (
        "schema_version 2.0",
        text_of(lambda t: t.replace('"schema_version": 2', '"schema_version": 2.0', 1)),
        Refused("版本号"),
    ),
    ("an unknown format id", doc(put("format", "gov2031")), Refused("不认识的报告格式“gov2031”")),
    ("a 10 MB format id", doc(put("format", "g" * TEN_MB)), UNKNOWN_FORMAT),
    ("the format of another year's tables", doc(put("format", "gov2019")), DAMAGED),
    # years and dates
    ("year 3000", doc(put("meta.year", 3000)), Refused("年度 3000")),
    ("year 1999", doc(put("meta.year", 1999)), Refused("年度 1999")),
    ("year -2025", doc(put("meta.year", -2025)), DAMAGED),
    ("year 2000", doc(put("meta.year", 2000)), Opens(lambda d: d.meta.year == 2000)),
    ("year 2100", doc(put("meta.year", 2100)), Opens(lambda d: d.meta.year == 2100)),
    ("year in Chinese", doc(put("meta.year", "二〇二五")), DAMAGED),
    ("30 February", doc(put("meta.date", "2026-02-30")), Refused("成文日期")),
    ("month 13", doc(put("meta.date", "2026-13-01")), Refused("成文日期")),
    ("year 0", doc(put("meta.date", "0000-01-01")), Refused("成文日期")),
    ("a date in Chinese", doc(put("meta.date", "2026年1月20日")), Refused("成文日期")),
    ("a 10 MB date", doc(put("meta.date", "2" * TEN_MB)), Refused("成文日期")),
    ("an empty date is none", doc(put("meta.date", "")), Opens(lambda d: d.meta.date is None)),
    (
        "29 February of a leap year",
        doc(put("meta.date", "2028-02-29")),
        Opens(lambda d: d.meta.date == dt.date(2028, 2, 29)),
    ),
    # levels, paragraphs, sections
    ("an unknown level", doc(put("meta.level", "省级")), Refused("机关层级")),
    ("a 10 MB level", doc(put("meta.level", "镇" * (TEN_MB // 3))), Refused("机关层级")),
    ("paragraph level 4", doc(put("sections.0.before.0.level", 4)), Refused("段落级别")),
    ("paragraph level -1", doc(put("sections.0.before.0.level", -1)), Refused("段落级别")),
    ("paragraph level true", doc(put("sections.0.before.0.level", True)), DAMAGED),
    ("no sections at all", doc(put("sections", [])), OPENS),
    ("a section twice", doc(lambda d: d["sections"].append(copy.deepcopy(d["sections"][0]))), OPENS),
    # tables
    ("a cell of another format", doc(cell("apply.r_other.natural", 1)), Refused("没有的单元格")),
    ("a table of another format", doc(put("tables.stats", {"values": {}})), Refused("没有的表格")),
    ("a 10 MB cell id", doc(cell("active." + "x" * TEN_MB, 1)), Refused("没有的单元格")),
    (
        "a cell holding a list",
        doc(cell("active.rules.issued", [1, [2]])),
        Opens(value("active.rules.issued", Invalid("[1, [2]]"))),
    ),
    (
        "a cell holding true",
        doc(cell("active.rules.issued", True)),
        Opens(value("active.rules.issued", Invalid("true"))),
    ),
    (
        "a cell holding null",
        doc(cell("active.rules.issued", None)),
        Opens(value("active.rules.issued", Invalid("null"))),
    ),
    (
        "last year's figure null",
        doc(put("last_year.carried_forward.natural", None)),
        Opens(lambda d: d.last_year.carried_forward["natural"] == Invalid("null")),
    ),
    (
        "a cell holding text",
        doc(cell("active.rules.issued", "约30")),
        Opens(value("active.rules.issued", Invalid("约30"))),
    ),
    ("a cell holding 10 MB of text", doc(cell("active.rules.issued", "9" * TEN_MB)), OPENS),
    # duplicate keys: JSON's last one wins, as in every reader
    (
        "a duplicate title",
        text_of(lambda t: t.replace('"title": ', '"title": "第一个",\n  "title": ', 1)),
        Opens(lambda d: d.title == "博山镇2025年政务公开年报"),
    ),
    (
        "a duplicate kind",
        text_of(lambda t: t.replace('"kind": "nianbao-draft"', '"kind": "nianbao-draft", "kind": "other"', 1)),
        NOT_A_DRAFT,
    ),
    # odd characters
    ("an escaped NUL in a paragraph", doc(put("sections.0.before.0.text", "一\u0000二")), OPENS),
    ("escaped control characters", doc(put("sections.0.before.0.text", "\u0007\u001b\u007f")), OPENS),
    ("an emoji as an escaped pair", text_of(lambda t: t.replace("依据", "依\\ud83d\\ude00据", 1)), OPENS),
    ("a lone surrogate in a paragraph", doc(put("sections.0.before.0.text", "依\ud800据")), Refused("代理字符")),
    ("a lone surrogate in the org", doc(put("meta.org", "\udc00")), Refused("代理字符")),
    ("a lone surrogate in a key", doc(put("last_year.texts", {"\ud800": "x"})), Refused("代理字符")),
    ("a lone surrogate in a cell id", doc(cell("active.\udfff", 1)), Refused("代理字符")),
    ("right-to-left marks in the org", doc(put("meta.org", "\u202e博山镇\u200f")), OPENS),
    # acknowledgements
    ("an acknowledgement that is text", doc(put("acknowledgements", ["P3"])), DAMAGED),
    ("acknowledgements null", doc(put("acknowledgements", None)), DAMAGED),
    ("acknowledgement cells as text", doc(put("acknowledgements.0.cells", "active.fees.amount")), DAMAGED),
    (
        "acknowledgement cells of junk",
        doc(put("acknowledgements.0.cells", [None, 5, {}, []])),
        Opens(lambda d: d.acknowledgements[0].cells == ("None", "5", "{}", "[]")),
    ),
    ("acknowledgement of an unknown rule", doc(put("acknowledgements.0.rule", "ZZ99")), OPENS),
    ("acknowledgement without a rule", doc(lambda d: d["acknowledgements"][0].pop("rule")), DAMAGED),
    ("acknowledgement note of 10 MB", doc(put("acknowledgements.0.note", "注" * (TEN_MB // 3))), OPENS),
]


# --- generated: a wrong type at every field, every field missing ---------------------------

#: fields where a value of any type is kept (a cell as Invalid, an id or a text as text), not refused
_OPEN_WITH_ANY_TYPE = [
    "tables.*.values.*",
    "last_year.carried_forward.*",
    "last_year.in_force.*",
    "last_year.texts.*",
    "sections.*.items.*",
    "acknowledgements.*.cells.*",
]
_REQUIRED = [
    "kind",
    "schema_version",
    "format",
    "meta",
    "meta.org",
    "meta.year",
    "sections",
    "sections.*.key",
    "sections.*.*.*.text",
    "preface.*.text",
    "acknowledgements.*.rule",
]


def _wrong_type(v: Any) -> Any:
    if isinstance(v, bool):
        return "true"
    if isinstance(v, str):
        return 7
    if isinstance(v, int):
        return [v]
    if isinstance(v, dict):
        return []
    if isinstance(v, list):
        return {}
    return 7  # None


def _fields(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [prefix] if prefix else []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in items:
        out += _fields(child, (*prefix, str(key)))
    return out


def _pattern(path: tuple[str, ...]) -> str:
    # one case per shape of field: the fifth paragraph of a section is like the first, and one
    # cell of a table like another
    parts = ["*" if p.isdigit() else p for p in path]
    if len(parts) >= 4 and parts[0] == "tables" and parts[2] == "values":
        parts[3] = "*"
    if len(parts) >= 3 and parts[0] == "last_year":
        parts[2] = "*"
    return ".".join(parts)


def _matches(path: tuple[str, ...], patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(".".join(path), p) and len(path) == p.count(".") + 1 for p in patterns)


def _generated(base: dict[str, Any], label: str = "") -> list[tuple[str, Builder, Expectation]]:
    seen: set[str] = set()
    cases: list[tuple[str, Builder, Expectation]] = []
    for path in _fields(base):
        shape = _pattern(path)
        if shape in seen:
            continue
        seen.add(shape)
        node: Any = base
        for part in path:
            node = node[int(part)] if isinstance(node, list) else node[part]
        dotted = ".".join(path)
        if path == ("kind",):
            wrong: Expectation = NOT_A_DRAFT
        elif path == ("format",):
            wrong = Refused("缺少报告格式")
        else:
            wrong = OPENS if _matches(path, _OPEN_WITH_ANY_TYPE) else DAMAGED
        cases.append((f"{label}wrong type at {dotted}", doc(put(path, _wrong_type(node)), base=base), wrong))
        if not path[-1].isdigit():  # a missing list element is just a shorter list
            gone: Expectation = (NOT_A_DRAFT if path == ("kind",) else DAMAGED) if _matches(path, _REQUIRED) else OPENS
            cases.append((f"{label}missing {dotted}", doc(put_missing(path), base=base), gone))
    return cases


def put_missing(path: tuple[str, ...]) -> Callable[[dict[str, Any]], None]:
    def change(d: dict[str, Any]) -> None:
        node: Any = d
        for part in path[:-1]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[path[-1]]

    return change


EXAMPLE_FILES = sorted((ROOT / "forms" / "examples").glob("*.nianbao"))
EXAMPLES: list[tuple[str, Builder, Expectation]] = [
    (f"example {p.name}", raw(p.read_bytes()), OPENS) for p in EXAMPLE_FILES
]
#: the rich gov2021 draft of the draft file tests, and two published reports: a gov2019 one with
#: text after each table and a legacy one with section items and the optional 统计表
MUTATED = [
    ("", BASE_DOC),
    *(
        (f"{p.name[:3]}: ", json.loads(p.read_text(encoding="utf-8")))
        for p in EXAMPLE_FILES
        if p.name[:3] in ("001", "004")
    ),
]
ALL = CATALOGUE + [case for label, base in MUTATED for case in _generated(base, label)] + EXAMPLES


# --- running a case --------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, str]:
    """What is in the folder, byte for byte (a link by its target, a FIFO by its kind)."""
    out = {}
    for p in sorted(folder.iterdir()):
        info = p.lstat()
        if stat.S_ISLNK(info.st_mode):
            out[p.name] = "link → " + os.readlink(p)
        elif stat.S_ISREG(info.st_mode) and os.access(p, os.R_OK):
            out[p.name] = hashlib.sha256(p.read_bytes()).hexdigest() + f" {stat.S_IMODE(info.st_mode):o}"
        elif stat.S_ISREG(info.st_mode):  # the unreadable case, when not run as root
            out[p.name] = f"unreadable {info.st_size} {info.st_mtime_ns} {stat.S_IMODE(info.st_mode):o}"
        else:
            out[p.name] = f"kind {stat.S_IFMT(info.st_mode):o}"
    return out


def _built(tmp_path: Path, builder: Builder) -> tuple[Path, Path]:
    folder = tmp_path / "case"
    folder.mkdir()
    return folder, builder(folder)


def test_a_name_with_a_nul_is_refused_in_chinese_not_with_a_value_error(tmp_path, capsys):
    # argv cannot carry a NUL, but a name pasted into a dialog or built by a script can
    path = tmp_path / "a\x00b.nianbao"
    with pytest.raises(DraftFileError, match="不能使用的字符"):
        load_draft(path)
    with pytest.raises(DraftFileError, match="不能使用的字符"):
        save_draft(load_draft(symlink_to_a_draft(tmp_path)), path)
    assert cli.main(["check", str(path)]) == 2
    _out, err = capsys.readouterr()
    assert "不能使用的字符" in err and "Traceback" not in err


def test_the_catalogue_is_large_and_its_names_are_unique():
    names = [name for name, _b, _e in ALL]
    assert len(set(names)) == len(names)
    assert len(CATALOGUE) >= 60 and len(ALL) >= 100
    assert sum(isinstance(e, Opens) for _n, _b, e in ALL) >= 20  # the contract is not "refuse everything"


@pytest.mark.parametrize(("name", "builder", "expected"), ALL, ids=[c[0] for c in ALL])
def test_each_file_opens_or_is_refused_in_chinese_and_is_left_as_it_was(tmp_path, capsys, name, builder, expected):
    folder, path = _built(tmp_path, builder)
    before = _snapshot(folder)
    with time_limit(what=name):
        try:
            draft = load_draft(path)
        except DraftFileError as exc:
            message = str(exc)
            assert isinstance(expected, Refused), f"refused: {message}"
            assert CJK.search(message) and expected.words in message, message
            assert len(message) < MAX_MESSAGE_CHARS, message[:300]
            assert exc.path == path
        else:
            assert isinstance(expected, Opens), "opened, but should be refused"
            if expected.holds is not None:
                assert expected.holds(draft)
            # a draft that opens can be saved, and opens again as the same draft
            out = tmp_path / "out" / "saved.nianbao"
            out.parent.mkdir()
            save_draft(draft, out)
            assert to_dict(load_draft(out)) == to_dict(draft)
        assert _snapshot(folder) == before

        code = cli.main(["check", str(path)])
    stdout, stderr = capsys.readouterr()
    assert "Traceback" not in stderr
    if isinstance(expected, Refused):
        assert code == 2 and stdout == ""
        assert CJK.search(stderr) and expected.words in stderr
    else:
        assert code in (0, 1), stderr
        assert "共 " in stdout or "没有发现问题" in stdout
    assert _snapshot(folder) == before


SUBPROCESS_CASES = [
    "a FIFO",
    "over the size cap (sparse)",
    "100,000 nested lists",
    "a thousand-digit count",
    "1e999999999",
    "a lone surrogate in a paragraph",
    "truncated to half",
    "binary bytes",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_main_py_check_exits_2_in_chinese_without_a_traceback(tmp_path, name):
    [(builder, expected)] = [(b, e) for n, b, e in CATALOGUE if n == name]
    assert isinstance(expected, Refused)
    folder, path = _built(tmp_path, builder)
    before = _snapshot(folder)
    env = dict(os.environ, NIANBAO_DATA_DIR=str(tmp_path / "data"), PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [sys.executable, "main.py", "check", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,  # a hang (a FIFO opened for reading) fails here instead of freezing the suite
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert CJK.search(done.stderr) and expected.words in done.stderr
    assert _snapshot(folder) == before
