"""The asyncio backend: the txaio API typed with ``asyncio.Future[T]``.

Import it directly (``from txaio_typed import aio``) in asyncio-only code, or
select it for the neutral front with ``txaio_typed.use_asyncio()``. Every
function is also available on the object returned by :func:`with_config`,
which uses its own event loop.

The loop is looked up on every call: ``config.loop`` when it is set,
otherwise the running loop, otherwise the loop set for the current thread.
In the main thread a loop is created and set when there is none (with no
``DeprecationWarning``); in any other thread a ``RuntimeError`` says that no
loop is available rather than installing one behind the caller's back.
"""

from __future__ import annotations

import abc
import asyncio
import builtins
import functools
import threading
import warnings
import weakref
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from types import AsyncGeneratorType, CoroutineType, TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    Final,
    Generic,
    Literal,
    TypeAlias,
    cast,
    overload,
)

from typing_extensions import TypeVar

from txaio_typed import _failure
from txaio_typed._batched import BatchedTimer
from txaio_typed._log_aio import (
    add_log_categories,
    get_global_log_level,
    make_logger,
    set_global_log_level,
    start_logging,
)
from txaio_typed._types import UNSET, P, R, T, Unset
from txaio_typed._util import (
    check_delay,
    current_exception,
    perf_counter_ns,
    time_ns,
)
from txaio_typed.interfaces import (
    IDelayedCall,
    IDelayedCallABC,
    IFailedFuture,
    IFailedFutureABC,
    ILogger,
)
from txaio_typed.interfaces import log_levels as log_levels

if TYPE_CHECKING:
    from typing import Self

__all__ = [
    "AsyncioApi",
    "CancelledError",
    "Config",
    "FailedFuture",
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
    "using_asyncio",
    "using_twisted",
    "with_config",
]

_E_co = TypeVar("_E_co", bound=BaseException, covariant=True, default=BaseException)
_R2 = TypeVar("_R2")

CancelledError: Final[type[asyncio.CancelledError]] = asyncio.CancelledError
"""The exception a cancelled future fails with (``asyncio.CancelledError``)."""

using_asyncio: Final = True
"""True: this is the asyncio backend (``txaio_typed.using_asyncio`` once selected)."""
using_twisted: Final = False
"""False: this is not the Twisted backend."""

Canceller: TypeAlias = Callable[["asyncio.Future[T]"], object]
"""Called with the future when it is cancelled, before it is marked cancelled."""


class FailedFuture(Generic[_E_co]):
    """The asyncio :class:`~txaio_typed.interfaces.IFailedFuture`.

    Holds an exception with its type and traceback, so an errback can still
    print the traceback outside the ``except`` block. ``value``, ``type`` and
    ``tb`` have the same meaning as on Twisted's ``Failure``.
    """

    __slots__ = ("_traceback", "_type", "_value")

    def __init__(
        self,
        type_: builtins.type[_E_co],
        value: _E_co,
        traceback: TracebackType | None,
    ) -> None:
        self._type = type_
        self._value = value
        self._traceback = traceback

    @property
    def value(self) -> _E_co:
        """The exception instance."""
        return self._value

    @property
    def type(self) -> builtins.type[_E_co]:
        """The exception's class."""
        return self._type

    @property
    def tb(self) -> TracebackType | None:
        """The traceback, or None where none was captured."""
        return self._traceback

    def __str__(self) -> str:
        return _failure.failure_message(self)

    def __repr__(self) -> str:
        return f"<FailedFuture {_failure.failure_message(self)}>"


_E = TypeVar("_E", bound=BaseException)


def _failure_of(exc: _E) -> FailedFuture[_E]:
    return FailedFuture(type(exc), exc, exc.__traceback__)


class _ChainFuture(asyncio.Future[T]):
    """The futures this backend makes: a real ``asyncio.Future`` that also
    knows the ``add_callbacks`` chain it belongs to (None until it has one).

    Every creator sets ``txaio_chain`` right after construction, so that
    making one costs no more than ``loop.create_future()``.
    """

    __slots__ = ("txaio_chain",)
    txaio_chain: _Chain | None


class _CancellableFuture(_ChainFuture[T]):
    """A future whose canceller runs inside ``cancel()``, as on Twisted.

    The canceller may settle the future itself; then that outcome stands and
    ``cancel()`` returns False. Otherwise the future is cancelled as usual.
    """

    def __init__(
        self,
        canceller: Callable[[asyncio.Future[T]], object],
        *,
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        super().__init__(loop=loop)
        self.txaio_chain = None
        self._txaio_canceller: Callable[[asyncio.Future[T]], object] | None = canceller

    def cancel(self, msg: Any | None = None) -> bool:
        canceller = self._txaio_canceller
        if canceller is not None and not self.done():
            self._txaio_canceller = None
            canceller(self)
        return super().cancel(msg)


class Config:
    """Where the asyncio backend finds its event loop.

    ``loop`` is read on every call; None means "the running loop, or the
    current thread's loop".
    """

    __slots__ = ("loop",)

    loop: asyncio.AbstractEventLoop | None
    """The event loop to use; None means the running or the thread's loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.loop = loop

    def __repr__(self) -> str:
        return f"Config(loop={self.loop!r})"


def _thread_loop() -> asyncio.AbstractEventLoop:
    """The running loop, else the current thread's loop (see the module doc)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    in_main_thread = threading.current_thread() is threading.main_thread()
    with warnings.catch_warnings():
        # Python 3.12 and 3.13 warn when get_event_loop() creates a loop;
        # creating one in the main thread is the documented behaviour here.
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return asyncio.get_event_loop()
        except RuntimeError:
            if not in_main_thread:
                raise RuntimeError(
                    "txaio_typed: no asyncio event loop in thread "
                    f"{threading.current_thread().name!r}; run this code inside "
                    "a running loop, call asyncio.set_event_loop(), or set "
                    "txaio_typed.config.loop (or use with_config(loop=...))"
                ) from None
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return loop


class AsyncioApi:
    """The txaio API on asyncio, bound to one :class:`Config`.

    The module-level functions of :mod:`txaio_typed.aio` are the methods of
    the default instance; :func:`with_config` makes others.
    """

    using_asyncio: Final = True
    using_twisted: Final = False
    CancelledError: Final[type[asyncio.CancelledError]] = asyncio.CancelledError

    time_ns: Final = staticmethod(time_ns)
    perf_counter_ns: Final = staticmethod(perf_counter_ns)
    make_logger: Final = staticmethod(make_logger)
    start_logging: Final = staticmethod(start_logging)
    set_global_log_level: Final = staticmethod(set_global_log_level)
    get_global_log_level: Final = staticmethod(get_global_log_level)
    add_log_categories: Final = staticmethod(add_log_categories)

    def __init__(self, config: Config) -> None:
        self.config: Final = config
        self.IFailedFuture: Final = IFailedFuture
        self.ILogger: Final = ILogger

    def _loop(self) -> asyncio.AbstractEventLoop:
        loop = self.config.loop
        if loop is not None:
            return loop
        return _thread_loop()

    def with_config(self, loop: asyncio.AbstractEventLoop | None = None) -> Self:
        """Return an API object that uses ``loop`` (see :func:`with_config`)."""
        return type(self)(self.config if loop is None else Config(loop))

    # -- futures ---------------------------------------------------------

    @overload
    def create_future(
        self,
        result: Unset = ...,
        error: Unset = ...,
        canceller: Canceller[Any] | Unset | None = ...,
    ) -> asyncio.Future[Any]: ...
    @overload
    def create_future(
        self,
        result: T,
        error: Unset = ...,
        canceller: Canceller[T] | Unset | None = ...,
    ) -> asyncio.Future[T]: ...
    @overload
    def create_future(
        self,
        result: Unset = ...,
        *,
        error: BaseException | IFailedFuture,
        canceller: Canceller[Any] | Unset | None = ...,
    ) -> asyncio.Future[Any]: ...
    def create_future(
        self,
        result: object = UNSET,
        error: BaseException | IFailedFuture | Unset = UNSET,
        canceller: Canceller[Any] | Unset | None = UNSET,
    ) -> asyncio.Future[Any]:
        """Create a future on the configured loop.

        With ``result`` it is already resolved, with ``error`` already failed
        (``error`` is an exception or an ``IFailedFuture``). ``canceller(f)``
        runs inside ``cancel(f)`` while ``f`` is still pending; if it settles
        ``f``, that outcome stands, otherwise ``f`` is cancelled.

        Raises ``ValueError`` when both ``result`` and ``error`` are given,
        ``TypeError`` when ``error`` is neither an exception nor a failure.
        """
        if result is not UNSET and error is not UNSET:
            raise ValueError("create_future() takes result or error, not both")
        loop = self.config.loop  # self._loop(), inlined on the hot path
        if loop is None:
            loop = _thread_loop()
        if canceller is UNSET or canceller is None:
            future: _ChainFuture[Any] = _ChainFuture(loop=loop)
            future.txaio_chain = None
        else:
            if not callable(canceller):
                raise TypeError(
                    "canceller must be callable or None, not "
                    f"{type(canceller).__name__}"
                )
            future = _CancellableFuture(canceller, loop=loop)
        if result is not UNSET:
            future.set_result(result)
        elif error is not UNSET:
            future.set_exception(_exception_of(error, "error"))
        return future

    def create_future_success(self, result: T) -> asyncio.Future[T]:
        """Return a future already resolved with ``result``."""
        loop = self.config.loop  # self._loop(), inlined on the hot path
        if loop is None:
            loop = _thread_loop()
        future: _ChainFuture[T] = _ChainFuture(loop=loop)
        future.txaio_chain = None
        future.set_result(result)
        return future

    def create_future_error(
        self, error: BaseException | IFailedFuture | None = None
    ) -> asyncio.Future[Any]:
        """Return a future already failed with ``error``.

        ``error`` is an exception or an ``IFailedFuture``; None means the
        exception being handled (raises ``RuntimeError`` outside ``except``).
        Raises ``TypeError`` for anything else.
        """
        loop = self.config.loop  # self._loop(), inlined on the hot path
        if loop is None:
            loop = _thread_loop()
        future: _ChainFuture[Any] = _ChainFuture(loop=loop)
        future.txaio_chain = None
        future.set_exception(_exception_of(error, "error"))
        return future

    @overload
    def as_future(
        self,
        fun: Callable[P, Coroutine[Any, Any, T]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> asyncio.Future[T]: ...
    @overload
    def as_future(
        self,
        fun: Callable[P, asyncio.Future[T]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> asyncio.Future[T]: ...
    @overload
    def as_future(
        self, fun: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> asyncio.Future[T]: ...
    def as_future(
        self, fun: Callable[P, Any], *args: P.args, **kwargs: P.kwargs
    ) -> asyncio.Future[Any]:
        """Call ``fun(*args, **kwargs)`` and return its outcome as a future.

        A returned future is passed through, a returned coroutine is run as a
        task on the configured loop, a returned :class:`FailedFuture` becomes
        a failed future (as a ``Failure`` does on Twisted), any other value a
        resolved future, and an ``Exception`` raised by ``fun`` becomes a failed
        future. ``KeyboardInterrupt`` and ``SystemExit`` propagate.

        Raises ``TypeError`` when ``fun`` returns an async generator (an
        ``async def`` with ``yield``), which cannot be awaited.
        """
        try:
            result = fun(*args, **kwargs)
        except Exception as exc:
            failed: _ChainFuture[Any] = _ChainFuture(loop=self._loop())
            failed.txaio_chain = None
            failed.set_exception(exc)
            return failed
        if isinstance(result, asyncio.Future):
            return result  # pyright: ignore[reportUnknownVariableType]
        if type(result) is CoroutineType or asyncio.iscoroutine(result):
            return self._loop().create_task(result)  # pyright: ignore[reportUnknownArgumentType]
        if isinstance(result, AsyncGeneratorType):
            raise TypeError(
                f"as_future() got an async generator from {fun!r}: an "
                "'async def' containing 'yield' cannot be awaited (did you "
                "mean 'await' instead of 'yield'?)"
            )
        if isinstance(result, FailedFuture):
            return self.create_future_error(cast("FailedFuture[BaseException]", result))
        return self.create_future_success(result)

    def is_future(self, obj: object) -> bool:
        """True for an ``asyncio.Future`` (including tasks) or a coroutine."""
        return isinstance(obj, asyncio.Future) or asyncio.iscoroutine(obj)

    def is_called(self, future: asyncio.Future[Any]) -> bool:
        """True once ``future`` has a result, an error or was cancelled."""
        return future.done()

    @overload
    def resolve(self, future: asyncio.Future[None], result: None = None) -> None: ...
    @overload
    def resolve(self, future: asyncio.Future[T], result: T) -> None: ...
    def resolve(self, future: asyncio.Future[Any], result: object = None) -> None:
        """Resolve ``future`` with ``result``.

        Resolving a future that was cancelled does nothing (as on Twisted);
        resolving one that already has a result raises
        ``asyncio.InvalidStateError``.
        """
        try:
            future.set_result(result)
        except asyncio.InvalidStateError:
            if not future.cancelled():
                raise

    def reject(
        self,
        future: asyncio.Future[Any],
        error: BaseException | IFailedFuture | None = None,
    ) -> None:
        """Fail ``future`` with ``error``.

        ``error`` is an exception (any ``BaseException``) or an
        ``IFailedFuture``; None means the exception being handled. Raises
        ``TypeError`` for anything else, ``RuntimeError`` for None outside an
        ``except`` block. Rejecting a cancelled future does nothing; rejecting
        a settled one raises ``asyncio.InvalidStateError``.
        """
        exc = _exception_of(error, "error")
        try:
            future.set_exception(exc)
        except asyncio.InvalidStateError:
            if not future.cancelled():
                raise

    def cancel(self, future: asyncio.Future[Any], msg: str | None = None) -> None:
        """Cancel ``future`` (a no-op once it is settled).

        A canceller given to ``create_future`` runs before this returns.
        ``msg`` becomes the ``CancelledError`` message.
        """
        future.cancel(msg)

    @overload
    def add_callbacks(
        self,
        future: asyncio.Future[T],
        callback: Callable[[T], asyncio.Future[R]],
        errback: None,
    ) -> asyncio.Future[R]: ...
    @overload
    def add_callbacks(
        self,
        future: asyncio.Future[T],
        callback: Callable[[T], R],
        errback: None,
    ) -> asyncio.Future[R]: ...
    @overload
    def add_callbacks(
        self,
        future: asyncio.Future[T],
        callback: None,
        errback: Callable[[FailedFuture], R],
    ) -> asyncio.Future[T | R]: ...
    @overload
    def add_callbacks(
        self,
        future: asyncio.Future[T],
        callback: Callable[[T], R],
        errback: Callable[[FailedFuture], _R2],
    ) -> asyncio.Future[R | _R2]: ...
    def add_callbacks(
        self,
        future: asyncio.Future[Any],
        callback: Callable[[Any], object] | None,
        errback: Callable[[FailedFuture], object] | None,
    ) -> asyncio.Future[Any]:
        """Run ``callback(result)`` or ``errback(failure)`` when ``future`` settles.

        Returns a future of what ran: it resolves with the callback's (or
        errback's) return value, or, when that value is a future, with that
        future's outcome; it fails with whatever the callback or errback
        raised. With ``callback=None`` a result passes through unchanged, with
        ``errback=None`` a failure does. Errbacks receive a
        :class:`FailedFuture`; a cancelled ``future`` reaches the errback as a
        failure holding ``asyncio.CancelledError``.

        As on Twisted, callbacks added to the same future form one chain:
        a second ``add_callbacks(future, ...)`` receives the outcome of the
        first, not ``future``'s own result.

        Raises ``TypeError`` when both are None.
        """
        if callback is None and errback is None:
            raise TypeError("add_callbacks() needs a callback or an errback")
        chain: _Chain | None
        if isinstance(future, _ChainFuture):
            chain = future.txaio_chain
            if chain is None:
                chain = future.txaio_chain = _Chain(future)
        else:
            chain = _chain_of_foreign(future)
        outcome: _ChainFuture[Any] = _ChainFuture(loop=future.get_loop())
        outcome.txaio_chain = chain
        chain.tail.add_done_callback(
            functools.partial(_run_callbacks, outcome, callback, errback)
        )
        chain.tail = outcome
        return outcome

    @overload
    def gather(
        self,
        futures: Iterable[Awaitable[T]],
        consume_exceptions: Literal[True] = True,
    ) -> asyncio.Future[list[T | FailedFuture]]: ...
    @overload
    def gather(  # pyright: ignore[reportOverlappingOverload] - a bool may be False
        self, futures: Iterable[Awaitable[T]], consume_exceptions: Literal[False]
    ) -> asyncio.Future[list[T]]: ...
    @overload
    def gather(
        self, futures: Iterable[Awaitable[T]], consume_exceptions: bool
    ) -> asyncio.Future[list[T | FailedFuture]]: ...
    def gather(
        self, futures: Iterable[Awaitable[Any]], consume_exceptions: bool = True
    ) -> asyncio.Future[list[Any]]:
        """Return a future of the results of ``futures``, in their order.

        ``futures`` holds futures, tasks or coroutines (coroutines are run as
        tasks). With ``consume_exceptions`` (the default) it waits for all of
        them and a failed slot holds its :class:`FailedFuture`. Without, it
        fails as soon as one input fails, with that input's exception; the
        failures of the others are consumed, not reported as unhandled.
        Cancelling the returned future cancels the inputs still pending.
        """
        loop = self._loop()
        # A future of this loop is used as is (what ensure_future returns for
        # it), without the cost of the ensure_future call.
        children: list[asyncio.Future[Any]] = [
            item
            if isinstance(item, asyncio.Future) and item.get_loop() is loop
            else asyncio.ensure_future(item, loop=loop)
            for item in futures
        ]
        gathered: asyncio.Future[list[Any]] = _CancellableFuture(
            functools.partial(_cancel_all, children), loop=loop
        )
        if not children:
            gathered.set_result([])
            return gathered
        _Gathering(gathered, children, consume_exceptions)
        return gathered

    def call_later(
        self,
        delay: float,
        fun: Callable[P, object],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> asyncio.TimerHandle:
        """Call ``fun(*args, **kwargs)`` after ``delay`` seconds.

        Returns the loop's ``TimerHandle``; its ``cancel()`` stops the call.
        Raises ``ValueError`` for a negative or non-finite delay.
        """
        check_delay(delay)
        loop = self.config.loop  # self._loop(), inlined on the hot path
        if loop is None:
            loop = _thread_loop()
        if kwargs:
            return loop.call_later(delay, functools.partial(fun, *args, **kwargs))
        return loop.call_later(delay, fun, *args)  # pyright: ignore[reportCallIssue, reportUnknownVariableType]

    def sleep(self, delay: float) -> asyncio.Future[None]:
        """Return a future that resolves with None after ``delay`` seconds.

        Uses the configured loop. Raises ``ValueError`` for a negative or
        non-finite delay.
        """
        check_delay(delay)
        loop = self._loop()
        future: _ChainFuture[None] = _ChainFuture(loop=loop)
        future.txaio_chain = None
        handle = loop.call_later(delay, _resolve_if_pending, future)
        future.add_done_callback(lambda _: handle.cancel())
        return future

    def make_batched_timer(
        self, bucket_seconds: float, chunk_size: int = 100
    ) -> BatchedTimer[asyncio.AbstractEventLoop]:
        """Return a timer that groups calls into buckets of ``bucket_seconds``.

        Its ``call_later(delay, func, *args, **kwargs)`` takes the same
        arguments as :meth:`call_later`. A call fires at the end of the
        bucket holding its due time: never early, at most one bucket late
        (sub-second buckets work). Each non-empty bucket holds one delayed
        call on the loop, which is looked up on every call. When a bucket
        fires, its calls run ``chunk_size`` at a time, one chunk per turn of
        the loop; exceptions they raise are passed to the loop's exception
        handler together, as one ``ExceptionGroup``, after the last chunk.
        Raises ``ValueError`` for ``bucket_seconds <= 0`` or
        ``chunk_size < 1``, ``TypeError`` for arguments of the wrong type.
        """
        return BatchedTimer(
            bucket_seconds,
            chunk_size,
            loop=self._loop,
            seconds=self._seconds,
            call_later=self._schedule,
        )

    @staticmethod
    def _seconds(loop: asyncio.AbstractEventLoop) -> float:
        return loop.time()

    @staticmethod
    def _schedule(
        loop: asyncio.AbstractEventLoop, delay: float, fun: Callable[[], object]
    ) -> IDelayedCall:
        return loop.call_later(delay, fun)

    # -- failures --------------------------------------------------------

    @overload
    def create_failure(self, exception: None = None) -> FailedFuture: ...
    @overload
    def create_failure(self, exception: _E) -> FailedFuture[_E]: ...
    def create_failure(self, exception: BaseException | None = None) -> FailedFuture:
        """Wrap ``exception`` (default: the one being handled) in a failure.

        Raises ``RuntimeError`` when ``exception`` is None outside an
        ``except`` block, ``TypeError`` when it is not an exception.
        """
        if exception is None:
            return _failure_of(current_exception())
        if not isinstance(exception, BaseException):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(
                f"create_failure() takes an exception, not {type(exception).__name__}"
            )
        return _failure_of(exception)

    def failure_message(self, fail: IFailedFuture) -> str:
        """``"ExceptionClass: message"`` on one line; never raises."""
        return _failure.failure_message(fail)

    def failure_traceback(self, fail: IFailedFuture) -> TracebackType | None:
        """The traceback of ``fail``, or None where none was captured."""
        return fail.tb

    def failure_format_traceback(self, fail: IFailedFuture) -> str:
        """The traceback of ``fail`` formatted as Python prints it; never raises."""
        return _failure.format_exception(fail)


def _exception_of(error: object, argument: str) -> BaseException:
    """The exception that ``error`` (exception, failure or None) stands for."""
    if error is None:
        return current_exception()
    if isinstance(error, BaseException):
        return error
    if isinstance(error, FailedFuture):  # ours: skip the Protocol check
        return cast(FailedFuture, error).value
    if isinstance(error, IFailedFuture):
        return cast(IFailedFuture, error).value
    raise TypeError(
        f"{argument} must be an exception or an IFailedFuture, not "
        f"{type(error).__name__}"
    )


class _Chain:
    """The futures made by ``add_callbacks`` from one future, like one Deferred.

    ``tail`` is the newest; the next callbacks wait for it. The futures of
    the chain that this backend made hold the chain (``txaio_chain``), and
    the chain holds its tail: reference cycles, which the garbage collector
    frees (reporting an error nobody consumed) once the caller lets go.
    """

    __slots__ = ("__weakref__", "tail")

    def __init__(self, tail: asyncio.Future[Any]) -> None:
        self.tail = tail


#: Chains that start at a future this backend did not make (a Task, a
#: future from ``loop.create_future()``). The chain is held weakly: a strong
#: value would keep its key alive through a failed tail's traceback. While
#: any future of the chain is alive, so is the chain; after that, the next
#: ``add_callbacks`` on the foreign future starts a new chain.
_foreign_chains: weakref.WeakKeyDictionary[asyncio.Future[Any], weakref.ref[_Chain]] = (
    weakref.WeakKeyDictionary()
)


def _chain_of_foreign(future: asyncio.Future[Any]) -> _Chain:
    known = _foreign_chains.get(future)
    chain = None if known is None else known()
    if chain is None:
        chain = _Chain(future)
        _foreign_chains[future] = weakref.ref(chain)
    return chain


def _resolve_if_pending(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _cancel_all(children: list[asyncio.Future[Any]], _: object) -> None:
    for child in children:
        child.cancel()


def _settle_from(outcome: asyncio.Future[Any], source: asyncio.Future[Any]) -> None:
    if outcome.done():
        return
    if source.cancelled():
        outcome.cancel()
        return
    exc = source.exception()
    if exc is None:
        outcome.set_result(source.result())
    else:
        outcome.set_exception(exc)


def _run_callbacks(
    outcome: asyncio.Future[Any],
    callback: Callable[[Any], object] | None,
    errback: Callable[[FailedFuture], object] | None,
    future: asyncio.Future[Any],
) -> None:
    if outcome.done():  # the caller cancelled the outcome
        if not future.cancelled():
            future.exception()  # consumed: the caller asked not to hear of it
        return
    if future.cancelled():
        exc: BaseException | None = _cancelled_error(future)
    else:
        exc = future.exception()
    handler: Callable[[Any], object] | None
    if exc is None:
        handler, argument = callback, future.result()
    else:
        handler, argument = errback, _failure_of(exc)
    if handler is None:
        _settle_from(outcome, future)
        return
    try:
        value = handler(argument)
    except BaseException as raised:
        outcome.set_exception(raised)
        if not isinstance(raised, Exception):
            raise
        return
    if isinstance(value, asyncio.Future):
        chained: asyncio.Future[Any] = value  # pyright: ignore[reportUnknownVariableType]
        chained.add_done_callback(functools.partial(_settle_from, outcome))
    else:
        outcome.set_result(value)


def _cancelled_error(future: asyncio.Future[Any]) -> asyncio.CancelledError:
    try:
        future.result()
    except asyncio.CancelledError as exc:
        return exc
    return asyncio.CancelledError()  # pragma: no cover - only called when cancelled


class _Gathering:
    """Collects the results of ``children`` into ``gathered``."""

    __slots__ = ("consume", "gathered", "pending", "results")

    def __init__(
        self,
        gathered: asyncio.Future[list[Any]],
        children: list[asyncio.Future[Any]],
        consume: bool,
    ) -> None:
        self.gathered = gathered
        self.consume = consume
        self.pending = len(children)
        self.results: list[Any] = [None] * len(children)
        for index, child in enumerate(children):
            child.add_done_callback(functools.partial(self.child_done, index))

    def child_done(self, index: int, child: asyncio.Future[Any]) -> None:
        gathered = self.gathered
        if child.cancelled():
            exc: BaseException | None = _cancelled_error(child)
        else:
            exc = child.exception()
        self.pending -= 1
        if exc is None:
            self.results[index] = child.result()
        elif self.consume:
            self.results[index] = _failure_of(exc)
        elif not gathered.done():
            gathered.set_exception(exc)
        if self.pending == 0 and not gathered.done():
            gathered.set_result(self.results)


IFailedFutureABC.register(FailedFuture)
# Registered with the Protocol too, so that isinstance() answers from a cache.
cast("abc.ABCMeta", IFailedFuture).register(FailedFuture)
IDelayedCallABC.register(asyncio.Handle)

config: Final = Config()
"""The default configuration: set ``config.loop`` to pin a loop."""

_default_api: Final = AsyncioApi(config)


def with_config(loop: asyncio.AbstractEventLoop | None = None) -> AsyncioApi:
    """Return an API object whose functions all use ``loop``.

    Its configuration is separate from :data:`config`. ``loop=None`` gives an
    object that shares :data:`config` (as on Twisted), so it follows
    ``config.loop`` like the module functions.
    """
    if loop is None:
        return AsyncioApi(config)
    return AsyncioApi(Config(loop))


create_future: Final = _default_api.create_future
create_future_success: Final = _default_api.create_future_success
create_future_error: Final = _default_api.create_future_error
as_future: Final = _default_api.as_future
is_future: Final = _default_api.is_future
is_called: Final = _default_api.is_called
resolve: Final = _default_api.resolve
reject: Final = _default_api.reject
cancel: Final = _default_api.cancel
add_callbacks: Final = _default_api.add_callbacks
gather: Final = _default_api.gather
call_later: Final = _default_api.call_later
sleep: Final = _default_api.sleep
create_failure: Final = _default_api.create_failure
failure_message: Final = _default_api.failure_message
failure_traceback: Final = _default_api.failure_traceback
failure_format_traceback: Final = _default_api.failure_format_traceback
make_batched_timer: Final = _default_api.make_batched_timer
