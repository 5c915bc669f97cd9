"""The measured code, for each (implementation, framework) pair.

``build(impl, framework)`` returns, per operation key, a function that runs
the operation once at a given size and returns its metrics. Time metrics are
seconds per iteration (per call, per gather, or per set of timers).

The implementations run the same scenario:

* ``typed`` and ``upstream`` call the neutral API as users write it
  (``import txaio_typed as txaio`` / ``import txaio``, then
  ``txaio.use_asyncio()`` or ``txaio.use_twisted()``), with ``config.loop``
  set to a loop that is not running (asyncio) or to a ``task.Clock``
  (Twisted);
* ``raw`` is the natural framework code for the same result
  (``loop.create_future()`` + ``set_result`` + ``add_done_callback``,
  ``Deferred()`` + ``addCallbacks`` + ``callback``, ...).

Every iteration completes the operation in all three: on asyncio the loop's
ready queue is drained inside the measurement (callbacks, tasks and gathers
run there), and every callback counts its calls, checked after each run.

The timer operations on Twisted use an unstarted ``SelectReactor`` rather
than the ``task.Clock``: ``Clock.callLater`` sorts its whole list of calls on
every call, which makes 100,000 timers quadratic. The reactor's own
``callLater`` is what an application uses.
"""

from __future__ import annotations

import abc
import asyncio
import atexit
import gc
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
from collections import deque
from collections.abc import Callable, Coroutine, Generator
from contextlib import contextmanager
from io import StringIO
from time import perf_counter
from typing import Any, TypeAlias, cast

from _spec import (
    BUCKET_SECONDS,
    CHAIN_LINKS,
    GATHER_SIZE,
    TIMER_SPAN,
    UVLOOP_BATCH,
    Framework,
    Impl,
)

Metrics: TypeAlias = dict[str, float]
Bench: TypeAlias = Callable[[int], Metrics]
Ops: TypeAlias = dict[str, Bench]

_MESSAGE = "request {n} done"
"""The log template (``%s`` for the stdlib logger)."""


class Missing(Exception):
    """The implementation does not provide what the operation needs."""


class Hits:
    """Callbacks that count their calls, so a run can prove they all ran."""

    __slots__ = ("errors", "results")

    def __init__(self) -> None:
        self.results = 0
        self.errors = 0

    def callback(self, result: object) -> None:
        self.results += 1

    def errback(self, failure: object) -> None:
        self.errors += 1

    def expect(self, results: int, errors: int = 0) -> None:
        if (self.results, self.errors) != (results, errors):
            raise AssertionError(
                f"expected {results} results and {errors} errors, got "
                f"{self.results} and {self.errors}"
            )
        self.results = self.errors = 0


def _noop() -> None:
    pass


def _plain() -> int:
    return 1


async def _coroutine() -> int:
    return 1


def _delays(n: int) -> list[float]:
    """The delays of ``n`` timers, spread evenly over ``TIMER_SPAN`` seconds."""
    return [TIMER_SPAN * i / n for i in range(n)]


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


@contextmanager
def _frozen(clock: Any, name: str) -> Generator[None, None, None]:
    """Stop ``clock.name()`` (``loop.time``, ``reactor.seconds``) at a whole
    second, so that the timers' due times span exactly ``TIMER_SPAN`` seconds
    however long scheduling them takes. The frozen time is an instance
    attribute: the framework itself uses it, for all implementations alike."""
    now = float(int(getattr(clock, name)()))
    setattr(clock, name, lambda: now)
    try:
        yield
    finally:
        delattr(clock, name)


@contextmanager
def _traced() -> Generator[list[int], None, None]:
    """Trace allocations; the yielded list receives the peak in bytes."""
    peak: list[int] = []
    gc.collect()
    tracemalloc.start()
    try:
        yield peak
        peak.append(tracemalloc.get_traced_memory()[1])
    finally:
        tracemalloc.stop()


# -- the frameworks' environments ---------------------------------------------


def _ready_queue(loop: asyncio.AbstractEventLoop) -> deque[asyncio.Handle]:
    """The loop's queue of callbacks ready to run (``BaseEventLoop._ready``)."""
    return cast("deque[asyncio.Handle]", getattr(loop, "_ready"))  # noqa: B009


def _pending_timers(loop: asyncio.AbstractEventLoop) -> int:
    """How many timers the loop holds that are not cancelled."""
    scheduled = cast("list[asyncio.TimerHandle]", getattr(loop, "_scheduled"))  # noqa: B009
    return sum(1 for handle in scheduled if not handle.cancelled())


def _purge(loop: asyncio.AbstractEventLoop) -> None:
    """Run one turn of the loop: drops cancelled timers (not measured)."""
    loop.call_soon(loop.stop)
    loop.run_forever()


class _Twisted:
    """Twisted's objects, imported only by the Twisted workers."""

    def __init__(self) -> None:
        from twisted.internet import defer, task
        from twisted.internet.selectreactor import SelectReactor
        from twisted.python.failure import Failure

        self.Deferred = defer.Deferred
        self.DeferredList = defer.DeferredList
        self.succeed = defer.succeed
        self.fail = defer.fail
        self.maybeDeferred = defer.maybeDeferred
        self.Failure: Callable[[BaseException], object] = Failure
        self.failure_type: type = Failure
        self.clock = task.Clock()
        self.reactor = SelectReactor()

    def pending_timers(self) -> int:
        return len(self.reactor.getDelayedCalls())

    def purge(self) -> None:
        self.reactor.runUntilCurrent()


# -- asyncio ------------------------------------------------------------------


def _asyncio_txaio(t: Any, loop: asyncio.AbstractEventLoop) -> Ops:
    """The operations through a txaio-style module ``t`` on asyncio."""
    ready = _ready_queue(loop)
    hits = Hits()
    cb, eb = hits.callback, hits.errback
    exc = ValueError("benchmark")

    def roundtrip(n: int) -> Metrics:
        start = perf_counter()
        for _ in range(n):
            f = t.create_future()
            t.add_callbacks(f, cb, eb)
            t.resolve(f, 1)
            while ready:
                ready.popleft()._run()
        elapsed = perf_counter() - start
        hits.expect(n)
        return {"roundtrip": elapsed / n}

    def success(n: int) -> Metrics:
        f = None
        start = perf_counter()
        for _ in range(n):
            f = t.create_future_success(1)
        elapsed = perf_counter() - start
        _check(f is not None and f.result() == 1, "not resolved")
        return {"success": elapsed / n}

    def error(n: int) -> Metrics:
        f = None
        start = perf_counter()
        for _ in range(n):
            f = t.create_future_error(t.create_failure(exc))
            f.exception()
        elapsed = perf_counter() - start
        _check(f is not None and f.exception() is exc, "not failed")
        return {"error": elapsed / n}

    def as_future_plain(n: int) -> Metrics:
        f = None
        start = perf_counter()
        for _ in range(n):
            f = t.as_future(_plain)
        elapsed = perf_counter() - start
        _check(f is not None and f.result() == 1, "not resolved")
        return {"as_future_plain": elapsed / n}

    def as_future_coro(n: int) -> Metrics:
        f = None
        start = perf_counter()
        for _ in range(n):
            f = t.as_future(_coroutine)
            while ready:
                ready.popleft()._run()
        elapsed = perf_counter() - start
        _check(f is not None and f.result() == 1, "coroutine did not run")
        return {"as_future_coro": elapsed / n}

    def gather(n: int) -> Metrics:
        total = 0.0
        expected = list(range(GATHER_SIZE))
        for _ in range(n):
            futures = [loop.create_future() for _ in expected]
            for i, f in zip(expected, futures, strict=True):
                f.set_result(i)
            start = perf_counter()
            g = t.gather(futures)
            while ready:
                ready.popleft()._run()
            total += perf_counter() - start
            _check(g.result() == expected, "gather did not complete")
        return {"gather": total / n}

    def call_later(n: int) -> Metrics:
        delays = _delays(n)
        start = perf_counter()
        handles = [t.call_later(delay, _noop) for delay in delays]
        for handle in handles:
            handle.cancel()
        elapsed = perf_counter() - start
        _check(_pending_timers(loop) == 0, "timers left")
        _purge(loop)
        return {"call_later": elapsed}

    def batched(n: int) -> Metrics:
        delays = _delays(n)
        timer = t.make_batched_timer(BUCKET_SECONDS)
        start = perf_counter()
        handles = [timer.call_later(delay, _noop) for delay in delays]
        for handle in handles:
            handle.cancel()
        elapsed = perf_counter() - start
        _check(_pending_timers(loop) == 0, "timers left")
        _purge(loop)
        return {"batched": elapsed}

    def batched_memory(n: int) -> Metrics:
        delays = _delays(n)
        timer = t.make_batched_timer(BUCKET_SECONDS)
        with _frozen(loop, "time"):
            with _traced() as peak:
                handles = [timer.call_later(delay, _noop) for delay in delays]
            pending = _pending_timers(loop)
        for handle in handles:
            handle.cancel()
        _purge(loop)
        return {"batched_memory": peak[0], "batched_delayed_calls": pending}

    return {
        "roundtrip": roundtrip,
        "success": success,
        "error": error,
        "as_future_plain": as_future_plain,
        "as_future_coro": as_future_coro,
        "gather": gather,
        "call_later": call_later,
        "batched": batched,
        "batched_memory": batched_memory,
    }


def _asyncio_raw(loop: asyncio.AbstractEventLoop) -> Ops:
    """The same operations written directly against asyncio."""
    ready = _ready_queue(loop)
    hits = Hits()
    cb, eb = hits.callback, hits.errback
    exc = ValueError("benchmark")

    def done(f: asyncio.Future[int]) -> None:
        error = f.exception()
        if error is None:
            cb(f.result())
        else:
            eb(error)

    def roundtrip(n: int) -> Metrics:
        start = perf_counter()
        for _ in range(n):
            f: asyncio.Future[int] = loop.create_future()
            f.add_done_callback(done)
            f.set_result(1)
            while ready:
                ready.popleft()._run()
        elapsed = perf_counter() - start
        hits.expect(n)
        return {"roundtrip": elapsed / n}

    def success(n: int) -> Metrics:
        f: asyncio.Future[int] | None = None
        start = perf_counter()
        for _ in range(n):
            f = loop.create_future()
            f.set_result(1)
        elapsed = perf_counter() - start
        _check(f is not None and f.result() == 1, "not resolved")
        return {"success": elapsed / n}

    def error(n: int) -> Metrics:
        f: asyncio.Future[int] | None = None
        start = perf_counter()
        for _ in range(n):
            f = loop.create_future()
            f.set_exception(exc)
            f.exception()
        elapsed = perf_counter() - start
        _check(f is not None and f.exception() is exc, "not failed")
        return {"error": elapsed / n}

    def as_future_plain(n: int) -> Metrics:
        f: asyncio.Future[int] | None = None
        start = perf_counter()
        for _ in range(n):
            f = loop.create_future()
            try:
                result = _plain()
            except Exception as raised:
                f.set_exception(raised)
            else:
                f.set_result(result)
        elapsed = perf_counter() - start
        _check(f is not None and f.result() == 1, "not resolved")
        return {"as_future_plain": elapsed / n}

    def as_future_coro(n: int) -> Metrics:
        f: asyncio.Task[int] | None = None
        start = perf_counter()
        for _ in range(n):
            f = loop.create_task(_coroutine())
            while ready:
                ready.popleft()._run()
        elapsed = perf_counter() - start
        _check(f is not None and f.result() == 1, "coroutine did not run")
        return {"as_future_coro": elapsed / n}

    def gather(n: int) -> Metrics:
        total = 0.0
        expected = list(range(GATHER_SIZE))
        for _ in range(n):
            futures: list[asyncio.Future[int]] = [
                loop.create_future() for _ in expected
            ]
            for i, f in zip(expected, futures, strict=True):
                f.set_result(i)
            start = perf_counter()
            g = asyncio.gather(*futures, return_exceptions=True)
            while ready:
                ready.popleft()._run()
            total += perf_counter() - start
            _check(g.result() == expected, "gather did not complete")
        return {"gather": total / n}

    def call_later(n: int) -> Metrics:
        delays = _delays(n)
        start = perf_counter()
        handles = [loop.call_later(delay, _noop) for delay in delays]
        for handle in handles:
            handle.cancel()
        elapsed = perf_counter() - start
        _check(_pending_timers(loop) == 0, "timers left")
        _purge(loop)
        return {"call_later": elapsed}

    def timers_memory(n: int) -> Metrics:
        delays = _delays(n)
        with _frozen(loop, "time"):
            with _traced() as peak:
                handles = [loop.call_later(delay, _noop) for delay in delays]
            pending = _pending_timers(loop)
        for handle in handles:
            handle.cancel()
        _purge(loop)
        return {"batched_memory": peak[0], "batched_delayed_calls": pending}

    def batched(n: int) -> Metrics:
        return {"batched": call_later(n)["call_later"]}

    return {
        "roundtrip": roundtrip,
        "success": success,
        "error": error,
        "as_future_plain": as_future_plain,
        "as_future_coro": as_future_coro,
        "gather": gather,
        "call_later": call_later,
        "batched": batched,
        "batched_memory": timers_memory,
    }


# -- Twisted ------------------------------------------------------------------


def _twisted_txaio(t: Any, tw: _Twisted) -> Ops:
    """The operations through a txaio-style module ``t`` on Twisted."""
    hits = Hits()
    cb, eb = hits.callback, hits.errback
    exc = ValueError("benchmark")

    def roundtrip(n: int) -> Metrics:
        start = perf_counter()
        for _ in range(n):
            d = t.create_future()
            t.add_callbacks(d, cb, eb)
            t.resolve(d, 1)
        elapsed = perf_counter() - start
        hits.expect(n)
        return {"roundtrip": elapsed / n}

    def success(n: int) -> Metrics:
        start = perf_counter()
        for _ in range(n):
            t.create_future_success(1)
        elapsed = perf_counter() - start
        t.create_future_success(1).addCallback(cb)
        hits.expect(1)
        return {"success": elapsed / n}

    def error(n: int) -> Metrics:
        start = perf_counter()
        for _ in range(n):
            d = t.create_future_error(t.create_failure(exc))
            d.addErrback(eb)
        elapsed = perf_counter() - start
        hits.expect(0, n)
        return {"error": elapsed / n}

    def as_future_plain(n: int) -> Metrics:
        start = perf_counter()
        for _ in range(n):
            t.as_future(_plain)
        elapsed = perf_counter() - start
        t.as_future(_plain).addCallback(cb)
        hits.expect(1)
        return {"as_future_plain": elapsed / n}

    def as_future_coro(n: int) -> Metrics:
        start = perf_counter()
        for _ in range(n):
            t.as_future(_coroutine).addCallback(cb)
        elapsed = perf_counter() - start
        hits.expect(n)
        return {"as_future_coro": elapsed / n}

    def gather(n: int) -> Metrics:
        total = 0.0
        expected = list(range(GATHER_SIZE))
        for _ in range(n):
            deferreds = [tw.succeed(i) for i in expected]
            results: list[object] = []
            start = perf_counter()
            t.gather(deferreds).addCallback(results.append)
            total += perf_counter() - start
            _check(results == [expected], "gather did not complete")
        return {"gather": total / n}

    def with_reactor(run: Callable[[], float]) -> float:
        # A Clock is quadratic for 100,000 timers: see the module docstring.
        t.config.loop = tw.reactor
        try:
            return run()
        finally:
            t.config.loop = tw.clock

    def call_later(n: int) -> Metrics:
        delays = _delays(n)

        def run() -> float:
            start = perf_counter()
            handles = [t.call_later(delay, _noop) for delay in delays]
            for handle in handles:
                handle.cancel()
            return perf_counter() - start

        elapsed = with_reactor(run)
        _check(tw.pending_timers() == 0, "timers left")
        tw.purge()
        return {"call_later": elapsed}

    def batched(n: int) -> Metrics:
        delays = _delays(n)

        def run() -> float:
            timer = t.make_batched_timer(BUCKET_SECONDS)
            start = perf_counter()
            handles = [timer.call_later(delay, _noop) for delay in delays]
            for handle in handles:
                handle.cancel()
            return perf_counter() - start

        elapsed = with_reactor(run)
        _check(tw.pending_timers() == 0, "timers left")
        tw.purge()
        return {"batched": elapsed}

    def batched_memory(n: int) -> Metrics:
        delays = _delays(n)
        handles: list[Any] = []

        def run() -> float:
            timer = t.make_batched_timer(BUCKET_SECONDS)
            with _traced() as peak:
                handles.extend(timer.call_later(delay, _noop) for delay in delays)
            return peak[0]

        with _frozen(tw.reactor, "seconds"):
            peak = with_reactor(run)
            pending = tw.pending_timers()
        for handle in handles:
            handle.cancel()
        tw.purge()
        return {"batched_memory": peak, "batched_delayed_calls": pending}

    return {
        "roundtrip": roundtrip,
        "success": success,
        "error": error,
        "as_future_plain": as_future_plain,
        "as_future_coro": as_future_coro,
        "gather": gather,
        "call_later": call_later,
        "batched": batched,
        "batched_memory": batched_memory,
    }


def _twisted_raw(tw: _Twisted) -> Ops:
    """The same operations written directly against Twisted."""
    hits = Hits()
    cb, eb = hits.callback, hits.errback
    exc = ValueError("benchmark")
    Deferred = tw.Deferred
    new_deferred = cast("Callable[[], Any]", Deferred)
    succeed, fail, maybe_deferred = tw.succeed, tw.fail, tw.maybeDeferred
    reactor = tw.reactor

    def roundtrip(n: int) -> Metrics:
        start = perf_counter()
        for _ in range(n):
            d = new_deferred()
            d.addCallbacks(cb, eb)
            d.callback(1)
        elapsed = perf_counter() - start
        hits.expect(n)
        return {"roundtrip": elapsed / n}

    def success(n: int) -> Metrics:
        start = perf_counter()
        for _ in range(n):
            succeed(1)
        elapsed = perf_counter() - start
        succeed(1).addCallback(cb)
        hits.expect(1)
        return {"success": elapsed / n}

    def error(n: int) -> Metrics:
        start = perf_counter()
        for _ in range(n):
            d: Any = fail(exc)
            d.addErrback(eb)
        elapsed = perf_counter() - start
        hits.expect(0, n)
        return {"error": elapsed / n}

    def as_future_plain(n: int) -> Metrics:
        start = perf_counter()
        for _ in range(n):
            maybe_deferred(_plain)
        elapsed = perf_counter() - start
        maybe_deferred(_plain).addCallback(cb)
        hits.expect(1)
        return {"as_future_plain": elapsed / n}

    def as_future_coro(n: int) -> Metrics:
        from_coroutine: Callable[[Coroutine[Any, Any, int]], Any] = (
            Deferred.fromCoroutine
        )
        start = perf_counter()
        for _ in range(n):
            from_coroutine(_coroutine()).addCallback(cb)
        elapsed = perf_counter() - start
        hits.expect(n)
        return {"as_future_coro": elapsed / n}

    def gather(n: int) -> Metrics:
        total = 0.0
        expected = list(range(GATHER_SIZE))
        for _ in range(n):
            deferreds = [succeed(i) for i in expected]
            results: list[Any] = []
            start = perf_counter()
            tw.DeferredList(deferreds, consumeErrors=True).addCallback(results.append)
            total += perf_counter() - start
            _check(
                [value for _, value in results[0]] == expected,
                "gather did not complete",
            )
        return {"gather": total / n}

    def call_later(n: int) -> Metrics:
        delays = _delays(n)
        start = perf_counter()
        handles = [reactor.callLater(delay, _noop) for delay in delays]
        for handle in handles:
            handle.cancel()
        elapsed = perf_counter() - start
        _check(tw.pending_timers() == 0, "timers left")
        tw.purge()
        return {"call_later": elapsed}

    def timers_memory(n: int) -> Metrics:
        delays = _delays(n)
        with _frozen(reactor, "seconds"):
            with _traced() as peak:
                handles = [reactor.callLater(delay, _noop) for delay in delays]
            pending = tw.pending_timers()
        for handle in handles:
            handle.cancel()
        tw.purge()
        return {"batched_memory": peak[0], "batched_delayed_calls": pending}

    def batched(n: int) -> Metrics:
        return {"batched": call_later(n)["call_later"]}

    return {
        "roundtrip": roundtrip,
        "success": success,
        "error": error,
        "as_future_plain": as_future_plain,
        "as_future_coro": as_future_coro,
        "gather": gather,
        "call_later": call_later,
        "batched": batched,
        "batched_memory": timers_memory,
    }


# -- interfaces -----------------------------------------------------------------


class _FailureABC(abc.ABC):  # noqa: B024 - an ABC used only for isinstance
    """The reference for the isinstance checks: a plain ABC.

    On asyncio the failure class inherits from it (as upstream txaio's
    ``FailedFuture`` inherits its ``IFailedFuture`` ABC); on Twisted,
    ``Failure`` is registered with it (as upstream txaio registers it).
    """


class _RawFailure(_FailureABC):
    """What a raw asyncio program would pass around as a failure."""

    __slots__ = ("value",)

    def __init__(self, value: BaseException) -> None:
        self.value = value


class _Request:
    """An ordinary user-defined class: the everyday non-failure an errback or
    a generic callback tests with ``isinstance(x, IFailedFuture)``."""

    def __init__(self, path: str) -> None:
        self.path = path


def _isinstance_ops(interface: type, failure: object) -> Ops:
    def hit(n: int) -> Metrics:
        _check(isinstance(failure, interface), "not an instance")
        start = perf_counter()
        for _ in range(n):
            isinstance(failure, interface)
        return {"isinstance_hit": (perf_counter() - start) / n}

    def missing(key: str, other: object) -> Bench:
        def miss(n: int) -> Metrics:
            _check(not isinstance(other, interface), "an instance")
            start = perf_counter()
            for _ in range(n):
                isinstance(other, interface)
            return {key: (perf_counter() - start) / n}

        return miss

    return {
        "isinstance_hit": hit,
        "isinstance_miss": missing("isinstance_miss", 42),
        "isinstance_miss_object": missing("isinstance_miss_object", _Request("/index")),
    }


# -- logging ----------------------------------------------------------------------


def _logged_lines(out: StringIO) -> int:
    """The number of lines written to ``out``, which is then emptied."""
    lines = out.getvalue().count("\n")
    out.seek(0)
    out.truncate()
    return lines


def _empty_call_ops() -> Ops:
    def log(message: str, **kwargs: object) -> None:
        pass

    def empty_call(n: int) -> Metrics:
        start = perf_counter()
        for i in range(n):
            log(_MESSAGE, n=i)
        return {"empty_call": (perf_counter() - start) / n}

    return {"empty_call": empty_call}


def _lazy(setup: Callable[[], Any]) -> Callable[[], Any]:
    """``setup()`` on first use only: logging starts once per process."""
    made: list[Any] = []

    def get() -> Any:
        if not made:
            made.append(setup())
        return made[0]

    return get


def _template_log_ops(out: StringIO, setup: Callable[[], Any]) -> Ops:
    """Logging through a logger with ``debug``/``info(template, **kwargs)``.

    ``setup()`` starts logging to ``out`` at level info and returns the
    logger. It serves txaio's loggers and Twisted's own.
    """
    get = _lazy(setup)

    def disabled(n: int) -> Metrics:
        log = get()
        start = perf_counter()
        for i in range(n):
            log.debug(_MESSAGE, n=i)
        elapsed = perf_counter() - start
        _check(_logged_lines(out) == 0, "a disabled level wrote")
        return {"log_disabled": elapsed / n}

    def enabled(n: int) -> Metrics:
        log = get()
        _logged_lines(out)
        start = perf_counter()
        for i in range(n):
            log.info(_MESSAGE, n=i)
        elapsed = perf_counter() - start
        _check(_logged_lines(out) == n, "not every call wrote one line")
        return {"log_enabled": elapsed / n}

    return {"log_disabled": disabled, "log_enabled": enabled}


def _txaio_log_ops(t: Any) -> Ops:
    out = StringIO()

    def setup() -> Any:
        try:
            t.start_logging(out=out, level="info")
            return t.make_logger()
        except NotImplementedError as exc:
            raise Missing(f"logging is not implemented ({exc})") from exc

    return _template_log_ops(out, setup)


def _twisted_log_ops() -> Ops:
    """Twisted's own logger, started as an application starts it."""
    out = StringIO()

    def setup() -> Any:
        from twisted.logger import (
            FilteringLogObserver,
            Logger,
            LogLevel,
            LogLevelFilterPredicate,
            globalLogBeginner,
            textFileLogObserver,
        )

        # zope interfaces are invisible to type checkers: hence the Any.
        predicate: Any = LogLevelFilterPredicate(defaultLogLevel=LogLevel.info)
        to_text: Any = textFileLogObserver(out)
        observer: Any = FilteringLogObserver(to_text, [predicate])
        globalLogBeginner.beginLoggingTo([observer], redirectStandardIO=False)
        return Logger(namespace="benchmark")

    return _template_log_ops(out, setup)


def _stdlib_log_ops() -> Ops:
    """The standard library's logger, configured as an application does."""
    out = StringIO()

    def setup() -> logging.Logger:
        handler = logging.StreamHandler(out)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        return logging.getLogger("benchmark")

    get = _lazy(setup)
    message = _MESSAGE.replace("{n}", "%s")

    def disabled(n: int) -> Metrics:
        log = get()
        start = perf_counter()
        for i in range(n):
            log.debug(message, i)
        elapsed = perf_counter() - start
        _check(_logged_lines(out) == 0, "a disabled level wrote")
        return {"log_disabled": elapsed / n}

    def enabled(n: int) -> Metrics:
        log = get()
        _logged_lines(out)
        start = perf_counter()
        for i in range(n):
            log.info(message, i)
        elapsed = perf_counter() - start
        _check(_logged_lines(out) == n, "not every call wrote one line")
        return {"log_enabled": elapsed / n}

    return {"log_disabled": disabled, "log_enabled": enabled}


# -- import time --------------------------------------------------------------------

_IMPORTS: dict[tuple[Impl, Framework], tuple[str, str]] = {
    ("typed", "asyncio"): ("import txaio_typed", "txaio_typed.use_asyncio()"),
    ("typed", "twisted"): ("import txaio_typed", "txaio_typed.use_twisted()"),
    ("upstream", "asyncio"): ("import txaio", "txaio.use_asyncio()"),
    ("upstream", "twisted"): ("import txaio", "txaio.use_twisted()"),
    ("raw", "asyncio"): ("import asyncio", ""),
    ("raw", "twisted"): ("import twisted.internet.defer", ""),
}


#: Where the import measurements keep compiled bytecode (see _import_seconds).
_BYTECODE = tempfile.mkdtemp(prefix="bench-pycache-")
atexit.register(shutil.rmtree, _BYTECODE, ignore_errors=True)


def _import_seconds(statements: str) -> float:
    """Wall time of ``statements`` in a fresh interpreter, measured inside it.

    Measured as an installed package is imported: with every module's
    bytecode compiled beforehand (a wheel's installer compiles it). The
    interpreter runs the statements once to compile into a private cache
    (``PYTHONPYCACHEPREFIX``, whatever ``PYTHONDONTWRITEBYTECODE`` says), so
    source checkouts, editable installs and site-packages are measured alike.
    """
    code = (
        "import time\n"
        "start = time.perf_counter()\n"
        f"{statements}\n"
        "print(time.perf_counter() - start)\n"
    )
    env = {**os.environ, "PYTHONPYCACHEPREFIX": _BYTECODE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-c", code]
    subprocess.run(command, capture_output=True, check=True, env=env)
    result = subprocess.run(
        command, capture_output=True, text=True, check=True, env=env
    )
    return float(result.stdout)


def _import_ops(impl: Impl, framework: Framework) -> Ops:
    imported, selected = _IMPORTS[impl, framework]

    def import_time(n: int) -> Metrics:
        bare = _import_seconds(imported)
        with_selection = _import_seconds(f"{imported}\n{selected}")
        return {"import": bare, "import_select": with_selection}

    return {"import": import_time}


# -- chains: foreign futures, uvloop, long chains ----------------------------------


def _counting() -> tuple[list[int], Callable[[object], object]]:
    """A callback that counts its calls and passes its argument on."""
    calls = [0]

    def step(value: object) -> object:
        calls[0] += 1
        return value

    return calls, step


def _expect_calls(calls: list[int], expected: int) -> None:
    _check(calls[0] == expected, f"expected {expected} calls, got {calls[0]}")
    calls[0] = 0


def _new_uvloop() -> asyncio.AbstractEventLoop:
    import uvloop

    return uvloop.new_event_loop()


def _turn(loop: asyncio.AbstractEventLoop) -> None:
    """Run one turn of ``loop`` (uvloop has no ready queue to drain)."""
    loop.call_soon(loop.stop)
    loop.run_forever()


def _asyncio_chain_txaio(t: Any, loop: asyncio.AbstractEventLoop) -> Ops:
    """Chains through a txaio-style module ``t`` on asyncio."""
    ready = _ready_queue(loop)
    hits = Hits()
    cb, eb = hits.callback, hits.errback
    calls, step = _counting()
    uvloop_loop = _lazy(_new_uvloop)

    def roundtrip_foreign(n: int) -> Metrics:
        new_future = loop.create_future
        start = perf_counter()
        for _ in range(n):
            f = new_future()
            t.add_callbacks(f, cb, eb)
            t.resolve(f, 1)
            while ready:
                ready.popleft()._run()
        elapsed = perf_counter() - start
        hits.expect(n)
        return {"roundtrip_foreign": elapsed / n}

    def roundtrip_uvloop(n: int) -> Metrics:
        uvl = uvloop_loop()
        turns = max(1, n // UVLOOP_BATCH)
        t.config.loop = uvl
        try:
            start = perf_counter()
            for _ in range(turns):
                for _ in range(UVLOOP_BATCH):
                    f = t.create_future()
                    t.add_callbacks(f, cb, eb)
                    t.resolve(f, 1)
                _turn(uvl)
            elapsed = perf_counter() - start
        finally:
            t.config.loop = loop
        hits.expect(turns * UVLOOP_BATCH)
        return {"roundtrip_uvloop": elapsed / (turns * UVLOOP_BATCH)}

    def chain(n: int) -> Metrics:
        chains = max(1, n // CHAIN_LINKS)
        start = perf_counter()
        for _ in range(chains):
            f = t.create_future()
            for _ in range(CHAIN_LINKS):
                t.add_callbacks(f, step, None)
            t.resolve(f, 0)
            while ready:
                ready.popleft()._run()
        elapsed = perf_counter() - start
        _expect_calls(calls, chains * CHAIN_LINKS)
        return {"chain": elapsed / (chains * CHAIN_LINKS)}

    return {
        "roundtrip_foreign": roundtrip_foreign,
        "roundtrip_uvloop": roundtrip_uvloop,
        "chain": chain,
    }


def _asyncio_chain_raw(loop: asyncio.AbstractEventLoop, roundtrip: Bench) -> Ops:
    """The same written directly against asyncio (and uvloop)."""
    ready = _ready_queue(loop)
    hits = Hits()
    cb, eb = hits.callback, hits.errback
    calls, step = _counting()
    uvloop_loop = _lazy(_new_uvloop)

    def done(f: asyncio.Future[int]) -> None:
        error = f.exception()
        if error is None:
            cb(f.result())
        else:
            eb(error)

    def step_done(f: asyncio.Future[int]) -> None:
        step(f.result())

    def roundtrip_foreign(n: int) -> Metrics:
        return {"roundtrip_foreign": roundtrip(n)["roundtrip"]}

    def roundtrip_uvloop(n: int) -> Metrics:
        uvl = uvloop_loop()
        turns = max(1, n // UVLOOP_BATCH)
        start = perf_counter()
        for _ in range(turns):
            for _ in range(UVLOOP_BATCH):
                f: asyncio.Future[int] = uvl.create_future()
                f.add_done_callback(done)
                f.set_result(1)
            _turn(uvl)
        elapsed = perf_counter() - start
        hits.expect(turns * UVLOOP_BATCH)
        return {"roundtrip_uvloop": elapsed / (turns * UVLOOP_BATCH)}

    def chain(n: int) -> Metrics:
        chains = max(1, n // CHAIN_LINKS)
        start = perf_counter()
        for _ in range(chains):
            f: asyncio.Future[int] = loop.create_future()
            for _ in range(CHAIN_LINKS):
                f.add_done_callback(step_done)
            f.set_result(0)
            while ready:
                ready.popleft()._run()
        elapsed = perf_counter() - start
        _expect_calls(calls, chains * CHAIN_LINKS)
        return {"chain": elapsed / (chains * CHAIN_LINKS)}

    return {
        "roundtrip_foreign": roundtrip_foreign,
        "roundtrip_uvloop": roundtrip_uvloop,
        "chain": chain,
    }


def _twisted_chain_ops(t: Any, tw: _Twisted, roundtrip: Bench) -> Ops:
    """The chain operations on Twisted: through ``t``, or raw when None."""
    hits = Hits()
    cb, eb = hits.callback, hits.errback
    calls, step = _counting()
    new_deferred = cast("Callable[[], Any]", tw.Deferred)

    def roundtrip_foreign(n: int) -> Metrics:
        if t is None:
            return {"roundtrip_foreign": roundtrip(n)["roundtrip"]}
        start = perf_counter()
        for _ in range(n):
            d = new_deferred()
            t.add_callbacks(d, cb, eb)
            t.resolve(d, 1)
        elapsed = perf_counter() - start
        hits.expect(n)
        return {"roundtrip_foreign": elapsed / n}

    def chain(n: int) -> Metrics:
        chains = max(1, n // CHAIN_LINKS)
        start = perf_counter()
        for _ in range(chains):
            if t is None:
                d = new_deferred()
                for _ in range(CHAIN_LINKS):
                    d.addCallback(step)
                d.callback(0)
            else:
                d = t.create_future()
                for _ in range(CHAIN_LINKS):
                    t.add_callbacks(d, step, None)
                t.resolve(d, 0)
        elapsed = perf_counter() - start
        _expect_calls(calls, chains * CHAIN_LINKS)
        return {"chain": elapsed / (chains * CHAIN_LINKS)}

    return {"roundtrip_foreign": roundtrip_foreign, "chain": chain}


# -- assembly -----------------------------------------------------------------------


def build(impl: Impl, framework: Framework) -> Ops:
    """The operations of one (implementation, framework) pair."""
    ops: Ops = {}
    ops.update(_empty_call_ops())
    ops.update(_import_ops(impl, framework))
    t: Any = None
    if impl == "typed":
        import txaio_typed

        t = txaio_typed
    elif impl == "upstream":
        import txaio

        t = txaio
    if framework == "asyncio":
        loop = asyncio.new_event_loop()
        if t is None:
            ops.update(_asyncio_raw(loop))
            ops.update(_asyncio_chain_raw(loop, ops["roundtrip"]))
            ops.update(_stdlib_log_ops())
            ops.update(_isinstance_ops(_FailureABC, _RawFailure(ValueError())))
        else:
            t.use_asyncio()
            t.config.loop = loop
            ops.update(_asyncio_txaio(t, loop))
            ops.update(_asyncio_chain_txaio(t, loop))
    else:
        tw = _Twisted()
        if t is None:
            ops.update(_twisted_raw(tw))
            ops.update(_twisted_chain_ops(None, tw, ops["roundtrip"]))
            ops.update(_twisted_log_ops())
            _FailureABC.register(tw.failure_type)
            ops.update(_isinstance_ops(_FailureABC, tw.Failure(ValueError())))
        else:
            t.use_twisted()
            t.config.loop = tw.clock
            ops.update(_twisted_txaio(t, tw))
            ops.update(_twisted_chain_ops(t, tw, ops["roundtrip"]))
    if t is not None:
        ops.update(_txaio_log_ops(t))
        ops.update(_isinstance_ops(t.IFailedFuture, t.create_failure(ValueError())))
    return ops
