"""The project's own code passes its linters and both type checkers.

The configuration (strict mode, the files checked) lives in pyproject.toml.
"""

from __future__ import annotations

import sys

import pytest
from processes import Result, run

#: Run by ``python3 dev.py test typecheck``, not by a plain ``pytest``.
pytestmark = pytest.mark.typecheck


def run_tool(*arguments: str) -> Result:
    return run(sys.executable, "-m", *arguments)


def assert_clean(result: Result) -> None:
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check() -> None:
    assert_clean(run_tool("ruff", "check", "."))


def test_ruff_format() -> None:
    assert_clean(run_tool("ruff", "format", "--check", "."))


def test_mypy_strict() -> None:
    result = run_tool("mypy")
    assert_clean(result)
    assert "Success: no issues found" in result.stdout


def test_pyright_strict() -> None:
    result = run_tool("pyright")
    assert_clean(result)
    assert "0 errors" in result.stdout
