"""SPEC §7: save a draft under 50 ms; loading and the recovery journal, measured on a full draft.

Figures: `--benchmark-enable`; recorded in docs/performance.md ("draft files").
"""

from __future__ import annotations

from draft_factory import full_report

from forms.draftfile import load_draft, save_draft
from forms.journal import Journal


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
