"""The asyncio backend's implementation: :class:`AsyncioApi` and its helpers.

The public module is :mod:`txaio_typed.aio`; see its documentation.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import sys
import threading
import warnings
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from types import AsyncGeneratorType, CoroutineType, TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    Final,
    Literal,
    TypeAlias,
    cast,
    overload,
)

from txaio_typed import _failure
from txaio_typed._aio_chain import OK, Chain, chain_of, fire_all, hang
from txaio_typed._aio_chain import CancellableFuture as _CancellableFuture
from txaio_typed._aio_chain import ChainFuture as _ChainFuture
from txaio_typed._aio_chain import new_future as _new_future
from txaio_typed._aio_chain import run_guarded as _run_guarded
from txaio_typed._aio_chain import seen_failure as _seen_failure
from txaio_typed._aio_chain import storable as _storable
from txaio_typed._batched import BatchedTimer
from txaio_typed._errors import (
    FutureTypeError,
    async_generator_error,
    error_type_error,
    exception_type_error,
    future_type_error,
    result_and_error,
)
from txaio_typed._failure import FailedFuture, failure_of
from txaio_typed._log_aio import (
    add_log_categories,
    get_global_log_level,
    make_logger,
    set_global_log_level,
    start_logging,
)
from txaio_typed._typevars import R2, E, P, R, T
from txaio_typed._unset import UNSET, Unset
from txaio_typed._util import (
    check_callbacks,
    check_canceller,
    check_delay,
    current_exception,
    perf_counter_ns,
    time_ns,
)
from txaio_typed.interfaces import (
    IDelayedCall,
    IDelayedCallABC,
    IFailedFuture,
    ILogger,
)

if TYPE_CHECKING:
    from typing import Self

__all__ = [
    "AsyncioApi",
    "CancelledError",
    "Canceller",
    "Config",
    "config",
    "default_api",
    "using_asyncio",
    "using_twisted",
]


# Module globals for the hot paths: one lookup instead of two.
_Future: Final = asyncio.Future
# On a new future, which has no chain yet.
_set_result: Final = asyncio.Future[Any].set_result
_set_exception: Final = asyncio.Future[Any].set_exception
_partial: Final = functools.partial
_PLAIN_TYPES: Final = _failure.PLAIN_TYPES

CancelledError: Final[type[asyncio.CancelledError]] = asyncio.CancelledError
"""The exception a cancelled future fails with (``asyncio.CancelledError``)."""

using_asyncio: Final[Literal[True]] = True
"""True: this is the asyncio backend (``txaio_typed.using_asyncio`` once selected)."""
using_twisted: Final[Literal[False]] = False
"""False: this is not the Twisted backend."""

Canceller: TypeAlias = Callable[["asyncio.Future[T]"], object]
"""Called with the future when it is cancelled, before it is marked cancelled."""


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
        """The asyncio backend's :func:`txaio_typed.with_config`.

        ``loop`` is an event loop. ``loop=None`` gives an object that shares this
        object's configuration (as on Twisted): ``aio.with_config()`` follows
        ``aio.config.loop`` like the module functions.
        """
        return type(self)(self.config if loop is None else Config(loop))

    # -- futures ---------------------------------------------------------

    @overload
    def create_future(
        self,
        result: Unset = ...,
        error: BaseException | IFailedFuture | Unset = ...,
        canceller: Canceller[Any] | Unset | None = ...,
    ) -> asyncio.Future[Any]: ...
    @overload
    def create_future(
        self,
        result: T,
        error: Unset = ...,
        canceller: Canceller[T] | Unset | None = ...,
    ) -> asyncio.Future[T]: ...
    def create_future(
        self,
        result: object = UNSET,
        error: BaseException | IFailedFuture | Unset = UNSET,
        canceller: Canceller[Any] | Unset | None = UNSET,
    ) -> asyncio.Future[Any]:
        """The asyncio backend's :func:`txaio_typed.create_future`.

        An ``asyncio.Future`` of the configured loop (see the module doc for how
        the loop is found).
        """
        if result is not UNSET and error is not UNSET:
            raise result_and_error()
        loop = self.config.loop  # self._loop(), inlined on the hot path
        if loop is None:
            loop = _thread_loop()
        if canceller is UNSET or canceller is None:
            # _new_future(loop), inlined on the hot path:
            future: _ChainFuture[Any] = _ChainFuture(loop=loop)
            future.txaio_chain = None
        else:
            check_canceller(canceller)
            future = _CancellableFuture(canceller, loop=loop)
        if result is not UNSET:
            _set_result(future, result)
        elif error is not UNSET:
            _set_exception(future, _storable(_exception_of(error)))
        return future

    def create_future_success(self, result: T) -> asyncio.Future[T]:
        """The asyncio backend's :func:`txaio_typed.create_future_success`:
        an ``asyncio.Future`` of the configured loop.
        """
        loop = self.config.loop  # self._loop(), inlined on the hot path
        if loop is None:
            loop = _thread_loop()
        # _new_future(loop), inlined on the hot path:
        future: _ChainFuture[T] = _ChainFuture(loop=loop)
        future.txaio_chain = None
        _set_result(future, result)
        return future

    def create_future_error(
        self, error: BaseException | IFailedFuture | None = None
    ) -> asyncio.Future[Any]:
        """The asyncio backend's :func:`txaio_typed.create_future_error`.

        An ``asyncio.Future`` of the configured loop; a ``StopIteration`` is
        stored as the ``RuntimeError`` asyncio uses for it (errbacks still see the
        ``StopIteration``).
        """
        loop = self.config.loop  # self._loop(), inlined on the hot path
        if loop is None:
            loop = _thread_loop()
        # _new_future(loop), inlined on the hot path:
        future: _ChainFuture[Any] = _ChainFuture(loop=loop)
        future.txaio_chain = None
        # _exception_of(error), inlined for this backend's own failures
        exc: BaseException = (
            error.value if type(error) is FailedFuture else _exception_of(error)
        )
        if isinstance(exc, StopIteration):  # (the call skipped on the hot path)
            exc = _storable(exc)
        _set_exception(future, exc)
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
        """The asyncio backend's :func:`txaio_typed.as_future`.

        A returned coroutine runs as a task on the configured loop; a returned
        :class:`FailedFuture` becomes a failed future (as a ``Failure`` does on
        Twisted). The loop is looked up before ``fun`` is called: where there is
        none (see the module doc), ``RuntimeError`` is raised and ``fun`` does not
        run.
        """
        loop = self.config.loop  # self._loop(), inlined on the hot path
        if loop is None:
            loop = _thread_loop()
        future: _ChainFuture[Any]
        try:
            result = fun(*args, **kwargs)
        except Exception as exc:
            future = _new_future(loop)
            _set_exception(future, _storable(exc))
            return future
        if type(result) is CoroutineType:
            return loop.create_task(result)  # pyright: ignore[reportUnknownArgumentType, reportUnknownVariableType]
        if type(result) not in _PLAIN_TYPES:
            if isinstance(result, _Future):
                return result  # pyright: ignore[reportUnknownVariableType]
            if asyncio.iscoroutine(result):
                return loop.create_task(result)
            if isinstance(result, AsyncGeneratorType):
                raise async_generator_error(fun)
            if isinstance(result, FailedFuture):
                failed = cast("FailedFuture[BaseException]", result)
                future = _new_future(loop)
                _set_exception(future, _storable(failed.value))
                return future
        # _new_future(loop), inlined on the hot path:
        future = _ChainFuture(loop=loop)
        future.txaio_chain = None
        _set_result(future, result)
        return future

    def is_future(self, obj: object) -> bool:
        """The asyncio backend's :func:`txaio_typed.is_future`: True for an
        ``asyncio.Future`` (tasks included) or a coroutine.
        """
        return isinstance(obj, asyncio.Future) or asyncio.iscoroutine(obj)

    def is_called(self, future: asyncio.Future[Any]) -> bool:
        """The asyncio backend's :func:`txaio_typed.is_called`: ``future.done()``,
        or, for a future whose chain waits for a future a callback returned,
        True (as a Deferred's ``called``)."""
        if future.done():
            return True
        if isinstance(future, _ChainFuture):
            chain = future.txaio_chain
            return chain is not None and chain.fired
        return False

    @overload
    def resolve(self, future: asyncio.Future[None], result: None = None) -> None: ...
    @overload
    def resolve(self, future: asyncio.Future[T], result: T) -> None: ...
    def resolve(self, future: asyncio.Future[Any], result: object = None) -> None:
        """The asyncio backend's :func:`txaio_typed.resolve`.

        A future that already has an outcome raises ``asyncio.InvalidStateError``.
        """
        try:
            if future.__class__ is _ChainFuture:
                # future.set_result(result), inlined on the hot path
                own: _ChainFuture[Any] = future  # pyright: ignore[reportAssignmentType]
                chain = own.txaio_chain
                if chain is None:
                    _set_result(own, result)
                    return
                if not chain.fired:
                    chain.fired = True
                    chain.state = OK
                    chain.value = result
                    more = chain.run(own)
                    if more is not None:
                        fire_all(more)
                    return
            future.set_result(result)
        except asyncio.InvalidStateError:
            if not future.cancelled():
                raise

    def reject(
        self,
        future: asyncio.Future[Any],
        error: BaseException | IFailedFuture | None = None,
    ) -> None:
        """The asyncio backend's :func:`txaio_typed.reject`.

        A future that already has an outcome raises ``asyncio.InvalidStateError``.
        """
        exc = _storable(_exception_of(error))
        try:
            future.set_exception(exc)
        except asyncio.InvalidStateError:
            if not future.cancelled():
                raise

    def cancel(self, future: asyncio.Future[Any], msg: str | None = None) -> None:
        """The asyncio backend's :func:`txaio_typed.cancel`: ``msg`` becomes the
        ``CancelledError``'s message.
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
        errback: Callable[[FailedFuture], R2],
    ) -> asyncio.Future[R | R2]: ...
    def add_callbacks(
        self,
        future: asyncio.Future[Any],
        callback: Callable[[Any], object] | None,
        errback: Callable[[FailedFuture], object] | None,
    ) -> asyncio.Future[Any]:
        """The asyncio backend's :func:`txaio_typed.add_callbacks`.

        Errbacks receive a :class:`FailedFuture`; a cancelled ``future`` reaches
        them as one holding ``asyncio.CancelledError``. The callbacks added to
        one future (of this backend, a Task or any other asyncio future) form one
        chain, as on Twisted, which runs to its end in the loop step in which the
        future settles. A pending future of this backend is returned itself: as
        a Deferred, it runs its chain when it is settled and takes its outcome.
        Any other future keeps its own result; the chain's outcome goes to a
        future of this backend, which is returned. ``TypeError`` (also an
        ``AttributeError``/``AssertionError``, as upstream failed) for a
        ``future`` that is not an asyncio future.
        """
        if not (callable(callback) and callable(errback)):
            check_callbacks(callback, errback)  # one of them None, or an error
        chain: Chain | None
        if isinstance(future, _ChainFuture):
            chain = future.txaio_chain
            if chain is None:
                if not future.done():  # the usual case: the future is the outcome
                    future.txaio_chain = Chain(callback, errback, None)
                    return future
                chain = future.txaio_chain = Chain(callback, errback, None)
                chain.start_later(future)
                return chain.result_future(future)
        elif isinstance(future, asyncio.Future):  # pyright: ignore[reportUnnecessaryIsInstance]
            chain = chain_of(future)
            if chain is None:
                outcome = _new_future(future.get_loop())
                hang(future, Chain(callback, errback, outcome))
                return outcome
        else:
            raise _not_a_future("add_callbacks", future)
        chain.add(future, callback, errback)
        return chain.result_future(future)

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
        """The asyncio backend's :func:`txaio_typed.gather`.

        ``futures`` holds futures, tasks, coroutines (run as tasks) or other
        asyncio awaitables; a failed slot holds its :class:`FailedFuture`. An
        error raised by an input's canceller goes to the loop's exception handler;
        a failure that reached an input after the gathered future settled is
        reported by asyncio if nobody retrieves it. ``TypeError`` (also an
        ``AttributeError``) for an item that is not an asyncio awaitable (a Twisted
        ``Deferred`` included), ``ValueError`` for a future of another loop.
        """
        loop = self._loop()
        children: list[Any] = list(futures)
        to_wrap = False
        for item in children:
            if isinstance(item, _Future):
                if item.get_loop() is not loop:
                    raise ValueError(
                        f"gather() got a future of another event loop: {item!r}"
                    )
            elif asyncio.iscoroutine(item) or _foreign_awaitable(item):
                to_wrap = True
            else:
                raise _not_a_future("gather", item)
        if to_wrap:
            # Only now that every item is known to be good: a future of this
            # loop is used as is (what ensure_future returns for it).
            children = [
                item
                if isinstance(item, asyncio.Future)
                else asyncio.ensure_future(item, loop=loop)
                for item in children
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
        """The asyncio backend's :func:`txaio_typed.call_later`: returns the
        loop's ``TimerHandle``.
        """
        check_delay(delay)
        loop = self.config.loop  # self._loop(), inlined on the hot path
        if loop is None:
            loop = _thread_loop()
        if kwargs:
            return loop.call_later(delay, functools.partial(fun, *args, **kwargs))
        return loop.call_later(delay, fun, *args)  # pyright: ignore[reportCallIssue, reportUnknownVariableType]

    def sleep(self, delay: float) -> asyncio.Future[None]:
        """The asyncio backend's :func:`txaio_typed.sleep`: on the configured loop;
        cancelling the future cancels the timer.
        """
        check_delay(delay)
        loop = self._loop()
        future: asyncio.Future[None] = _new_future(loop)
        handle = loop.call_later(delay, _resolve_if_pending, future)
        future.add_done_callback(lambda _: handle.cancel())
        return future

    def make_batched_timer(
        self, bucket_seconds: float, chunk_size: int = 100
    ) -> BatchedTimer[asyncio.AbstractEventLoop]:
        """The asyncio backend's :func:`txaio_typed.make_batched_timer`.

        Each non-empty bucket holds one delayed call on the loop, which is looked
        up on every call; one chunk of calls runs per turn of the loop, and their
        exceptions go to the loop's exception handler together, as one
        ``ExceptionGroup``, after the last chunk.
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
    def create_failure(self, exception: E) -> FailedFuture[E]: ...
    def create_failure(self, exception: BaseException | None = None) -> FailedFuture:
        """The asyncio backend's :func:`txaio_typed.create_failure`: a
        :class:`FailedFuture`.
        """
        if exception is None:
            return failure_of(current_exception())
        if not isinstance(exception, BaseException):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise exception_type_error(exception)
        return failure_of(exception)

    def failure_message(self, fail: IFailedFuture) -> str:
        """The asyncio backend's :func:`txaio_typed.failure_message` (the same on
        Twisted).
        """
        return _failure.failure_message(fail)

    def failure_traceback(self, fail: IFailedFuture) -> TracebackType | None:
        """The asyncio backend's :func:`txaio_typed.failure_traceback`: the
        traceback the failure captured.
        """
        return _failure.traceback_of(fail)

    def failure_format_traceback(self, fail: IFailedFuture) -> str:
        """The asyncio backend's :func:`txaio_typed.failure_format_traceback`:
        formatted as Python prints an uncaught exception.
        """
        return _failure.format_traceback(fail)


def _exception_of(error: object) -> BaseException:
    """The exception that ``error`` (exception, failure or None) stands for."""
    if error is None:
        return current_exception()
    if isinstance(error, BaseException):
        return error
    if isinstance(error, FailedFuture):  # ours: skip the Protocol check
        return cast(FailedFuture, error).value
    if isinstance(error, IFailedFuture):
        return cast(IFailedFuture, error).value
    raise error_type_error(error)


def _not_a_future(function: str, value: object) -> FutureTypeError:
    if asyncio.iscoroutine(value):
        hint = " (wrap a coroutine with as_future() to get a future)"
    elif _is_deferred(value):
        hint = " (a Twisted Deferred: this is the asyncio backend)"
    else:
        hint = ""
    what = "an asyncio future" if function == "add_callbacks" else "awaitables"
    return future_type_error(function, value, what, hint)


def _is_deferred(value: object) -> bool:
    defer = sys.modules.get("twisted.internet.defer")
    return defer is not None and isinstance(value, defer.Deferred)


def _foreign_awaitable(item: object) -> bool:
    """True for an awaitable asyncio can run that is not a future or a
    coroutine (a Twisted ``Deferred``, awaitable only under Twisted, is not)."""
    return inspect.isawaitable(item) and not _is_deferred(item)


def _resolve_if_pending(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _cancel_all(
    children: list[asyncio.Future[Any]], gathered: asyncio.Future[Any]
) -> None:
    """Cancel every child; one whose cancel() raises does not stop the rest."""
    for child in children:
        _run_guarded(_cancel_child, child)


def _cancel_child(child: asyncio.Future[Any]) -> None:
    child.cancel()


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
            child.add_done_callback(_partial(self.child_done, index))

    def child_done(self, index: int, child: asyncio.Future[Any]) -> None:
        gathered = self.gathered
        if gathered.done():
            # Failed or cancelled already: the child's outcome is left to
            # its other consumers, unread.
            return
        try:
            exc = child.exception()
        except asyncio.CancelledError as cancelled:
            exc = cancelled
        self.pending -= 1
        if exc is None:
            self.results[index] = child.result()
        elif self.consume:
            self.results[index] = _seen_failure(exc)
        else:
            gathered.set_exception(exc)
            return
        if self.pending == 0:
            gathered.set_result(self.results)


IDelayedCallABC.register(asyncio.Handle)

config: Final = Config()
"""The default configuration: set ``config.loop`` to pin a loop."""

default_api: Final = AsyncioApi(config)
"""The API object whose methods are the module-level functions of
:mod:`txaio_typed.aio`."""
