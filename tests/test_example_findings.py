"""The findings of each example draft are committed (tests/fixtures/example_findings.json).

A change to a rule, a format file or an example that alters what a clerk would be told
about a real published report shows up here as a diff to review, not silently.
Regenerate after a deliberate change with:  python tests/test_example_findings.py --write
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forms.checks import check  # noqa: E402
from forms.draftfile import load_draft  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "example_findings.json"
EXAMPLES = sorted((ROOT / "forms" / "examples").glob("*.nianbao"))


def summary(path: Path) -> list[dict[str, object]]:
    return [
        {"rule": f.rule, "severity": f.severity, "cells": list(f.cells), "fields": list(f.fields)}
        for f in check(load_draft(path))
    ]


def test_there_are_five_examples_numbered_like_the_seeds():
    assert [p.name[:4] for p in EXAMPLES] == ["000-", "001-", "002-", "003-", "004-"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_findings_of_each_example_are_the_committed_ones(path):
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert summary(path) == expected[path.name]


def test_example_004_has_no_error():
    path = next(p for p in EXAMPLES if p.name.startswith("004-"))
    assert [f for f in summary(path) if f["severity"] == "error"] == []


if __name__ == "__main__" and "--write" in sys.argv:
    data = {p.name: summary(p) for p in EXAMPLES}
    FIXTURE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE}")
