"""docs/draft-format.md describes the draft file completely, and its example is a real draft."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from test_draftfile import BASE_DOC, DRAFTS

from forms.draftfile import load_draft
from forms.draftjson import from_dict, to_dict

ROOT = Path(__file__).resolve().parents[1]


def _doc_text() -> str:
    return (ROOT / "docs" / "draft-format.md").read_text(encoding="utf-8")


def _example() -> dict[str, Any]:
    blocks = re.findall(r"```json\n(.*?)```", _doc_text(), re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_documented_example_loads_and_is_written_back_identically(tmp_path):
    example = _example()
    draft = from_dict(example)
    assert draft.format_id == "gov2021"
    assert to_dict(draft) == example
    path = tmp_path / "example.nianbao"
    path.write_text(json.dumps(example, ensure_ascii=False, indent=2), encoding="utf-8")
    assert to_dict(load_draft(path)) == example


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in _keys(v)}
    return set()


def test_the_document_describes_every_key_a_draft_file_has():
    text = _doc_text()
    keys = set().union(*(_keys(to_dict(make())) for make in DRAFTS.values()))
    keys = {k for k in keys if "." not in k and k not in BASE_DOC["tables"]}  # cell ids and table keys are data
    missing = sorted(k for k in keys if f"`{k}`" not in text)
    assert missing == []
