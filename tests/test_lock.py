"""One window per draft per computer: locks that another process sees, and that die with their holder."""

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

from forms.errors import DraftFileError
from forms.lock import DraftInUse, DraftLock, LockError, SessionLock, is_alive, lock_file, remove_if_dead

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")

HOLDER = """
import sys, time
from pathlib import Path
from forms.lock import DraftLock, SessionLock
if sys.argv[1] == "draft":
    held = DraftLock.acquire(Path(sys.argv[2]), Path(sys.argv[3]))
else:
    held = SessionLock.acquire(Path(sys.argv[2]))
print("held", flush=True)
time.sleep(120)
"""


@pytest.fixture
def holder_process():
    started: list[subprocess.Popen] = []

    def start(*args: str) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", HOLDER, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        started.append(proc)
        assert proc.stdout.readline().strip() == "held"
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        proc.stdout.close()


def kill_hard(proc: subprocess.Popen) -> None:
    proc.kill()  # SIGKILL (TerminateProcess on Windows): no clean-up of any kind, only the OS lets go
    proc.wait(10)


def test_a_draft_open_in_another_process_is_refused_until_that_process_is_killed(tmp_path, holder_process):
    draft, data = tmp_path / "博山镇.nianbao", tmp_path / "data"
    proc = holder_process("draft", str(draft), str(data))
    with pytest.raises(DraftInUse) as err:
        DraftLock.acquire(draft, data)
    message = str(err.value)
    assert isinstance(err.value, DraftFileError) and CJK.search(message)
    assert "“博山镇.nianbao”已在另一个年报助手窗口中打开" in message
    assert f"进程 {proc.pid}" in message and "年" in message.split("进程")[1]
    assert err.value.pid == proc.pid and err.value.path == draft
    holder = DraftLock.holder(draft, data)
    assert holder is not None and holder["pid"] == proc.pid and holder["path"] == str(draft)
    assert abs(holder["since"] - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    kill_hard(proc)
    assert lock_file(draft, data).exists()  # left behind by the crash …
    assert DraftLock.holder(draft, data) is None  # … and recognised as nobody's
    lock = DraftLock.acquire(draft, data)  # taken over without a question
    assert lock.held and lock.path == draft
    assert DraftLock.holder(draft, data)["pid"] == os.getpid()
    lock.release()


def test_a_second_window_of_the_same_process_is_refused_too(tmp_path):
    draft, data = tmp_path / "a.nianbao", tmp_path / "data"
    first = DraftLock.acquire(draft, data)
    with pytest.raises(DraftInUse) as err:
        DraftLock.acquire(tmp_path / "." / "a.nianbao", data)  # the same file, spelt otherwise
    assert err.value.pid == os.getpid()
    other = DraftLock.acquire(tmp_path / "b.nianbao", data)  # another file is another lock
    first.release()
    first.release()  # idempotent
    assert not first.held
    again = DraftLock.acquire(draft, data)
    again.release()
    other.release()
    assert DraftLock.holder(draft, data) is None


def test_a_link_to_an_open_draft_is_the_same_draft(tmp_path):
    draft, data = tmp_path / "a.nianbao", tmp_path / "data"
    draft.write_text("x", encoding="utf-8")
    link = tmp_path / "link.nianbao"
    try:
        link.symlink_to(draft)
    except OSError:
        pytest.skip("no symbolic links here")
    with DraftLock.acquire(draft, data), pytest.raises(DraftInUse):
        DraftLock.acquire(link, data)


def test_a_released_lock_leaves_no_file(tmp_path):
    draft, data = tmp_path / "a.nianbao", tmp_path / "data"
    with DraftLock.acquire(draft, data) as lock:
        details = json.loads(lock.file.read_text(encoding="utf-8"))
        assert details["pid"] == os.getpid() and details["path"] == str(draft)
    assert not lock.file.exists() and not lock.held


def test_garbage_in_a_held_lock_file_still_refuses_but_names_no_one(tmp_path):
    draft, data = tmp_path / "a.nianbao", tmp_path / "data"
    lock = DraftLock.acquire(draft, data)
    for garbage in (b"\xff\xfe", b"[" * 100_000, '{"pid": "x", "since": "昨天", "path": 5}'.encode(), b"[1]"):
        lock.file.write_bytes(garbage)  # in place: the lock stays with the open file
        assert DraftLock.holder(draft, data) == {"pid": None, "since": None, "path": None}
        with pytest.raises(DraftInUse) as err:
            DraftLock.acquire(draft, data)
        assert "进程" not in str(err.value) and "已在另一个年报助手窗口中打开" in str(err.value)
    lock.release()


def test_a_stale_lock_file_with_garbage_is_taken_over(tmp_path):
    draft, data = tmp_path / "a.nianbao", tmp_path / "data"
    file = lock_file(draft, data)
    file.parent.mkdir(parents=True)
    file.write_bytes(b'{"pid": 999999, "since": "2020-01-01T00:00:00+00:00"} and more')
    assert DraftLock.holder(draft, data) is None
    with DraftLock.acquire(draft, data) as lock:
        assert json.loads(file.read_text(encoding="utf-8"))["pid"] == os.getpid()
        assert lock.held


def test_a_lock_that_cannot_be_made_is_a_chinese_lock_error(tmp_path):
    data = tmp_path / "data"
    data.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(LockError) as err:
        DraftLock.acquire(tmp_path / "a.nianbao", data)
    assert CJK.search(str(err.value)) and not isinstance(err.value, DraftInUse)


# --- a session's sign of life ------------------------------------------------------------------


def test_a_session_is_alive_while_its_process_runs(tmp_path, holder_process):
    marker = tmp_path / "recovery" / "s.alive"
    assert not is_alive(marker)  # no file: nobody
    proc = holder_process("session", str(marker))
    assert is_alive(marker) and is_alive(marker)  # looking does not take it
    assert not remove_if_dead(marker) and marker.exists()
    kill_hard(proc)
    assert marker.exists() and not is_alive(marker)
    assert remove_if_dead(marker) and not marker.exists()
    assert remove_if_dead(marker)  # already gone


def test_a_session_lock_in_this_process(tmp_path):
    marker = tmp_path / "s.alive"
    lock = SessionLock.acquire(marker)
    assert is_alive(marker) and lock.held
    lock.release()
    assert marker.exists() and not is_alive(marker)  # as a crash leaves it
    lock.release(remove=True)  # idempotent: released already
    again = SessionLock.acquire(marker)
    again.release(remove=True)
    assert not marker.exists()


def test_a_removed_marker_is_not_locked_by_a_late_holder(tmp_path):
    # a holder that opened the file just before a sweep removed it must lock the file that is there
    marker = tmp_path / "s.alive"
    marker.write_bytes(b"")
    assert remove_if_dead(marker)
    lock = SessionLock.acquire(marker)
    assert marker.exists() and is_alive(marker)
    lock.release(remove=True)


RACER = """
import sys, time
from pathlib import Path
from forms.lock import DraftInUse, DraftLock
Path(sys.argv[3]).touch()
while not Path(sys.argv[4]).exists():  # all start together
    time.sleep(0.001)
try:
    held = DraftLock.acquire(Path(sys.argv[1]), Path(sys.argv[2]))
except DraftInUse:
    print("refused", flush=True)
else:
    print("held", flush=True)
    time.sleep(2)
"""


def test_of_several_processes_opening_one_draft_at_once_exactly_one_gets_it(tmp_path):
    draft, data, go = tmp_path / "a.nianbao", tmp_path / "data", tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(draft), str(data), str(tmp_path / f"ready{i}"), str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    try:
        deadline = time.monotonic() + 60
        while not all((tmp_path / f"ready{i}").exists() for i in range(4)) and time.monotonic() < deadline:
            time.sleep(0.01)
        go.touch()
        results = sorted(p.communicate(timeout=60)[0].strip() for p in procs)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(10)
    assert results == ["held", "refused", "refused", "refused"]
