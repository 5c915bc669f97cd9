"""More events before selection than the buffer keeps.

Run as ``python overflow.py asyncio|twisted``.
"""

from __future__ import annotations

import sys

import txaio_typed
from txaio_typed import _log

log = txaio_typed.make_logger()


def main(framework: str) -> None:
    extra = 5
    for n in range(_log.BUFFER_SIZE + extra):
        log.info("event {n}", n=n)
    txaio_typed.start_logging(out=sys.stdout)
    if framework == "asyncio":
        txaio_typed.use_asyncio()
    else:
        txaio_typed.use_twisted()
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
