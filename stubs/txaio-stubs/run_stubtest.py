"""Run mypy.stubtest for txaio-stubs with a framework selected.

Usage: python run_stubtest.py asyncio|twisted [extra stubtest options]

Upstream txaio binds its top-level API when a framework is selected, and
importing txaio.with_asyncio or txaio.with_twisted selects one. stubtest
imports every module, so the stubs are checked once per framework, with the
framework selected before stubtest looks at anything. The stubs must be
installed (``pip install ./stubs/txaio-stubs``): stubtest finds them the
same way mypy does for users.
"""

from __future__ import annotations

import sys
from pathlib import Path

import txaio
from mypy.stubtest import main as stubtest_main

ALLOWLIST = Path(__file__).with_name("stubtest-allowlist.txt")


def run(framework: str, extra: list[str]) -> int:
    if framework == "asyncio":
        txaio.use_asyncio()
    elif framework == "twisted":
        txaio.use_twisted()
    else:
        raise SystemExit(f"unknown framework {framework!r}")
    sys.argv = ["stubtest", "txaio", "--allowlist", str(ALLOWLIST), *extra]
    return stubtest_main()


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], sys.argv[2:]))
