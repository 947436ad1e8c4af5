"""SPEC §7: save a draft under 50 ms; loading and the recovery journal, measured on a full draft.

Also the bounds of issue 8: refusing a 1 MB paste into a cell, opening the largest draft that is
accepted (just under the 20 MB cap) and refusing a file over the cap.

Figures: `--benchmark-enable`; recorded in docs/performance.md ("draft files").
"""

from __future__ import annotations

import json
from pathlib import Path

from draft_factory import full_report

from forms.draftfile import MAX_DRAFT_BYTES, MAX_NODES, DraftFileError, load_draft, save_draft
from forms.draftjson import to_dict
from forms.journal import Journal
from forms.model import Paragraph
from forms.values import InputError, parse_cell


def test_benchmark_save_a_full_draft(tmp_path, benchmark):
    draft = full_report("gov2021")
    path = tmp_path / "full.nianbao"
    counter = iter(range(10**9))

    def save():
        draft.title = f"标题 {next(counter)}"  # a real change each time, so a backup is written too
        save_draft(draft, path)

    benchmark(save)
    assert load_draft(path).title == draft.title


def test_benchmark_load_a_full_draft(tmp_path, benchmark):
    path = tmp_path / "full.nianbao"
    save_draft(full_report("gov2021"), path)
    draft = benchmark(load_draft, path)
    assert draft.format_id == "gov2021"


def test_benchmark_record_an_edited_draft(tmp_path, benchmark):
    j = Journal(tmp_path)
    draft = full_report("gov2021")
    path = tmp_path / "full.nianbao"
    counter = iter(range(10**9))

    def edit_and_record():
        draft.set_value("apply.new_received.natural", next(counter))
        j.record(draft, path)

    benchmark(edit_and_record)
    j.close()  # offered once the recording run has ended
    [rec] = Journal(tmp_path).pending()
    assert rec.draft.value("apply.new_received.natural") == draft.value("apply.new_received.natural")


# --- bounds (issue 8): refusing what is too large costs nothing; the largest draft still opens ---

ONE_MB = 1024 * 1024


def test_benchmark_refuse_a_1mb_paste_into_a_cell(benchmark):
    paste = ("本年度收到申请3件，办结3件。\n" * ONE_MB)[:ONE_MB]

    def refuse():
        try:
            parse_cell(paste, "count")
        except InputError as exc:
            return str(exc)
        raise AssertionError("a 1 MB paste was accepted")

    assert "输入太长" in benchmark(refuse)


def _largest_accepted_draft(path: Path) -> int:
    """A full report whose 总体情况 runs to a few hundred very long paragraphs, just under the cap."""
    draft = full_report("gov2021")
    save_draft(draft, path)
    paragraph = "本年度持续深化政务公开，" * 1000  # 12,000 characters, about 36 KB in the file
    per_paragraph = len(json.dumps({"text": paragraph, "level": 0}, ensure_ascii=False, indent=2).encode()) + 16
    room = MAX_DRAFT_BYTES - 256 * 1024 - path.stat().st_size
    draft.section("overview").before += [Paragraph(paragraph) for _ in range(room // per_paragraph)]
    save_draft(draft, path)
    size = path.stat().st_size
    assert MAX_DRAFT_BYTES - ONE_MB < size <= MAX_DRAFT_BYTES
    return size


def test_benchmark_load_the_largest_accepted_draft(tmp_path, benchmark):
    path = tmp_path / "largest.nianbao"
    size = _largest_accepted_draft(path)
    draft = benchmark.pedantic(load_draft, args=(path,), rounds=5, iterations=1, warmup_rounds=1)
    assert len(draft.section("overview").before) > 500
    benchmark.extra_info["file_bytes"] = size


def test_benchmark_refuse_an_over_cap_file(tmp_path, benchmark):
    path = tmp_path / "over.nianbao"
    _largest_accepted_draft(path)
    with path.open("ab") as fh:  # a real file one byte over the cap, not a sparse one
        fh.write(b" " * (MAX_DRAFT_BYTES + 1 - path.stat().st_size))

    def refuse():
        try:
            load_draft(path)
        except DraftFileError as exc:
            return str(exc)
        raise AssertionError("an over-cap file was opened")

    assert "文件太大" in benchmark(refuse)


def test_benchmark_refuse_ten_million_tiny_items(tmp_path, benchmark):
    """The worst file under the cap: ``[0,0,0,…]`` up to 20 MB, refused for its item count (MAX_NODES)."""
    head = json.dumps(to_dict(full_report("gov2021")), ensure_ascii=False)[:-1] + ', "x": ['
    # timed, the whole 20 MB; as a plain test (benchmarks disabled) a tenth of it keeps the suite quick
    size = MAX_DRAFT_BYTES if not benchmark.disabled else MAX_DRAFT_BYTES // 10
    count = (size - len(head.encode()) - 2) // 2
    path = tmp_path / "items.nianbao"
    path.write_bytes((head + "0," * (count - 1) + "0]}").encode())
    assert path.stat().st_size <= MAX_DRAFT_BYTES and count > MAX_NODES

    def refuse():
        try:
            load_draft(path)
        except DraftFileError as exc:
            return str(exc)
        raise AssertionError("ten million items were opened")

    assert "数据项过多" in benchmark.pedantic(refuse, rounds=3, iterations=1)
    benchmark.extra_info["items"] = count
