"""Saving keeps what the clerk's file is: its link, its mode, its read-only flag, and on a failed
save its content and its backup, byte for byte (issue 8, point 5)."""

from __future__ import annotations

import errno
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from draft_factory import full_report
from faults import fail_writes
from time_limit import time_limit

from forms import draftfile
from forms.draftfile import (
    MAX_DRAFT_BYTES,
    STALE_TEMP_SECONDS,
    DraftFileError,
    backup_path,
    load_draft,
    save_draft,
)
from forms.model import Draft, Paragraph

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def titled(title: str) -> Draft:
    d = full_report("gov2021")
    d.title = title
    return d


def files(folder: Path) -> dict[str, bytes | str]:
    """Everything in the folder: a file by its bytes, a link by its target."""
    return {
        p.name: ("link → " + os.readlink(p)) if p.is_symlink() else p.read_bytes() for p in sorted(folder.iterdir())
    }


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def saved_twice(path: Path) -> None:
    """The draft and a backup with different content, as after a morning's work."""
    save_draft(titled("第一版"), path)
    save_draft(titled("第二版"), path)
    assert backup_path(path).read_bytes() != path.read_bytes()


# --- links and modes -----------------------------------------------------------------------


def test_saving_through_a_symbolic_link_writes_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "共享盘" / "博山镇2025.nianbao"
    real.parent.mkdir()
    desk = tmp_path / "桌面"
    desk.mkdir()
    link = desk / "年报.nianbao"
    save_draft(titled("第一版"), real)
    link.symlink_to(real)
    first = real.read_bytes()

    save_draft(titled("第二版"), link)

    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load_draft(real).title == "第二版" and load_draft(link).title == "第二版"
    assert backup_path(real).read_bytes() == first  # the backup is beside the target …
    assert sorted(p.name for p in desk.iterdir()) == ["年报.nianbao"]  # … not beside the link
    assert temporaries(real.parent) == []


def test_saving_through_a_relative_link_in_the_same_folder(tmp_path):
    real = tmp_path / "真实.nianbao"
    save_draft(titled("第一版"), real)
    link = tmp_path / "快捷.nianbao"
    link.symlink_to("真实.nianbao")
    save_draft(titled("第二版"), link)
    assert link.is_symlink() and os.readlink(link) == "真实.nianbao"
    assert load_draft(real).title == "第二版"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["快捷.nianbao", "真实.nianbao", "真实.nianbao.bak"]


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664])
def test_the_file_mode_is_kept_after_a_save(tmp_path, mode):
    path = tmp_path / "a.nianbao"
    save_draft(titled("第一版"), path)
    path.chmod(mode)
    save_draft(titled("第二版"), path)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert load_draft(path).title == "第二版"
    save_draft(titled("第三版"), path)  # and again, now that the backup exists
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_a_new_draft_and_a_new_report_get_the_folders_usual_mode_not_owner_only(tmp_path, umask):
    from forms.render.export import export

    old = os.umask(umask)
    try:
        path = tmp_path / "新.nianbao"
        save_draft(titled("新草稿"), path)
        report = tmp_path / "新.txt"
        export(titled("新草稿"), {"txt": report})
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(report.stat().st_mode) == 0o666 & ~umask


def test_a_read_only_draft_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "已上报.nianbao"
    save_draft(titled("已上报"), path)
    path.chmod(0o444)
    before = files(tmp_path)
    with pytest.raises(DraftFileError) as err:
        save_draft(titled("又改了"), path)
    message = str(err.value)
    assert CJK.search(message) and "只读" in message and "另存为" in message, message
    assert files(tmp_path) == before  # no backup made, no temporary left
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    # saving it under another name works
    save_draft(titled("又改了"), tmp_path / "另存.nianbao")
    assert load_draft(tmp_path / "另存.nianbao").title == "又改了"


@pytest.mark.skipif(IS_ROOT, reason="root may write into a read-only folder")
def test_a_draft_in_a_read_only_folder_is_refused_in_chinese(tmp_path):
    folder = tmp_path / "只读"
    folder.mkdir()
    path = folder / "a.nianbao"
    save_draft(titled("第一版"), path)
    folder.chmod(0o555)
    try:
        before = files(folder)
        with pytest.raises(DraftFileError) as err:
            save_draft(titled("第二版"), path)
        assert CJK.search(str(err.value)) and str(path) in str(err.value)
        assert files(folder) == before
    finally:
        folder.chmod(0o755)


# --- a failed save ---------------------------------------------------------------------------

ENOSPC = OSError(errno.ENOSPC, "No space left on device")


def _fail_nth_fsync(monkeypatch, n: int) -> None:
    real = os.fsync
    calls = iter(range(1, 10**6))

    def fsync(fd):
        if next(calls) == n:
            raise ENOSPC
        return real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def _fail_replace_onto(monkeypatch, target: Path) -> None:
    real = os.replace

    def replace(src, dst):
        if Path(dst) == target:
            raise ENOSPC
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def _fail_every_replace(monkeypatch, _path: Path) -> None:
    def replace(src, dst):
        raise ENOSPC

    monkeypatch.setattr(os, "replace", replace)


def _fail_writes(monkeypatch, _path: Path) -> None:
    fail_writes(monkeypatch, ENOSPC)


FAILURES = {
    "writing the new file": _fail_writes,
    "fsync of the new file": lambda mp, path: _fail_nth_fsync(mp, 1),
    "fsync of the new backup": lambda mp, path: _fail_nth_fsync(mp, 2),
    "every rename": _fail_every_replace,
    "renaming the new backup into place": lambda mp, path: _fail_replace_onto(mp, backup_path(path)),
    "renaming the new draft into place (the last step)": lambda mp, path: _fail_replace_onto(mp, path),
}


@pytest.mark.parametrize("where", sorted(FAILURES))
def test_a_full_disk_leaves_the_draft_and_its_backup_as_they_were(tmp_path, monkeypatch, where):
    path = tmp_path / "博山镇2025.nianbao"
    saved_twice(path)
    before = files(tmp_path)
    FAILURES[where](monkeypatch, path)
    with pytest.raises(DraftFileError) as err:
        save_draft(titled("第三版"), path)
    monkeypatch.undo()
    message = str(err.value)
    assert "磁盘空间不足" in message and str(path) in message and "没有改动" in message, message
    assert files(tmp_path) == before, where  # the draft, its .bak, and no temporary file
    assert load_draft(path).title == "第二版" and load_draft(backup_path(path)).title == "第一版"
    save_draft(titled("第三版"), path)  # once there is room again, the save goes through
    assert load_draft(path).title == "第三版" and load_draft(backup_path(path)).title == "第二版"


def test_without_hard_links_a_failed_last_step_still_keeps_the_draft(tmp_path, monkeypatch):
    # a FAT USB stick has no hard links: the previous backup cannot be held, so after a failure
    # at the very last step the backup holds the draft's current content (still a good copy)
    path = tmp_path / "a.nianbao"
    saved_twice(path)
    current = path.read_bytes()

    def no_links(src, dst, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    _fail_replace_onto(monkeypatch, path)
    with pytest.raises(DraftFileError, match="磁盘空间不足"):
        save_draft(titled("第三版"), path)
    assert path.read_bytes() == current and backup_path(path).read_bytes() == current
    assert temporaries(tmp_path) == []


def test_a_draft_too_large_to_open_again_is_not_written(tmp_path):
    path = tmp_path / "a.nianbao"
    save_draft(titled("第一版"), path)
    before = files(tmp_path)
    huge = titled("第二版")
    huge.section("overview").before.append(Paragraph("字" * (MAX_DRAFT_BYTES // 3 + 1)))
    with pytest.raises(DraftFileError) as err:
        save_draft(huge, path)
    assert "内容太多" in str(err.value) and "20 MB" in str(err.value)
    assert files(tmp_path) == before
    with pytest.raises(DraftFileError, match="内容太多"):
        save_draft(huge, tmp_path / "新.nianbao")
    assert files(tmp_path) == before


def test_a_draft_with_more_items_than_a_file_may_hold_is_not_written(tmp_path, monkeypatch):
    path = tmp_path / "a.nianbao"
    save_draft(titled("第一版"), path)
    before = files(tmp_path)
    monkeypatch.setattr(draftfile, "MAX_NODES", 100)  # a full report has several hundred
    with pytest.raises(DraftFileError, match="内容太多"):
        save_draft(titled("第二版"), path)
    assert files(tmp_path) == before
    with pytest.raises(DraftFileError, match="数据项过多"):
        load_draft(path)  # which is why it was not written


# --- temporary files of a killed save --------------------------------------------------------

KILLED_SAVE = """
import os, sys, time
sys.path.insert(0, "tests")
from draft_factory import full_report
from forms.draftfile import save_draft

def fsync(fd):
    print("writing", flush=True)
    time.sleep(60)  # killed here, with the temporary file written but not renamed

os.fsync = fsync
save_draft(full_report("gov2021"), sys.argv[1])
"""


def _killed_save(path: Path) -> str:
    """Start a save in another process and kill it midway; the name of the temporary it leaves."""
    proc = subprocess.Popen([sys.executable, "-c", KILLED_SAVE, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        with time_limit(30, "the save to start"):
            assert proc.stdout is not None and proc.stdout.readline() == "writing\n"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    [left] = temporaries(path.parent)
    return left


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill")
def test_the_next_save_removes_what_a_killed_save_left_but_not_a_fresh_one(tmp_path):
    path = tmp_path / "a.nianbao"
    save_draft(titled("第一版"), path)
    stale = _killed_save(path)
    assert stale.startswith(".a.nianbao.")
    _age(tmp_path / stale, STALE_TEMP_SECONDS + 5)
    fresh = _killed_save(path)  # another save of the same draft may be running right now
    others = tmp_path / ".b.nianbao.x1.tmp"  # another draft's temporary is not this save's business
    others.write_bytes(b"{}")
    _age(others, 3600)

    save_draft(titled("第二版"), path)

    assert temporaries(tmp_path) == sorted([fresh, others.name])
    assert load_draft(path).title == "第二版"


def test_only_old_regular_temporaries_of_this_draft_are_removed(tmp_path):
    path = tmp_path / "a.nianbao"
    save_draft(titled("第一版"), path)
    old = tmp_path / ".a.nianbao.k1ll3d.tmp"
    young = tmp_path / ".a.nianbao.runn1n.tmp"
    old_backup = tmp_path / ".a.nianbao.bak.k1ll3d.tmp"  # a backup's temporary of a killed save
    folder = tmp_path / ".a.nianbao.d1r.tmp"
    not_ours = tmp_path / "a.nianbao.old.tmp"
    for p in (old, young, old_backup, not_ours):
        p.write_bytes(b"partial")
    folder.mkdir()
    for p in (old, old_backup, folder, not_ours):
        _age(p, STALE_TEMP_SECONDS * 10)
    _age(young, STALE_TEMP_SECONDS / 2)

    save_draft(titled("第二版"), path)

    assert temporaries(tmp_path) == sorted([young.name, folder.name, not_ours.name])


def test_a_stale_temporary_that_cannot_be_removed_does_not_stop_the_save(tmp_path, monkeypatch):
    path = tmp_path / "a.nianbao"
    save_draft(titled("第一版"), path)
    stale = tmp_path / ".a.nianbao.stuck.tmp"
    stale.write_bytes(b"partial")
    _age(stale, STALE_TEMP_SECONDS * 10)
    real_unlink = Path.unlink

    def unlink(self, missing_ok=False):
        if self == stale:
            raise PermissionError(errno.EACCES, "in use")
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    save_draft(titled("第二版"), path)
    assert load_draft(path).title == "第二版" and stale.exists()
