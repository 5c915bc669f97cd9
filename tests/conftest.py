"""Shared fixtures: the ``framework`` harness that runs a test on both backends.

The harness drives each framework deterministically: asyncio runs on a fresh
event loop whose ``time()`` is a fake clock, Twisted on a
``twisted.internet.task.Clock``. Nothing here selects a framework for the
neutral front (``txaio_typed.use_asyncio()``/``use_twisted()``): tests of the
front run in subprocesses.
"""

from __future__ import annotations

import asyncio
import gc
import os
import selectors
import subprocess
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol, TypeAlias, cast

import pytest
from twisted.internet import task
from twisted.internet.defer import Deferred
from twisted.logger import ILogObserver, LogEvent, globalLogPublisher
from twisted.python.failure import Failure
from typing_extensions import get_protocol_members
from uvloop_clock import FakeClockUVLoop

import txaio_typed
from txaio_typed import _unselected, aio, tx
from txaio_typed._api import API_NAMES
from txaio_typed.interfaces import IBatchedTimer, IFailedFuture

FrameworkName: TypeAlias = Literal["asyncio", "twisted"]
AnyFuture: TypeAlias = "asyncio.Future[Any] | Deferred[Any]"
"""A future of either backend, as the shared tests see it."""

SRC = Path(__file__).resolve().parent.parent / "src"

# The names of the API, derived from its contract (the front's stub,
# __init__.pyi, from which tools/gen_front.py generates txaio_typed._api):
# no test writes a list of them.

API_MEMBERS: list[str] = sorted(get_protocol_members(txaio_typed.Api))
"""Every public member of the API objects (``with_config(...)``): the API
functions of :data:`API_NAMES`, ``config``, the flags and the classes."""

FRAMEWORK_BOUND: list[str] = [name for name in API_NAMES if hasattr(_unselected, name)]
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


class FakeClockLoop(asyncio.SelectorEventLoop):
    """An event loop whose ``time()`` only moves when a test advances it."""

    def __init__(self) -> None:
        super().__init__(selectors.DefaultSelector())
        self.now = 0.0

    def time(self) -> float:
        return self.now

    def has_work(self) -> bool:
        """True while callbacks are ready or a live timer is due."""
        ready = cast("deque[object]", getattr(self, "_ready"))  # noqa: B009
        if ready:
            return True
        scheduled = cast("list[asyncio.TimerHandle]", getattr(self, "_scheduled"))  # noqa: B009
        return any(not h.cancelled() and h.when() <= self.now for h in scheduled)

    def run_once(self) -> None:
        """Run one iteration of the loop."""
        self.call_soon(self.stop)
        self.run_forever()


LoopKind: TypeAlias = Literal["default", "uvloop"]
"""Which asyncio event loop the harness runs: the standard library's
selector loop or uvloop, both on a fake clock."""


class Framework:
    """One backend, driven deterministically; see the module docstring."""

    def __init__(self, name: FrameworkName, loop_kind: LoopKind = "default") -> None:
        self.name: FrameworkName = name
        self.loop_kind: LoopKind = loop_kind
        self.unhandled: list[str] = []
        """Errors the framework reported as unhandled, as text. A test that
        provokes one asserts on it and clears the list; any other entry fails
        the test at teardown."""
        self.loop: FakeClockLoop | FakeClockUVLoop | None = None
        self.clock: task.Clock | None = None
        if name == "asyncio":
            loop = self.loop = (
                FakeClockUVLoop() if loop_kind == "uvloop" else FakeClockLoop()
            )
            loop.set_exception_handler(self._asyncio_unhandled)
            self.api = cast(Api, aio.with_config(loop=loop))
        else:
            clock = self.clock = task.Clock()
            self.api = cast(Api, tx.with_config(loop=clock))
        self._observer = cast(ILogObserver, self._twisted_event)

    # -- unhandled errors ---------------------------------------------------

    def _asyncio_unhandled(
        self, loop: asyncio.AbstractEventLoop, context: dict[str, object]
    ) -> None:
        exc = context.get("exception")
        self.unhandled.append(f"{context.get('message')}: {exc!r}")

    def _twisted_event(self, event: LogEvent) -> None:
        failure = event.get("log_failure")
        if isinstance(failure, Failure):
            value = cast(IFailedFuture, failure).value
            self.unhandled.append(f"{event.get('log_format')}: {value!r}")

    def start(self) -> None:
        globalLogPublisher.addObserver(self._observer)

    def stop(self) -> None:
        globalLogPublisher.removeObserver(self._observer)
        if self.loop is not None:
            self.loop.close()

    # -- driving the loop ---------------------------------------------------

    def flush(self) -> None:
        """Run every callback that is ready (a no-op on Twisted)."""
        loop = self.loop
        if loop is None:
            return
        for _ in range(10_000):
            if not loop.has_work():
                return
            loop.run_once()
        raise AssertionError("the event loop never became idle")

    def advance(self, seconds: float) -> None:
        """Move the clock forward and run what became due."""
        if self.loop is not None:
            self.flush()
            self.loop.now += seconds
            self.flush()
        else:
            assert self.clock is not None
            self.clock.advance(0)  # what is due now runs at the current time
            self.clock.advance(seconds)

    def now(self) -> float:
        if self.loop is not None:
            return self.loop.now
        assert self.clock is not None
        return self.clock.seconds()

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
def open_framework(
    name: FrameworkName, loop_kind: LoopKind = "default"
) -> Generator[Framework]:
    """A started :class:`Framework`; on exit, no error may be left unhandled."""
    # Objects that exist now (leftovers of earlier tests included) are left
    # out of collections until the end: that keeps gc.collect() fast and
    # stops earlier garbage from reporting errors into this test.
    gc.freeze()
    harness = Framework(name, loop_kind)
    harness.start()
    try:
        yield harness
        harness.collect_garbage()
        assert harness.unhandled == [], "errors reported as unhandled"
    finally:
        harness.stop()
        gc.unfreeze()


@pytest.fixture(params=["asyncio", "asyncio-uvloop", "twisted"])
def framework(request: pytest.FixtureRequest) -> Generator[Framework]:
    """A :class:`Framework` harness, once per backend, and on asyncio once
    more on uvloop."""
    name, _, kind = cast(str, request.param).partition("-")
    loop_kind = cast(LoopKind, kind or "default")
    with open_framework(cast(FrameworkName, name), loop_kind) as harness:
        yield harness


# -- subprocesses -----------------------------------------------------------


def subprocess_env(extra_path: Iterable[str] = ()) -> dict[str, str]:
    """The environment for a child Python: ``src/`` first on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), *extra_path])
    env.pop("PYTHONWARNINGS", None)
    return env


def run_python(
    code: str,
    *,
    python: str = sys.executable,
    extra_path: Iterable[str] = (),
    args: Iterable[str] = ("-W", "error"),
) -> str:
    """Run ``code`` in a fresh interpreter; return its stdout, fail on error."""
    completed = subprocess.run(
        [python, *args, "-c", code],
        capture_output=True,
        text=True,
        env=subprocess_env(extra_path),
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, (
        f"exit {completed.returncode}\nstdout:\n{completed.stdout}\n"
        f"stderr:\n{completed.stderr}"
    )
    return completed.stdout
