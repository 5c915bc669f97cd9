"""Types for the Twisted backend of upstream ``txaio`` (``txaio.tx``).

The same API as ``txaio`` after ``use_twisted()``, typed with Twisted's own
classes: futures are ``Deferred[T]`` and failures are ``Failure``.
Importing this module registers ``Failure`` as an ``IFailedFuture`` and
Twisted's ``Logger`` as an ``ILogger`` (it does not select Twisted).
"""

# The stub-only names (``_Config``, ``_ReactorLike``...) are shared between
# the modules of this package.
# pyright: reportPrivateUsage=false

from collections.abc import Callable, Coroutine, Iterable, Mapping
from types import TracebackType
from typing import IO, Any, Literal, Never, ParamSpec, Self, TypeVar, overload

from twisted.internet.base import DelayedCall
from twisted.internet.defer import Deferred
from twisted.logger import ILogObserver, LogEvent
from twisted.logger import Logger as _TwistedLogger
from twisted.logger import LogLevel as LogLevel
from twisted.python.failure import Failure
from txaio import _Config, _ReactorLike
from txaio.interfaces import IBatchedTimer, LogLevelName, MessageLevelName
from txaio.interfaces import IFailedFuture as IFailedFuture
from txaio.interfaces import ILogger as ILogger
from txaio.interfaces import LogLevel as _LogLevel
from txaio.interfaces import log_levels as log_levels
from typing_extensions import TypeIs

_T = TypeVar("_T")
_R = TypeVar("_R")
_S = TypeVar("_S")
_P = ParamSpec("_P")

using_twisted: Literal[True]
using_asyncio: Literal[False]

config: _Config[_ReactorLike]
"""The global configuration; ``config.loop`` is the reactor, set to the
global reactor on first use if still ``None``."""

class Logger:
    """The logger ``make_logger()`` returns: wraps a ``twisted.logger.Logger``.

    It is not an ``ILogger`` at runtime (``isinstance`` says False), but has
    its methods; the message of each is Twisted's ``format`` argument. As a
    class attribute it returns itself (no per-instance copy), so ``log_source``
    is not set.
    """

    def __init__(
        self,
        level: _LogLevel | None = None,
        logger: type[_TwistedLogger] | None = None,
        namespace: str | None = None,
        observer: ILogObserver | Callable[[LogEvent], None] | None = None,
    ) -> None:
        """Use ``make_logger()``; ``logger`` is required (``None`` fails an assert)."""

    def __get__(self, oself: object, type: type | None = None) -> Self: ...
    def emit(
        self, level: MessageLevelName, *args: str | None, **kwargs: object
    ) -> None:
        """Log at ``level``, given by name: ``emit("info", "x={x}", x=1)``."""

    def set_log_level(self, level: LogLevelName, keep: bool = True) -> None:
        """Set this logger's level; with ``keep`` it ignores later global changes."""

    # The level methods and ``failure`` are bound per instance, to Twisted's
    # logger or to a no-op depending on the level.
    def critical(self, format: str | None = None, **kwargs: object) -> None:
        """Log at level ``critical``."""

    def error(self, format: str | None = None, **kwargs: object) -> None:
        """Log at level ``error``."""

    def warn(self, format: str | None = None, **kwargs: object) -> None:
        """Log at level ``warn``."""

    def info(self, format: str | None = None, **kwargs: object) -> None:
        """Log at level ``info``."""

    def debug(self, format: str | None = None, **kwargs: object) -> None:
        """Log at level ``debug``."""

    def trace(self, format: str | None = None, **kwargs: object) -> None:
        """Log at level ``trace`` (as ``debug`` with ``txaio_trace=True``)."""

    def failure(
        self,
        format: str | None = None,
        failure: Failure | None = None,
        level: LogLevel = ...,
        **kwargs: object,
    ) -> None:
        """Log ``failure`` (the current exception if ``None``) with its traceback.

        A no-op when the level is below ``error``.
        """

def with_config(loop: _ReactorLike | None = None) -> _TxApi:
    """Return the API bound to the configuration.

    Twisted has a single reactor: a ``loop`` other than the already
    configured ``config.loop`` raises ``RuntimeError``.
    """

def add_log_categories(categories: Mapping[str, str]) -> None:
    """Register message formats by ``log_category``."""

def make_logger(
    level: _LogLevel | None = None,
    logger: type[_TwistedLogger] = ...,
    observer: ILogObserver | Callable[[LogEvent], None] | None = None,
) -> Logger:
    """Create a logger named after the calling module, class or function.

    :param level: a fixed level for this logger (else the global one).
    :param logger: the Twisted logger class to wrap.
    :param observer: where the events go (the global log publisher if None).
    """

def start_logging(
    out: IO[str] | IO[bytes] | None = ..., level: _LogLevel = "info"
) -> None:
    """Begin logging to ``out`` (stdout by default) up to ``level``.

    Only the first call has an effect. Twisted's log beginner also
    redirects ``sys.stdout``/``sys.stderr`` into the log. An unknown level
    raises ``RuntimeError``.
    """

def set_global_log_level(level: _LogLevel) -> None:
    """Change the level of all loggers without an explicitly set level."""

def get_global_log_level() -> _LogLevel:
    """The current global log level."""

class _TxApi:
    """The API bound to the configuration; see ``with_config()``."""

    def __init__(self, config: _Config[_ReactorLike]) -> None: ...
    def failure_message(self, fail: Failure) -> str: ...
    def failure_traceback(self, fail: Failure) -> TracebackType | None: ...
    def failure_format_traceback(self, fail: Failure) -> str: ...
    @overload
    def create_future(
        self, *, canceller: Callable[[Deferred[Any]], object] | None = None
    ) -> Deferred[Any]: ...
    @overload
    def create_future(
        self, result: _T, *, canceller: Callable[[Deferred[_T]], object] | None = None
    ) -> Deferred[_T]: ...
    @overload
    def create_future(
        self,
        result: Never = ...,
        error: Exception | Failure | None = ...,
        canceller: Callable[[Deferred[Any]], object] | None = None,
    ) -> Deferred[Any]: ...
    def create_future_success(self, result: _T) -> Deferred[_T]: ...
    def create_future_error(
        self, error: BaseException | Failure | None = None
    ) -> Deferred[Any]: ...
    @overload
    def as_future(
        self,
        fun: Callable[_P, Coroutine[Any, Any, _T]],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> Deferred[_T]: ...
    @overload
    def as_future(
        self, fun: Callable[_P, Deferred[_T]], *args: _P.args, **kwargs: _P.kwargs
    ) -> Deferred[_T]: ...
    @overload
    def as_future(
        self, fun: Callable[_P, Failure], *args: _P.args, **kwargs: _P.kwargs
    ) -> Deferred[Any]: ...
    @overload
    def as_future(
        self, fun: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
    ) -> Deferred[_T]: ...
    def is_future(self, obj: object) -> TypeIs[Deferred[Any]]: ...
    def call_later(
        self,
        delay: float,
        fun: Callable[_P, object],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> DelayedCall: ...
    def make_batched_timer(
        self, bucket_seconds: float, chunk_size: int = 100
    ) -> IBatchedTimer: ...
    def is_called(self, future: Deferred[Any]) -> bool: ...
    @overload
    def resolve(self, future: Deferred[None], result: None = None) -> None: ...
    @overload
    def resolve(self, future: Deferred[_T], result: _T) -> None: ...
    def reject(
        self, future: Deferred[Any], error: Exception | Failure | None = None
    ) -> None: ...
    def cancel(self, future: Deferred[Any], msg: object = None) -> None: ...
    def create_failure(self, exception: BaseException | None = None) -> Failure: ...
    @overload
    def add_callbacks(
        self,
        future: Deferred[_T],
        callback: Callable[[_T], Deferred[_R]],
        errback: None,
    ) -> Deferred[_R]: ...
    @overload
    def add_callbacks(
        self,
        future: Deferred[_T],
        callback: Callable[[_T], _R],
        errback: None,
    ) -> Deferred[_R]: ...
    @overload
    def add_callbacks(
        self,
        future: Deferred[_T],
        callback: None,
        errback: Callable[[Failure], Failure],
    ) -> Deferred[_T]: ...
    @overload
    def add_callbacks(
        self,
        future: Deferred[_T],
        callback: None,
        errback: Callable[[Failure], Deferred[_S]],
    ) -> Deferred[_T | _S]: ...
    @overload
    def add_callbacks(
        self,
        future: Deferred[_T],
        callback: None,
        errback: Callable[[Failure], _S],
    ) -> Deferred[_T | _S]: ...
    @overload
    def add_callbacks(
        self,
        future: Deferred[_T],
        callback: Callable[[_T], Deferred[_R]],
        errback: Callable[[Failure], Failure],
    ) -> Deferred[_R]: ...
    @overload
    def add_callbacks(
        self,
        future: Deferred[_T],
        callback: Callable[[_T], Deferred[_R]],
        errback: Callable[[Failure], Deferred[_S]],
    ) -> Deferred[_R | _S]: ...
    @overload
    def add_callbacks(
        self,
        future: Deferred[_T],
        callback: Callable[[_T], Deferred[_R]],
        errback: Callable[[Failure], _S],
    ) -> Deferred[_R | _S]: ...
    @overload
    def add_callbacks(
        self,
        future: Deferred[_T],
        callback: Callable[[_T], _R],
        errback: Callable[[Failure], Failure],
    ) -> Deferred[_R]: ...
    @overload
    def add_callbacks(
        self,
        future: Deferred[_T],
        callback: Callable[[_T], _R],
        errback: Callable[[Failure], Deferred[_S]],
    ) -> Deferred[_R | _S]: ...
    @overload
    def add_callbacks(
        self,
        future: Deferred[_T],
        callback: Callable[[_T], _R],
        errback: Callable[[Failure], _S],
    ) -> Deferred[_R | _S]: ...
    @overload
    def gather(  # pyright: ignore[reportOverlappingOverload]
        self, futures: Iterable[Deferred[_T]], consume_exceptions: Literal[True] = True
    ) -> Deferred[list[_T | Failure]]: ...
    @overload
    def gather(
        self, futures: Iterable[Deferred[_T]], consume_exceptions: Literal[False]
    ) -> Deferred[list[_T]]: ...
    @overload
    def gather(
        self, futures: Iterable[Deferred[_T]], consume_exceptions: bool
    ) -> Deferred[list[_T]] | Deferred[list[_T | Failure]]: ...
    # Fallback for futures of different result types (no single _T). It only
    # matches when the overloads above do not, which pyright's overlap check
    # (silenced on the first overload) does not take into account.
    @overload
    def gather(
        self, futures: Iterable[Deferred[Any]], consume_exceptions: bool = True
    ) -> Deferred[list[object]]: ...
    def sleep(self, delay: float) -> Deferred[None]: ...

def failure_message(fail: Failure) -> str:
    """``"ExceptionClass: text"`` for the failure."""

def failure_traceback(fail: Failure) -> TracebackType | None:
    """``fail.tb``."""

def failure_format_traceback(fail: Failure) -> str:
    """``fail.printTraceback()``, as text."""

@overload
def create_future(
    *, canceller: Callable[[Deferred[Any]], object] | None = None
) -> Deferred[Any]: ...
@overload
def create_future(
    result: _T, *, canceller: Callable[[Deferred[_T]], object] | None = None
) -> Deferred[_T]: ...
@overload
def create_future(
    result: Never = ...,
    error: Exception | Failure | None = ...,
    canceller: Callable[[Deferred[Any]], object] | None = None,
) -> Deferred[Any]:
    """Create a Deferred, optionally resolved or failed.

    ``canceller`` is Twisted's: called with the Deferred when it is
    cancelled, before the Deferred fails with ``CancelledError``.
    """

def create_future_success(result: _T) -> Deferred[_T]:
    """``defer.succeed(result)``."""

def create_future_error(error: BaseException | Failure | None = None) -> Deferred[Any]:
    """``defer.fail()`` with ``error`` (the current exception if ``None``)."""

@overload
def as_future(
    fun: Callable[_P, Coroutine[Any, Any, _T]], *args: _P.args, **kwargs: _P.kwargs
) -> Deferred[_T]: ...
@overload
def as_future(
    fun: Callable[_P, Deferred[_T]], *args: _P.args, **kwargs: _P.kwargs
) -> Deferred[_T]: ...
@overload
def as_future(
    fun: Callable[_P, Failure], *args: _P.args, **kwargs: _P.kwargs
) -> Deferred[Any]: ...
@overload
def as_future(
    fun: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
) -> Deferred[_T]:
    """Call ``fun`` and return a Deferred for its outcome (``maybeDeferred``).

    Coroutines are wrapped with ``ensureDeferred``; a returned ``Failure``
    gives a failed Deferred.
    """

def is_future(obj: object) -> TypeIs[Deferred[Any]]:
    """``isinstance(obj, Deferred)``."""

def call_later(
    delay: float, fun: Callable[_P, object], *args: _P.args, **kwargs: _P.kwargs
) -> DelayedCall:
    """``reactor.callLater(delay, fun, *args, **kwargs)``."""

def make_batched_timer(bucket_seconds: float, chunk_size: int = 100) -> IBatchedTimer:
    """A timer that groups ``call_later`` calls into buckets."""

def is_called(future: Deferred[Any]) -> bool:
    """``future.called``."""

@overload
def resolve(future: Deferred[None], result: None = None) -> None: ...
@overload
def resolve(future: Deferred[_T], result: _T) -> None:
    """``future.callback(result)``."""

def reject(future: Deferred[Any], error: Exception | Failure | None = None) -> None:
    """``future.errback()`` with ``error`` (the current exception if ``None``)."""

def cancel(future: Deferred[Any], msg: object = None) -> None:
    """``future.cancel()``; ``msg`` is ignored."""

def create_failure(exception: BaseException | None = None) -> Failure:
    """A ``Failure`` for ``exception``, or for the exception being handled."""

@overload
def add_callbacks(
    future: Deferred[_T],
    callback: Callable[[_T], Deferred[_R]],
    errback: None,
) -> Deferred[_R]: ...
@overload
def add_callbacks(
    future: Deferred[_T],
    callback: Callable[[_T], _R],
    errback: None,
) -> Deferred[_R]: ...
@overload
def add_callbacks(
    future: Deferred[_T],
    callback: None,
    errback: Callable[[Failure], Failure],
) -> Deferred[_T]: ...
@overload
def add_callbacks(
    future: Deferred[_T],
    callback: None,
    errback: Callable[[Failure], Deferred[_S]],
) -> Deferred[_T | _S]: ...
@overload
def add_callbacks(
    future: Deferred[_T],
    callback: None,
    errback: Callable[[Failure], _S],
) -> Deferred[_T | _S]: ...
@overload
def add_callbacks(
    future: Deferred[_T],
    callback: Callable[[_T], Deferred[_R]],
    errback: Callable[[Failure], Failure],
) -> Deferred[_R]: ...
@overload
def add_callbacks(
    future: Deferred[_T],
    callback: Callable[[_T], Deferred[_R]],
    errback: Callable[[Failure], Deferred[_S]],
) -> Deferred[_R | _S]: ...
@overload
def add_callbacks(
    future: Deferred[_T],
    callback: Callable[[_T], Deferred[_R]],
    errback: Callable[[Failure], _S],
) -> Deferred[_R | _S]: ...
@overload
def add_callbacks(
    future: Deferred[_T],
    callback: Callable[[_T], _R],
    errback: Callable[[Failure], Failure],
) -> Deferred[_R]: ...
@overload
def add_callbacks(
    future: Deferred[_T],
    callback: Callable[[_T], _R],
    errback: Callable[[Failure], Deferred[_S]],
) -> Deferred[_R | _S]: ...
@overload
def add_callbacks(
    future: Deferred[_T],
    callback: Callable[[_T], _R],
    errback: Callable[[Failure], _S],
) -> Deferred[_R | _S]:
    """``future.addCallbacks(callback, errback)``; returns ``future``.

    Deferred chaining applies: the Deferred's result becomes what the
    callback (or errback) returned, a returned Deferred is waited for, and an
    errback returning its ``Failure`` keeps the Deferred failed. An exception
    raised by ``callback`` is not passed to ``errback``. At least one of the
    two must be given.
    """

@overload
def gather(  # pyright: ignore[reportOverlappingOverload]
    futures: Iterable[Deferred[_T]], consume_exceptions: Literal[True] = True
) -> Deferred[list[_T | Failure]]: ...
@overload
def gather(
    futures: Iterable[Deferred[_T]], consume_exceptions: Literal[False]
) -> Deferred[list[_T]]: ...
@overload
def gather(
    futures: Iterable[Deferred[_T]], consume_exceptions: bool
) -> Deferred[list[_T]] | Deferred[list[_T | Failure]]: ...

# Fallback for futures of different result types (no single _T). It only
# matches when the overloads above do not, which pyright's overlap check
# (silenced on the first overload) does not take into account.
@overload
def gather(
    futures: Iterable[Deferred[Any]], consume_exceptions: bool = True
) -> Deferred[list[object]]:
    """A ``DeferredList`` whose result is the list of results.

    With ``consume_exceptions=True`` a failed Deferred's slot holds its
    ``Failure``; with ``False`` the result fails if any of them failed (after
    all of them are done).
    """

def sleep(delay: float) -> Deferred[None]:
    """A Deferred that fires with ``None`` after ``delay`` seconds."""

def time_ns() -> int:
    """``time.time_ns()``."""

def perf_counter_ns() -> int:
    """``time.perf_counter_ns()``."""
