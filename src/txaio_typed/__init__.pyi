"""txaio-typed: one codebase on asyncio or Twisted, precisely typed.

Select a framework once with :func:`use_asyncio` or :func:`use_twisted`; the
functions of this module then belong to that framework. The result type ``T``
of a :data:`Future` flows through ``resolve``, ``add_callbacks``, ``gather``
and ``await``.
"""

from collections.abc import Callable, Coroutine, Iterable, Mapping
from types import TracebackType
from typing import Any, Final, Literal, ParamSpec, TypeVar, overload

from txaio_typed import aio as aio
from txaio_typed import interfaces as interfaces
from txaio_typed import tx as tx
from txaio_typed._api import Api as Api
from txaio_typed._api import Canceller, Error, Loop
from txaio_typed._api import Config as Config
from txaio_typed._log_core import LogOutput
from txaio_typed._types import DeferredLike as DeferredLike
from txaio_typed._types import FrameworkName as FrameworkName
from txaio_typed._types import Future as Future
from txaio_typed._types import ReactorTime as ReactorTime
from txaio_typed._types import Unset
from txaio_typed.interfaces import IBatchedTimer as IBatchedTimer
from txaio_typed.interfaces import IDelayedCall as IDelayedCall
from txaio_typed.interfaces import IFailedFuture as IFailedFuture
from txaio_typed.interfaces import ILogger as ILogger
from txaio_typed.interfaces import LogLevel as LogLevel
from txaio_typed.interfaces import is_failure as is_failure
from txaio_typed.interfaces import is_log_level as is_log_level
from txaio_typed.interfaces import log_levels as log_levels

__all__ = [
    "Api",
    "Config",
    "DeferredLike",
    "Future",
    "IBatchedTimer",
    "IDelayedCall",
    "IFailedFuture",
    "ILogger",
    "LogLevel",
    "ReactorTime",
    "__version__",
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
    "framework",
    "gather",
    "get_global_log_level",
    "install_as_txaio",
    "is_called",
    "is_failure",
    "is_future",
    "is_log_level",
    "log_levels",
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
    "version",
    "with_config",
]

_T = TypeVar("_T")
_R = TypeVar("_R")
_R2 = TypeVar("_R2")
_P = ParamSpec("_P")
_E = TypeVar("_E", bound=BaseException)

__version__: Final[str]
"""The version of txaio-typed."""

version: Final[str]
"""The version of txaio-typed (same as ``__version__``)."""

framework: FrameworkName | None
"""``"asyncio"`` or ``"twisted"`` once selected, None before."""

_explicit_framework: FrameworkName | None
"""Upstream txaio's name for :data:`framework` (Autobahn reads it)."""

using_asyncio: bool
"""True once asyncio is selected."""

using_twisted: bool
"""True once Twisted is selected."""

CancelledError: type[BaseException]
"""The selected framework's cancellation exception (``asyncio.CancelledError``
or ``twisted.internet.defer.CancelledError``); present once selected.
``isinstance(fail.value, txaio_typed.CancelledError)`` recognises a cancelled
future in an errback on both frameworks."""

config: Config
"""The selected framework's configuration (``config.loop``)."""

def use_asyncio() -> None:
    """Use asyncio from now on. Calling it again does nothing.

    Raises ``RuntimeError`` when Twisted was already selected.
    """

def use_twisted() -> None:
    """Use Twisted from now on. Calling it again does nothing.

    Raises ``RuntimeError`` when asyncio was already selected, and
    ``ImportError`` when Twisted is not installed.
    """

def install_as_txaio() -> None:
    """Make ``import txaio`` (and ``import txaio.<submodule>``) give txaio-typed.

    Call it once at start-up, before anything imports ``txaio``: from then on
    ``txaio`` is this module, and ``txaio.aio``, ``txaio.tx``,
    ``txaio.testutil`` ... are txaio-typed's modules of those names, for the
    rest of the process. Calling it again does nothing. Raises
    ``RuntimeError`` when upstream ``txaio`` was imported already.
    """

def time_ns() -> int:
    """Nanoseconds since the epoch (UTC); works before selection."""

def perf_counter_ns() -> int:
    """A monotonic performance counter in nanoseconds; works before selection."""

def with_config(loop: Loop | None = None) -> Api:
    """Return an API object whose functions all use ``loop``.

    It has every function of this module. On asyncio ``loop`` is an event
    loop; on Twisted a reactor or a ``twisted.internet.task.Clock``. Raises
    ``RuntimeError`` before a framework is selected.
    """

@overload
def create_future(
    result: Unset = ...,
    error: Unset = ...,
    canceller: Canceller[Any] | Unset | None = ...,
) -> Future[Any]:
    """Create a future: pending, or resolved with ``result``, or failed
    with ``error``.

    ``canceller(f)`` runs inside ``cancel(f)`` while ``f`` is pending; if it
    settles ``f``, that outcome stands. Raises ``ValueError`` for ``result``
    and ``error`` together, ``TypeError`` for an ``error`` that is neither an
    exception nor a failure.
    """

@overload
def create_future(
    result: _T,
    error: Unset = ...,
    canceller: Canceller[_T] | Unset | None = ...,
) -> Future[_T]: ...
@overload
def create_future(
    result: Unset = ...,
    *,
    error: Error,
    canceller: Canceller[Any] | Unset | None = ...,
) -> Future[Any]: ...
def create_future_success(result: _T) -> Future[_T]:
    """Return a future already resolved with ``result``."""

def create_future_error(error: Error | None = None) -> Future[Any]:
    """Return a future already failed with ``error`` (default: the exception
    being handled).

    Raises ``RuntimeError`` for None outside an ``except`` block,
    ``TypeError`` (also a ``RuntimeError``) for anything but an exception or
    a failure. Any ``BaseException`` is accepted, ``StopIteration`` too.
    """

@overload
def as_future(
    fun: Callable[_P, Coroutine[Any, Any, _T]], *args: _P.args, **kwargs: _P.kwargs
) -> Future[_T]:
    """Call ``fun(*args, **kwargs)`` and return its outcome as a future.

    A returned future passes through, a coroutine is run, a value becomes a
    resolved future and an ``Exception`` a failed one; ``KeyboardInterrupt``
    and ``SystemExit`` propagate. On asyncio the loop is looked up first:
    without one, ``RuntimeError`` is raised and ``fun`` is not called.
    Raises ``TypeError`` (also a ``RuntimeError``) when ``fun`` returns an
    async generator.
    """

@overload
def as_future(
    fun: Callable[_P, Future[_T]], *args: _P.args, **kwargs: _P.kwargs
) -> Future[_T]: ...
@overload
def as_future(
    fun: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
) -> Future[_T]: ...
def is_future(obj: object) -> bool:
    """True for a future of the selected framework (asyncio: also a coroutine)."""

def is_called(future: Future[Any]) -> bool:
    """True once ``future`` has a result or a failure (or was cancelled)."""

@overload
def resolve(future: Future[None], result: None = None) -> None:
    """Resolve ``future`` with ``result``.

    A cancelled future ignores it; a settled one raises the framework's error
    (``asyncio.InvalidStateError``, ``twisted.internet.defer.AlreadyCalledError``).
    """

@overload
def resolve(future: Future[_T], result: _T) -> None: ...
def reject(future: Future[Any], error: Error | None = None) -> None:
    """Fail ``future`` with ``error`` (default: the exception being handled).

    Raises ``TypeError`` (also a ``RuntimeError``, as upstream raised) for
    anything but an exception or a failure, ``RuntimeError`` for None outside
    an ``except`` block. Any ``BaseException`` is accepted (on asyncio a
    ``StopIteration`` is stored as the ``RuntimeError`` asyncio uses for it;
    errbacks still see the ``StopIteration``). A cancelled future ignores
    it; a settled one raises the framework's error.
    """

def cancel(future: Future[Any], msg: str | None = None) -> None:
    """Cancel ``future``; its canceller runs before this returns.

    A canceller runs at most once; if it raises, the error is reported to
    the framework (the loop's exception handler, Twisted's log) and the
    future is cancelled all the same. ``msg`` becomes the ``CancelledError``
    message on asyncio (Twisted's carries none).
    """

@overload
def add_callbacks(
    future: Future[_T], callback: Callable[[_T], Future[_R]], errback: None
) -> Future[_R]:
    """Run ``callback(result)`` or ``errback(failure)`` when ``future`` settles.

    Returns a future of what ran (on Twisted: the same Deferred): the return
    value (or the outcome of a returned future), or the exception raised.
    ``callback=None`` passes a result through, ``errback=None`` a failure.
    Callbacks added to one future form one chain, as on Twisted (on asyncio:
    a future txaio-typed made; each ``add_callbacks`` on a Task or another
    foreign future receives that future's own outcome). Cancelling the
    returned future from inside its own callback does nothing. Raises
    ``TypeError`` at the call when ``future`` is not a future of the
    framework, when both callbacks are None or when one is not callable.
    """

@overload
def add_callbacks(
    future: Future[_T], callback: Callable[[_T], _R], errback: None
) -> Future[_R]: ...
@overload
def add_callbacks(
    future: Future[_T], callback: None, errback: Callable[[IFailedFuture], _R]
) -> Future[_T | _R]: ...
@overload
def add_callbacks(
    future: Future[_T],
    callback: Callable[[_T], _R],
    errback: Callable[[IFailedFuture], _R2],
) -> Future[_R | _R2]: ...
@overload
def gather(
    futures: Iterable[Future[_T] | Coroutine[Any, Any, _T]],
    consume_exceptions: Literal[True] = True,
) -> Future[list[_T | IFailedFuture]]:
    """Return a future of the results of ``futures``, in their order.

    With ``consume_exceptions`` (the default) a failed input's slot holds
    its ``IFailedFuture``; without, the result fails with the first failure.
    Each input keeps its own outcome for its other consumers; a failure
    gather did not take is reported by the framework if nobody handles it.
    Cancelling it cancels every pending input, even if a canceller raises.
    Every item is checked before any coroutine starts (``TypeError``).
    """

@overload
def gather(  # pyright: ignore[reportOverlappingOverload] - a bool may be False
    futures: Iterable[Future[_T] | Coroutine[Any, Any, _T]],
    consume_exceptions: Literal[False],
) -> Future[list[_T]]: ...
@overload
def gather(
    futures: Iterable[Future[_T] | Coroutine[Any, Any, _T]],
    consume_exceptions: bool,
) -> Future[list[_T | IFailedFuture]]: ...
def call_later(
    delay: float, fun: Callable[_P, object], *args: _P.args, **kwargs: _P.kwargs
) -> IDelayedCall:
    """Call ``fun(*args, **kwargs)`` after ``delay`` seconds.

    Returns a handle whose ``cancel()`` stops the call. Raises ``TypeError``
    when ``delay`` is not a number, ``ValueError`` for a negative or
    non-finite delay.
    """

def sleep(delay: float) -> Future[None]:
    """Return a future resolved with None after ``delay`` seconds.

    Raises ``TypeError`` when ``delay`` is not a number, ``ValueError`` for
    a negative or non-finite delay.
    """

@overload
def create_failure(exception: None = None) -> IFailedFuture:
    """Wrap ``exception`` (default: the one being handled) in a failure.

    Raises ``RuntimeError`` for None outside an ``except`` block,
    ``TypeError`` for something that is not an exception.
    """

@overload
def create_failure(exception: _E) -> IFailedFuture[_E]: ...
def failure_message(fail: IFailedFuture) -> str:
    """``"ExceptionClass: message"`` on one line; never raises."""

def failure_traceback(fail: IFailedFuture) -> TracebackType | None:
    """The traceback of ``fail``, or None where none was kept; never raises."""

def failure_format_traceback(fail: IFailedFuture) -> str:
    """The traceback of ``fail`` formatted for printing; never raises."""

def make_batched_timer(bucket_seconds: float, chunk_size: int = 100) -> IBatchedTimer:
    """Return a timer that groups calls into buckets of ``bucket_seconds``.

    Raises ``ValueError`` for ``bucket_seconds <= 0`` or ``chunk_size < 1``.
    """

def make_logger(
    level: LogLevel | None = None,
    logger: Callable[..., object] | None = None,
    observer: Callable[[dict[str, Any]], object] | None = None,
) -> ILogger:
    """Return a logger named after the calling module, class or function.

    ``level`` fixes this logger's level (else it follows the global one).
    ``logger`` and ``observer`` are Twisted's (see ``tx.make_logger``): the
    ``twisted.logger.Logger`` class to publish through, or a test double,
    and where its events go instead of Twisted's global publisher; they are
    accepted once Twisted is selected, and raise ``TypeError`` before a
    selection and on asyncio. Works before a framework is selected. Raises
    ``ValueError`` for an unknown level.
    """

def start_logging(
    out: LogOutput | Unset | None = Unset.UNSET, level: LogLevel = "info"
) -> None:
    """Start writing log events at ``level`` or more severe to ``out``.

    ``out`` is a text or binary stream (anything with ``write()``); when it
    is not given, ``sys.stdout``; None writes nothing. Raises ``ValueError``
    for an unknown level, ``TypeError`` for an ``out`` without ``write()``.
    """

def set_global_log_level(level: LogLevel) -> None:
    """Set the level of every logger that has no level of its own.

    Raises ``ValueError`` for an unknown level.
    """

def get_global_log_level() -> LogLevel:
    """Return the global log level."""

def add_log_categories(categories: Mapping[str, str]) -> None:
    """Add message templates used for ``log_category=`` keys."""
