"""What a check reports, and the settings some rules read."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
HINT = "hint"


@dataclass(frozen=True)
class Finding:
    rule: str  # T1, A1, G7 … (SPEC §3)
    severity: str  # error | warning | hint
    message: str  # Chinese, for the clerk
    #: value cell ids concerned ("apply.r_granted.natural"); for a computed cell in a
    #: computed table, the entered cells it is summed from are included too
    cells: tuple[str, ...] = ()
    #: non-cell fields concerned: "title", "preface", "meta.date", "meta.year",
    #: "section.<key>", "last_year.carried_forward.<col>", "last_year.in_force.<row>"
    fields: tuple[str, ...] = ()
    expected: str | None = None
    actual: str | None = None
    #: the note of a matching acknowledgement (the finding is then acknowledged) …
    note: str | None = None
    #: … or, when only the actual value changed since, the old note shown again
    previous_note: str | None = None

    @property
    def key(self) -> tuple[str, tuple[str, ...], str]:
        """What an acknowledgement is keyed by: rule, cells (or fields) and actual value."""
        return (self.rule, self.cells or self.fields, self.actual or "")

    @property
    def acknowledged(self) -> bool:
        return self.note is not None


@dataclass
class Settings:
    """User settings that rules read. Defaults follow SPEC §3 and research/formats.md §1.2."""

    #: G5: (month, day) of the year after the report year; None = the default for the level
    deadline: tuple[int, int] | None = None
    #: G10: maximum characters of 总体情况; None = off (some cities set 1000)
    overview_limit: int | None = None
    #: G6: similarity ratio above which a section counts as copied from last year
    similarity: float = 0.8
    extra: dict[str, object] = field(default_factory=dict)
