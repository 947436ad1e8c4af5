"""A generous guard against a hang in-process: the catalogue tests fail, not freeze, on one.

``SIGALRM`` interrupts a blocking system call (opening a FIFO, reading a pipe) and Python code;
a single long C call is only interrupted when it returns, which is why the few cases where that
matters (the FIFO, the over-cap file) also run in a subprocess with a real timeout.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

#: far above anything a case needs (each takes milliseconds to a second); only a hang reaches it
GUARD_SECONDS = 10.0


class Hang(AssertionError):
    pass


@contextmanager
def time_limit(seconds: float = GUARD_SECONDS, what: str = "") -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):  # Windows: no guard, the subprocess cases still have one
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise Hang(f"{what or 'case'} did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
