"""Real code that uses txaio, type-checked with our types (dev.py realcode).

Runs ``python3 dev.py realcode``: the packages of realcode/packages.toml are
type-checked by mypy and pyright with plain txaio, with txaio-stubs and with
txaio-typed, and every error our types add must be one reviewed in
realcode/baseline.json (docs/typing.md says what each kind is). The command
keeps its own environment (.venv-realcode) and downloads, so a rerun only
type-checks.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_new_error_on_real_code_is_a_reviewed_one() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "dev.py"), "realcode"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "every new error is a reviewed one" in output, output
    # The three variants ran under both checkers and found the code.
    assert "autobahn 26.10.2" in output, output
    for variant in ("plain", "stubs", "typed"):
        assert f"\n  {variant} " in output, output
