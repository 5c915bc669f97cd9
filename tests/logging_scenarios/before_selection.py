"""Logging through the neutral front before and after a framework is chosen.

Run as ``python before_selection.py asyncio|twisted``; prints log lines (and
one plain ``print``) to stdout.
"""

from __future__ import annotations

import sys
from operator import attrgetter
from typing import cast

import txaio_typed

log = txaio_typed.make_logger()


# The concrete loggers have a ``namespace``; the ILogger interface does not.
namespace_of = attrgetter("namespace")


class Component:
    log = txaio_typed.make_logger()

    def __init__(self) -> None:
        self.own = txaio_typed.make_logger()


def main(framework: str) -> None:
    component = Component()
    log.info("1 before selection {n}", n=1)
    log.debug("hidden: debug is below the default level")
    component.log.warn("2 class attribute {name}", name=namespace_of(Component.log))
    component.own.error("3 instance attribute {name}", name=namespace_of(component.own))
    try:
        raise ValueError("4 boom")
    except ValueError:
        log.failure("4 failure before selection")
    txaio_typed.start_logging(out=sys.stdout, level="debug")
    log.debug("5 debug, enabled by start_logging before selection")
    if framework == "asyncio":
        txaio_typed.use_asyncio()
    else:
        txaio_typed.use_twisted()
    log.info("6 after selection")
    late = txaio_typed.make_logger()
    late.info(
        "7 made after selection {ok}",
        ok=isinstance(cast(object, late), txaio_typed.ILogger),
    )
    txaio_typed.set_global_log_level("warn")
    log.info("hidden: info is below warn")
    log.warn("8 warn after set_global_log_level('warn')")
    txaio_typed.set_global_log_level("trace")
    log.trace("9 trace after set_global_log_level('trace')")
    print("10 plain print")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
