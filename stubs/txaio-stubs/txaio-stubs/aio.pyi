"""Types for the asyncio backend of upstream ``txaio`` (``txaio.aio``).

The same API as ``txaio`` after ``use_asyncio()``, typed with asyncio's own
classes: futures are ``asyncio.Future[T]`` (coroutines become
``asyncio.Task[T]``) and failures are ``FailedFuture``.
"""

# The stub-only names (``_Config``, ``_ReactorLike``...) are shared between
# the modules of this package.
# pyright: reportPrivateUsage=false

import asyncio
import logging
from collections.abc import (
    AsyncGenerator,
    Awaitable,
    Callable,
    Coroutine,
    Iterable,
    Mapping,
)
from types import TracebackType
from typing import IO, Any, Literal, Never, NoReturn, ParamSpec, TypeVar, overload

from txaio import _Config
from txaio.interfaces import IBatchedTimer, MessageLevelName
from txaio.interfaces import IFailedFuture as IFailedFuture
from txaio.interfaces import ILogger as ILogger
from txaio.interfaces import LogLevel as _LogLevel
from txaio.interfaces import MessageLevel as _MessageLevel
from txaio.interfaces import log_levels as log_levels

_T = TypeVar("_T")
_P = ParamSpec("_P")

using_twisted: Literal[False]
using_asyncio: Literal[True]

config: _Config[asyncio.AbstractEventLoop]
"""The global configuration; ``config.loop`` is the event loop to use, or
``None`` for the current thread's event loop."""

class FailedFuture(IFailedFuture):
    """asyncio's ``IFailedFuture``: an exception with its type and traceback.

    Created by ``create_failure()``; errbacks receive one.
    """

    def __init__(
        self,
        type_: type[BaseException] | None,
        value: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        """Takes the three values of ``sys.exc_info()``."""

    @property
    def value(self) -> BaseException:
        """The exception instance."""

class _TxaioLogWrapper(ILogger):
    """The logger ``make_logger()`` returns: wraps a ``logging.Logger``.

    The level methods of ``ILogger`` are bound per instance to either a
    formatter or a no-op, depending on the log level.
    """

    def __init__(self, logger: logging.Logger) -> None: ...
    def emit(self, level: MessageLevelName, /, *args: str, **kwargs: object) -> None:
        """Log at ``level``, given by name: ``emit("info", "x={x}", x=1)``."""

def with_config(loop: asyncio.AbstractEventLoop | None = None) -> _AsyncioApi:
    """Return the API bound to its own configuration (``loop`` if given)."""

def add_log_categories(categories: Mapping[str, str]) -> None:
    """Register message formats by ``log_category``."""

def make_logger() -> _TxaioLogWrapper:
    """Create a logger named after the calling module, class or function."""

def start_logging(
    out: IO[str] | IO[bytes] = ..., level: _MessageLevel = "info"
) -> None:
    """Log to ``out`` (stdout by default) up to ``level``; once per process.

    An unknown level raises ``RuntimeError``; ``"none"`` raises ``KeyError``.
    """

def set_global_log_level(level: _LogLevel) -> None:
    """Change the level of all loggers created by txaio."""

def get_global_log_level() -> _LogLevel:
    """The current global log level."""

class _AsyncioApi:
    """The API bound to one configuration; see ``with_config()``."""

    using_twisted: Literal[False]
    using_asyncio: Literal[True]
    def __init__(self, config: _Config[asyncio.AbstractEventLoop]) -> None: ...
    def failure_message(self, fail: FailedFuture) -> str: ...
    def failure_traceback(self, fail: FailedFuture) -> TracebackType | None: ...
    def failure_format_traceback(self, fail: FailedFuture) -> str: ...
    @overload
    def create_future(
        self, *, canceller: Callable[[asyncio.Future[Any]], object] = ...
    ) -> asyncio.Future[Any]: ...
    @overload
    def create_future(
        self, result: _T, *, canceller: Callable[[asyncio.Future[_T]], object] = ...
    ) -> asyncio.Future[_T]: ...
    @overload
    def create_future(
        self,
        result: Never = ...,
        error: Exception | IFailedFuture | None = ...,
        canceller: Callable[[asyncio.Future[Any]], object] = ...,
    ) -> asyncio.Future[Any]: ...
    def create_future_success(self, result: _T) -> asyncio.Future[_T]: ...
    def create_future_error(
        self, error: Exception | IFailedFuture | None = None
    ) -> asyncio.Future[Any]: ...
    @overload
    def as_future(
        self,
        fun: Callable[_P, Coroutine[Any, Any, _T]],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> asyncio.Task[_T]: ...
    @overload
    def as_future(
        self,
        fun: Callable[_P, asyncio.Future[_T]],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> asyncio.Future[_T]: ...
    @overload
    def as_future(
        self,
        fun: Callable[_P, AsyncGenerator[Any, Any]],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> NoReturn: ...
    @overload
    def as_future(
        self, fun: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
    ) -> asyncio.Future[_T]: ...
    def is_future(self, obj: object) -> bool: ...
    def call_later(
        self,
        delay: float,
        fun: Callable[_P, object],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> asyncio.TimerHandle: ...
    def make_batched_timer(
        self, bucket_seconds: float, chunk_size: int = 100
    ) -> IBatchedTimer: ...
    def is_called(self, future: asyncio.Future[Any]) -> bool: ...
    @overload
    def resolve(self, future: asyncio.Future[None], result: None = None) -> None: ...
    @overload
    def resolve(self, future: asyncio.Future[_T], result: _T) -> None: ...
    def reject(
        self,
        future: asyncio.Future[Any],
        error: Exception | IFailedFuture | None = None,
    ) -> None: ...
    def cancel(self, future: asyncio.Future[Any], msg: object = None) -> None: ...
    def create_failure(
        self, exception: BaseException | None = None
    ) -> FailedFuture: ...
    def add_callbacks(
        self,
        future: asyncio.Future[_T],
        callback: Callable[[_T], object] | None,
        errback: Callable[[FailedFuture], object] | None,
    ) -> None: ...
    @overload
    def gather(
        self, futures: Iterable[Awaitable[_T]], consume_exceptions: Literal[True] = True
    ) -> asyncio.Future[list[_T | BaseException]]: ...
    @overload
    def gather(
        self, futures: Iterable[Awaitable[_T]], consume_exceptions: Literal[False]
    ) -> asyncio.Future[list[_T]]: ...
    @overload
    def gather(
        self, futures: Iterable[Awaitable[_T]], consume_exceptions: bool
    ) -> asyncio.Future[list[_T]] | asyncio.Future[list[_T | BaseException]]: ...
    def sleep(self, delay: float) -> asyncio.Task[None]: ...

def failure_message(fail: FailedFuture) -> str:
    """``"ExceptionClass: text"`` for the failure."""

def failure_traceback(fail: FailedFuture) -> TracebackType | None:
    """The failure's traceback; ``None`` if created from an exception instance."""

def failure_format_traceback(fail: FailedFuture) -> str:
    """The failure's traceback, formatted as text."""

@overload
def create_future(
    *, canceller: Callable[[asyncio.Future[Any]], object] = ...
) -> asyncio.Future[Any]: ...
@overload
def create_future(
    result: _T, *, canceller: Callable[[asyncio.Future[_T]], object] = ...
) -> asyncio.Future[_T]: ...
@overload
def create_future(
    result: Never = ...,
    error: Exception | IFailedFuture | None = ...,
    canceller: Callable[[asyncio.Future[Any]], object] = ...,
) -> asyncio.Future[Any]:
    """Create a future on the configured loop, optionally resolved or failed.

    ``canceller`` is called with the future once it was cancelled (from a
    done-callback). Passing ``canceller=None`` is not the same as omitting
    it: asyncio would then call ``None``.
    """

def create_future_success(result: _T) -> asyncio.Future[_T]:
    """A future resolved with ``result``."""

def create_future_error(
    error: Exception | IFailedFuture | None = None,
) -> asyncio.Future[Any]:
    """A future failed with ``error`` (the current exception if ``None``)."""

@overload
def as_future(
    fun: Callable[_P, Coroutine[Any, Any, _T]], *args: _P.args, **kwargs: _P.kwargs
) -> asyncio.Task[_T]: ...
@overload
def as_future(
    fun: Callable[_P, asyncio.Future[_T]], *args: _P.args, **kwargs: _P.kwargs
) -> asyncio.Future[_T]: ...
@overload
def as_future(
    fun: Callable[_P, AsyncGenerator[Any, Any]], *args: _P.args, **kwargs: _P.kwargs
) -> NoReturn: ...
@overload
def as_future(
    fun: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
) -> asyncio.Future[_T]:
    """Call ``fun`` and return a future for its outcome.

    A coroutine is scheduled as a Task; a returned ``asyncio.Future`` is
    passed through; an async generator raises ``RuntimeError``; any other
    value becomes a resolved future and an exception a failed one.
    """

def is_future(obj: object) -> bool:
    """True for ``asyncio.Future`` instances and for coroutine objects."""

def call_later(
    delay: float, fun: Callable[_P, object], *args: _P.args, **kwargs: _P.kwargs
) -> asyncio.TimerHandle:
    """``loop.call_later`` that also passes keyword arguments."""

def make_batched_timer(bucket_seconds: float, chunk_size: int = 100) -> IBatchedTimer:
    """A timer that groups ``call_later`` calls into buckets."""

def is_called(future: asyncio.Future[Any]) -> bool:
    """``future.done()``: true for a result, an error or a cancellation."""

@overload
def resolve(future: asyncio.Future[None], result: None = None) -> None: ...
@overload
def resolve(future: asyncio.Future[_T], result: _T) -> None:
    """``future.set_result(result)``."""

def reject(
    future: asyncio.Future[Any], error: Exception | IFailedFuture | None = None
) -> None:
    """``future.set_exception()`` with ``error`` (the current exception if ``None``)."""

def cancel(future: asyncio.Future[Any], msg: object = None) -> None:
    """``future.cancel(msg)``."""

def create_failure(exception: BaseException | None = None) -> FailedFuture:
    """A ``FailedFuture`` for ``exception``, or for the exception being handled."""

def add_callbacks(
    future: asyncio.Future[_T],
    callback: Callable[[_T], object] | None,
    errback: Callable[[FailedFuture], object] | None,
) -> None:
    """Run ``callback(result)`` or ``errback(failure)`` once ``future`` is done.

    An exception raised by ``callback`` is passed to ``errback`` as well.
    The future's result is not changed by the callbacks (no chaining).
    """

@overload
def gather(
    futures: Iterable[Awaitable[_T]], consume_exceptions: Literal[True] = True
) -> asyncio.Future[list[_T | BaseException]]: ...
@overload
def gather(
    futures: Iterable[Awaitable[_T]], consume_exceptions: Literal[False]
) -> asyncio.Future[list[_T]]: ...
@overload
def gather(
    futures: Iterable[Awaitable[_T]], consume_exceptions: bool
) -> asyncio.Future[list[_T]] | asyncio.Future[list[_T | BaseException]]:
    """``asyncio.gather(*futures, return_exceptions=consume_exceptions)``."""

def sleep(delay: float) -> asyncio.Task[None]:
    """A Task that finishes after ``delay`` seconds."""

def time_ns() -> int:
    """``time.time_ns()``."""

def perf_counter_ns() -> int:
    """``time.perf_counter_ns()``."""
