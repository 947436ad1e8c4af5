"""Results of the checks kept by their inputs, so that an edit re-checks only what it changed.

A ``Memo`` maps the inputs of a pure computation (a section's text, the figures of the tables)
to its result; equal inputs give the result computed before, so a check that reuses them gives
exactly what a check from scratch gives.  Each memo is bounded by a weight (by default one per
entry; for texts their length in characters), and forgets the results used least recently
first: a long text typed in adds a new key on every keystroke, and must not fill the memory.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

V = TypeVar("V")

_MEMOS: list[Memo[object]] = []
_CLEARERS: list[Callable[[], None]] = []


class Memo(Generic[V]):
    def __init__(self, max_weight: int, weight: Callable[[Hashable], int] | None = None) -> None:
        self._max = max_weight
        self._weight = weight or (lambda _key: 1)
        self._results: dict[Hashable, tuple[V, int]] = {}
        self._total = 0
        _MEMOS.append(self)  # type: ignore[arg-type]

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        # dict operations are atomic: a check in a worker thread may share a memo with the GUI's;
        # at worst a result is computed twice or the weight drifts until the next clear
        found = self._results.pop(key, None)
        if found is not None:
            self._results[key] = found  # now the most recently used
            return found[0]
        value = compute()
        weight = self._weight(key)
        if weight > self._max:
            return value  # too big to keep
        while self._results and self._total + weight > self._max:
            try:
                oldest = next(iter(self._results))
                self._total -= self._results.pop(oldest)[1]
            except (StopIteration, KeyError, RuntimeError):  # another thread got there first
                break
        self._results[key] = (value, weight)
        self._total += weight
        return value

    def clear(self) -> None:
        self._results = {}
        self._total = 0


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
    kept = [(memo._results, memo._total) for memo in _MEMOS]
    clear_all()
    try:
        yield
    finally:
        for memo, (results, total) in zip(_MEMOS, kept, strict=True):
            memo._results, memo._total = results, total
