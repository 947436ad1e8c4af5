"""The recovery journal: one entry per open window; what an ended run left is offered, damage is skipped."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from forms import journal as journal_mod
from forms.draftfile import MAX_DRAFT_BYTES, save_draft
from forms.draftjson import SCHEMA_VERSION, to_dict
from forms.journal import Journal, JournalError, data_dir
from forms.model import Paragraph, new_draft
from forms.values import Invalid

CJK = re.compile(r"[\u4e00-\u9fff]")
ROOT = Path(__file__).resolve().parents[1]


def a_draft(org: str = "博山镇人民政府", year: int = 2025):
    d = new_draft("gov2021", org, year)
    d.section("overview").before = [Paragraph("今年的工作。"), Paragraph("（一）制度", 2)]
    d.set_value("apply.new_received.natural", 3)
    d.set_value("active.permit.decisions", Invalid("约30"))
    return d


def entries(folder: Path) -> list[str]:
    rec = folder / "recovery"
    return sorted(p.name for p in rec.glob("*.json")) if rec.exists() else []


def markers(folder: Path) -> list[str]:
    rec = folder / "recovery"
    return sorted(p.name for p in rec.glob("*.alive")) if rec.exists() else []


def orgs(recoveries) -> list[str]:
    return [r.draft.meta.org for r in recoveries]


def recorded_by_an_ended_run(folder: Path, draft, path: Path | None) -> None:
    with Journal(folder) as j:
        j.record(draft, path)


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


def test_an_entry_may_hold_the_largest_draft_a_file_may_hold():
    assert journal_mod.MAX_ENTRY_BYTES > MAX_DRAFT_BYTES


# --- record and recover ------------------------------------------------------------------


def test_a_recorded_draft_is_offered_once_the_recording_run_has_ended(tmp_path):
    draft = a_draft()
    path = tmp_path / "博山镇.nianbao"
    before = dt.datetime.now(dt.UTC)
    j = Journal(tmp_path)
    j.record(draft, path)
    after = dt.datetime.now(dt.UTC)
    assert Journal(tmp_path).pending() == []  # still running: another window must not offer it
    j.close()
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
    j.close()
    assert j.pending() == []
    assert len(Journal(tmp_path).pending()) == 1


def test_two_windows_on_one_file_keep_two_entries(tmp_path):
    path = tmp_path / "a.nianbao"
    first, second = Journal(tmp_path), Journal(tmp_path)
    first.record(a_draft("甲镇"), path)
    second.record(a_draft("乙镇"), path)
    assert len(entries(tmp_path)) == 2  # neither overwrote the other's unsaved work
    first.close()
    assert orgs(Journal(tmp_path).pending()) == ["甲镇"]  # the second is still open
    second.close()
    assert sorted(orgs(Journal(tmp_path).pending())) == ["乙镇", "甲镇"]


def test_two_drafts_of_one_run_have_separate_entries(tmp_path):
    with Journal(tmp_path) as j:
        j.record(a_draft("甲镇"), None)
        j.record(a_draft("乙镇"), None)
        j.record(a_draft("丙镇"), tmp_path / "丙.nianbao")
    assert sorted(orgs(Journal(tmp_path).pending())) == ["丙镇", "乙镇", "甲镇"]


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
    j.close()
    [rec] = Journal(tmp_path).pending()
    assert rec.draft.value("apply.new_received.natural") == 4


def test_a_draft_saved_for_the_first_time_keeps_its_one_entry(tmp_path):
    j = Journal(tmp_path)
    draft = a_draft()
    j.record(draft, None)
    [name] = entries(tmp_path)
    j.record(draft, tmp_path / "新.nianbao")  # same content, but now it belongs to a file
    assert entries(tmp_path) == [name]
    j.close()
    [rec] = Journal(tmp_path).pending()
    assert rec.draft_path == (tmp_path / "新.nianbao").absolute()


def test_pending_lists_newest_first(tmp_path):
    j = Journal(tmp_path)
    first, second = a_draft("甲镇"), a_draft("乙镇")
    j.record(first, tmp_path / "甲.nianbao")
    j.record(second, None)
    j.close()
    assert orgs(Journal(tmp_path).pending()) == ["乙镇", "甲镇"]
    first.title = "改过"
    j.record(first, tmp_path / "甲.nianbao")
    j.close()
    recs = Journal(tmp_path).pending()
    assert orgs(recs) == ["甲镇", "乙镇"]
    assert recs[0].saved_at > recs[1].saved_at
    assert recs[1].draft_path is None


# --- a real second process ------------------------------------------------------------------

CHILD = """
import sys, time
from pathlib import Path
from forms.journal import Journal
from forms.model import new_draft
j = Journal(Path(sys.argv[1]))
draft = new_draft("gov2021", "子进程镇", 2025)
j.record(draft, Path(sys.argv[2]))
if sys.argv[3:] == ["then-save"]:
    j.clear_for(Path(sys.argv[2]), draft)
print("recorded", flush=True)
time.sleep(120)
"""


def crashed_run(folder: Path, path: Path, *args: str) -> None:
    """A run of another process that records a draft and is then killed."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), str(path), *args], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "recorded"
    finally:
        child.kill()  # SIGKILL: no clean-up, as after a crash
        child.wait(10)
        child.stdout.close()


def test_a_running_instance_is_not_offered_and_a_killed_one_is(tmp_path):
    path = tmp_path / "a.nianbao"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path), str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "recorded"
        assert len(entries(tmp_path)) == 1
        assert Journal(tmp_path).pending() == []
        assert Journal(tmp_path).pending_for(path) == []
        Journal(tmp_path).clear_for(path)  # a save here does not take a running window's work away
        assert len(entries(tmp_path)) == 1
    finally:
        child.kill()  # SIGKILL: no clean-up, as after a crash
        child.wait(10)
        child.stdout.close()
    assert orgs(Journal(tmp_path).pending()) == ["子进程镇"]
    assert orgs(Journal(tmp_path).pending_for(path)) == ["子进程镇"]


# --- after a save, or 不保存 --------------------------------------------------------------------


def test_clear_for_after_a_save_removes_this_windows_entry(tmp_path):
    j = Journal(tmp_path)
    path = tmp_path / "a.nianbao"
    draft = a_draft()
    j.record(draft, path)
    j.record(a_draft("别的镇"), tmp_path / "b.nianbao")
    save_draft(draft, path)
    j.clear_for(path, draft)
    j.close()
    assert orgs(Journal(tmp_path).pending()) == ["别的镇"]
    # the next edit of the same draft is journalled again, even with the same content as before
    j.record(draft, path)
    j.close()
    assert len(Journal(tmp_path).pending()) == 2


def test_a_save_supersedes_what_ended_runs_left_for_that_file_only(tmp_path):
    path = tmp_path / "a.nianbao"
    recorded_by_an_ended_run(tmp_path, a_draft("崩溃前"), path)
    recorded_by_an_ended_run(tmp_path, a_draft("别的文件"), tmp_path / "b.nianbao")
    recorded_by_an_ended_run(tmp_path, a_draft("未保存过"), None)
    still_open = Journal(tmp_path)
    still_open.record(a_draft("另一个窗口"), path)
    j = Journal(tmp_path)
    draft = a_draft("现在")
    j.record(draft, path)
    save_draft(draft, path)
    j.clear_for(tmp_path / "." / "a.nianbao", draft)  # the same file, however it is spelt
    assert sorted(orgs(Journal(tmp_path).pending())) == ["别的文件", "未保存过"]
    still_open.close()
    assert "另一个窗口" in orgs(Journal(tmp_path).pending())


def test_clear_for_without_the_draft_removes_this_runs_entries_for_that_path(tmp_path):
    # after "save as": the entry under the old name goes too
    j = Journal(tmp_path)
    old, new = tmp_path / "old.nianbao", tmp_path / "new.nianbao"
    draft = a_draft()
    j.record(draft, old)
    j.record(a_draft("别的镇"), None)
    j.clear_for(old)
    j.close()
    assert orgs(Journal(tmp_path).pending()) == ["别的镇"]
    j.clear_for(new, draft)  # nothing left to remove: harmless
    assert len(entries(tmp_path)) == 1


def test_forget_drops_only_this_windows_entry(tmp_path):
    path = tmp_path / "a.nianbao"
    recorded_by_an_ended_run(tmp_path, a_draft("崩溃前"), path)
    j = Journal(tmp_path)
    draft, other = a_draft("不保存"), a_draft("还开着")
    j.record(draft, path)
    j.record(other, None)
    j.forget(draft)
    j.forget(a_draft("从未记录"))  # nothing to forget: harmless
    j.close()
    assert sorted(orgs(Journal(tmp_path).pending())) == ["崩溃前", "还开着"]


def test_discard_forgets_a_recovery(tmp_path):
    recorded_by_an_ended_run(tmp_path, a_draft(), tmp_path / "a.nianbao")
    j = Journal(tmp_path)
    [rec] = j.pending()
    j.discard(rec)
    assert j.pending() == [] and entries(tmp_path) == []


# --- offered when the file is opened --------------------------------------------------------


def test_pending_for_offers_only_what_is_newer_than_the_file(tmp_path):
    path = tmp_path / "a.nianbao"
    recorded_by_an_ended_run(tmp_path, a_draft("旧"), path)
    save_draft(a_draft("文件"), path)
    old = time.time() - 3600
    os.utime(path, (old, old))  # the file was saved an hour before the run crashed
    recorded_by_an_ended_run(tmp_path, a_draft("新"), path)
    recorded_by_an_ended_run(tmp_path, a_draft("别的文件"), tmp_path / "b.nianbao")
    recorded_by_an_ended_run(tmp_path, a_draft("未保存过"), None)
    assert orgs(Journal(tmp_path).pending_for(path)) == ["新", "旧"]
    os.utime(path, None)  # saved again since: the entries are older than what is on disk
    assert Journal(tmp_path).pending_for(path) == []


def test_pending_for_a_missing_file_offers_everything_for_it_newest_first(tmp_path, monkeypatch):
    path = tmp_path / "gone.nianbao"
    recorded_by_an_ended_run(tmp_path, a_draft("先"), path)
    recorded_by_an_ended_run(tmp_path, a_draft("后"), path)
    monkeypatch.chdir(tmp_path)
    assert orgs(Journal(tmp_path).pending_for(Path("gone.nianbao"))) == ["后", "先"]


# --- sign of life -------------------------------------------------------------------------------


def test_an_ended_runs_sign_of_life_goes_with_its_last_entry(tmp_path):
    crashed_run(tmp_path, tmp_path / "a.nianbao")
    [marker] = markers(tmp_path)  # the crash left it, unlocked
    later = Journal(tmp_path)
    [rec] = later.pending()
    assert markers(tmp_path) == [marker]  # kept while its entry is there
    later.discard(rec)
    assert markers(tmp_path) == []


def test_a_running_sessions_sign_of_life_is_never_removed(tmp_path):
    j = Journal(tmp_path)
    draft = a_draft()
    j.record(draft, None)
    j.forget(draft)  # no entry left, but still running
    Journal(tmp_path).pending()
    assert markers(tmp_path) == [j.session + ".alive"]
    j.close()  # a clean end with nothing left behind leaves nothing
    assert markers(tmp_path) == [] and entries(tmp_path) == []


def test_an_entry_from_the_previous_version_is_still_offered(tmp_path):
    with Journal(tmp_path) as j:
        j.record(a_draft("旧版本"), tmp_path / "a.nianbao")
    [name] = entries(tmp_path)
    rec_dir = tmp_path / "recovery"
    (rec_dir / name).rename(rec_dir / "draft-0123456789abcdef01234567.json")
    assert orgs(Journal(tmp_path).pending()) == ["旧版本"]


# --- damage ------------------------------------------------------------------------------


def test_damaged_entries_are_skipped_and_left_alone(tmp_path):
    recorded_by_an_ended_run(tmp_path, a_draft("好镇"), tmp_path / "good.nianbao")
    rec_dir = tmp_path / "recovery"
    [good] = list(rec_dir.glob("*.json"))
    s = "ab" * 16  # the session the damaged entries claim, in their names and inside
    entry = dict(json.loads(good.read_text(encoding="utf-8")), session=s)
    text = json.dumps(entry, ensure_ascii=False)
    newer = dict(entry, draft=dict(entry["draft"], schema_version=SCHEMA_VERSION + 1))
    bad_types = dict(entry, draft=dict(entry["draft"], meta={"org": 5}))
    deep: list = []
    for _ in range(50):  # deeper than any draft nests, well within what json reads
        deep = [deep]
    bad = {
        f"{s}-1.json": text[: len(text) // 2],
        f"{s}-2.json": "\udcff",
        f"{s}-3.json": "[1, 2]",
        f"{s}-4.json": json.dumps(newer),
        f"{s}-5.json": json.dumps(bad_types),
        f"{s}-6.json": json.dumps({k: v for k, v in entry.items() if k != "saved_at"}),
        f"{s}-7.json": json.dumps(dict(entry, saved_at="昨天")),
        f"{s}-8.json": json.dumps(dict(entry, kind="something")),
        f"{s}-9.json": json.dumps(dict(entry, saved_at=20250101)),
        f"{s}-10.json": json.dumps(dict(entry, draft_path=["a"])),
        f"{s}-11.json": json.dumps(dict(entry, session="../../x")),
        f"{s}-12.json": json.dumps(dict(entry, draft="文本")),
        f"{s}-13.json": json.dumps(dict(entry, draft=dict(entry["draft"], title="\ud800"))),
        f"{s}-14.json": "[" * 100_000 + "]" * 100_000,
        f"{s}-15.json": json.dumps(dict(entry, draft=dict(entry["draft"], extra=deep))),
        "draft-not-a-session.json": json.dumps(dict(entry, session="nobody")),
        f"{'cd' * 16}-1.json": text,  # the name says another session than the entry
        f"{s}-19.json": text,  # sound: the control that shows the others are skipped for their damage
    }
    for name, content in bad.items():
        (rec_dir / name).write_bytes(content.encode("utf-8", "surrogateescape"))
    (rec_dir / f"{s}-16.json").write_bytes(b'{"kind": "nianbao-recovery", "x": "\xff\xfe"}')
    with open(rec_dir / f"{s}-17.json", "wb") as fh:
        fh.truncate(journal_mod.MAX_ENTRY_BYTES + 1)  # sparse: huge, but costs no disk
    (rec_dir / f"{s}-18.json").mkdir()
    before = {p.name for p in rec_dir.iterdir()}
    recs = Journal(tmp_path).pending()
    assert orgs(recs) == ["好镇", "好镇"]
    assert {r.entry.name for r in recs} == {good.name, f"{s}-19.json"}
    assert {p.name for p in rec_dir.iterdir()} == before


def test_a_fifo_named_like_an_entry_does_not_hang_the_start(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    recorded_by_an_ended_run(tmp_path, a_draft("好镇"), None)
    os.mkfifo(tmp_path / "recovery" / f"{'ab' * 16}-1.json")
    assert orgs(Journal(tmp_path).pending()) == ["好镇"]


def test_no_journal_folder_means_nothing_pending(tmp_path):
    j = Journal(tmp_path / "never")
    assert j.pending() == [] and j.pending_for(tmp_path / "a.nianbao") == []
    j.clear_for(tmp_path / "a.nianbao")
    assert not (tmp_path / "never").exists()


def test_a_journal_that_cannot_be_written_raises_a_chinese_journal_error(tmp_path):
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    j = Journal(blocker)
    with pytest.raises(JournalError) as err:
        j.record(a_draft(), None)
    assert CJK.search(str(err.value)) and "手动保存" in str(err.value)


# --- start-up -------------------------------------------------------------------------------------


def test_asking_at_start_up_loads_no_draft_machinery_when_nothing_can_be_recovered(tmp_path):
    running = Journal(tmp_path)
    running.record(a_draft("另一个窗口"), None)  # a running window's entry is not even read
    code = (
        "import sys\n"
        "from forms.journal import Journal\n"
        f"assert Journal({str(tmp_path)!r}).pending() == []\n"
        f"assert Journal({str(tmp_path / 'none')!r}).pending() == []\n"
        "heavy = [m for m in ('forms.draftfile', 'forms.model', 'forms.schema', 'hashlib') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
    running.close()


def test_a_draft_dropped_without_forget_keeps_its_entry_apart_from_the_next_one(tmp_path):
    j = Journal(tmp_path)
    lost = a_draft("丢下的")
    j.record(lost, None)
    del lost  # a new draft often gets the same id: it must not take the old entry over
    for org in ("新的", "又一个"):
        j.record(a_draft(org), None)
    j.close()
    assert sorted(orgs(Journal(tmp_path).pending())) == sorted(["丢下的", "新的", "又一个"])


def test_a_fifo_in_place_of_a_sign_of_life_does_not_hang_the_start(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    recorded_by_an_ended_run(tmp_path, a_draft("好镇"), None)
    [name] = entries(tmp_path)
    marker = tmp_path / "recovery" / (name.split("-")[0] + ".alive")
    marker.unlink()
    os.mkfifo(marker)
    assert orgs(Journal(tmp_path).pending()) == ["好镇"]


def test_a_crashed_runs_sign_of_life_without_entries_is_swept_at_the_next_start(tmp_path):
    crashed_run(tmp_path, tmp_path / "a.nianbao", "then-save")  # saved, then the program crashed
    assert len(markers(tmp_path)) == 1 and entries(tmp_path) == []
    assert Journal(tmp_path).pending() == []
    assert markers(tmp_path) == []
