"""Types for the framework-neutral API of upstream ``txaio`` 26.6.

At runtime ``txaio`` rebinds these names when ``use_asyncio()`` or
``use_twisted()`` is called (before that, every function raises
``RuntimeError``). These stubs describe the API after a framework was
chosen, and only promise what holds on both frameworks: a future is
``_Future[T]``, i.e. an ``asyncio.Future[T]`` or a Twisted ``Deferred[T]``,
and a failure is an ``IFailedFuture``.

For framework-specific precision, use ``txaio.aio`` or ``txaio.tx``.

Names starting with ``_`` (``_Future``, ``_LogLevel``...) exist only in the
stubs: import them under ``typing.TYPE_CHECKING``.
"""

# The stub-only names (``_Future``, ``_LogLevel``...) are shared between the
# modules of this package.
# pyright: reportPrivateUsage=false

import asyncio
from collections.abc import Callable, Coroutine, Generator, Iterable, Mapping
from types import TracebackType
from typing import (
    IO,
    Any,
    Generic,
    Literal,
    Never,
    ParamSpec,
    Protocol,
    TypeAlias,
    TypeVar,
    overload,
)

from txaio import interfaces as interfaces
from txaio._version import __version__ as __version__
from txaio.interfaces import IBatchedTimer, _DelayedCall, _LogLevel, _MessageLevel
from txaio.interfaces import IFailedFuture as IFailedFuture
from txaio.interfaces import ILogger as ILogger

__all__ = (
    "IFailedFuture",
    "ILogger",
    "add_callbacks",
    "add_log_categories",
    "as_future",
    "call_later",
    "cancel",
    "config",
    "create_failure",
    "create_future",
    "create_future_error",
    "create_future_success",
    "failure_format_traceback",
    "failure_message",
    "failure_traceback",
    "gather",
    "get_global_log_level",
    "is_called",
    "is_future",
    "make_batched_timer",
    "make_logger",
    "perf_counter_ns",
    "reject",
    "resolve",
    "set_global_log_level",
    "sleep",
    "start_logging",
    "time_ns",
    "use_asyncio",
    "use_twisted",
    "using_asyncio",
    "using_twisted",
    "with_config",
)

_T = TypeVar("_T")
_P = ParamSpec("_P")
_LoopT = TypeVar("_LoopT")

class _DeferredLike(Protocol[_T]):
    """The part of Twisted's ``Deferred[T]`` the neutral stubs rely on.

    A structural stand-in, so that the stubs keep checking result types when
    Twisted is not installed. ``Deferred[T]`` matches it. Like ``Deferred``
    it is invariant in ``T``. Stub-only.
    """

    def callback(self, result: _T, /) -> None: ...
    def __await__(self) -> Generator[Any, Any, _T]: ...

_Future: TypeAlias = asyncio.Future[_T] | _DeferredLike[_T]
"""A txaio future: ``asyncio.Future[T]`` on asyncio, ``Deferred[T]`` on
Twisted. Invariant in ``T``. Stub-only."""

class _ReactorLike(Protocol):
    """Anything with Twisted's ``callLater``: the reactor or a ``task.Clock``.

    Twisted types ``twisted.internet.reactor`` through zope interfaces that
    type checkers cannot bind, so this spells out the one method needed.
    Stub-only.
    """

    def callLater(
        self,
        delay: float,
        callable: Callable[..., object],
        *args: object,
        **kw: object,
    ) -> object: ...

_Loop: TypeAlias = asyncio.AbstractEventLoop | _ReactorLike
"""An asyncio event loop or a Twisted reactor (or ``Clock``). Stub-only."""

_Error: TypeAlias = Exception | IFailedFuture
"""What ``reject`` and friends accept as the error. Stub-only."""

class _Config(Generic[_LoopT]):
    """The configuration object behind ``txaio.config``."""

    loop: _LoopT | None
    """The event loop (asyncio) or reactor (Twisted) txaio uses.

    ``None`` until set: asyncio then uses the current thread's event loop
    (creating one if needed), Twisted imports the global reactor on first
    use and stores it here.
    """

using_twisted: bool
"""True once ``use_twisted()`` was called."""

using_asyncio: bool
"""True once ``use_asyncio()`` was called."""

version: str
"""The version of upstream txaio, as ``__version__``."""

_explicit_framework: Literal["asyncio", "twisted"] | None
"""The framework selected by ``use_asyncio()`` or ``use_twisted()``, None
before (a private name of upstream txaio that Autobahn and zlmdb read)."""

config: _Config[_Loop]
"""The global configuration; set ``txaio.config.loop`` to choose the loop."""

def use_twisted() -> None:
    """Select Twisted for the whole process.

    Calling it again is harmless; raises ``RuntimeError`` if asyncio was
    selected before.
    """

def use_asyncio() -> None:
    """Select asyncio for the whole process.

    Calling it again is harmless; raises ``RuntimeError`` if Twisted was
    selected before.
    """

class _Api(Protocol):
    """The object ``with_config()`` returns: the future/timer part of the
    API bound to its own configuration. Stub-only."""

    def failure_message(self, fail: IFailedFuture) -> str: ...
    def failure_traceback(self, fail: IFailedFuture) -> TracebackType | None: ...
    def failure_format_traceback(self, fail: IFailedFuture) -> str: ...
    @overload
    def create_future(
        self, *, canceller: Callable[[_Future[Any]], object] = ...
    ) -> _Future[Any]: ...
    @overload
    def create_future(
        self, result: _T, *, canceller: Callable[[_Future[_T]], object] = ...
    ) -> _Future[_T]: ...
    @overload
    def create_future(
        self,
        result: Never = ...,
        error: _Error | None = ...,
        canceller: Callable[[_Future[Any]], object] = ...,
    ) -> _Future[Any]: ...
    def create_future_success(self, result: _T) -> _Future[_T]: ...
    def create_future_error(self, error: _Error | None = None) -> _Future[Any]: ...
    @overload
    def as_future(
        self,
        fun: Callable[_P, Coroutine[Any, Any, _T]],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> _Future[_T]: ...
    @overload
    def as_future(
        self, fun: Callable[_P, _Future[_T]], *args: _P.args, **kwargs: _P.kwargs
    ) -> _Future[_T]: ...
    @overload
    def as_future(
        self, fun: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
    ) -> _Future[_T]: ...
    def is_future(self, obj: object) -> bool: ...
    def call_later(
        self,
        delay: float,
        fun: Callable[_P, object],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> _DelayedCall: ...
    def make_batched_timer(
        self, bucket_seconds: float, chunk_size: int = 100
    ) -> IBatchedTimer: ...
    def is_called(self, future: _Future[Any]) -> bool: ...
    @overload
    def resolve(self, future: _Future[None], result: None = None) -> None: ...
    @overload
    def resolve(self, future: _Future[_T], result: _T) -> None: ...
    def reject(self, future: _Future[Any], error: _Error | None = None) -> None: ...
    def cancel(self, future: _Future[Any], msg: str | None = None) -> None: ...
    def create_failure(
        self, exception: BaseException | None = None
    ) -> IFailedFuture: ...
    def add_callbacks(
        self,
        future: _Future[_T],
        callback: Callable[[_T], object] | None,
        errback: Callable[[IFailedFuture], object] | None,
    ) -> _DeferredLike[Any] | None: ...
    @overload
    def gather(  # pyright: ignore[reportOverlappingOverload]
        self,
        futures: Iterable[_Future[_T]],
        consume_exceptions: Literal[True] = True,
    ) -> _Future[list[_T | BaseException | IFailedFuture]]: ...
    @overload
    def gather(
        self, futures: Iterable[_Future[_T]], consume_exceptions: Literal[False]
    ) -> _Future[list[_T]]: ...
    @overload
    def gather(
        self, futures: Iterable[_Future[_T]], consume_exceptions: bool
    ) -> _Future[list[_T]] | _Future[list[_T | BaseException | IFailedFuture]]: ...
    # Fallback for futures of different result types (no single _T). It only
    # matches when the overloads above do not, which pyright's overlap check
    # (silenced on the first overload) does not take into account.
    @overload
    def gather(
        self, futures: Iterable[_Future[Any]], consume_exceptions: bool = True
    ) -> _Future[list[object]]: ...
    def sleep(self, delay: float) -> _Future[None]: ...

def with_config(loop: _Loop | None = None) -> _Api:
    """Return the API bound to its own configuration.

    On asyncio, functions of the returned object use ``loop`` instead of
    ``txaio.config.loop``. Twisted has one reactor: passing a ``loop``
    different from an already configured ``txaio.config.loop`` raises
    ``RuntimeError``. The logging functions are not part of the result.
    """

@overload
def create_future(
    *, canceller: Callable[[_Future[Any]], object] = ...
) -> _Future[Any]: ...
@overload
def create_future(
    result: _T, *, canceller: Callable[[_Future[_T]], object] = ...
) -> _Future[_T]: ...
@overload
def create_future(
    result: Never = ...,
    error: _Error | None = ...,
    canceller: Callable[[_Future[Any]], object] = ...,
) -> _Future[Any]:
    """Create a new future, pending, resolved or failed.

    ``create_future()`` is pending; ``create_future(result)`` is resolved
    with ``result``; ``create_future(error=exc_or_failure)`` has failed.
    Passing both ``result`` and ``error`` raises ``ValueError``.
    ``canceller`` is called with the future when it gets cancelled.
    """

def create_future_success(result: _T) -> _Future[_T]:
    """Return a future already resolved with ``result``."""

def create_future_error(error: _Error | None = None) -> _Future[Any]:
    """Return a future that has already failed with ``error``.

    ``error`` may be an exception or an ``IFailedFuture``; ``None`` (the
    default) means the exception currently being handled, so only call it
    without an argument inside an ``except`` block.
    """

@overload
def as_future(
    fun: Callable[_P, Coroutine[Any, Any, _T]], *args: _P.args, **kwargs: _P.kwargs
) -> _Future[_T]: ...
@overload
def as_future(
    fun: Callable[_P, _Future[_T]], *args: _P.args, **kwargs: _P.kwargs
) -> _Future[_T]: ...
@overload
def as_future(
    fun: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
) -> _Future[_T]:
    """Call ``fun(*args, **kwargs)`` and always return a future.

    A coroutine becomes a Task (asyncio) or a Deferred (Twisted); a future
    returned by ``fun`` is returned as it is; any other value gives a
    resolved future; an exception raised by ``fun`` gives a failed future.
    """

def is_future(obj: object) -> bool:
    """True for a future of the selected framework.

    On asyncio coroutine objects count as futures too; on Twisted only
    ``Deferred`` instances do.
    """

def reject(future: _Future[Any], error: _Error | None = None) -> None:
    """Fail ``future`` with ``error`` (an exception or an ``IFailedFuture``).

    Without ``error`` the exception currently being handled is used (call
    it inside an ``except`` block). Anything else raises ``RuntimeError``.
    """

@overload
def resolve(future: _Future[None], result: None = None) -> None: ...
@overload
def resolve(future: _Future[_T], result: _T) -> None:
    """Resolve ``future`` with ``result`` (``None`` by default).

    Resolving a future twice raises (``InvalidStateError`` on asyncio,
    ``AlreadyCalledError`` on Twisted).
    """

def cancel(future: _Future[Any], msg: str | None = None) -> None:
    """Cancel ``future``. ``msg`` is passed on by asyncio, ignored by Twisted."""

def create_failure(exception: BaseException | None = None) -> IFailedFuture:
    """Wrap an exception into an ``IFailedFuture``.

    Without an argument (or with a falsy one), wraps the exception currently
    being handled: call it inside an ``except`` block (on Twisted it raises
    otherwise).
    """

# Not overloaded to reject callback=None with errback=None: with overloads
# over the _Future union, mypy no longer infers a lambda callback's parameter.
def add_callbacks(
    future: _Future[_T],
    callback: Callable[[_T], object] | None,
    errback: Callable[[IFailedFuture], object] | None,
) -> _DeferredLike[Any] | None:
    """Call ``callback(result)`` or ``errback(failure)`` when ``future`` is done.

    Give at least one of the two (Twisted asserts it). What is returned
    differs per framework: ``None`` on asyncio, the same Deferred on Twisted
    (whose result is then what the callbacks returned, as Deferred chaining
    does). Do not rely on it in framework-neutral code.

    Also differing: on asyncio an exception raised by ``callback`` is passed
    to ``errback``; on Twisted it is not.
    """

@overload
def gather(  # pyright: ignore[reportOverlappingOverload]
    futures: Iterable[_Future[_T]], consume_exceptions: Literal[True] = True
) -> _Future[list[_T | BaseException | IFailedFuture]]: ...
@overload
def gather(
    futures: Iterable[_Future[_T]], consume_exceptions: Literal[False]
) -> _Future[list[_T]]: ...
@overload
def gather(
    futures: Iterable[_Future[_T]], consume_exceptions: bool
) -> _Future[list[_T]] | _Future[list[_T | BaseException | IFailedFuture]]: ...

# Fallback for futures of different result types (no single _T). It only
# matches when the overloads above do not, which pyright's overlap check
# (silenced on the first overload) does not take into account.
@overload
def gather(
    futures: Iterable[_Future[Any]], consume_exceptions: bool = True
) -> _Future[list[object]]:
    """Return a future for the list of results of all ``futures``.

    With ``consume_exceptions=True`` (the default) a failed future's slot
    holds its error: the exception on asyncio, an ``IFailedFuture`` (a
    Twisted ``Failure``) on Twisted. With ``False`` the result future fails
    if any of them fails, and the list holds only results.

    Futures of different result types give a ``list[object]``.
    """

def is_called(future: _Future[Any]) -> bool:
    """True once ``future`` has a result, an error, or was cancelled."""

def call_later(
    delay: float, fun: Callable[_P, object], *args: _P.args, **kwargs: _P.kwargs
) -> _DelayedCall:
    """Call ``fun(*args, **kwargs)`` after ``delay`` seconds.

    Returns the framework's delayed call (``asyncio.TimerHandle`` or a
    Twisted ``IDelayedCall``); the one method to rely on is ``cancel()``.
    """

def failure_message(fail: IFailedFuture) -> str:
    """A one-line message: the exception's class name and its text."""

def failure_traceback(fail: IFailedFuture) -> TracebackType | None:
    """The traceback of the failure, if it has one.

    A failure created from an exception instance outside of an ``except``
    block has none.
    """

def failure_format_traceback(fail: IFailedFuture) -> str:
    """The failure's traceback, formatted as text."""

def make_batched_timer(bucket_seconds: float, chunk_size: int = 100) -> IBatchedTimer:
    """Create a timer that batches ``call_later`` calls into buckets.

    :param bucket_seconds: width of a bucket in seconds; calls due within
        the same bucket fire together.
    :param chunk_size: how many calls of a bucket are run before yielding
        to the event loop.
    """

def make_logger(
    level: _LogLevel | None = None,
    logger: Callable[..., object] = ...,
    observer: Callable[[dict[str, Any]], object] | None = None,
) -> ILogger:
    """Create a logger whose namespace is the calling module, class or function.

    The arguments are Twisted's (upstream's asyncio ``make_logger()`` takes
    none and raises ``TypeError`` for them): ``level`` fixes this logger's
    level, ``logger`` is the ``twisted.logger.Logger`` class (or a test
    double) it wraps, ``observer`` receives its events instead of Twisted's
    global log publisher. ``txaio.tx.make_logger`` types them precisely.
    """

def start_logging(
    out: IO[str] | IO[bytes] | None = ..., level: _MessageLevel = "info"
) -> None:
    """Start writing log messages up to ``level`` to ``out`` (stdout by default).

    Only the first call has an effect. An unknown level raises
    ``RuntimeError``. ``None`` writes nothing on Twisted (upstream's
    asyncio fails on the first message). ``"none"`` is accepted by Twisted
    only (asyncio raises ``KeyError``), so it is not part of the neutral
    signature.
    """

def set_global_log_level(level: _LogLevel) -> None:
    """Change the level of all loggers created by txaio."""

def get_global_log_level() -> _LogLevel:
    """The current global log level."""

def add_log_categories(categories: Mapping[str, str]) -> None:
    """Register message formats by category.

    A log call with ``log_category="X"`` uses the format registered for
    ``"X"`` instead of the message it was given.
    """

def sleep(delay: float) -> _Future[None]:
    """Return a future that resolves with ``None`` after ``delay`` seconds."""

def time_ns() -> int:
    """The current time (UTC) in nanoseconds, as ``time.time_ns()``."""

def perf_counter_ns() -> int:
    """A performance counter in nanoseconds, as ``time.perf_counter_ns()``."""
