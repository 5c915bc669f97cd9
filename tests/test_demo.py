"""The README's demo runs on both frameworks and shows the type checkers' errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from processes import run

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo.py"

EXPECTED_LINES = [
    "  apple: 3",
    "  kiwi: failed (UnknownItem: 'kiwi')",
    "  pear: 5",
    "  two pears: 10",
    "  slow lookup: gave up: CancelledError",
    "done",
]


def run_demo(*arguments: str) -> str:
    finished = run(sys.executable, DEMO, *arguments, timeout=120)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return finished.stdout


@pytest.mark.parametrize("flags", [[], ["--twisted"]], ids=["asyncio", "twisted"])
def test_the_demo_gives_the_same_output_on_both_frameworks(flags: list[str]) -> None:
    output = run_demo("--no-type-check", *flags).splitlines()
    framework = "twisted" if flags else "asyncio"
    assert output == [f"running on {framework}", *EXPECTED_LINES]


def test_the_demo_shows_both_checkers_rejecting_the_wrong_callback() -> None:
    output = run_demo()
    assert 'wrong_callback.py:21: error: Argument 2 to "add_callbacks"' in output
    assert "[arg-type]" in output
    assert 'wrong_callback.py:21:31 - error: Argument of type "(text: str) -> str"' in (
        output
    )
