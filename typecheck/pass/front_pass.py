"""Must-pass cases for the neutral front, ``import txaio_typed as txaio``.

Each function shows one name used correctly; ``assert_type`` pins what flows
out. Nothing here runs: the file is only type-checked.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Generator
from types import TracebackType
from typing import Any, Literal, assert_type

from twisted.internet import task
from twisted.internet.defer import Deferred, inlineCallbacks
from twisted.logger import Logger as TwistedLogger

import txaio_typed as txaio

# -- module attributes ---------------------------------------------------------


def versions() -> None:
    assert_type(txaio.version, str)
    assert_type(txaio.__version__, str)


def selection() -> None:
    txaio.use_asyncio()
    txaio.use_twisted()
    assert_type(txaio.framework, Literal["asyncio", "twisted"] | None)
    assert_type(txaio.framework, txaio.FrameworkName | None)


def framework_name(name: txaio.FrameworkName) -> None:
    assert_type(name, Literal["asyncio", "twisted"])
    assert_type(txaio.using_asyncio, bool)
    assert_type(txaio.using_twisted, bool)


def install() -> None:
    assert_type(txaio.install_as_txaio(), None)


def cancelled_error(fail: txaio.IFailedFuture) -> bool:
    assert_type(txaio.CancelledError, type[BaseException])
    return isinstance(fail.value, txaio.CancelledError)


def config() -> None:
    assert_type(txaio.config, txaio.Config)
    loop = txaio.config.loop
    assert_type(loop, txaio.FrameworkLoop | None)
    txaio.config.loop = asyncio.new_event_loop()
    txaio.config.loop = task.Clock()
    txaio.config.loop = None


def clocks() -> None:
    assert_type(txaio.time_ns(), int)
    assert_type(txaio.perf_counter_ns(), int)


def submodules() -> None:
    # Reachable through ``import txaio_typed as txaio`` (imported on first use).
    assert_type(txaio.aio.create_future_success(1), asyncio.Future[int])
    assert_type(txaio.tx.create_future_success(1), Deferred[int])
    assert_type(txaio.interfaces.log_levels, list[txaio.LogLevel])


# -- futures -------------------------------------------------------------------


async def create_future() -> None:
    assert_type(txaio.create_future(), txaio.FrameworkFuture[Any])
    assert_type(txaio.create_future(result=1), txaio.FrameworkFuture[int])
    assert_type(txaio.create_future("text"), txaio.FrameworkFuture[str])
    assert_type(txaio.create_future(error=ValueError()), txaio.FrameworkFuture[Any])
    # The usual way to make a pending future of a known type (annotated with
    # the union txaio.Future[int], pyright narrows it to FrameworkFuture[Any]):
    pending: txaio.FrameworkFuture[int] = txaio.create_future()
    assert_type(await pending, int)

    def canceller(future: txaio.Future[int]) -> None:
        txaio.resolve(future, 0)

    assert_type(txaio.create_future(1, canceller=canceller), txaio.FrameworkFuture[int])
    assert_type(txaio.create_future(canceller=None), txaio.FrameworkFuture[Any])

    def stop_and_report(future: txaio.Future[Any]) -> bool:
        return txaio.is_called(future)

    assert_type(
        txaio.create_future(canceller=stop_and_report), txaio.FrameworkFuture[Any]
    )


async def create_future_success() -> None:
    future = txaio.create_future_success(1)
    assert_type(future, txaio.FrameworkFuture[int])
    assert_type(await future, int)
    assert_type(txaio.create_future_success(None), txaio.FrameworkFuture[None])


def create_future_error(fail: txaio.IFailedFuture) -> None:
    assert_type(
        txaio.create_future_error(ValueError("bad")), txaio.FrameworkFuture[Any]
    )
    assert_type(txaio.create_future_error(fail), txaio.FrameworkFuture[Any])
    try:
        pass
    except ValueError:
        assert_type(txaio.create_future_error(), txaio.FrameworkFuture[Any])


async def as_future() -> None:
    def parse(text: str, base: int = 10) -> int:
        return int(text, base)

    async def fetch(url: str) -> bytes:
        return url.encode()

    def deferred_answer() -> txaio.Future[float]:
        return txaio.create_future_success(1.5)

    assert_type(txaio.as_future(parse, "12"), txaio.FrameworkFuture[int])
    assert_type(txaio.as_future(parse, "ff", base=16), txaio.FrameworkFuture[int])
    assert_type(txaio.as_future(fetch, "http://x"), txaio.FrameworkFuture[bytes])
    assert_type(txaio.as_future(deferred_answer), txaio.FrameworkFuture[float])
    assert_type(await txaio.as_future(fetch, "http://x"), bytes)


def is_future(thing: object) -> None:
    assert_type(txaio.is_future(thing), bool)


def is_called(future: txaio.Future[int]) -> None:
    assert_type(txaio.is_called(future), bool)


def resolve(numbers: txaio.Future[int], done: txaio.Future[None]) -> None:
    txaio.resolve(numbers, 42)
    txaio.resolve(done)
    txaio.resolve(done, None)


def reject(future: txaio.Future[int], fail: txaio.IFailedFuture) -> None:
    txaio.reject(future, ValueError("bad"))
    txaio.reject(future, fail)
    txaio.reject(future, KeyboardInterrupt())
    try:
        pass
    except ValueError:
        txaio.reject(future)


def cancel(future: txaio.Future[int]) -> None:
    txaio.cancel(future)
    txaio.cancel(future, "timed out")
    txaio.cancel(future, msg=None)


async def add_callbacks(future: txaio.Future[int]) -> None:
    def describe(value: int) -> str:
        return f"got {value}"

    def double_later(value: int) -> txaio.Future[int]:
        return txaio.create_future_success(value * 2)

    def on_error(fail: txaio.IFailedFuture) -> None:
        assert_type(fail.value, BaseException)
        assert_type(fail.type, type[BaseException])
        assert_type(fail.tb, TracebackType | None)

    def recover(fail: txaio.IFailedFuture) -> int:
        return -1

    # The callback's parameter is the future's result type.
    assert_type(txaio.add_callbacks(future, describe, None), txaio.FrameworkFuture[str])
    # A returned future is unwrapped.
    assert_type(
        txaio.add_callbacks(future, double_later, None), txaio.FrameworkFuture[int]
    )
    assert_type(
        txaio.add_callbacks(future, None, on_error), txaio.FrameworkFuture[int | None]
    )
    assert_type(txaio.add_callbacks(future, None, recover), txaio.FrameworkFuture[int])
    # A lambda's parameter is the future's result type: the result type flows.
    incremented = txaio.add_callbacks(future, lambda value: value + 1, None)
    # ty infers a lambda given to an overloaded function without the context of
    # the overload chosen (https://github.com/astral-sh/ty/issues/3597).
    assert_type(incremented, txaio.FrameworkFuture[int])  # ty: ignore[type-assertion-failure]
    both = txaio.add_callbacks(future, describe, on_error)
    assert_type(both, txaio.FrameworkFuture[str | None])
    assert_type(await both, str | None)


async def gather(
    first: txaio.Future[int], second: txaio.Future[int], flag: bool
) -> None:
    async def compute() -> int:
        return 3

    everything = txaio.gather([first, second])
    assert_type(everything, txaio.FrameworkFuture[list[int | txaio.IFailedFuture]])
    results = await everything
    for slot in results:
        if isinstance(slot, txaio.IFailedFuture):
            assert_type(slot, txaio.IFailedFuture)
        else:
            # ty narrows to ``int & ~IFailedFuture`` (a subclass of int could
            # provide the Protocol), which assert_type cannot spell: assign instead.
            number: int = slot
            print(number)
    assert_type(
        txaio.gather([first, compute()]),
        txaio.FrameworkFuture[list[int | txaio.IFailedFuture]],
    )
    strict = txaio.gather([first, second], consume_exceptions=False)
    assert_type(strict, txaio.FrameworkFuture[list[int]])
    assert_type(await strict, list[int])
    assert_type(
        txaio.gather([first], consume_exceptions=True),
        txaio.FrameworkFuture[list[int | txaio.IFailedFuture]],
    )
    assert_type(
        txaio.gather([first], consume_exceptions=flag),
        txaio.FrameworkFuture[list[int | txaio.IFailedFuture]],
    )


def call_later() -> None:
    def greet(name: str, punctuation: str = "!") -> None:
        print(f"hello {name}{punctuation}")

    handle = txaio.call_later(1.5, greet, "world")
    assert_type(handle, txaio.FrameworkDelayedCall)
    handle.cancel()
    txaio.call_later(0, greet, "you", punctuation="?")


async def sleep() -> None:
    assert_type(txaio.sleep(0.5), txaio.FrameworkFuture[None])
    await txaio.sleep(1)


# -- failures ------------------------------------------------------------------


def create_failure() -> None:
    fail = txaio.create_failure(ValueError("bad"))
    assert_type(fail, txaio.IFailedFuture[ValueError])
    assert_type(fail.value, ValueError)
    assert_type(fail.type, type[ValueError])
    try:
        pass
    except OSError:
        current = txaio.create_failure()
        assert_type(current, txaio.IFailedFuture)
        assert_type(current.value, BaseException)


def is_failure(thing: object) -> None:
    # Unlike isinstance() on an object, every checker knows the exception type.
    if txaio.is_failure(thing):
        assert_type(thing, txaio.IFailedFuture)
        assert_type(thing.value, BaseException)
        assert_type(thing.type, type[BaseException])


def failure_texts(fail: txaio.IFailedFuture) -> None:
    assert_type(txaio.failure_message(fail), str)
    assert_type(txaio.failure_traceback(fail), TracebackType | None)
    assert_type(txaio.failure_format_traceback(fail), str)
    specific = txaio.create_failure(KeyError("k"))
    assert_type(txaio.failure_message(specific), str)


# -- timers and logging --------------------------------------------------------


def make_batched_timer() -> None:
    def expire(session: int, reason: str) -> None:
        print(session, reason)

    timer = txaio.make_batched_timer(0.5)
    assert_type(timer, txaio.IBatchedTimer)
    assert_type(txaio.make_batched_timer(1, chunk_size=10), txaio.IBatchedTimer)
    handle = timer.call_later(30, expire, 7, reason="idle")
    assert_type(handle, txaio.IDelayedCall)
    handle.cancel()


def logging() -> None:
    log = txaio.make_logger()
    assert_type(log, txaio.ILogger)
    assert_type(txaio.make_logger("debug"), txaio.ILogger)
    log.info("{peer} sent {count} bytes", peer="a", count=3)
    log.warn("slow")
    log.set_log_level("trace", keep=False)
    txaio.start_logging()
    txaio.start_logging(io.StringIO(), level="debug")
    txaio.start_logging(io.BytesIO(), "warn")
    txaio.set_global_log_level("error")
    assert_type(txaio.get_global_log_level(), txaio.LogLevel)
    txaio.add_log_categories({"AR001": "connection lost: {reason}"})


def log_levels() -> None:
    assert_type(txaio.log_levels, list[txaio.LogLevel])
    level: txaio.LogLevel = "warn"
    txaio.set_global_log_level(level)
    for name in txaio.log_levels:
        txaio.set_global_log_level(name)


# -- the types the front exports -----------------------------------------------


def future_alias(native: asyncio.Future[int], deferred: Deferred[int]) -> None:
    # Either framework's future is a Future[T].
    first: txaio.Future[int] = native
    second: txaio.Future[int] = deferred
    txaio.resolve(first, 1)
    txaio.resolve(second, 2)


def deferred_like(deferred: Deferred[str]) -> None:
    like: txaio.DeferredLike[str] = deferred
    like.callback("done")


def reactor_time(clock: task.Clock) -> None:
    reactor: txaio.ReactorTime = clock
    assert_type(reactor.seconds(), float)
    txaio.with_config(loop=reactor)


def interfaces(
    fail: txaio.IFailedFuture[OSError],
    handle: txaio.IDelayedCall,
    timer: txaio.IBatchedTimer,
    log: txaio.ILogger,
) -> None:
    assert_type(fail.value, OSError)
    handle.cancel()
    timer.call_later(1, handle.cancel)
    log.failure("could not read: {log_failure}", failure=fail)
    log.failure("could not read", failure=OSError("disk"))


def with_config() -> None:
    api = txaio.with_config(loop=asyncio.new_event_loop())
    assert_type(api, txaio.Api)
    assert_type(txaio.with_config(), txaio.Api)
    assert_type(txaio.with_config(task.Clock()), txaio.Api)


async def api_object(api: txaio.Api, numbers: txaio.Future[int]) -> None:
    def halve(value: int) -> float:
        return value / 2

    def wait(seconds: float) -> None:
        pass

    assert_type(api.config, txaio.Config)
    assert_type(api.config.loop, txaio.FrameworkLoop | None)
    assert_type(api.using_asyncio, bool)
    assert_type(api.using_twisted, bool)
    assert_type(api.CancelledError, type[BaseException])
    assert_type(api.IFailedFuture, type[txaio.IFailedFuture])
    assert_type(api.ILogger, type[txaio.ILogger])
    assert_type(api.with_config(), txaio.Api)
    assert_type(api.time_ns(), int)
    assert_type(api.perf_counter_ns(), int)
    assert_type(api.create_future(), txaio.FrameworkFuture[Any])
    assert_type(api.create_future(result=b""), txaio.FrameworkFuture[bytes])
    assert_type(api.create_future(error=OSError()), txaio.FrameworkFuture[Any])
    assert_type(api.create_future_success(1), txaio.FrameworkFuture[int])
    assert_type(await api.create_future_success("x"), str)
    assert_type(api.create_future_error(OSError()), txaio.FrameworkFuture[Any])
    assert_type(api.as_future(halve, 3), txaio.FrameworkFuture[float])
    assert_type(api.is_future(numbers), bool)
    assert_type(api.is_called(numbers), bool)
    api.resolve(numbers, 1)
    api.reject(numbers, OSError())
    api.cancel(numbers)
    assert_type(api.add_callbacks(numbers, halve, None), txaio.FrameworkFuture[float])
    gathered = api.gather([numbers])
    assert_type(gathered, txaio.FrameworkFuture[list[int | txaio.IFailedFuture]])
    assert_type(api.gather([numbers], False), txaio.FrameworkFuture[list[int]])
    assert_type(api.call_later(1, wait, 2.0), txaio.FrameworkDelayedCall)
    assert_type(api.sleep(1), txaio.FrameworkFuture[None])
    fail = api.create_failure(OSError())
    assert_type(fail, txaio.IFailedFuture[OSError])
    assert_type(api.failure_message(fail), str)
    assert_type(api.failure_traceback(fail), TracebackType | None)
    assert_type(api.failure_format_traceback(fail), str)
    assert_type(api.make_batched_timer(1), txaio.IBatchedTimer)
    assert_type(api.make_logger(), txaio.ILogger)
    api.start_logging(level="debug")
    api.set_global_log_level("info")
    assert_type(api.get_global_log_level(), txaio.LogLevel)
    api.add_log_categories({"X": "y"})


def level_from_text(name: str) -> None:
    # A level read as text (a command line, a configuration file).
    if txaio.is_log_level(name):
        assert_type(name, txaio.LogLevel)
        txaio.start_logging(None, level=name)
        txaio.set_global_log_level(name)
        assert_type(txaio.make_logger(name), txaio.ILogger)


def make_logger_twisted_arguments(events: list[dict[str, Any]]) -> None:
    # Twisted's arguments (Twisted applications and their tests use them).
    log = txaio.make_logger("debug", observer=events.append)
    assert_type(log, txaio.ILogger)
    assert_type(txaio.make_logger(logger=TwistedLogger), txaio.ILogger)


# -- code that knows its framework ---------------------------------------------
# A package supporting both frameworks has Twisted-only and asyncio-only
# modules; the futures the API returns offer each framework's own API there.


def twisted_module(flag: bool) -> Deferred[None]:
    def done(result: str) -> None:
        print(result)

    d: txaio.FrameworkFuture[str] = txaio.create_future()
    assert_type(d.addCallback(done), Deferred[None])
    d.addBoth(print)
    assert_type(d.called, bool)
    d.callback("ready")
    if flag:
        return txaio.sleep(1)
    chained = txaio.add_callbacks(d, done, None)
    assert_type(chained, txaio.FrameworkFuture[None])
    return chained


@inlineCallbacks
def twisted_generator() -> Generator[Deferred[Any], Any, int]:
    yield txaio.sleep(0.5)
    value = yield txaio.create_future_success(1)
    return int(value)


async def asyncio_module() -> None:
    f: txaio.FrameworkFuture[int] = txaio.create_future()
    f.set_result(2)
    assert_type(f.done(), bool)
    assert_type(f.result(), int)
    assert_type(f.cancel(), bool)
    assert_type(await f, int)
    assert_type(await asyncio.wait_for(txaio.sleep(1), 2), None)
    native = asyncio.Future[int](loop=txaio.config.loop)
    assert_type(await asyncio.gather(native, f), tuple[int, int])
    loop = txaio.config.loop
    if loop is not None:
        assert_type(loop.time(), float)
        assert_type(loop.seconds(), float)


def handles_of_either_framework() -> None:
    handle: txaio.FrameworkDelayedCall | None = None
    handle = txaio.call_later(5, print, "idle")
    assert_type(handle.active(), bool)  # Twisted's DelayedCall
    assert_type(handle.when(), float)  # asyncio's TimerHandle
    assert_type(handle.cancelled(), bool)
    neutral: txaio.IDelayedCall = handle
    neutral.cancel()


def level_held_in_text(name: str, option: txaio.LogLevelName) -> None:
    # A level read from a command line or a file: any str is accepted, an
    # unknown name raises ValueError at run time (in the strict mode only
    # LogLevel's names are accepted).
    txaio.start_logging(None, level=name)
    txaio.set_global_log_level(option)
    txaio.make_logger(name).emit(option, "hello")
    typed: txaio.LogLevelName = name
    assert_type(txaio.get_global_log_level(), txaio.LogLevel)
    print(typed)
