"""Must-pass cases for the Twisted backend, ``from txaio_typed import tx``.

Everything is typed with ``Deferred[T]``; errbacks receive real
``twisted.python.failure.Failure`` objects. Nothing here runs: the file is
only type-checked.
"""

from __future__ import annotations

import io
from types import TracebackType
from typing import Any, Literal, assert_type

from twisted.internet import defer, task
from twisted.internet.base import DelayedCall
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from txaio_typed import tx
from txaio_typed.interfaces import IBatchedTimer, IDelayedCall, IFailedFuture, LogLevel


def constants(thing: int | tx.IFailedFuture, other: object) -> None:
    assert_type(tx.using_asyncio, Literal[False])
    assert_type(tx.using_twisted, Literal[True])
    assert_type(tx.CancelledError, type[defer.CancelledError])
    if isinstance(thing, tx.IFailedFuture):
        assert_type(thing, IFailedFuture)
    if isinstance(other, tx.ILogger):
        other.info("an ILogger")
    assert_type(tx.time_ns(), int)
    assert_type(tx.perf_counter_ns(), int)


def config(clock: task.Clock) -> None:
    assert_type(tx.config, tx.Config)
    assert_type(tx.config.loop, tx.ReactorTime | None)
    tx.config.loop = clock
    reactor: tx.ReactorTime = clock
    assert_type(reactor.seconds(), float)
    assert_type(tx.Config(clock), tx.Config)


def with_config(clock: task.Clock) -> None:
    api = tx.with_config(loop=clock)
    assert_type(api, tx.TwistedApi)
    assert_type(api.config, tx.Config)
    assert_type(api.with_config(), tx.TwistedApi)
    assert_type(tx.TwistedApi(tx.Config(clock)), tx.TwistedApi)
    assert_type(api.create_future_success(1), Deferred[int])
    assert_type(api.using_twisted, Literal[True])


async def futures() -> None:
    assert_type(tx.create_future(), Deferred[Any])
    assert_type(tx.create_future(result=1), Deferred[int])
    assert_type(tx.create_future(error=ValueError()), Deferred[Any])
    assert_type(tx.create_future(error=Failure(ValueError())), Deferred[Any])

    def canceller(deferred: Deferred[str]) -> None:
        deferred.callback("cancelled")

    typed_canceller: tx.Canceller[str] = canceller
    assert_type(tx.create_future("x", canceller=typed_canceller), Deferred[str])

    def stop_and_report(deferred: Deferred[Any]) -> bool:
        # What a canceller returns is ignored, so any return type is fine.
        return deferred.called

    assert_type(tx.create_future(canceller=stop_and_report), Deferred[Any])
    success = tx.create_future_success(1)
    assert_type(success, Deferred[int])
    assert_type(await success, int)
    assert_type(tx.create_future_error(OSError()), Deferred[Any])


async def as_future() -> None:
    def parse(text: str) -> int:
        return int(text)

    async def fetch(url: str) -> bytes:
        return url.encode()

    def native(value: float) -> Deferred[float]:
        return tx.create_future_success(value)

    assert_type(tx.as_future(parse, "1"), Deferred[int])
    assert_type(tx.as_future(fetch, url="u"), Deferred[bytes])
    assert_type(tx.as_future(native, 1.0), Deferred[float])
    assert_type(await tx.as_future(parse, "2"), int)


def settle(numbers: Deferred[int], done: Deferred[None]) -> None:
    assert_type(tx.is_future(numbers), bool)
    assert_type(tx.is_called(numbers), bool)
    tx.resolve(numbers, 1)
    tx.resolve(done)
    tx.reject(numbers, ValueError())
    tx.reject(numbers, Failure(ValueError()))
    tx.cancel(done)


async def add_callbacks(numbers: Deferred[int]) -> None:
    def describe(value: int) -> str:
        return str(value)

    def later(value: int) -> Deferred[bytes]:
        return tx.create_future_success(b"%d" % value)

    def on_error(fail: Failure) -> None:
        # A real Failure: Twisted's own API is there.
        print(fail.getErrorMessage())

    assert_type(tx.add_callbacks(numbers, describe, None), Deferred[str])
    assert_type(tx.add_callbacks(numbers, later, None), Deferred[bytes])
    assert_type(tx.add_callbacks(numbers, None, on_error), Deferred[int | None])
    both = tx.add_callbacks(numbers, describe, on_error)
    assert_type(both, Deferred[str | None])
    assert_type(await both, str | None)


async def gather(numbers: Deferred[int], other: Deferred[int]) -> None:
    async def compute() -> int:
        return 1

    gathered = tx.gather([numbers, other])
    assert_type(gathered, Deferred[list[int | Failure]])
    assert_type(await gathered, list[int | Failure])
    assert_type(tx.gather([compute()]), Deferred[list[int | Failure]])
    strict = tx.gather([numbers], consume_exceptions=False)
    assert_type(strict, Deferred[list[int]])


async def timers() -> None:
    def tick(count: int, label: str = "") -> None:
        pass

    handle = tx.call_later(1, tick, 3, label="x")
    assert_type(handle, DelayedCall)
    handle.cancel()
    assert_type(tx.sleep(0.1), Deferred[None])
    await tx.sleep(0)
    timer: IBatchedTimer = tx.make_batched_timer(0.25, chunk_size=50)
    batched: IDelayedCall = timer.call_later(2, tick, 1)
    batched.cancel()


def failures(any_failure: IFailedFuture) -> None:
    fail = tx.create_failure(KeyError("k"))
    assert_type(fail, Failure)
    # The failure functions take a Failure or any other IFailedFuture.
    assert_type(tx.failure_message(any_failure), str)
    assert_type(tx.failure_message(fail), str)
    assert_type(tx.failure_traceback(fail), TracebackType | None)
    assert_type(tx.failure_format_traceback(fail), str)


def logging() -> None:
    log: tx.ILogger = tx.make_logger("info")
    log.debug("{n} items", n=3)
    tx.start_logging(io.StringIO(), level="trace")
    tx.set_global_log_level("warn")
    assert_type(tx.get_global_log_level(), LogLevel)
    tx.add_log_categories({"K": "v"})


def upstream_log_names(log: tx.Logger) -> None:
    # Upstream txaio.tx's names: the logger class, Twisted's LogLevel and
    # the level names.
    log.info("{n} items", n=3)
    assert_type(log.namespace, str)
    assert_type(tx.log_levels, list[LogLevel])
    # Twisted leaves its level constants untyped (constantly has no types).
    print(tx.LogLevel.levelWithName("warn"), tx.LogLevel.info)
