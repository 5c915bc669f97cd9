"""Log through ``txaio`` on Twisted and print the events observers receive.

Usage: ``twisted_events.py upstream|typed OUTPUT``. The same code runs on upstream
txaio and, through ``install_as_txaio()``, on txaio-typed; the test compares
the printed events key for key (times and object identities left out).
"""

from __future__ import annotations

import json
import sys
from typing import Any, cast

if sys.argv[1] == "typed":
    import txaio_typed

    txaio_typed.install_as_txaio()

import txaio
from txaio.interfaces import log_levels

early: Any = None
if sys.argv[1] == "typed":
    early = txaio.make_logger()  # upstream cannot make one before selection

txaio.use_twisted()

from twisted.logger import ILogObserver, globalLogPublisher  # noqa: E402

if early is None:
    early = txaio.make_logger()
late: Any = txaio.make_logger()

events: list[dict[str, Any]] = []
globalLogPublisher.addObserver(cast(ILogObserver, events.append))
txaio.add_log_categories({"TXTEST1": "category template {x}"})


def plain(value: object) -> object:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def normalised(event: dict[str, Any]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in sorted(event.items()):
        if key == "log_time":
            continue
        if key == "log_logger":
            out[key] = type(value).__name__
        elif key == "log_level":
            out[key] = value.name
        elif key == "log_failure":
            out[key] = [type(value).__name__, repr(value.value)]
        else:
            out[key] = plain(value)
    return out


def log_everything(log: Any, n: int) -> None:
    log.critical("critical {n}", n=n)
    log.error("error {n}", n=n)
    log.warn("warn {n} [{message}]", n=n, message="a field")
    log.info("info {n}", n=n)
    log.debug("debug {n}", n=n)
    log.trace("trace {n}", n=n)
    log.info(log_category="TXTEST1", x=n)
    log.warn("own template", log_category="TXTEST1", x=n)
    log.info("unknown category {log_category}", log_category="TXTEST0")
    log.emit("info", "emitted {n}", n=n)
    log.emit("trace", "emitted trace {n}", n=n)
    try:
        raise ValueError(f"raised {n}")
    except ValueError:
        log.failure("failure {n}", n=n)
    log.failure("given {n}", failure=txaio.create_failure(KeyError(n)), n=n)


results: list[object] = []
for number, level in enumerate(log_levels):
    txaio.set_global_log_level(level)
    for log in (early, late):
        del events[:]
        log_everything(log, number)
        results.append([level, [normalised(event) for event in events]])
with open(sys.argv[2], "w") as output:
    json.dump(results, output)
