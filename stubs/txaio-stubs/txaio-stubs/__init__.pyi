"""Types for the framework-neutral API of upstream ``txaio`` 26.6.

At runtime ``txaio`` rebinds these names when ``use_asyncio()`` or
``use_twisted()`` is called (before that, every function raises
``RuntimeError``). These stubs describe the API after a framework was
chosen. A function takes ``Future[T]``, an ``asyncio.Future[T]`` or a
Twisted ``Deferred[T]``, and returns a ``FrameworkFuture[T]``, which is by
default both (code that knows its framework uses that framework's API on
it) and in the strict mode (``TXAIO_STRICT`` true) the neutral
``Future[T]``. A failure is an ``IFailedFuture``.

For framework-specific precision, use ``txaio.aio`` or ``txaio.tx``.

``Future``, ``FrameworkFuture``, ``FrameworkLoop``,
``FrameworkDelayedCall``, ``DeferredLike``, ``DualFuture``, ``DualLoop``,
``DualDelayedCall``, ``TXAIO_STRICT`` and ``txaio.interfaces``'
``LogLevel``, ``LogLevelName``, ``MessageLevel``, ``MessageLevelName`` and
``IDelayedCall`` exist only in the stubs: import them under
``typing.TYPE_CHECKING``.
"""

# The stub-only names (``_Config``, ``_Api``...) are shared between the
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

from twisted.internet.base import DelayedCall
from twisted.internet.defer import Deferred
from txaio import interfaces as interfaces
from txaio._version import __version__ as __version__
from txaio.interfaces import (
    IBatchedTimer,
    IDelayedCall,
    LogLevel,
    LogLevelName,
    MessageLevelName,
)
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

class DeferredLike(Protocol[_T]):
    """The part of Twisted's ``Deferred[T]`` the neutral stubs rely on.

    A structural stand-in, so that the stubs keep checking result types when
    Twisted is not installed. ``Deferred[T]`` matches it. Like ``Deferred``
    it is invariant in ``T``. Stub-only.
    """

    def callback(self, result: _T, /) -> None: ...
    def __await__(self) -> Generator[Any, Any, _T]: ...

Future: TypeAlias = asyncio.Future[_T] | DeferredLike[_T]
"""A txaio future: ``asyncio.Future[T]`` on asyncio, ``Deferred[T]`` on
Twisted, what the functions take. Invariant in ``T``. Stub-only."""

class DualFuture(asyncio.Future[_T], Deferred[_T]):  # type: ignore[misc]  # pyright: ignore[reportIncompatibleVariableOverride]
    """A future that is both an ``asyncio.Future[T]`` and a ``Deferred[T]``.

    What the functions return by default (``FrameworkFuture``): a type
    checker cannot follow ``use_twisted()``, so Twisted code calls
    ``addBoth``, returns it as a ``Deferred[None]`` and yields it in
    ``@inlineCallbacks``, asyncio code calls ``set_result``, ``done()`` and
    ``result()``, and ``T`` is checked. Stub-only.
    """

    def cancel(self, msg: Any | None = None) -> bool:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """Cancel the future; True when it was pending (asyncio)."""

    def callback(self, result: _T) -> None:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """Fire with ``result`` (Twisted)."""

    # asyncio's result method, not the attribute a Deferred sets while it runs.
    @property
    def result(self) -> Callable[[], _T]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """The result (asyncio): ``future.result()`` raises while pending."""

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

class DualLoop(asyncio.AbstractEventLoop, _ReactorLike):  # type: ignore[misc]
    """An asyncio event loop that is a reactor too: what ``txaio.config.loop``
    is by default (``asyncio.Future(loop=txaio.config.loop)``). Stub-only."""

class DualDelayedCall(asyncio.TimerHandle, DelayedCall):  # type: ignore[misc]
    """A delayed call that is both asyncio's ``TimerHandle`` and Twisted's
    ``DelayedCall``: what ``call_later`` returns by default (Twisted code
    calls ``active()``). Stub-only."""

    def cancel(self) -> None: ...
    # asyncio's cancelled method, not the attribute a DelayedCall sets.
    @property
    def cancelled(self) -> Callable[[], bool]: ...  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]

TXAIO_STRICT: Literal[False]
"""The strict mode's switch, only for type checkers: tell the checker it is
true (mypy ``always_true = TXAIO_STRICT``; pyright and basedpyright
``"defineConstant": {"TXAIO_STRICT": true}``) and the functions' results
offer no framework's own API, and levels must be ``LogLevel`` names.
pyrefly and ty cannot be told it. Stub-only."""

TYPE_CHECKING_WITH_PYREFLY: bool
"""True under pyrefly only (pyrefly's own name)."""

# mypy and pyright keep the first branch while the test is unknown; the
# elif keeps pyrefly, which follows both, on it too.
if not TXAIO_STRICT:
    _Returned: TypeAlias = DualFuture[_T]  # pyright: ignore[reportRedeclaration]
    _LoopRead: TypeAlias = DualLoop  # pyright: ignore[reportRedeclaration]
    _Chained: TypeAlias = DualFuture[Any]  # pyright: ignore[reportRedeclaration]
    _Call: TypeAlias = DualDelayedCall  # pyright: ignore[reportRedeclaration]
elif TYPE_CHECKING_WITH_PYREFLY:
    pass
else:
    _Returned: TypeAlias = Future[_T]  # type: ignore[no-redef, misc]  # pyright: ignore[reportRedeclaration]
    _LoopRead: TypeAlias = _Loop  # type: ignore[no-redef, misc]  # pyright: ignore[reportRedeclaration]
    _Chained: TypeAlias = DeferredLike[Any] | None  # type: ignore[no-redef, misc]  # pyright: ignore[reportRedeclaration]
    _Call: TypeAlias = IDelayedCall  # type: ignore[no-redef, misc]  # pyright: ignore[reportRedeclaration]

FrameworkFuture: TypeAlias = _Returned[_T]
"""What the functions return: by default a ``DualFuture[T]``, in the strict
mode the neutral ``Future[T]``. Stub-only."""

FrameworkDelayedCall: TypeAlias = _Call
"""What ``call_later`` returns: by default a ``DualDelayedCall``, in the
strict mode an ``IDelayedCall`` (``cancel()`` only). Stub-only."""

FrameworkLoop: TypeAlias = _LoopRead
"""What ``txaio.config.loop`` holds: by default a ``DualLoop``, in the
strict mode an asyncio loop or a reactor. Stub-only."""

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

class _NeutralConfig:
    """The type of ``txaio.config``: its ``loop`` reads as a
    ``FrameworkLoop``. Stub-only."""

    @property
    def loop(self) -> FrameworkLoop | None:
        """The event loop (asyncio) or reactor (Twisted) txaio uses; ``None``
        until set (see ``_Config.loop``)."""

    @loop.setter
    def loop(self, value: _Loop | None) -> None: ...

config: _NeutralConfig
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
        self, *, canceller: Callable[[Future[Any]], object] = ...
    ) -> FrameworkFuture[Any]: ...
    @overload
    def create_future(
        self, result: _T, *, canceller: Callable[[Future[_T]], object] = ...
    ) -> FrameworkFuture[_T]: ...
    @overload
    def create_future(
        self,
        result: Never = ...,
        error: _Error | None = ...,
        canceller: Callable[[Future[Any]], object] = ...,
    ) -> FrameworkFuture[Any]: ...
    def create_future_success(self, result: _T) -> FrameworkFuture[_T]: ...
    def create_future_error(
        self, error: _Error | None = None
    ) -> FrameworkFuture[Any]: ...
    @overload
    def as_future(
        self,
        fun: Callable[_P, Coroutine[Any, Any, _T]],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> FrameworkFuture[_T]: ...
    @overload
    def as_future(
        self, fun: Callable[_P, Future[_T]], *args: _P.args, **kwargs: _P.kwargs
    ) -> FrameworkFuture[_T]: ...
    @overload
    def as_future(
        self, fun: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
    ) -> FrameworkFuture[_T]: ...
    def is_future(self, obj: object) -> bool: ...
    def call_later(
        self,
        delay: float,
        fun: Callable[_P, object],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> FrameworkDelayedCall: ...
    def make_batched_timer(
        self, bucket_seconds: float, chunk_size: int = 100
    ) -> IBatchedTimer: ...
    def is_called(self, future: Future[Any]) -> bool: ...
    @overload
    def resolve(self, future: Future[None], result: None = None) -> None: ...
    @overload
    def resolve(self, future: Future[_T], result: _T) -> None: ...
    def reject(self, future: Future[Any], error: _Error | None = None) -> None: ...
    def cancel(self, future: Future[Any], msg: str | None = None) -> None: ...
    def create_failure(
        self, exception: BaseException | None = None
    ) -> IFailedFuture: ...
    def add_callbacks(
        self,
        future: Future[_T],
        callback: Callable[[_T], object] | None,
        errback: Callable[[IFailedFuture], object] | None,
    ) -> _Chained: ...
    @overload
    def gather(  # pyright: ignore[reportOverlappingOverload]
        self,
        futures: Iterable[Future[_T]],
        consume_exceptions: Literal[True] = True,
    ) -> FrameworkFuture[list[_T | BaseException | IFailedFuture]]: ...
    @overload
    def gather(
        self, futures: Iterable[Future[_T]], consume_exceptions: Literal[False]
    ) -> FrameworkFuture[list[_T]]: ...
    @overload
    def gather(
        self, futures: Iterable[Future[_T]], consume_exceptions: bool
    ) -> (
        FrameworkFuture[list[_T]]
        | FrameworkFuture[list[_T | BaseException | IFailedFuture]]
    ): ...
    # Fallback for futures of different result types (no single _T). It only
    # matches when the overloads above do not, which pyright's overlap check
    # (silenced on the first overload) does not take into account.
    @overload
    def gather(
        self, futures: Iterable[Future[Any]], consume_exceptions: bool = True
    ) -> FrameworkFuture[list[object]]: ...
    def sleep(self, delay: float) -> FrameworkFuture[None]: ...

def with_config(loop: _Loop | None = None) -> _Api:
    """Return the API bound to its own configuration.

    On asyncio, functions of the returned object use ``loop`` instead of
    ``txaio.config.loop``. Twisted has one reactor: passing a ``loop``
    different from an already configured ``txaio.config.loop`` raises
    ``RuntimeError``. The logging functions are not part of the result.
    """

@overload
def create_future(
    *, canceller: Callable[[Future[Any]], object] = ...
) -> FrameworkFuture[Any]: ...
@overload
def create_future(
    result: _T, *, canceller: Callable[[Future[_T]], object] = ...
) -> FrameworkFuture[_T]: ...
@overload
def create_future(
    result: Never = ...,
    error: _Error | None = ...,
    canceller: Callable[[Future[Any]], object] = ...,
) -> FrameworkFuture[Any]:
    """Create a new future, pending, resolved or failed.

    ``create_future()`` is pending; ``create_future(result)`` is resolved
    with ``result``; ``create_future(error=exc_or_failure)`` has failed.
    Passing both ``result`` and ``error`` raises ``ValueError``.
    ``canceller`` is called with the future when it gets cancelled.
    """

def create_future_success(result: _T) -> FrameworkFuture[_T]:
    """Return a future already resolved with ``result``."""

def create_future_error(error: _Error | None = None) -> FrameworkFuture[Any]:
    """Return a future that has already failed with ``error``.

    ``error`` may be an exception or an ``IFailedFuture``; ``None`` (the
    default) means the exception currently being handled, so only call it
    without an argument inside an ``except`` block.
    """

@overload
def as_future(
    fun: Callable[_P, Coroutine[Any, Any, _T]], *args: _P.args, **kwargs: _P.kwargs
) -> FrameworkFuture[_T]: ...
@overload
def as_future(
    fun: Callable[_P, Future[_T]], *args: _P.args, **kwargs: _P.kwargs
) -> FrameworkFuture[_T]: ...
@overload
def as_future(
    fun: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
) -> FrameworkFuture[_T]:
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

def reject(future: Future[Any], error: _Error | None = None) -> None:
    """Fail ``future`` with ``error`` (an exception or an ``IFailedFuture``).

    Without ``error`` the exception currently being handled is used (call
    it inside an ``except`` block). Anything else raises ``RuntimeError``.
    """

@overload
def resolve(future: Future[None], result: None = None) -> None: ...
@overload
def resolve(future: Future[_T], result: _T) -> None:
    """Resolve ``future`` with ``result`` (``None`` by default).

    Resolving a future twice raises (``InvalidStateError`` on asyncio,
    ``AlreadyCalledError`` on Twisted).
    """

def cancel(future: Future[Any], msg: str | None = None) -> None:
    """Cancel ``future``. ``msg`` is passed on by asyncio, ignored by Twisted."""

def create_failure(exception: BaseException | None = None) -> IFailedFuture:
    """Wrap an exception into an ``IFailedFuture``.

    Without an argument (or with a falsy one), wraps the exception currently
    being handled: call it inside an ``except`` block (on Twisted it raises
    otherwise).
    """

# Not overloaded to reject callback=None with errback=None: with overloads
# over the Future union, mypy no longer infers a lambda callback's parameter.
def add_callbacks(
    future: Future[_T],
    callback: Callable[[_T], object] | None,
    errback: Callable[[IFailedFuture], object] | None,
) -> _Chained:
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
    futures: Iterable[Future[_T]], consume_exceptions: Literal[True] = True
) -> FrameworkFuture[list[_T | BaseException | IFailedFuture]]: ...
@overload
def gather(
    futures: Iterable[Future[_T]], consume_exceptions: Literal[False]
) -> FrameworkFuture[list[_T]]: ...
@overload
def gather(
    futures: Iterable[Future[_T]], consume_exceptions: bool
) -> (
    FrameworkFuture[list[_T]]
    | FrameworkFuture[list[_T | BaseException | IFailedFuture]]
): ...

# Fallback for futures of different result types (no single _T). It only
# matches when the overloads above do not, which pyright's overlap check
# (silenced on the first overload) does not take into account.
@overload
def gather(
    futures: Iterable[Future[Any]], consume_exceptions: bool = True
) -> FrameworkFuture[list[object]]:
    """Return a future for the list of results of all ``futures``.

    With ``consume_exceptions=True`` (the default) a failed future's slot
    holds its error: the exception on asyncio, an ``IFailedFuture`` (a
    Twisted ``Failure``) on Twisted. With ``False`` the result future fails
    if any of them fails, and the list holds only results.

    Futures of different result types give a ``list[object]``.
    """

def is_called(future: Future[Any]) -> bool:
    """True once ``future`` has a result, an error, or was cancelled."""

def call_later(
    delay: float, fun: Callable[_P, object], *args: _P.args, **kwargs: _P.kwargs
) -> FrameworkDelayedCall:
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
    level: LogLevelName | None = None,
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
    out: IO[str] | IO[bytes] | None = ..., level: MessageLevelName = "info"
) -> None:
    """Start writing log messages up to ``level`` to ``out`` (stdout by default).

    Only the first call has an effect. An unknown level raises
    ``RuntimeError``. ``None`` writes nothing on Twisted (upstream's
    asyncio fails on the first message). ``"none"`` is accepted by Twisted
    only (asyncio raises ``KeyError``), so it is not part of the neutral
    signature.
    """

def set_global_log_level(level: LogLevelName) -> None:
    """Change the level of all loggers created by txaio."""

def get_global_log_level() -> LogLevel:
    """The current global log level."""

def add_log_categories(categories: Mapping[str, str]) -> None:
    """Register message formats by category.

    A log call with ``log_category="X"`` uses the format registered for
    ``"X"`` instead of the message it was given.
    """

def sleep(delay: float) -> FrameworkFuture[None]:
    """Return a future that resolves with ``None`` after ``delay`` seconds."""

def time_ns() -> int:
    """The current time (UTC) in nanoseconds, as ``time.time_ns()``."""

def perf_counter_ns() -> int:
    """A performance counter in nanoseconds, as ``time.perf_counter_ns()``."""
