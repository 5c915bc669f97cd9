"""start_logging on one backend module, in a fresh process.

Run as ``python start_logging.py asyncio|twisted``. Twisted's global log
beginner really begins here, without redirecting stdio (the default there,
which asyncio does not do, is tested on its own). Prints log lines and
``STATE`` lines describing global interpreter state before and after.
"""

from __future__ import annotations

import io
import logging
import sys
import warnings
from types import ModuleType


def main(framework: str) -> None:
    if framework == "asyncio":
        from txaio_typed import aio

        backend: ModuleType = aio

        def foreign(level: str, text: str) -> None:
            getattr(logging.getLogger("foreign"), level)(text)

        def begin() -> None:
            aio.start_logging(level="info")
    else:
        from twisted.logger import Logger

        from txaio_typed import tx

        backend = tx

        twisted_log = Logger(namespace="foreign")

        def foreign(level: str, text: str) -> None:
            getattr(twisted_log, level)(text)

        def begin() -> None:
            # compared line for line with asyncio, which redirects nothing
            tx.start_logging(level="info", redirect_stdio=False)

    logging.raiseExceptions = False
    showwarning = warnings.showwarning
    stdout, stderr = sys.stdout, sys.stderr

    def print_state() -> None:
        print(
            "STATE",
            logging.raiseExceptions,
            warnings.showwarning is showwarning,
            sys.stdout is stdout and sys.stderr is stderr,
        )
        if framework == "asyncio":
            print("ROOT", logging.getLevelName(logging.getLogger().level))

    log = backend.make_logger()
    keeper = backend.make_logger(level="debug")
    begin()
    print_state()
    print("plain print is not swallowed")
    log.info("1 info at info")
    log.debug("hidden: debug at info")
    keeper.debug("2 keeper keeps debug")
    foreign("warning" if framework == "asyncio" else "warn", "3 foreign warn at info")
    backend.set_global_log_level("debug")
    log.debug("4 debug after set_global_log_level('debug')")
    foreign("debug", "5 foreign debug at debug")
    backend.set_global_log_level("error")
    log.warn("hidden: warn at error")
    foreign("info", "hidden: foreign info at error")
    keeper.debug("6 keeper still keeps debug")
    log.error("7 error at error")
    backend.start_logging(level="info")
    log.info("8 second start_logging call sets the level, one line each")
    buffer = io.BytesIO()
    backend.start_logging(out=buffer, level="info")
    log.info("9 into a binary stream \u00e9")
    backend.start_logging(out=None, level="trace")
    log.critical("hidden: out=None writes nothing")
    foreign("critical", "hidden: foreign critical with out=None")
    backend.start_logging(level="none")
    log.critical("hidden: level none")
    backend.start_logging(level="info")
    sys.stdout.write("BINARY " + repr(buffer.getvalue()) + "\n")
    print_state()
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
