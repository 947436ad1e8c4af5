"""Acknowledgements: a warning or hint the clerk has confirmed with a note.

An acknowledgement is keyed by rule, cells (or fields) and the actual value.  When only the
actual value changed since, the finding is open again and shows the old note.
"""

from __future__ import annotations

import dataclasses

from forms.checks.findings import ERROR, Finding
from forms.model import Acknowledgement


def apply_acknowledgements(findings: list[Finding], acks: list[Acknowledgement]) -> list[Finding]:
    if not acks:
        return findings
    exact: dict[tuple[str, tuple[str, ...], str], str] = {}
    earlier: dict[tuple[str, tuple[str, ...]], str] = {}
    for ack in acks:  # later acknowledgements win: they are the clerk's latest word
        exact[(ack.rule, tuple(ack.cells), ack.actual)] = ack.note
        earlier[(ack.rule, tuple(ack.cells))] = ack.note
    out = []
    for f in findings:
        if f.severity != ERROR:
            key = f.key
            note = exact.get(key)
            if note is not None:
                f = dataclasses.replace(f, note=note)
            else:
                old = earlier.get(key[:2])
                if old is not None:
                    f = dataclasses.replace(f, previous_note=old)
        out.append(f)
    return out
