"""Records and events made while the interpreter shuts down.

Run as ``python shutdown.py asyncio|twisted``. Objects whose ``__del__`` logs
(through txaio, the framework's own logging, with and without an exception)
are left for the interpreter to collect at exit, some of them late, in a
reference cycle; on asyncio a pending task is left too, which asyncio reports
as destroyed. Each line is written or dropped, and nothing reaches stderr.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable
from typing import cast


def main(framework: str) -> None:
    if framework == "asyncio":
        from txaio_typed import aio

        aio.start_logging(level="info")
        log = aio.make_logger()
        stdlib = logging.getLogger("foreign")

        def foreign(text: str) -> None:
            stdlib.error(text, exc_info=False)

        def failing() -> None:
            stdlib.exception("foreign failure at exit")

    else:
        from twisted.logger import Logger
        from twisted.python import log as legacy

        from txaio_typed import tx

        tx.start_logging(level="info", redirect_stdio=False)
        log = tx.make_logger()
        twisted_log = Logger(namespace="foreign")
        # twisted.python.log is not annotated.
        legacy_msg = cast("Callable[..., None]", legacy.msg)  # pyright: ignore[reportUnknownMemberType]
        legacy_err = cast("Callable[..., None]", legacy.err)  # pyright: ignore[reportUnknownMemberType]

        def foreign(text: str) -> None:
            twisted_log.error(text)
            legacy_msg(text)

        def failing() -> None:
            twisted_log.failure("foreign failure at exit")
            legacy_err(None, "legacy failure at exit")

    class LogsAtExit:
        def __init__(self, number: int) -> None:
            self.number = number
            self.other: object = None

        def __del__(self) -> None:
            log.info("at exit {n}", n=self.number)
            foreign(f"foreign at exit {self.number}")
            try:
                raise ValueError(f"raised at exit {self.number}")
            except ValueError:
                log.failure("failure at exit {n}", n=self.number)
                failing()

    first, second = LogsAtExit(2), LogsAtExit(3)
    first.other, second.other = second, first  # collected late, in a cycle
    keep.append(LogsAtExit(1))
    keep.append(first)
    if framework == "asyncio":
        loop = asyncio.new_event_loop()

        async def forever() -> None:
            await asyncio.Event().wait()

        keep.append(loop.create_task(forever()))
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()
    log.info("main done")
    sys.stdout.flush()


keep: list[object] = []

if __name__ == "__main__":
    main(sys.argv[1])
