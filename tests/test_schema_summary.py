"""The start page's format catalogue agrees with the full format definitions."""

import pytest

from forms.schema import FormatError, format_for_year, format_ids, format_summary, format_summary_for_year, load_format


@pytest.mark.parametrize("fid", format_ids())
def test_summary_matches_the_full_definition(fid):
    s, f = format_summary(fid), load_format(fid)
    assert (s.id, s.name, s.year_from, s.year_to) == (f.id, f.name, f.year_from, f.year_to)


@pytest.mark.parametrize(
    "year, fid",
    [(2008, "legacy"), (2018, "legacy"), (2019, "gov2019"), (2020, "gov2019"), (2021, "gov2021"), (2030, "gov2021")],
)
def test_the_format_for_a_year(year, fid):
    assert format_summary_for_year(year).id == fid
    assert format_for_year(year).id == fid


def test_no_format_before_2008():
    with pytest.raises(FormatError, match="2007"):
        format_summary_for_year(2007)
