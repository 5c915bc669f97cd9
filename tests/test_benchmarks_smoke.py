"""``benchmarks/run.py --quick`` still runs and reports every operation.

A smoke check only: timings on a shared machine are noise, so nothing here
looks at a number. The quick run includes the application benchmark
(``benchmarks/app.py``: Autobahn over loopback, a few seconds), which runs
in the downstream suites' environment: on a fresh checkout this test builds
it (``dev.py downstream`` would build it later anyway).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from processes import run

#: Run by ``python3 dev.py test bench-smoke``, not by a plain ``pytest``.
pytestmark = pytest.mark.bench_smoke

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def report() -> str:
    result = run(sys.executable, BENCHMARKS / "run.py", "--quick", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _section(report: str, title: str) -> list[str]:
    """The table rows under ``### title``."""
    lines = report.splitlines()
    start = lines.index(f"### {title}")
    rows: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("### "):
            break
        if line.startswith("| ") and not line.startswith("| ---"):
            rows.append(line)
    return rows


def _load_spec(name: str = "_spec") -> ModuleType:
    """``benchmarks/_spec.py``, the list of what the benchmarks measure (or
    another module of ``benchmarks/``, whose siblings it imports as the
    benchmark scripts do, from ``benchmarks/`` on the path)."""
    spec = importlib.util.spec_from_file_location(
        f"_benchmark{name}", BENCHMARKS / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCHMARKS))
        del sys.modules[spec.name]
    return module


def _labels(framework: str) -> list[str]:
    """The row labels a quick run must print for ``framework``, in order."""
    spec = _load_spec()
    return [
        spec.label(metric, quick=True)
        for metric in spec.METRICS
        if metric.only in (None, framework.lower())
    ]


@pytest.mark.parametrize("framework", ["asyncio", "Twisted"])
def test_table_has_every_operation(report: str, framework: str) -> None:
    rows = _section(report, framework)
    header, body = rows[0], rows[1:]
    for column in ("txaio_typed", "txaio 26.6.1", "raw", "typed/raw", "typed/upstream"):
        assert column in header
    labels = [row.split(" | ")[0].removeprefix("| ") for row in body]
    assert labels == _labels(framework)
    for row in body:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 6, row
        assert "n/a" not in cells[1:4], row


def test_targets_are_reported(report: str) -> None:
    assert "Targets:" in report
    targets = report.split("### Targets", 1)[1].split("(run took")[0]
    verdicts = [line for line in targets.splitlines() if line.startswith("- ")]
    for framework in ("asyncio", "Twisted"):
        mine = [line for line in verdicts if line.startswith(f"- {framework}: ")]
        assert mine, framework
        assert all(line.endswith(("met", "MISSED", "(within noise)")) for line in mine)
    assert "Not measured" not in report


def test_application_benchmark_ran(report: str) -> None:
    """Every scenario on both frameworks has a time for both implementations,
    their ratios and a count of the calls into txaio per event."""
    app = _load_spec("app")
    rows = _section(report, "In a real application")
    header, body = rows[0], rows[1:]
    for column in ("txaio_typed", "txaio 26.6.1", "typed/upstream", "wall time"):
        assert column in header
    cells = [[cell.strip() for cell in row.strip("|").split("|")] for row in body]
    expected = [
        (app.label(scenario, True), framework)
        for scenario in app.SCENARIOS
        for framework in ("asyncio", "Twisted")
    ]
    assert [(row[0], row[1]) for row in cells] == expected
    for row in cells:
        assert len(row) == 7, row
        assert "n/a" not in row, row
        typed_calls, upstream_calls = (int(n) for n in row[6].split(", "))
        assert typed_calls > 0 and upstream_calls > 0, row
