"""Both distributions build into wheels that carry their type information."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def build_wheel(source: Path, into: Path) -> zipfile.ZipFile:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(into),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = into.glob("*.whl")
    return zipfile.ZipFile(wheel)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            ROOT,
            {
                "txaio_typed/__init__.py",
                "txaio_typed/__init__.pyi",
                "txaio_typed/py.typed",
                "txaio_typed/aio.py",
                "txaio_typed/tx.py",
                "txaio_typed/interfaces.py",
            },
        ),
        (
            ROOT / "stubs" / "txaio-stubs",
            {
                "txaio-stubs/__init__.pyi",
                "txaio-stubs/aio.pyi",
                "txaio-stubs/tx.pyi",
                "txaio-stubs/interfaces.pyi",
                "txaio-stubs/testutil.pyi",
            },
        ),
    ],
    ids=["txaio-typed", "txaio-stubs"],
)
def test_the_wheel_carries_the_types(
    source: Path, expected: set[str], tmp_path: Path
) -> None:
    with build_wheel(source, tmp_path) as wheel:
        names = set(wheel.namelist())
        assert expected <= names, sorted(expected - names)
        if source.name == "txaio-stubs":
            # A stub-only distribution ships no code (PEP 561).
            assert not [name for name in names if name.endswith(".py")]
