"""The summary of many units (SPEC §7: 500 unit drafts under 3 s, loading and checks included).

Each round reads every draft from disk, checks it, runs the checks across units and sums all
tables (``collect`` + ``summarise``); three sizes show how the cost grows with the number of
units.  Run with ``--benchmark-enable`` for figures (docs/performance.md).
"""

from __future__ import annotations

import time

import pytest
from summary_generated import write_units

from forms.summary.collect import collect
from forms.summary.total import ALL, summarise
from forms.summary.workbook import workbook_bytes

SIZES = (125, 250, 500)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("units")
    return {n: (root / str(n), write_units(root / str(n), n)) for n in SIZES}


def collect_and_sum(folder):
    return summarise(collect([folder]))


@pytest.mark.parametrize("n", SIZES)
def test_bench_summary_of_units(benchmark, folders, n):
    folder, paths = folders[n]
    summary = benchmark.pedantic(collect_and_sum, args=(folder,), rounds=3, iterations=1)
    assert len(summary.units) == len(paths) == n
    assert summary.collection.left_out == []
    cid = "apply.new_received.total"
    assert summary.totals[ALL][cid] == sum(values[cid] for values in summary.per_unit)
    if benchmark.stats is not None:
        median = benchmark.stats.stats.median
        print(f"\n{n} units: median {median:.3f} s, {median / n * 1000:.2f} ms per unit")


def test_bench_workbook_of_500_units(benchmark, folders):
    """Not part of the 3 s target: the .xlsx is written once, when the clerk asks for it."""
    folder, _paths = folders[500]
    summary = collect_and_sum(folder)
    started = time.perf_counter()
    data = benchmark.pedantic(workbook_bytes, args=(summary,), rounds=1, iterations=1)
    assert data.startswith(b"PK")
    print(f"\nworkbook of 500 units: {time.perf_counter() - started:.2f} s, {len(data) // 1024} KiB")
