"""Placeholder until the rule modules land (issue 2, checks)."""

from __future__ import annotations

from forms.checks.findings import Finding, Settings
from forms.model import Draft


def check(draft: Draft, settings: Settings | None = None) -> list[Finding]:
    raise NotImplementedError
