"""Checks: ``check(draft)`` returns the findings of every rule of SPEC §3 that the format lists.

One id namespace (SPEC §3).  Each finding names its rule, severity, the cells or fields
concerned, the expected and actual value and a Chinese message.  A warning acknowledged
with a note stays acknowledged while its rule, cells and actual value stay the same.
"""

from __future__ import annotations

from forms.checks.findings import Finding, Settings
from forms.checks.run import check

__all__ = ["Finding", "Settings", "check"]
