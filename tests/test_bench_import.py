"""SPEC §7: import a full published report under 1 s (issue 13), for each kind of file.

Figures: `--benchmark-enable`; recorded in docs/performance.md ("import").
"""

from __future__ import annotations

import pytest
from draft_factory import full_report
from import_documents import handmade_docx, portal_page, varied_report

from forms.importing import import_file
from forms.render import render_docx
from forms.render.text import render_txt
from forms.totals import effective_values


def _made(kind: str, tmp_path):
    draft = varied_report(full_report("gov2021"))
    path = tmp_path / f"report.{kind}"
    if kind == "docx":
        path.write_bytes(render_docx(draft))
    elif kind == "handmade.docx":
        path = tmp_path / "handmade.docx"
        path.write_bytes(handmade_docx(draft))
    elif kind == "htm":
        path.write_bytes(portal_page(draft))
    else:
        path.write_text(render_txt(draft), encoding="utf-8")
    return draft, path


@pytest.mark.parametrize("kind", ["docx", "handmade.docx", "htm", "txt"])
def test_benchmark_import_a_full_report(benchmark, tmp_path, kind):
    draft, path = _made(kind, tmp_path)
    imported = benchmark.pedantic(import_file, args=(path,), rounds=10, warmup_rounds=1)
    table = draft.fmt.tables["apply"]
    assert effective_values(imported.draft, table) == effective_values(draft, table)
