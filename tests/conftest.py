"""Shared fixtures: the ``framework`` harness that runs a test on each backend.

The harness drives each framework deterministically: asyncio runs on a fresh
event loop whose ``time()`` is a fake clock (the standard library's loop, and
uvloop: tests/fake_clock.py), Twisted on a ``twisted.internet.task.Clock``.
While a test runs, it records what the framework reported as unhandled and
the log events of txaio's loggers, from a reset logging state. Nothing here
selects a framework for the neutral front (``txaio_typed.use_asyncio()``/
``use_twisted()``): tests of the front run in fresh interpreters
(tests/processes.py).
"""

# pyright: reportPrivateUsage=false

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable, Generator, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, Protocol, TypeAlias, cast

import pytest
from fake_clock import FakeClockLoop, FakeClockUVLoop
from twisted.internet import task
from twisted.internet.defer import Deferred
from twisted.logger import ILogObserver, LogEvent, globalLogPublisher
from twisted.logger import Logger as TwistedLogger
from twisted.python.failure import Failure
from typing_extensions import get_protocol_members

import txaio_typed
from dev import UNIT_MARKEXPR
from txaio_typed import _generated_unselected, _log_aio, _log_core, _log_tx, aio, tx
from txaio_typed._generated_api import API_NAMES
from txaio_typed.interfaces import IBatchedTimer, IFailedFuture

FrameworkName: TypeAlias = Literal["asyncio", "twisted"]
AnyFuture: TypeAlias = "asyncio.Future[Any] | Deferred[Any]"
"""A future of either backend, as the shared tests see it."""

Backend: TypeAlias = Literal["asyncio", "asyncio-uvloop", "twisted"]
"""A framework and how the harness runs it: asyncio on the standard
library's selector loop or on uvloop, or Twisted."""
BACKENDS: tuple[Backend, ...] = ("asyncio", "asyncio-uvloop", "twisted")

LoopKind: TypeAlias = Literal["default", "uvloop"]

# The names of the API, derived from its contract (the front's stub,
# __init__.pyi, from which tools/gen_front.py generates txaio_typed._generated_api):
# no test writes a list of them.

API_MEMBERS: list[str] = sorted(get_protocol_members(txaio_typed.Api))
"""Every public member of the API objects (``with_config(...)``): the API
functions of :data:`API_NAMES`, ``config``, the flags and the classes."""

FRAMEWORK_BOUND: list[str] = [
    name for name in API_NAMES if hasattr(_generated_unselected, name)
]
"""The API functions that need a framework: the front's placeholders until
one is selected."""


class Api(Protocol):
    """The API of ``aio.with_config(...)`` and ``tx.with_config(...)``, seen
    framework-neutrally (each backend's own signatures are narrower). Its
    methods take the contract's parameters (tests/test_contract.py)."""

    using_asyncio: bool
    using_twisted: bool

    @property
    def CancelledError(self) -> type[BaseException]: ...
    @property
    def config(self) -> object: ...

    def create_future(
        self,
        result: object = ...,
        error: object = ...,
        canceller: Callable[[Any], object] | None = ...,
    ) -> AnyFuture: ...
    def create_future_success(self, result: object) -> AnyFuture: ...
    def create_future_error(self, error: object = None) -> AnyFuture: ...
    def as_future(
        self, fun: Callable[..., object], *args: object, **kwargs: object
    ) -> AnyFuture: ...
    def is_future(self, obj: object) -> bool: ...
    def is_called(self, future: AnyFuture) -> bool: ...
    def resolve(self, future: AnyFuture, result: object = None) -> None: ...
    def reject(self, future: AnyFuture, error: object = None) -> None: ...
    def cancel(self, future: AnyFuture, msg: str | None = None) -> None: ...
    def add_callbacks(
        self,
        future: AnyFuture,
        callback: Callable[[Any], object] | None,
        errback: Callable[[IFailedFuture], object] | None,
    ) -> AnyFuture: ...
    def gather(
        self, futures: Iterable[object], consume_exceptions: bool = True
    ) -> AnyFuture: ...
    def call_later(
        self, delay: float, fun: Callable[..., object], *args: object, **kwargs: object
    ) -> object: ...
    def sleep(self, delay: float) -> AnyFuture: ...
    def create_failure(
        self, exception: BaseException | None = None
    ) -> IFailedFuture: ...
    def failure_message(self, fail: IFailedFuture) -> str: ...
    def failure_traceback(self, fail: IFailedFuture) -> TracebackType | None: ...
    def failure_format_traceback(self, fail: IFailedFuture) -> str: ...
    def make_batched_timer(
        self, bucket_seconds: float, chunk_size: int = 100
    ) -> IBatchedTimer: ...
    def with_config(self, loop: object = None) -> Api: ...


@dataclass(frozen=True)
class Unhandled:
    """An error the framework reported as unhandled."""

    report: str
    """What the framework said about it."""
    error: BaseException | None

    def __str__(self) -> str:
        return f"{self.report}: {self.error!r}"


ForeignLevel: TypeAlias = Literal["debug", "info", "warn", "error"]
_STDLIB_LEVELS: dict[ForeignLevel, int] = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warn": logging.WARNING,
    "error": logging.ERROR,
}


class _RecordEvents(logging.Handler):
    """Keeps the txaio event of each stdlib record that carries one."""

    def __init__(self, events: list[dict[str, object]]) -> None:
        super().__init__()
        self.events = events

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "txaio_event", None)
        if isinstance(event, dict):
            self.events.append(cast("dict[str, object]", event))


def reset_logging() -> None:
    """Undo ``start_logging`` and forget levels and categories, on both
    backends (without letting a later ``start_logging`` begin Twisted's
    global logging, which can happen once per process)."""
    _log_aio.reset_for_tests()
    _log_tx.reset_for_tests()
    _log_core.reset_for_tests()


class Framework:
    """One backend, driven deterministically; see the module docstring."""

    def __init__(self, backend: Backend) -> None:
        name, _, kind = backend.partition("-")
        self.backend: Backend = backend
        self.name = cast(FrameworkName, name)
        self.loop_kind = cast(LoopKind, kind or "default")
        self.unhandled: list[Unhandled] = []
        """Errors the framework reported as unhandled (on Twisted, errors
        raised out of a delayed call too, which a reactor would log). A test
        that provokes one asserts on it and clears the list; any other entry
        fails the test at teardown."""
        self.events: list[dict[str, object]] = []
        """The events txaio's loggers published while the test ran."""
        self.loop: FakeClockLoop | FakeClockUVLoop | None = None
        self.clock: task.Clock | None = None
        self.native: aio.AsyncioApi | tx.TwistedApi
        """The backend's own ``with_config(loop=...)`` API, precisely typed."""
        if self.name == "asyncio":
            loop = self.loop = (
                FakeClockUVLoop() if self.loop_kind == "uvloop" else FakeClockLoop()
            )
            loop.set_exception_handler(self._asyncio_unhandled)
            self.native = aio.with_config(loop=loop)
        else:
            clock = self.clock = task.Clock()
            self.native = tx.with_config(loop=clock)
        self.api = cast(Api, self.native)
        """The same API, seen framework-neutrally."""
        self._observer = cast(ILogObserver, self._twisted_event)
        self._handler = _RecordEvents(self.events)

    # -- what the framework reports ------------------------------------------

    def _asyncio_unhandled(
        self, loop: asyncio.AbstractEventLoop, context: dict[str, object]
    ) -> None:
        exception = context.get("exception")
        error = exception if isinstance(exception, BaseException) else None
        self.unhandled.append(Unhandled(str(context.get("message")), error))

    def _twisted_event(self, event: LogEvent) -> None:
        if event.get("log_logger") in _log_tx._own_loggers:
            if self.name == "twisted":
                self.events.append(event)
            return
        failure = event.get("log_failure")
        if isinstance(failure, Failure):
            value = cast(IFailedFuture, failure).value
            self.unhandled.append(Unhandled(str(event.get("log_format")), value))

    def start(self) -> None:
        """Reset logging, then record what the framework reports."""
        reset_logging()
        globalLogPublisher.addObserver(self._observer)
        if self.name == "asyncio":
            logging.getLogger().addHandler(self._handler)

    def stop(self) -> None:
        """Stop recording, reset logging and close the loop."""
        logging.getLogger().removeHandler(self._handler)
        globalLogPublisher.removeObserver(self._observer)
        reset_logging()
        self.close()

    def close(self) -> None:
        if self.loop is not None:
            self.loop.close()

    def foreign(self, level: ForeignLevel, text: str) -> None:
        """Log ``text`` through the framework's own logging, not txaio's."""
        if self.name == "asyncio":
            logging.getLogger("foreign").log(_STDLIB_LEVELS[level], text)
        else:
            getattr(TwistedLogger(namespace="foreign"), level)(text)

    # -- the clock -------------------------------------------------------------

    def now(self) -> float:
        if self.loop is not None:
            return self.loop.now
        assert self.clock is not None
        return self.clock.seconds()

    def set_time(self, when: float) -> None:
        """Set the clock, running nothing."""
        if self.loop is not None:
            self.loop.now = when
        else:
            assert self.clock is not None
            self.clock.rightNow = when

    def flush(self) -> None:
        """Run every callback that is ready, and every delayed call that is
        due at the current time."""
        if self.loop is not None:
            loop = self.loop
            for _ in range(100_000):
                if not loop.has_work():
                    return
                loop.run_once()
            raise AssertionError("the event loop never became idle")
        for _ in range(100_000):
            if not self._advance_clock(0):
                return
        raise AssertionError("the clock never became idle")

    def _advance_clock(self, seconds: float) -> bool:
        """``Clock.advance``; False when no delayed call raised."""
        assert self.clock is not None
        try:
            self.clock.advance(seconds)
        except Exception as error:
            self.unhandled.append(Unhandled("Unhandled error in a delayed call", error))
            return True
        return False

    def advance(self, seconds: float) -> None:
        """Move the clock forward in one jump (as downstream tests do) and run
        what became due."""
        self.flush()
        if self.loop is not None:
            self.loop.now += seconds
        else:
            self._advance_clock(seconds)
        self.flush()

    def run_to(self, target: float) -> None:
        """Move the clock to ``target``, stopping at each pending delayed
        call's time on the way, so that each runs exactly when it is due."""
        while (when := self.next_call()) is not None and when <= target:
            self.set_time(max(when, self.now()))
            self.flush()
        self.set_time(max(target, self.now()))
        self.flush()

    def pending_calls(self) -> int:
        """How many delayed calls are pending on the loop."""
        if self.loop is not None:
            return len(self.loop.pending())
        assert self.clock is not None
        return len(self.clock.calls)

    def next_call(self) -> float | None:
        """When the earliest pending delayed call is due."""
        if self.loop is not None:
            return min((h.when() for h in self.loop.pending()), default=None)
        assert self.clock is not None
        return min((c.getTime() for c in self.clock.calls), default=None)

    def soon(self, func: Callable[[], object]) -> None:
        """Run ``func`` on the next turn of the loop."""
        if self.loop is not None:
            self.loop.call_soon(func)
        else:
            assert self.clock is not None
            self.clock.callLater(0, func)

    # -- outcomes --------------------------------------------------------------

    def _settled(self, future: AnyFuture) -> tuple[bool, object]:
        """(True, value) or (False, exception); AssertionError when pending."""
        self.flush()
        if isinstance(future, asyncio.Future):
            if not future.done():
                raise AssertionError(f"{future!r} is still pending")
            if future.cancelled():
                try:
                    future.result()
                except asyncio.CancelledError as cancelled:
                    return False, cancelled
            error = future.exception()
            if error is not None:
                return False, error
            return True, cast(object, future.result())
        box: list[object] = []

        def capture(outcome: object) -> object:
            box.append(outcome)
            return None if isinstance(outcome, Failure) else outcome

        future.addBoth(capture)
        if not box:
            raise AssertionError(f"{future!r} is still pending")
        outcome = box[0]
        if isinstance(outcome, Failure):
            return False, cast(IFailedFuture, outcome).value
        return True, outcome

    def result(self, future: AnyFuture) -> object:
        """Flush, then return the result of ``future`` or raise its error."""
        ok, value = self._settled(future)
        if not ok:
            raise cast(BaseException, value)
        return value

    def failure(self, future: AnyFuture) -> BaseException:
        """Flush, then return the exception ``future`` failed with."""
        ok, value = self._settled(future)
        if ok:
            raise AssertionError(f"{future!r} succeeded with {value!r}")
        return cast(BaseException, value)

    def is_pending(self, future: AnyFuture) -> bool:
        self.flush()
        if isinstance(future, asyncio.Future):
            return not future.done()
        return not future.called or bool(future.paused)  # paused: waiting on another

    def collect_garbage(self) -> None:
        """Collect garbage (unhandled errors are reported then), then flush."""
        gc.collect()
        self.flush()
        gc.collect()


@contextmanager
def open_framework(backend: Backend) -> Generator[Framework]:
    """A started :class:`Framework`; on exit, no error may be left unhandled."""
    # Objects that exist now (leftovers of earlier tests included) are left
    # out of collections until the end: that keeps gc.collect() fast and
    # stops earlier garbage from reporting errors into this test.
    gc.freeze()
    harness = Framework(backend)
    harness.start()
    try:
        yield harness
        harness.collect_garbage()
        assert harness.unhandled == [], "errors reported as unhandled"
    finally:
        harness.stop()
        gc.unfreeze()


def pytest_configure(config: pytest.Config) -> None:
    """A test file named on the command line runs whatever its session: the
    ``-m`` of pyproject.toml's addopts, which limits a plain ``pytest`` to
    the unit session (dev.py's ``UNIT_MARKEXPR``), is lifted then."""
    named = config.args_source == pytest.Config.ArgsSource.ARGS and any(
        arg.partition("::")[0].endswith(".py") for arg in config.args
    )
    if named and config.option.markexpr == UNIT_MARKEXPR:
        config.option.markexpr = ""


@pytest.fixture(params=BACKENDS)
def framework(request: pytest.FixtureRequest) -> Generator[Framework]:
    """A started :class:`Framework`, once per backend: asyncio on the
    standard loop and on uvloop, and Twisted."""
    with open_framework(cast(Backend, request.param)) as harness:
        yield harness
