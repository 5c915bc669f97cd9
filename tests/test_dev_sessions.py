"""``python3 dev.py test`` runs in named sessions.

With no argument it runs every session, whatever fails, and ends with one
line per session and the total ``N passed, N failed``, the last line of its
output (CI reads it). A plain ``pytest`` runs the unit session only: the
other sessions' tests carry a marker that pyproject.toml's addopts leaves
out, unless their file is named on the command line.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import cast

import pytest
from processes import output, run

import dev

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


def pytest_ini() -> dict[str, object]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    options: dict[str, object] = project["tool"]["pytest"]["ini_options"]
    return options


def test_a_plain_pytest_runs_the_unit_session() -> None:
    addopts = pytest_ini()["addopts"]
    assert isinstance(addopts, str)
    assert f'-m "{dev.UNIT_MARKEXPR}"' in addopts
    assert "--strict-markers" in addopts


def test_every_session_marker_is_registered() -> None:
    markers = cast("list[str]", pytest_ini()["markers"])
    registered = {line.partition(":")[0] for line in markers}
    assert registered == set(dev.MARKED_SESSIONS.values())
    assert set(dev.MARKED_SESSIONS) <= set(dev.SESSIONS)


def marked_files() -> dict[str, str]:
    """test file -> the marker of its ``pytestmark``."""
    found: dict[str, str] = {}
    for path in sorted(TESTS.glob("test_*.py")):
        for line in path.read_text().splitlines():
            if line.startswith("pytestmark = pytest.mark."):
                found[path.name] = line.removeprefix("pytestmark = pytest.mark.")
    return found


def test_tests_that_build_environments_are_not_unit_tests() -> None:
    """The tests that build a virtual environment, a package or the site, or
    run the type checkers, belong to a session other than unit."""
    assert marked_files() == {
        "test_benchmarks_smoke.py": "bench_smoke",
        "test_docs_site.py": "docs",
        "test_packaging.py": "packaging",
        "test_static.py": "typecheck",
        "test_stubtest.py": "typecheck",
        "test_txaio_stubs.py": "typecheck",
        "test_type_completeness.py": "typecheck",
        "test_typecheck.py": "typecheck",
    }


def collected(*arguments: str) -> list[str]:
    result = run(sys.executable, "-m", "pytest", "--collect-only", "-q", *arguments)
    assert result.returncode == 0, output(result)
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_a_named_test_file_runs_whatever_its_session() -> None:
    assert collected("tests/test_static.py")
    assert collected("tests/test_stubtest.py", "-m", "typecheck")
    selected = collected("-k", "ruff or gather")
    assert any("test_futures.py" in test for test in selected)
    assert not any("test_static.py" in test for test in selected)


# -- the sessions, run with their work replaced by a record --------------------


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sessions run, by name; the session ``typecheck`` fails with one
    failed test and ``downstream`` fails."""
    ran: list[str] = []

    def session(name: str) -> dev.Outcome:
        ran.append(name)
        if name == "typecheck":
            return dev.Outcome(1, 10, 1)
        if name == "downstream":
            return dev.Outcome(1, 0, 1)
        return dev.Outcome(0, 5, 0)

    monkeypatch.setattr(dev, "run_session", session)
    return ran


def test_the_whole_test_command_runs_every_session(
    steps: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert dev.main(["test"]) == 1
    assert steps == list(dev.SESSIONS)
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "40 passed, 2 failed"
    rows = lines[-1 - len(dev.SESSIONS) : -1]
    assert [row.split()[:2] for row in rows] == [
        [name, "FAILED" if name in ("typecheck", "downstream") else "passed"]
        for name in dev.SESSIONS
    ]


def test_named_sessions_run_alone_in_the_order_given(steps: list[str]) -> None:
    assert dev.main(["test", "realcode", "unit"]) == 0
    assert steps == ["realcode", "unit"]
    assert dev.main(["test", "unit", "nonsense"]) == 2
    assert steps == ["realcode", "unit"]


def test_pytest_arguments_run_pytest_here_only(
    steps: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    commands: list[list[str]] = []

    class Finished:
        returncode = 0

    def finished(command: list[str], **kwargs: object) -> Finished:
        commands.append(command)
        return Finished()

    monkeypatch.setattr(dev, "ensure_environment", lambda: Path("python"))
    monkeypatch.setattr(subprocess, "run", finished)
    assert dev.main(["test", "-k", "gather"]) == 0
    assert steps == []
    assert commands == [["python", "-m", "pytest", "-k", "gather"]]


# -- reading pytest's closing line ---------------------------------------------


@pytest.mark.parametrize(
    ("closing", "returncode", "passed", "failed"),
    [
        ("===== 120 passed in 4.51s =====", 0, 120, 0),
        ("3 failed, 120 passed, 2 errors in 312.05s (0:05:12)", 1, 120, 5),
        ("1 passed, 4 deselected in 0.20s", 0, 1, 0),
        ("no tests ran in 0.01s", 5, 0, 1),
        ("ERROR: usage", 4, 0, 1),
    ],
)
def test_pytest_counts(closing: str, returncode: int, passed: int, failed: int) -> None:
    lines = ["tests/test_x.py ....", "5 passed earlier, not a summary", closing]
    counts = dev.pytest_counts(lines, returncode)
    assert (counts.returncode, counts.passed, counts.failed) == (
        returncode,
        passed,
        failed,
    )
