"""Older draft files are upgraded step by step on load: the mechanism, and the real step from version 1."""

from __future__ import annotations

import json

import pytest
from test_draftfile import _bytes, rich_gov2021

from forms import draftfile, draftjson
from forms.draftfile import DraftFileError, backup_path, load_draft, save_draft
from forms.draftjson import to_dict


def _pretend_current_version(monkeypatch, version: int) -> None:
    monkeypatch.setattr(draftfile, "SCHEMA_VERSION", version)
    monkeypatch.setattr(draftjson, "SCHEMA_VERSION", version)


def test_older_files_are_upgraded_step_by_step_on_load_and_rewritten_only_on_save(tmp_path, monkeypatch):
    # pretend today's layout is version 3; version 1 called the title "heading", version 2 "caption"
    old = to_dict(rich_gov2021())
    old["heading"] = old.pop("title")
    old["schema_version"] = 1
    path = tmp_path / "old.nianbao"
    data = _bytes(old)
    path.write_bytes(data)
    applied: list[int] = []

    def v1_to_v2(doc):
        applied.append(1)
        doc["caption"] = doc.pop("heading")
        return doc

    def v2_to_v3(doc):
        applied.append(2)
        doc["title"] = doc.pop("caption")
        return doc

    _pretend_current_version(monkeypatch, 3)
    monkeypatch.setitem(draftfile.UPGRADES, 2, v2_to_v3)
    monkeypatch.setitem(draftfile.UPGRADES, 1, v1_to_v2)
    draft = load_draft(path)
    assert applied == [1, 2]
    assert draft.title == "博山镇2025年政务公开年报"
    assert path.read_bytes() == data  # loading never writes
    save_draft(draft, path)
    assert json.loads(path.read_bytes())["schema_version"] == 3
    assert backup_path(path).read_bytes() == data


def test_a_missing_or_failing_upgrade_step_is_a_draft_file_error(tmp_path, monkeypatch):
    path = tmp_path / "old.nianbao"
    data = _bytes(to_dict(rich_gov2021()))
    path.write_bytes(data)
    _pretend_current_version(monkeypatch, 3)
    monkeypatch.delitem(draftfile.UPGRADES, 2, raising=False)
    with pytest.raises(DraftFileError, match="无法从文件版本 2 升级"):
        load_draft(path)

    def broken(doc):
        return doc["no such key"]

    monkeypatch.setitem(draftfile.UPGRADES, 2, broken)
    with pytest.raises(DraftFileError, match="升级时出错"):
        load_draft(path)
    assert path.read_bytes() == data


def test_the_product_has_one_upgrade_step_version_1_drafts_gain_empty_picture_lists(tmp_path):
    assert draftjson.SCHEMA_VERSION == 2
    assert sorted(draftfile.UPGRADES) == [1]
    old = to_dict(rich_gov2021())
    old["schema_version"] = 1
    for section in old["sections"]:
        del section["pictures"]  # version 1 had no picture blocks
    path = tmp_path / "v1.nianbao"
    data = _bytes(old)
    path.write_bytes(data)
    draft = load_draft(path)
    assert all(sec.pictures == [] for sec in draft.sections)
    assert [s.before for s in draft.sections] == [s.before for s in rich_gov2021().sections]
    assert path.read_bytes() == data
    save_draft(draft, path)
    assert json.loads(path.read_bytes())["schema_version"] == 2
