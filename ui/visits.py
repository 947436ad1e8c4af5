"""Which findings the window shows yet: a report just begun is not a list of failures.

A page the clerk has neither opened nor filled in reads 未开始; what the checks find there
(a mandatory section still empty, a table all blank) is held back until the clerk has been to
the page, asks for 检查全部, or exports.  The pages visited belong to this window's session,
not to the draft file.
"""

from __future__ import annotations

from collections.abc import Callable

from forms.checks import Finding
from forms.schema import FormatDef
from ui import routing


class Visits:
    def __init__(self) -> None:
        self.pages: set[str] = set()
        #: 检查全部 or an export: every finding is shown from now on
        self.everything = False

    def visit(self, page_id: str) -> None:
        self.pages.add(page_id)

    def check_all(self) -> None:
        self.everything = True

    def shown(self, fmt: FormatDef, findings: list[Finding], started: Callable[[str], bool]) -> list[Finding]:
        """The findings to show: all but those whose every page is untouched and unvisited."""
        if self.everything:
            return list(findings)
        out = []
        for f in findings:
            pages = routing.finding_pages(fmt, f)
            if not pages or any(p in self.pages or started(p) for p in pages):
                out.append(f)
        return out
