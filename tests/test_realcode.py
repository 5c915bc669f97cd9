"""Real code that uses txaio, type-checked with our types (dev.py realcode).

Runs ``python3 dev.py realcode``: the packages of realcode/packages.toml are
type-checked by mypy and pyright with plain txaio, with txaio-stubs and with
txaio-typed, and every error our types add must be one reviewed in
realcode/baseline.json (docs/typing.md says what each kind is). The command
keeps its own environment (.venv-realcode) and downloads, so a rerun only
type-checks.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

from processes import run

ROOT = Path(__file__).resolve().parent.parent


def test_every_new_error_on_real_code_is_a_reviewed_one() -> None:
    result = run(sys.executable, ROOT / "dev.py", "realcode", timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "every new error is a reviewed one" in output, output
    # Every package was checked, and the table has both variants.
    packages = tomllib.loads((ROOT / "realcode" / "packages.toml").read_text())
    for name, entry in packages["packages"].items():
        assert f"| {name} {entry['version']}, stubs |" in output, output
    assert "| with txaio-stubs |" in output, output
    assert "| with txaio-typed (imports rewritten) |" in output, output


def test_every_kind_is_used_and_documented() -> None:
    kinds = tomllib.loads((ROOT / "realcode" / "kinds.toml").read_text())["kinds"]
    baseline = json.loads((ROOT / "realcode" / "baseline.json").read_text())
    used = {
        kind
        for by_checker in baseline.values()
        for classified in by_checker.values()
        for kind in classified.values()
    }
    assert used <= set(kinds), used - set(kinds)
    assert set(kinds) <= used, set(kinds) - used
    guide = (ROOT / "docs" / "typing.md").read_text()
    for name, kind in kinds.items():
        assert kind["verdict"] in ("true positive", "false positive"), name
        assert f"`{name}`" in guide, f"docs/typing.md does not describe {name}"
