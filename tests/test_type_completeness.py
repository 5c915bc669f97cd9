"""Every public symbol of txaio_typed has a declared type and documentation.

``pyright --verifytypes txaio_typed --ignoreexternal`` looks at every symbol
a user can reach (the front's stub, ``aio``, ``tx``, ``interfaces``,
``testutil``, ...): its type must be declared, not inferred, and functions
and classes must have docstrings (IDEs show them) and real default values.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from processes import run

import txaio_typed
from txaio_typed import aio, tx
from txaio_typed._generated_api import API_NAMES

#: Run by ``python3 dev.py test typecheck``, not by a plain ``pytest``.
pytestmark = pytest.mark.typecheck

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    # --verifytypes looks the package up through the "python" on PATH
    # (--pythonpath is not enough for an editable install), so put this
    # interpreter's directory first, as activating its venv would.
    path = [str(Path(sys.executable).parent), os.environ.get("PATH", "")]
    result = run(
        *(sys.executable, "-m", "pyright", "--pythonpath", sys.executable),
        *("--verifytypes", "txaio_typed", "--ignoreexternal", "--outputjson"),
        env={"PATH": os.pathsep.join(path)},
        timeout=300,
    )
    try:
        completeness: dict[str, Any] = json.loads(result.stdout)["typeCompleteness"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"no report from pyright:\n{result.stdout}\n{result.stderr}")
    return completeness


def problems(report: dict[str, Any]) -> str:
    symbols: list[dict[str, Any]] = report["symbols"]
    lines = [
        f"{symbol['name']}: {diagnostic['message']}"
        for symbol in symbols
        for diagnostic in symbol["diagnostics"]
    ]
    return "\n".join(lines)


def test_every_public_symbol_has_a_known_type(report: dict[str, Any]) -> None:
    counts = report["exportedSymbolCounts"]
    assert counts["withAmbiguousType"] == 0, problems(report)
    assert counts["withUnknownType"] == 0, problems(report)
    assert report["completenessScore"] == 1.0, problems(report)
    # The whole API was looked at: the front's functions and the methods of
    # the with_config objects of both backends.
    looked_at = {symbol["name"] for symbol in report["symbols"]}
    for owner in (txaio_typed, txaio_typed.Api, aio.AsyncioApi, tx.TwistedApi):
        path = getattr(owner, "__qualname__", "")
        prefix = f"{owner.__module__}.{path}" if path else owner.__name__
        assert {f"{prefix}.{name}" for name in API_NAMES} <= looked_at, prefix


def test_every_public_symbol_is_documented(report: dict[str, Any]) -> None:
    assert report["missingFunctionDocStringCount"] == 0, problems(report)
    assert report["missingClassDocStringCount"] == 0, problems(report)
    assert report["missingDefaultParamCount"] == 0, problems(report)


def test_the_public_modules_were_verified(report: dict[str, Any]) -> None:
    modules = {module["name"] for module in report["modules"]}
    assert {
        "txaio_typed",
        "txaio_typed.aio",
        "txaio_typed.tx",
        "txaio_typed.interfaces",
        "txaio_typed.testutil",
    } <= modules


def test_no_symbol_has_a_diagnostic(report: dict[str, Any]) -> None:
    assert problems(report) == ""
