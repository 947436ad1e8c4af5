"""Results of the checks kept by their inputs, so that an edit re-checks only what it changed.

A ``Memo`` maps the inputs of a pure computation (a section's text, the figures of the tables)
to its result; equal inputs give the result computed before, so a check that reuses them gives
exactly what a check from scratch gives.  Each memo is bounded: when full it starts afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

V = TypeVar("V")

_MEMOS: list[Memo[object]] = []
_CLEARERS: list[Callable[[], None]] = []


class Memo(Generic[V]):
    def __init__(self, size: int) -> None:
        self._size = size
        self._results: dict[Hashable, V] = {}
        _MEMOS.append(self)  # type: ignore[arg-type]

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        try:
            return self._results[key]
        except KeyError:
            pass
        value = compute()
        if len(self._results) >= self._size:
            self._results.clear()  # dict operations are atomic: a check in another thread is safe
        self._results[key] = value
        return value

    def clear(self) -> None:
        self._results.clear()


def also_clear(clear: Callable[[], None]) -> None:
    """Register another cache (an ``lru_cache``'s ``cache_clear``) for ``clear_all``."""
    _CLEARERS.append(clear)


def clear_all() -> None:
    """Forget every kept result (tests compare a check from scratch with an incremental one)."""
    for memo in _MEMOS:
        memo.clear()
    for clear in _CLEARERS:
        clear()


@contextmanager
def set_aside() -> Iterator[None]:
    """Within: every memo empty, as in a fresh process; after: the kept results back (tests)."""
    kept = [dict(memo._results) for memo in _MEMOS]
    clear_all()
    try:
        yield
    finally:
        for memo, results in zip(_MEMOS, kept, strict=True):
            memo._results = results
