"""The list of downstream tests expected to fail is well-formed and each
entry points to the section of docs/differences.md that explains it.

The downstream suites themselves run in ``python3 dev.py downstream``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "downstream" / "expected-differences.toml"
DIFFERENCES = ROOT / "docs" / "differences.md"


def entries() -> list[dict[str, str]]:
    with EXPECTED.open("rb") as file:
        loaded: list[dict[str, str]] = tomllib.load(file)["expected"]
    return loaded


def test_every_entry_names_a_suite_a_framework_a_test_and_why() -> None:
    for entry in entries():
        assert set(entry) == {"suite", "framework", "test", "section", "why"}, entry
        assert entry["suite"] in {"txaio", "autobahn"}, entry
        assert entry["framework"] in {"asyncio", "twisted"}, entry
        assert len(entry["why"].split()) >= 5, entry


def test_every_entry_points_to_a_section_of_the_differences_page() -> None:
    headings = set(re.findall(r"^## (.+)$", DIFFERENCES.read_text(), re.MULTILINE))
    for entry in entries():
        assert entry["section"] in headings, entry


def test_no_test_is_listed_twice() -> None:
    keys = [(e["suite"], e["framework"], e["test"]) for e in entries()]
    assert len(keys) == len(set(keys))
