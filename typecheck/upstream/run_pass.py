"""Run a must-pass caller program for real against upstream txaio.

Usage: python run_pass.py asyncio|twisted pass/FILE.py

Selects the framework (process-wide, as upstream requires), imports the
program and runs its ``async def main()``: on asyncio with ``asyncio.run``,
on Twisted as a coroutine driven by the global reactor (``task.react``).
Exits non-zero, with the traceback on the real stderr, if ``main()`` fails.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import traceback
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, cast

import txaio

Main = Callable[[], Coroutine[Any, Any, None]]


def load_main(path: Path) -> Main:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return cast(Main, module.main)


def run_asyncio(main: Main) -> int:
    asyncio.run(main())
    return 0


def run_twisted(main: Main) -> int:
    from twisted.internet.defer import Deferred
    from twisted.internet.task import react

    async def guarded() -> None:
        try:
            await main()
        except BaseException:
            # start_logging() may have redirected sys.stderr into the log
            traceback.print_exc(file=sys.__stderr__)
            raise

    def start(reactor: object) -> Deferred[None]:
        return Deferred.fromCoroutine(guarded())

    react(start)  # stops the reactor and exits: 0 on success, 1 on failure


def run(framework: str, path: Path) -> int:
    if framework == "asyncio":
        txaio.use_asyncio()
        return run_asyncio(load_main(path))
    if framework == "twisted":
        txaio.use_twisted()
        return run_twisted(load_main(path))
    raise SystemExit(f"unknown framework {framework!r}")


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], Path(sys.argv[2])))
