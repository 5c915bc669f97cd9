"""Must pass: timers, logging, interfaces and configuration of ``txaio``.

Type-checked with the stubs, then run by ``run_pass.py`` on asyncio and on
Twisted.
"""

from __future__ import annotations

import io
from typing import assert_type

import txaio
from txaio import IFailedFuture, ILogger
from txaio.interfaces import IBatchedTimer, log_levels

import txaio_typed


class OwnFailure(IFailedFuture):
    """Subclassing the interface, as upstream's ABC allows."""

    @property
    def value(self) -> OSError:
        return OSError("own")


class RegisteredFailure:
    """Registered with the ABC instead of subclassing it."""

    @property
    def value(self) -> LookupError:
        return LookupError("registered")


class ListLogger:
    """Has the shape of an ILogger without subclassing or registering it."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def _add(self, message: str, /, **kwargs: object) -> None:
        self.lines.append(message.format(**kwargs))

    def critical(self, message: str = "", /, **kwargs: object) -> None:
        self._add(message, **kwargs)

    def error(self, message: str = "", /, **kwargs: object) -> None:
        self._add(message, **kwargs)

    def warn(self, message: str = "", /, **kwargs: object) -> None:
        self._add(message, **kwargs)

    def info(self, message: str = "", /, **kwargs: object) -> None:
        self._add(message, **kwargs)

    def debug(self, message: str = "", /, **kwargs: object) -> None:
        self._add(message, **kwargs)

    def trace(self, message: str = "", /, **kwargs: object) -> None:
        self._add(message, **kwargs)

    def failure(
        self,
        format: str | None = None,
        /,
        failure: IFailedFuture | BaseException | None = None,
        **kwargs: object,
    ) -> None:
        self._add(format or "{failure}", failure=failure, **kwargs)

    def emit(self, level: str, message: str = "", /, **kwargs: object) -> None:
        self._add(message, **kwargs)

    def set_log_level(self, level: str, keep: bool = True) -> None:
        pass


def report(log: ILogger, count: int) -> None:
    log.info("processed {count} items", count=count)


class Service:
    log = txaio.make_logger()  # created at class level, used per instance

    def run(self) -> None:
        self.log.debug("running {name}", name=type(self).__name__)


class TypedService(Service):
    # With txaio-typed installed too: its logger stands where txaio-stubs'
    # ILogger is declared (it takes upstream's failures as failure=).
    log = txaio_typed.make_logger()


async def timers() -> None:
    fired = txaio.create_future()

    def fire(value: int, *, tag: str) -> None:
        txaio.resolve(fired, (value, tag))

    handle = txaio.call_later(0.01, fire, 7, tag="t")
    assert callable(handle.cancel)
    assert await fired == (7, "t")

    never: list[int] = []
    txaio.call_later(0.01, never.append, 1).cancel()

    timer = txaio.make_batched_timer(0.05, chunk_size=10)
    assert_type(timer, IBatchedTimer)
    assert isinstance(timer, IBatchedTimer)
    batched = txaio.create_future()

    def fire_batched(value: str) -> None:
        txaio.resolve(batched, value)

    timer.call_later(0.01, fire_batched, "b")
    timer.call_later(0.01, never.append, 2).cancel()
    assert await batched == "b"
    await txaio.sleep(0.05)
    assert never == []


def logging() -> None:
    out = io.StringIO()
    txaio.start_logging(out, level="debug")
    log = txaio.make_logger()
    assert_type(log, ILogger)
    log.info("hello {who}", who="world")
    log.trace("not shown {x}", x=1)
    log.warn("careful")
    report(log, 3)
    Service().run()
    txaio.add_log_categories({"TXS1": "category {code}"})
    log.error("replaced by the category", log_category="TXS1", code=42)

    # Raising the level later turns calls into no-ops; lowering it again
    # would not bring them back (the handlers keep the start_logging level).
    txaio.set_global_log_level("info")
    level = txaio.get_global_log_level()
    assert level == "info"
    assert level in log_levels
    log.debug("not shown either")

    text = out.getvalue()
    for shown in ("hello world", "careful", "processed 3 items", "running Service"):
        assert shown in text, text
    assert "category 42" in text, text
    assert "not shown" not in text, text

    collected = ListLogger()
    report(collected, 5)
    assert collected.lines == ["processed 5 items"]


def interfaces() -> None:
    own = OwnFailure()
    assert isinstance(own, IFailedFuture)
    assert_type(own.value, OSError)

    IFailedFuture.register(RegisteredFailure)
    assert isinstance(RegisteredFailure(), IFailedFuture)

    assert isinstance(txaio.create_failure(ValueError()), IFailedFuture)


def configuration() -> None:
    assert_type(txaio.using_asyncio, bool)
    assert_type(txaio.using_twisted, bool)
    assert txaio.using_asyncio != txaio.using_twisted
    if txaio.using_asyncio:
        txaio.use_asyncio()  # selecting the same framework again is fine
    else:
        txaio.use_twisted()

    loop = txaio.config.loop
    txaio.config.loop = loop
    assert_type(txaio.version, str)
    assert txaio.version == txaio.__version__
    assert txaio.version.startswith("26.6.")
    assert_type(txaio.time_ns(), int)
    assert isinstance(txaio.perf_counter_ns(), int)


async def main() -> None:
    TypedService().run()
    configuration()
    interfaces()
    await timers()
    logging()
