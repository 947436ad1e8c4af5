"""Saving checks that the file did not change on disk: content counts, a touch does not."""

from __future__ import annotations

import hashlib
import os
import time

from forms.draftfile import save_draft, write_bytes_atomic
from forms.model import new_draft
from forms.ondisk import Fingerprint, changed_on_disk


def a_file(tmp_path, content: bytes = b'{"kind": "draft", "n": 1}'):
    path = tmp_path / "a.nianbao"
    path.write_bytes(content)
    return path


def test_a_fingerprint_is_the_size_time_and_hash_of_the_bytes(tmp_path):
    path = a_file(tmp_path)
    fp = Fingerprint.of(path)
    info = path.stat()
    assert fp is not None
    assert (fp.size, fp.mtime_ns) == (info.st_size, info.st_mtime_ns)
    assert fp.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert Fingerprint.of_bytes(path.read_bytes(), path) == fp


def test_no_regular_file_has_no_fingerprint(tmp_path):
    assert Fingerprint.of(tmp_path / "missing.nianbao") is None
    assert Fingerprint.of(tmp_path) is None
    assert Fingerprint.of_bytes(b"", tmp_path / "missing.nianbao") is None


def test_an_untouched_file_has_not_changed(tmp_path):
    path = a_file(tmp_path)
    fp = Fingerprint.of(path)
    assert not changed_on_disk(path, fp)
    assert not changed_on_disk(str(path), fp)


def test_a_touch_or_the_same_bytes_written_again_is_no_change(tmp_path):
    path = a_file(tmp_path)
    fp = Fingerprint.of(path)
    later = time.time() + 100
    os.utime(path, (later, later))
    assert not changed_on_disk(path, fp)
    write_bytes_atomic(path, path.read_bytes())  # a new file with the same bytes
    assert path.stat().st_ino != fp.identity[1]
    assert not changed_on_disk(path, fp)


def test_other_bytes_are_a_change_even_with_the_same_size_and_time(tmp_path):
    path = a_file(tmp_path)
    fp = Fingerprint.of(path)
    info = path.stat()
    # another program writes the same number of bytes and the clock has not moved on
    write_bytes_atomic(path, b'{"kind": "draft", "n": 2}')
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == fp.size and path.stat().st_mtime_ns == fp.mtime_ns
    assert changed_on_disk(path, fp)


def test_a_longer_or_shorter_file_is_a_change(tmp_path):
    path = a_file(tmp_path)
    fp = Fingerprint.of(path)
    path.write_bytes(path.read_bytes() + b" ")
    assert changed_on_disk(path, fp)
    path.write_bytes(b"{}")
    assert changed_on_disk(path, fp)


def test_a_deleted_or_replaced_file_is_a_change(tmp_path):
    path = a_file(tmp_path)
    fp = Fingerprint.of(path)
    path.unlink()
    assert changed_on_disk(path, fp)
    path.mkdir()
    assert changed_on_disk(path, fp)


def test_when_there_was_no_file_any_file_now_is_a_change(tmp_path):
    path = tmp_path / "new.nianbao"
    assert not changed_on_disk(path, None)
    path.write_bytes(b"")
    assert changed_on_disk(path, None)


def test_a_draft_saved_and_fingerprinted_is_unchanged_until_someone_else_saves(tmp_path):
    path = tmp_path / "博山镇.nianbao"
    draft = new_draft("gov2021", "博山镇人民政府", 2025)
    save_draft(draft, path)
    fp = Fingerprint.of(path)
    assert not changed_on_disk(path, fp)
    other = new_draft("gov2021", "博山镇人民政府", 2025)
    other.set_value("apply.new_received.natural", 5)
    save_draft(other, path)  # another window or computer saved over it
    assert changed_on_disk(path, fp)


def test_a_matching_stat_is_trusted_without_reading_the_file(tmp_path):
    # the price of asking cheaply: bytes changed in place behind an unchanged stat go unseen
    path = a_file(tmp_path)
    fp = Fingerprint.of(path)
    info = path.stat()
    with open(path, "r+b") as fh:
        fh.write(b"[")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert not changed_on_disk(path, fp)
    assert Fingerprint.of(path).sha256 != fp.sha256
