"""Must-pass cases for the asyncio backend, ``from txaio_typed import aio``.

Everything is typed with ``asyncio.Future[T]``; errbacks receive
``aio.FailedFuture``. Nothing here runs: the file is only type-checked.
"""

from __future__ import annotations

import asyncio
import io
from types import TracebackType
from typing import Any, Literal, assert_type

from txaio_typed import aio
from txaio_typed.interfaces import IBatchedTimer, IDelayedCall, IFailedFuture, LogLevel


def constants(thing: int | aio.IFailedFuture, other: object) -> None:
    assert_type(aio.using_asyncio, Literal[True])
    assert_type(aio.using_twisted, Literal[False])
    assert_type(aio.CancelledError, type[asyncio.CancelledError])
    if isinstance(thing, aio.IFailedFuture):
        assert_type(thing, IFailedFuture)
    if isinstance(other, aio.ILogger):
        other.info("an ILogger")
    assert_type(aio.time_ns(), int)
    assert_type(aio.perf_counter_ns(), int)


def config(loop: asyncio.AbstractEventLoop) -> None:
    assert_type(aio.config, aio.Config)
    assert_type(aio.config.loop, asyncio.AbstractEventLoop | None)
    aio.config.loop = loop
    assert_type(aio.Config(loop), aio.Config)


def with_config(loop: asyncio.AbstractEventLoop) -> None:
    api = aio.with_config(loop=loop)
    assert_type(api, aio.AsyncioApi)
    assert_type(api.config, aio.Config)
    assert_type(api.with_config(), aio.AsyncioApi)
    assert_type(aio.AsyncioApi(aio.Config(loop)), aio.AsyncioApi)
    assert_type(api.create_future_success(1), asyncio.Future[int])
    assert_type(api.using_asyncio, Literal[True])
    assert_type(api.CancelledError, type[asyncio.CancelledError])


async def futures() -> None:
    assert_type(aio.create_future(), asyncio.Future[Any])
    assert_type(aio.create_future(result=1), asyncio.Future[int])
    assert_type(aio.create_future(error=ValueError()), asyncio.Future[Any])

    def canceller(future: asyncio.Future[str]) -> None:
        future.set_result("cancelled")

    typed_canceller: aio.Canceller[str] = canceller
    assert_type(aio.create_future("x", canceller=typed_canceller), asyncio.Future[str])
    success = aio.create_future_success(1)
    assert_type(success, asyncio.Future[int])
    assert_type(await success, int)
    assert_type(aio.create_future_error(OSError()), asyncio.Future[Any])


async def as_future() -> None:
    def parse(text: str) -> int:
        return int(text)

    async def fetch(url: str) -> bytes:
        return url.encode()

    def native(value: float) -> asyncio.Future[float]:
        return aio.create_future_success(value)

    assert_type(aio.as_future(parse, "1"), asyncio.Future[int])
    assert_type(aio.as_future(fetch, url="u"), asyncio.Future[bytes])
    assert_type(aio.as_future(native, 1.0), asyncio.Future[float])
    assert_type(await aio.as_future(parse, "2"), int)


def settle(
    numbers: asyncio.Future[int], done: asyncio.Future[None], task: asyncio.Task[str]
) -> None:
    assert_type(aio.is_future(numbers), bool)
    assert_type(aio.is_called(task), bool)
    aio.resolve(numbers, 1)
    aio.resolve(done)
    aio.reject(numbers, ValueError())
    aio.reject(numbers, aio.create_failure(ValueError()))
    aio.cancel(task, "stop")


async def add_callbacks(numbers: asyncio.Future[int]) -> None:
    def describe(value: int) -> str:
        return str(value)

    def later(value: int) -> asyncio.Future[bytes]:
        return aio.create_future_success(b"%d" % value)

    def on_error(fail: aio.FailedFuture) -> None:
        assert_type(fail.value, BaseException)
        assert_type(fail.tb, TracebackType | None)

    assert_type(aio.add_callbacks(numbers, describe, None), asyncio.Future[str])
    assert_type(aio.add_callbacks(numbers, later, None), asyncio.Future[bytes])
    assert_type(aio.add_callbacks(numbers, None, on_error), asyncio.Future[int | None])
    both = aio.add_callbacks(numbers, describe, on_error)
    assert_type(both, asyncio.Future[str | None])
    assert_type(await both, str | None)


async def gather(numbers: asyncio.Future[int], task: asyncio.Task[int]) -> None:
    async def compute() -> int:
        return 1

    gathered = aio.gather([numbers, task, compute()])
    assert_type(gathered, asyncio.Future[list[int | aio.FailedFuture]])
    assert_type(await gathered, list[int | aio.FailedFuture])
    strict = aio.gather([numbers], consume_exceptions=False)
    assert_type(strict, asyncio.Future[list[int]])


async def timers() -> None:
    def tick(count: int, label: str = "") -> None:
        pass

    handle = aio.call_later(1, tick, 3, label="x")
    assert_type(handle, asyncio.TimerHandle)
    handle.cancel()
    assert_type(aio.sleep(0.1), asyncio.Future[None])
    await aio.sleep(0)
    timer: IBatchedTimer = aio.make_batched_timer(0.25, chunk_size=50)
    batched: IDelayedCall = timer.call_later(2, tick, 1)
    batched.cancel()
    assert_type(aio.make_batched_timer(1).call_later(1, tick, 2), IDelayedCall)


def failures() -> None:
    fail = aio.create_failure(KeyError("k"))
    assert_type(fail, aio.FailedFuture[KeyError])
    assert_type(fail.value, KeyError)
    assert_type(fail.type, type[KeyError])
    as_interface: IFailedFuture[KeyError] = fail
    assert_type(aio.failure_message(as_interface), str)
    assert_type(aio.failure_traceback(fail), TracebackType | None)
    assert_type(aio.failure_format_traceback(fail), str)
    made = aio.FailedFuture(OSError, OSError("x"), None)
    assert_type(made, aio.FailedFuture[OSError])
    try:
        pass
    except OSError:
        assert_type(aio.create_failure(), aio.FailedFuture)


def logging() -> None:
    log = aio.make_logger("info")
    assert_type(log, aio.ILogger)
    log.debug("{n} items", n=3)
    aio.start_logging(io.StringIO(), level="trace")
    aio.set_global_log_level("warn")
    assert_type(aio.get_global_log_level(), LogLevel)
    aio.add_log_categories({"K": "v"})


def upstream_log_names() -> None:
    assert_type(aio.log_levels, list[LogLevel])
    assert_type(aio.log_levels[-1], LogLevel)
