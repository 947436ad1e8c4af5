"""The recovery journal: what a crash leaves behind is offered at the next start, damaged entries are skipped."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from forms import journal as journal_mod
from forms.draftfile import save_draft
from forms.draftjson import SCHEMA_VERSION, to_dict
from forms.journal import Journal, JournalError, data_dir
from forms.model import Paragraph, new_draft
from forms.values import Invalid

CJK = re.compile(r"[\u4e00-\u9fff]")


def a_draft(org: str = "博山镇人民政府", year: int = 2025):
    d = new_draft("gov2021", org, year)
    d.section("overview").before = [Paragraph("今年的工作。"), Paragraph("（一）制度", 2)]
    d.set_value("apply.new_received.natural", 3)
    d.set_value("active.permit.decisions", Invalid("约30"))
    return d


def entries(folder: Path) -> list[str]:
    rec = folder / "recovery"
    return sorted(p.name for p in rec.iterdir()) if rec.exists() else []


# --- where the journal lives -------------------------------------------------------------


def test_data_folder_follows_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "数据"))
    assert data_dir() == tmp_path / "数据"
    assert Journal().folder == tmp_path / "数据" / "recovery"
    assert Journal(tmp_path / "x").folder == tmp_path / "x" / "recovery"  # the argument wins


def test_data_folder_on_linux_follows_xdg_or_home(monkeypatch, tmp_path):
    monkeypatch.delenv("NIANBAO_DATA_DIR", raising=False)
    monkeypatch.setattr(journal_mod.sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "nianbao"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data_dir() == tmp_path / "home" / ".local" / "share" / "nianbao"


def test_data_folder_on_windows_is_under_appdata(monkeypatch, tmp_path):
    monkeypatch.delenv("NIANBAO_DATA_DIR", raising=False)
    monkeypatch.setattr(journal_mod.sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert data_dir() == tmp_path / "Roaming" / "年报助手"


# --- record and recover ------------------------------------------------------------------


def test_a_recorded_draft_is_offered_to_the_next_run(tmp_path):
    draft = a_draft()
    path = tmp_path / "博山镇.nianbao"
    before = dt.datetime.now(dt.UTC)
    Journal(tmp_path).record(draft, path)
    after = dt.datetime.now(dt.UTC)
    [rec] = Journal(tmp_path).pending()
    assert to_dict(rec.draft) == to_dict(draft)
    assert rec.draft_path == path.absolute()
    assert before <= rec.saved_at <= after and rec.saved_at.tzinfo is not None


def test_the_entry_holds_the_whole_draft_document(tmp_path):
    draft = a_draft()
    Journal(tmp_path).record(draft, None)
    [name] = entries(tmp_path)
    entry = json.loads((tmp_path / "recovery" / name).read_text(encoding="utf-8"))
    assert entry["draft"] == to_dict(draft)
    assert entry["draft_path"] is None


def test_a_run_does_not_offer_its_own_entries(tmp_path):
    j = Journal(tmp_path)
    j.record(a_draft(), tmp_path / "a.nianbao")
    assert j.pending() == []
    assert len(Journal(tmp_path).pending()) == 1


def test_recording_again_replaces_the_entry_and_is_cheap_when_nothing_changed(tmp_path):
    j = Journal(tmp_path)
    draft = a_draft()
    path = tmp_path / "a.nianbao"
    j.record(draft, path)
    [name] = entries(tmp_path)
    inode = (tmp_path / "recovery" / name).stat().st_ino
    j.record(draft, path)  # nothing changed: nothing written
    assert (tmp_path / "recovery" / name).stat().st_ino == inode
    draft.set_value("apply.new_received.natural", 4)
    j.record(draft, path)
    assert entries(tmp_path) == [name]
    assert (tmp_path / "recovery" / name).stat().st_ino != inode  # replaced, not edited in place
    [rec] = Journal(tmp_path).pending()
    assert rec.draft.value("apply.new_received.natural") == 4


def test_pending_lists_newest_first(tmp_path):
    j = Journal(tmp_path)
    first, second = a_draft("甲镇"), a_draft("乙镇")
    j.record(first, tmp_path / "甲.nianbao")
    j.record(second, None)
    assert [r.draft.meta.org for r in Journal(tmp_path).pending()] == ["乙镇", "甲镇"]
    first.title = "改过"
    j.record(first, tmp_path / "甲.nianbao")
    recs = Journal(tmp_path).pending()
    assert [r.draft.meta.org for r in recs] == ["甲镇", "乙镇"]
    assert recs[0].saved_at > recs[1].saved_at
    assert recs[1].draft_path is None


def test_clear_for_after_a_save_removes_the_entry(tmp_path):
    j = Journal(tmp_path)
    path = tmp_path / "a.nianbao"
    draft = a_draft()
    j.record(draft, path)
    j.record(a_draft("别的镇"), tmp_path / "b.nianbao")
    save_draft(draft, path)
    j.clear_for(path)
    assert [r.draft.meta.org for r in Journal(tmp_path).pending()] == ["别的镇"]
    # the next edit of the same draft is journalled again, even with the same content as before
    j.record(draft, path)
    assert len(Journal(tmp_path).pending()) == 2


def test_save_as_of_a_never_saved_draft_leaves_no_stale_entry(tmp_path):
    j = Journal(tmp_path)
    draft = a_draft()
    j.record(draft, None)
    assert len(entries(tmp_path)) == 1
    path = tmp_path / "新.nianbao"
    save_draft(draft, path)
    j.clear_for(path, draft)
    assert entries(tmp_path) == []
    other = a_draft("乙镇")
    j.record(other, None)
    j.record(other, tmp_path / "乙.nianbao")  # recorded under its new name: the untitled entry goes
    [rec] = Journal(tmp_path).pending()
    assert rec.draft_path == (tmp_path / "乙.nianbao").absolute()


def test_two_never_saved_drafts_have_separate_entries(tmp_path):
    j = Journal(tmp_path)
    j.record(a_draft("甲镇"), None)
    j.record(a_draft("乙镇"), None)
    assert sorted(r.draft.meta.org for r in Journal(tmp_path).pending()) == ["乙镇", "甲镇"]


def test_discard_forgets_a_recovery(tmp_path):
    Journal(tmp_path).record(a_draft(), tmp_path / "a.nianbao")
    j = Journal(tmp_path)
    [rec] = j.pending()
    j.discard(rec)
    assert j.pending() == [] and entries(tmp_path) == []


# --- damage ------------------------------------------------------------------------------


def test_damaged_entries_are_skipped_and_left_alone(tmp_path):
    Journal(tmp_path).record(a_draft("好镇"), tmp_path / "good.nianbao")
    rec_dir = tmp_path / "recovery"
    [good] = list(rec_dir.iterdir())
    text = good.read_text(encoding="utf-8")
    entry = json.loads(text)
    newer = dict(entry, draft=dict(entry["draft"], schema_version=SCHEMA_VERSION + 1))
    bad_types = dict(entry, draft=dict(entry["draft"], meta={"org": 5}))
    bad = {
        "draft-truncated.json": text[: len(text) // 2],
        "draft-binary.json": "\udcff",
        "draft-list.json": "[1, 2]",
        "draft-newer.json": json.dumps(newer),
        "draft-types.json": json.dumps(bad_types),
        "draft-no-time.json": json.dumps({k: v for k, v in entry.items() if k != "saved_at"}),
        "draft-bad-time.json": json.dumps(dict(entry, saved_at="昨天")),
        "draft-other-kind.json": json.dumps(dict(entry, kind="something")),
    }
    for name, content in bad.items():
        (rec_dir / name).write_bytes(content.encode("utf-8", "surrogateescape"))
    (rec_dir / "draft-folder.json").mkdir()
    recs = Journal(tmp_path).pending()
    assert [r.draft.meta.org for r in recs] == ["好镇"]
    assert {p.name for p in rec_dir.iterdir()} == {good.name, "draft-folder.json", *bad}


def test_no_journal_folder_means_nothing_pending(tmp_path):
    assert Journal(tmp_path / "never").pending() == []


def test_a_journal_that_cannot_be_written_raises_a_chinese_journal_error(tmp_path):
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    j = Journal(blocker)
    with pytest.raises(JournalError) as err:
        j.record(a_draft(), None)
    assert CJK.search(str(err.value)) and "手动保存" in str(err.value)
