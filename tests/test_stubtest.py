"""The front's stub, ``__init__.pyi``, agrees with the run-time package.

``python -m mypy.stubtest txaio_typed`` compares every stub and module of the
package with what importing it gives. Before a framework is selected the
front's API names are placeholders that accept any arguments, so stubtest is
also run with asyncio and with Twisted selected first: then each signature in
``__init__.pyi`` is compared with the selected backend's own function. The
allowlists in typecheck/ say, entry by entry, why a difference is expected.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from processes import Result, run
from typecheckers import allowlist

from txaio_typed._frameworks import FrameworkName

#: Run by ``python3 dev.py test typecheck``, not by a plain ``pytest``.
pytestmark = pytest.mark.typecheck

ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = ROOT / "typecheck" / "stubtest-allowlist.txt"
SELECTED_ALLOWLIST = ROOT / "typecheck" / "stubtest-allowlist-selected.txt"

SELECT_THEN_STUBTEST = """\
import sys
import txaio_typed
getattr(txaio_typed, "use_" + sys.argv.pop(1))()
from mypy.stubtest import main
sys.exit(main())
"""


def stubtest(*arguments: str) -> Result:
    return run(sys.executable, *arguments, timeout=300)


def entries(path: Path) -> set[str]:
    return {entry.entry for entry in allowlist(path)}


def test_every_allowlist_entry_says_why() -> None:
    for path in (ALLOWLIST, SELECTED_ALLOWLIST):
        for entry in allowlist(path):
            assert entry.why, f"{path.name}: {entry.entry} has no comment"


def test_stubtest_passes() -> None:
    result = stubtest(
        "-m", "mypy.stubtest", "txaio_typed", "--allowlist", str(ALLOWLIST)
    )
    # Unused allowlist entries are errors too, so the list cannot go stale.
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def needed_entries(framework: FrameworkName) -> set[str]:
    """What stubtest would have to be told with ``framework`` selected."""
    result = stubtest(
        "-c",
        SELECT_THEN_STUBTEST,
        framework,
        "txaio_typed",
        "--generate-allowlist",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {line.strip() for line in result.stdout.splitlines() if line.strip()}


@pytest.fixture(scope="module")
def needed_when_selected() -> dict[FrameworkName, set[str]]:
    return {name: needed_entries(name) for name in ("asyncio", "twisted")}


@pytest.mark.parametrize("framework", ["asyncio", "twisted"])
def test_stub_signatures_match_the_selected_backend(
    framework: FrameworkName, needed_when_selected: dict[FrameworkName, set[str]]
) -> None:
    allowed = entries(ALLOWLIST) | entries(SELECTED_ALLOWLIST)
    unexplained = needed_when_selected[framework] - allowed
    assert not unexplained, f"stubtest with {framework} selected: {unexplained}"


def test_every_selected_allowlist_entry_is_needed(
    needed_when_selected: dict[FrameworkName, set[str]],
) -> None:
    needed = needed_when_selected["asyncio"] | needed_when_selected["twisted"]
    assert entries(SELECTED_ALLOWLIST) <= needed
