"""Undo and redo are the exact inverse of every edit: random sequences of edits through the
document's edit API (cells typed and refused, pastes, cleared blocks, 空白填0, paragraph texts,
levels, splits and joins, the preface, legacy section edits), all undone, give back the draft as it
was, to the byte of its file; all redone, the edited one."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from forms.draftjson import to_dict
from forms.model import Paragraph, SectionText, new_draft
from ui.document import ReportDocument
from ui.edits import PREFACE, paragraphs_at, section_target
from ui.table_model import ReportTableModel

TEXTS = ["0", "5", "12", "１２", "1,024", "x", "5件", "-3", "", "三"]
WORDS = ["一是", "加强", "（四）", "公开", "。", "1.", "制度", "X"]


def serialised(doc: ReportDocument) -> str:
    return json.dumps(to_dict(doc.draft), ensure_ascii=False, sort_keys=True)


class Edits(RuleBasedStateMachine):
    doc: ReportDocument | None = None

    @initialize(fid=st.sampled_from(["gov2021", "legacy", "gov2019"]))
    def open_report(self, fid):
        draft = new_draft(fid, "某镇人民政府", 2024 if fid != "legacy" else 2017)
        self.doc = ReportDocument(draft)
        self.models = {key: ReportTableModel(self.doc, table) for key, table in draft.fmt.tables.items()}
        self.original = serialised(self.doc)

    # --- cells ----------------------------------------------------------------------------------
    def _model(self, data):
        return self.models[data.draw(st.sampled_from(sorted(self.models)))]

    @precondition(lambda self: self.doc is not None)
    @rule(data=st.data(), text=st.sampled_from(TEXTS))
    def type_cell(self, data, text):
        model = self._model(data)
        cid = data.draw(st.sampled_from(sorted(model.table.cells)))
        model.setData(model.index_of(cid), text)  # a refused entry too: kept as typed

    @precondition(lambda self: self.doc is not None)
    @rule(data=st.data(), rows=st.integers(1, 4), cols=st.integers(1, 5))
    def paste_block(self, data, rows, cols):
        model = self._model(data)
        cells = data.draw(st.lists(st.sampled_from(TEXTS), min_size=rows * cols, max_size=rows * cols))
        text = "\r\n".join("\t".join(cells[r * cols : (r + 1) * cols]) for r in range(rows)) + "\r\n"
        start = (data.draw(st.integers(0, model.rowCount() - 1)), data.draw(st.integers(0, model.columnCount() - 1)))
        self.doc.paste(model.table.key, text, start)

    @precondition(lambda self: self.doc is not None)
    @rule(data=st.data())
    def paste_labelled_rows(self, data):
        model = self._model(data)
        table = model.table
        vc = data.draw(st.sampled_from(sorted(table.cells.values(), key=lambda c: c.id)))
        labels = [table.covering(vc.grid_row, c) for c in range(vc.grid_col)]
        label = next((g.text for g in reversed(labels) if g is not None and g.text and g.cell_id is None), "")
        figures = data.draw(st.lists(st.sampled_from(TEXTS), min_size=1, max_size=8))
        self.doc.paste(table.key, label + "\t" + "\t".join(figures) + "\n", None)

    @precondition(lambda self: self.doc is not None)
    @rule(data=st.data())
    def clear_block(self, data):
        model = self._model(data)
        ids = data.draw(st.lists(st.sampled_from(sorted(model.table.cells)), max_size=6, unique=True))
        model.clear_cells([model.index_of(cid) for cid in ids])

    @precondition(lambda self: self.doc is not None)
    @rule(data=st.data())
    def fill_zeros(self, data):
        self._model(data).fill_zeros()

    # --- paragraphs -----------------------------------------------------------------------------
    def _target(self, data):
        targets = [PREFACE] + [
            section_target(s.key, part) for s in self.doc.draft.sections for part in ("before", "after")
        ]
        return data.draw(st.sampled_from(targets))

    def _paragraphs(self, target):
        now = paragraphs_at(self.doc.draft, target)
        if now is None:
            now = self.doc.draft.default_preface()
        return [dataclasses.replace(p) for p in now]

    @precondition(lambda self: self.doc is not None)
    @rule(data=st.data(), words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
    def type_text(self, data, words):
        target = self._target(data)
        paras = self._paragraphs(target)
        text = "".join(words)
        if not paras:
            paras = [Paragraph(text)]
        else:
            i = data.draw(st.integers(0, len(paras) - 1))
            at = data.draw(st.integers(0, len(paras[i].text)))
            paras[i].text = paras[i].text[:at] + text + paras[i].text[at:]
        self.doc.set_paragraphs(target, paras)

    @precondition(lambda self: self.doc is not None)
    @rule(data=st.data(), level=st.integers(0, 3))
    def set_level(self, data, level):
        target = self._target(data)
        paras = self._paragraphs(target)
        if paras:
            first = data.draw(st.integers(0, len(paras) - 1))
            last = data.draw(st.integers(first, len(paras) - 1))
            for p in paras[first : last + 1]:
                p.level = level
            self.doc.set_paragraphs(target, paras)

    @precondition(lambda self: self.doc is not None)
    @rule(data=st.data())
    def split(self, data):
        target = self._target(data)
        paras = self._paragraphs(target)
        candidates = [i for i, p in enumerate(paras) if len(p.text) > 1]
        if candidates:
            i = data.draw(st.sampled_from(candidates))
            at = data.draw(st.integers(1, len(paras[i].text) - 1))
            head, tail = paras[i].text[:at], paras[i].text[at:]
            paras[i : i + 1] = [dataclasses.replace(paras[i], text=head), Paragraph(tail, 0)]
            self.doc.set_paragraphs(target, paras)

    @precondition(lambda self: self.doc is not None)
    @rule(data=st.data())
    def join(self, data):
        target = self._target(data)
        paras = self._paragraphs(target)
        if len(paras) > 1:
            i = data.draw(st.integers(0, len(paras) - 2))
            paras[i : i + 2] = [dataclasses.replace(paras[i], text=paras[i].text + paras[i + 1].text)]
            self.doc.set_paragraphs(target, paras)

    @precondition(lambda self: self.doc is not None)
    @rule()
    def reset_preface(self):
        self.doc.set_paragraphs(PREFACE, None)

    # --- legacy sections ------------------------------------------------------------------------
    @precondition(lambda self: self.doc is not None and self.doc.draft.fmt.sections_editable)
    @rule(data=st.data(), kind=st.sampled_from(["add", "remove", "retitle", "move", "item"]))
    def edit_sections(self, data, kind):
        sections = copy.deepcopy(self.doc.draft.sections)
        if kind == "add" or not sections:
            keys = {s.key for s in sections}
            n = next(n for n in range(1, 100) if f"custom{n}" not in keys)
            sections.insert(data.draw(st.integers(0, len(sections))), SectionText(f"custom{n}", title=f"其他{n}"))
        else:
            i = data.draw(st.integers(0, len(sections) - 1))
            if kind == "remove":
                del sections[i]
            elif kind == "retitle":
                sections[i].title = data.draw(st.sampled_from(["一、概述", "新标题", None]))
            elif kind == "move":
                j = data.draw(st.integers(0, len(sections) - 1))
                sections[i], sections[j] = sections[j], sections[i]
            else:
                item = data.draw(st.sampled_from([it.key for it in self.doc.draft.fmt.items]))
                items = sections[i].items
                items.remove(item) if item in items else items.append(item)
        self.doc.set_sections(sections, "章节")

    @precondition(lambda self: self.doc is not None)
    @rule()
    def saved(self):
        self.doc.undo_stack.setClean()  # as a save does: typing after it is a new step

    # --- undo ------------------------------------------------------------------------------------
    @precondition(lambda self: self.doc is not None)
    @rule(k=st.integers(1, 4))
    def undo_some_and_redo_them(self, k):
        stack = self.doc.undo_stack
        now = serialised(self.doc)
        index = stack.index()
        for _ in range(min(k, index)):
            stack.undo()
        for _ in range(min(k, index)):
            stack.redo()
        assert serialised(self.doc) == now

    @invariant()
    def undo_is_available_after_an_edit(self):
        if self.doc is not None and serialised(self.doc) != self.original:
            assert self.doc.undo_stack.canUndo()

    def teardown(self):
        if self.doc is None:
            return
        stack = self.doc.undo_stack
        edited = serialised(self.doc)
        while stack.canUndo():
            stack.undo()
        assert serialised(self.doc) == self.original
        while stack.canRedo():
            stack.redo()
        assert serialised(self.doc) == edited
        self.doc.release()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_every_edit_sequence_undoes_to_the_original_and_redoes_to_the_edited(qapp):
    run_state_machine_as_test(
        Edits,
        settings=settings(
            max_examples=30, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
        ),
    )
