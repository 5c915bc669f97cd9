"""The Twisted backend's implementation: :class:`TwistedApi` and its helpers.

The public module is :mod:`txaio_typed.tx`; see its documentation.
"""

from __future__ import annotations

import abc
from asyncio import iscoroutine
from collections.abc import Callable, Coroutine, Iterable
from types import AsyncGeneratorType, CoroutineType, TracebackType
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, cast, overload

from twisted.internet.defer import CancelledError as _CancelledError
from twisted.internet.defer import DebugInfo, Deferred, fail, succeed
from twisted.logger import Logger as _TwistedLogger
from twisted.python.failure import Failure
from twisted.python.failure import (
    NoCurrentExceptionError as _TwistedNoCurrentExceptionError,
)

from txaio_typed import _failure
from txaio_typed._batched import BatchedTimer
from txaio_typed._errors import (
    FutureTypeError,
    async_generator_error,
    error_type_error,
    exception_type_error,
    future_type_error,
    result_and_error,
    twisted_no_current_class,
)
from txaio_typed._log_tx import (
    add_log_categories,
    get_global_log_level,
    make_logger,
    set_global_log_level,
    start_logging,
)
from txaio_typed._types import ReactorTime
from txaio_typed._typevars import R2, P, R, T
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
    IFailedFuture,
    IFailedFutureABC,
    ILogger,
)

if TYPE_CHECKING:
    from typing import Self

    from twisted.internet.base import DelayedCall

__all__ = [
    "CancelledError",
    "Canceller",
    "Config",
    "TwistedApi",
    "config",
    "default_api",
    "using_asyncio",
    "using_twisted",
]


_PLAIN_TYPES: Final = _failure.PLAIN_TYPES

CancelledError: Final[type[_CancelledError]] = _CancelledError
"""The exception a cancelled Deferred fails with
(``twisted.internet.defer.CancelledError``)."""

using_asyncio: Final[Literal[False]] = False
"""False: this is not the asyncio backend."""
using_twisted: Final[Literal[True]] = True
"""True: this is the Twisted backend (``txaio_typed.using_twisted`` once selected)."""

Canceller: TypeAlias = Callable[["Deferred[T]"], object]
"""Called with the Deferred when it is cancelled, before it fails; what it
returns is ignored."""


# The reactor's delayed-call class (``twisted.internet.base.DelayedCall``)
# and its subclass whose ``cancel()`` may repeat (see ``_tx_calls``): set by
# the first ``call_later``, so that selecting Twisted does not import them.
_plain_call: type[object] | None = None
_idempotent_call: type[object] = object


def _first_call(call: object) -> None:
    """Import the handles' module, then give ``call`` the repeatable
    ``cancel()`` as every later ``call_later`` does."""
    global _plain_call, _idempotent_call
    from txaio_typed._tx_calls import PLAIN, DelayedCall

    _idempotent_call = DelayedCall
    _plain_call = PLAIN
    if type(call) is PLAIN:
        call.__class__ = DelayedCall


class Config:
    """Where the Twisted backend finds its reactor.

    ``loop`` is read on every call; None means the global reactor.
    """

    __slots__ = ("loop",)

    loop: ReactorTime | None
    """The reactor to use; None means the global reactor."""

    def __init__(self, loop: ReactorTime | None = None) -> None:
        self.loop = loop

    def __repr__(self) -> str:
        return f"Config(loop={self.loop!r})"


def _global_reactor() -> ReactorTime:
    from twisted.internet import reactor

    return cast(ReactorTime, reactor)


def _failure_of(error: object) -> Failure:
    """The ``Failure`` that ``error`` (exception, failure or None) stands for."""
    if isinstance(error, Failure):
        return error
    if error is None:
        return _current_failure()
    if isinstance(error, BaseException):
        return _new_failure(error)
    if isinstance(error, IFailedFuture):
        failed = cast(IFailedFuture, error)
        return _new_failure(failed.value, failed.type, failed.tb)
    raise error_type_error(error)


#: Raised where no exception is being handled: also Twisted's own
#: ``NoCurrentExceptionError``, which upstream raised there.
_NoCurrentExceptionError: Final = twisted_no_current_class(
    _TwistedNoCurrentExceptionError
)

#: Reports errors that have no caller to go to (a canceller's).
_log: Final = _TwistedLogger(namespace="txaio_typed")


def _current_failure() -> Failure:
    current_exception(_NoCurrentExceptionError)  # raises outside ``except``
    return _new_failure()


def _new_failure(
    value: BaseException | None = None,
    type_: type[BaseException] | None = None,
    traceback: TracebackType | None = None,
) -> Failure:
    """``Failure(...)``, which Twisted leaves unannotated."""
    return Failure(value, type_, traceback)


class TwistedApi:
    """The txaio API on Twisted, bound to one :class:`Config`.

    The module-level functions of :mod:`txaio_typed.tx` are the methods of
    the default instance; :func:`with_config` makes others.
    """

    using_asyncio: Final = False
    using_twisted: Final = True
    CancelledError: Final[type[_CancelledError]] = _CancelledError

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

    def _reactor(self) -> ReactorTime:
        loop = self.config.loop
        if loop is None:
            loop = self.config.loop = _global_reactor()
        return loop

    def with_config(self, loop: ReactorTime | None = None) -> Self:
        """The Twisted backend's :func:`txaio_typed.with_config`.

        ``loop`` is a reactor or a ``twisted.internet.task.Clock``; None shares
        this object's configuration (``tx.with_config()``: the global reactor, or
        whatever ``tx.config`` holds, looked up on each call).
        """
        return type(self)(self.config if loop is None else Config(loop))

    # -- futures ---------------------------------------------------------

    @overload
    def create_future(
        self,
        result: Unset = ...,
        error: BaseException | IFailedFuture | Failure | Unset = ...,
        canceller: Canceller[Any] | Unset | None = ...,
    ) -> Deferred[Any]: ...
    @overload
    def create_future(
        self,
        result: T,
        error: Unset = ...,
        canceller: Canceller[T] | Unset | None = ...,
    ) -> Deferred[T]: ...
    def create_future(
        self,
        result: object = UNSET,
        error: BaseException | IFailedFuture | Failure | Unset = UNSET,
        canceller: Canceller[Any] | Unset | None = UNSET,
    ) -> Deferred[Any]:
        """The Twisted backend's :func:`txaio_typed.create_future`.

        A ``Deferred``; cancelled while its canceller leaves it pending, it fails
        with ``CancelledError``.
        """
        if result is not UNSET and error is not UNSET:
            raise result_and_error()
        if canceller is UNSET or canceller is None:
            deferred: Deferred[Any] = Deferred()
        else:
            check_canceller(canceller)
            deferred = Deferred(_Canceller(canceller))
        if result is not UNSET:
            deferred.callback(result)
        elif error is not UNSET:
            deferred.errback(_failure_of(error))
        return deferred

    def create_future_success(self, result: T) -> Deferred[T]:
        """The Twisted backend's :func:`txaio_typed.create_future_success`:
        ``succeed(result)``.
        """
        return succeed(result)

    def create_future_error(
        self, error: BaseException | IFailedFuture | Failure | None = None
    ) -> Deferred[Any]:
        """The Twisted backend's :func:`txaio_typed.create_future_error`:
        ``fail()`` with a ``Failure`` of ``error``.
        """
        return fail(_failure_of(error))

    @overload
    def as_future(
        self,
        fun: Callable[P, Coroutine[Any, Any, T]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Deferred[T]: ...
    @overload
    def as_future(
        self, fun: Callable[P, Deferred[T]], *args: P.args, **kwargs: P.kwargs
    ) -> Deferred[T]: ...
    @overload
    def as_future(
        self, fun: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> Deferred[T]: ...
    def as_future(
        self, fun: Callable[P, Any], *args: P.args, **kwargs: P.kwargs
    ) -> Deferred[Any]:
        """The Twisted backend's :func:`txaio_typed.as_future`.

        A returned coroutine runs with ``Deferred.fromCoroutine``; a returned
        ``Failure`` becomes a failed Deferred.
        """
        try:
            result = fun(*args, **kwargs)
        except Exception:
            return fail(_new_failure())
        if type(result) is CoroutineType:
            return Deferred.fromCoroutine(result)  # pyright: ignore[reportUnknownArgumentType]
        if type(result) not in _PLAIN_TYPES:
            if isinstance(result, Deferred):
                return result  # pyright: ignore[reportUnknownVariableType]
            if iscoroutine(result):
                return Deferred.fromCoroutine(result)
            if isinstance(result, AsyncGeneratorType):
                raise async_generator_error(fun)
            if isinstance(result, Failure):
                return fail(result)
        return succeed(result)

    def is_future(self, obj: object) -> bool:
        """The Twisted backend's :func:`txaio_typed.is_future`: True for a
        ``Deferred`` (a ``DeferredList`` too) or a coroutine, which ``as_future``,
        ``gather`` and ``await`` accept, as on asyncio.
        """
        return isinstance(obj, Deferred) or iscoroutine(obj)

    def is_called(self, future: Deferred[Any]) -> bool:
        """The Twisted backend's :func:`txaio_typed.is_called`: ``future.called``."""
        return future.called

    @overload
    def resolve(self, future: Deferred[None], result: None = None) -> None: ...
    @overload
    def resolve(self, future: Deferred[T], result: T) -> None: ...
    def resolve(self, future: Deferred[Any], result: object = None) -> None:
        """The Twisted backend's :func:`txaio_typed.resolve`: ``future.callback()``.

        A Deferred that already fired raises
        ``twisted.internet.defer.AlreadyCalledError``.
        """
        future.callback(result)

    def reject(
        self,
        future: Deferred[Any],
        error: BaseException | IFailedFuture | Failure | None = None,
    ) -> None:
        """The Twisted backend's :func:`txaio_typed.reject`: ``future.errback()``
        with a ``Failure``.

        A Deferred that already fired raises
        ``twisted.internet.defer.AlreadyCalledError``.
        """
        future.errback(_failure_of(error))

    def cancel(self, future: Deferred[Any], msg: str | None = None) -> None:
        """The Twisted backend's :func:`txaio_typed.cancel`: ``msg`` is accepted
        and ignored, as Twisted's ``CancelledError`` carries no message.
        """
        future.cancel()

    @overload
    def add_callbacks(
        self,
        future: Deferred[T],
        callback: Callable[[T], Deferred[R]],
        errback: None,
    ) -> Deferred[R]: ...
    @overload
    def add_callbacks(
        self, future: Deferred[T], callback: Callable[[T], R], errback: None
    ) -> Deferred[R]: ...
    @overload
    def add_callbacks(
        self,
        future: Deferred[T],
        callback: None,
        errback: Callable[[Failure], R],
    ) -> Deferred[T | R]: ...
    @overload
    def add_callbacks(
        self,
        future: Deferred[T],
        callback: Callable[[T], R],
        errback: Callable[[Failure], R2],
    ) -> Deferred[R | R2]: ...
    def add_callbacks(
        self,
        future: Deferred[Any],
        callback: Callable[[Any], object] | None,
        errback: Callable[[Failure], object] | None,
    ) -> Deferred[Any]:
        """The Twisted backend's :func:`txaio_typed.add_callbacks`.

        ``Deferred.addCallbacks`` on ``future`` itself, which is returned;
        errbacks receive a ``Failure``. ``TypeError`` (also an
        ``AttributeError``/``AssertionError``, as upstream failed) for a
        ``future`` that is not a Deferred.
        """
        if not isinstance(future, Deferred):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise _not_a_deferred("add_callbacks", future)
        check_callbacks(callback, errback)
        if callback is None:  # then errback is not None
            return future.addErrback(cast("Callable[[Failure], object]", errback))
        if errback is None:
            return future.addCallback(callback)
        return future.addCallbacks(callback, errback)

    @overload
    def gather(
        self,
        futures: Iterable[Deferred[T] | Coroutine[Any, Any, T]],
        consume_exceptions: Literal[True] = True,
    ) -> Deferred[list[T | Failure]]: ...
    @overload
    def gather(  # pyright: ignore[reportOverlappingOverload] - a bool may be False
        self,
        futures: Iterable[Deferred[T] | Coroutine[Any, Any, T]],
        consume_exceptions: Literal[False],
    ) -> Deferred[list[T]]: ...
    @overload
    def gather(
        self,
        futures: Iterable[Deferred[T] | Coroutine[Any, Any, T]],
        consume_exceptions: bool,
    ) -> Deferred[list[T | Failure]]: ...
    def gather(
        self,
        futures: Iterable[Deferred[Any] | Coroutine[Any, Any, Any]],
        consume_exceptions: bool = True,
    ) -> Deferred[list[Any]]:
        """The Twisted backend's :func:`txaio_typed.gather`.

        ``futures`` holds Deferreds (a ``DeferredList`` too) or coroutines; a
        failed slot holds its ``Failure``. A failure gather collected or passed
        on is not reported again for its input; one that reached an input after
        the gathered Deferred fired is reported by Twisted if nobody handles it.
        An error raised by an input's canceller is logged. ``TypeError`` (also an
        ``AttributeError``, as upstream failed) for an item that is neither a
        Deferred nor a coroutine.
        """
        items = list(futures)
        for item in items:
            if not isinstance(item, Deferred) and not iscoroutine(item):
                raise _not_a_deferred("gather", item)
        children: list[Deferred[Any]] = [
            item if isinstance(item, Deferred) else Deferred.fromCoroutine(item)
            for item in items
        ]
        gathering = _Gathering(children, consume_exceptions)
        return gathering.gathered

    def call_later(
        self,
        delay: float,
        fun: Callable[P, object],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> DelayedCall:
        """The Twisted backend's :func:`txaio_typed.call_later`: ``fun`` itself
        goes to the reactor's ``callLater``, whose ``DelayedCall`` is returned;
        its ``cancel()`` does nothing once the call ran or was cancelled
        (Twisted's raises ``AlreadyCalled``/``AlreadyCancelled``).
        """
        check_delay(delay)
        call = self._reactor().callLater(delay, fun, *args, **kwargs)
        if type(call) is _plain_call:
            call.__class__ = _idempotent_call
        elif _plain_call is None:
            _first_call(call)
        return cast("DelayedCall", call)

    def sleep(self, delay: float) -> Deferred[None]:
        """The Twisted backend's :func:`txaio_typed.sleep`: on the configured
        reactor; cancelling the Deferred cancels the timer.
        """
        check_delay(delay)
        sleeping = _Sleep()
        sleeping.call = cast(
            "DelayedCall",
            self._reactor().callLater(delay, sleeping.deferred.callback, None),
        )
        return sleeping.deferred

    def make_batched_timer(
        self, bucket_seconds: float, chunk_size: int = 100
    ) -> BatchedTimer[ReactorTime]:
        """The Twisted backend's :func:`txaio_typed.make_batched_timer`.

        Each non-empty bucket holds one ``callLater`` on the reactor, which is
        looked up on every call; one chunk of calls runs per reactor turn, and
        their exceptions are raised together, as one ``ExceptionGroup``, after
        the last chunk (the reactor logs it as an unhandled error;
        ``task.Clock.advance`` raises it).
        """
        return BatchedTimer(
            bucket_seconds,
            chunk_size,
            loop=self._reactor,
            seconds=self._seconds,
            call_later=self._schedule,
        )

    @staticmethod
    def _seconds(reactor: ReactorTime) -> float:
        return reactor.seconds()

    @staticmethod
    def _schedule(
        reactor: ReactorTime, delay: float, fun: Callable[[], object]
    ) -> IDelayedCall:
        return cast("DelayedCall", reactor.callLater(delay, fun))

    # -- failures --------------------------------------------------------

    def create_failure(self, exception: BaseException | None = None) -> Failure:
        """The Twisted backend's :func:`txaio_typed.create_failure`: a
        ``twisted.python.failure.Failure``.
        """
        if exception is None:
            return _current_failure()
        if not isinstance(exception, BaseException):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise exception_type_error(exception)
        return _new_failure(exception)

    def failure_message(self, fail: IFailedFuture | Failure) -> str:
        """The Twisted backend's :func:`txaio_typed.failure_message` (the same on
        asyncio).
        """
        return _failure.failure_message(cast(IFailedFuture, fail))

    def failure_traceback(self, fail: IFailedFuture | Failure) -> TracebackType | None:
        """The Twisted backend's :func:`txaio_typed.failure_traceback`.

        Twisted drops the traceback of a failure stored in a Deferred's chain
        (``Failure.cleanFailure``); ``failure_format_traceback`` still formats
        it.
        """
        return _failure.traceback_of(cast(IFailedFuture, fail))

    def failure_format_traceback(self, fail: IFailedFuture | Failure) -> str:
        """The Twisted backend's :func:`txaio_typed.failure_format_traceback`:
        a ``Failure``'s own ``getTraceback()``.
        """
        if isinstance(fail, Failure):
            try:
                return fail.getTraceback()
            except Exception:
                pass
        return _failure.format_traceback(fail)


class _Canceller:
    """The canceller given to ``create_future``, run at most once.

    If it leaves the Deferred pending, Twisted fails it with
    ``CancelledError``: then the next ``resolve``/``reject`` is ignored, as
    Twisted does for a Deferred cancelled without a canceller (and as
    asyncio does for a cancelled future). An ``Exception`` it raises is
    logged and the Deferred is still cancelled. A cancellation that reaches
    the Deferred again while the canceller runs (the canceller cancels it,
    directly or through another Deferred) cancels it at once, without
    recursing.
    """

    __slots__ = ("canceller",)

    def __init__(self, canceller: Canceller[Any]) -> None:
        self.canceller: Canceller[Any] | None = canceller

    def __call__(self, deferred: Deferred[Any]) -> None:
        canceller = self.canceller
        if canceller is not None:
            self.canceller = None
            try:
                canceller(deferred)
            except Exception:
                _log.failure(
                    "Unhandled error in the canceller {canceller!r}",
                    canceller=canceller,
                )
        if not deferred.called:
            deferred._suppressAlreadyCalled = True  # pyright: ignore[reportPrivateUsage]


def _not_a_deferred(function: str, value: object) -> FutureTypeError:
    hint = ""
    if iscoroutine(value):
        hint = " (wrap a coroutine with as_future() to get a Deferred)"
    elif hasattr(value, "__await__"):
        hint = " (an asyncio future? this is the Twisted backend)"
    what = "a Deferred" if function == "add_callbacks" else "Deferreds or coroutines"
    return future_type_error(function, value, what, hint)


class _HandledDebugInfo(DebugInfo):
    """Twisted's unhandled-failure reporter for a Deferred whose failure
    ``gather`` consumed without changing it: that one failure is not
    reported again; any other failure the chain ends with still is."""

    handled: Failure | None = None

    def __del__(self) -> None:
        if self.failResult is not None and self.failResult is not self.handled:
            super().__del__()


def _mark_handled(deferred: Deferred[Any], failure: Failure) -> None:
    info = deferred._debugInfo  # pyright: ignore[reportPrivateUsage]
    if not isinstance(info, _HandledDebugInfo):
        replacement = _HandledDebugInfo()
        if info is not None:
            replacement.creator = info.creator
            replacement.invoker = info.invoker
            info.failResult = None
        deferred._debugInfo = info = replacement  # pyright: ignore[reportPrivateUsage]
    info.handled = failure


class _Sleep:
    __slots__ = ("call", "deferred")

    def __init__(self) -> None:
        self.deferred: Deferred[None] = Deferred(self._cancel)
        self.call: DelayedCall | None = None

    def _cancel(self, _: Deferred[None]) -> None:
        if self.call is not None and self.call.active():
            self.call.cancel()


class _Gathering:
    """Collects the results of ``children`` into ``gathered``."""

    __slots__ = ("cancelling", "children", "consume", "gathered", "pending", "results")

    def __init__(self, children: list[Deferred[Any]], consume: bool) -> None:
        self.gathered: Deferred[list[Any]] = Deferred(self._cancel)
        self.children = children
        self.consume = consume
        self.cancelling = False
        self.pending = len(children)
        self.results: list[Any] = [None] * len(children)
        if not children:
            self.gathered.callback([])
            return
        for index, child in enumerate(children):
            child.addCallbacks(
                self._succeeded,
                self._failed,
                callbackArgs=(index,),
                errbackArgs=(index,),
            )

    # Both callbacks return what they got: the input's outcome is unchanged
    # for the callbacks added to it after these.

    def _succeeded(self, result: object, index: int) -> object:
        if not self.gathered.called and not self.cancelling:
            self.results[index] = result
            self._one_done()
        return result

    def _failed(self, failure: Failure, index: int) -> Failure:
        if self.cancelling:
            if isinstance(cast(IFailedFuture, failure).value, _CancelledError):
                # gather cancelled it
                _mark_handled(self.children[index], failure)
            return failure
        if self.gathered.called:
            return failure  # left to the input's other consumers
        _mark_handled(self.children[index], failure)
        if self.consume:
            self.results[index] = failure
            self._one_done()
        else:
            self.gathered.errback(failure)
        return failure

    def _one_done(self) -> None:
        self.pending -= 1
        if self.pending == 0:
            self.gathered.callback(self.results)

    def _cancel(self, _: Deferred[list[Any]]) -> None:
        if self.cancelling:
            return
        self.cancelling = True
        for child in self.children:
            try:
                child.cancel()
            except Exception:
                _log.failure("Unhandled error cancelling {child!r}", child=child)
                if not child.called:
                    child.errback(_new_failure(_CancelledError()))


IFailedFutureABC.register(Failure)
# Registered with the Protocol itself too: a Failure's attributes live on the
# instance, so otherwise every isinstance(failure, IFailedFuture) inspects them
# with inspect.getattr_static; registered, it is answered from a cache.
cast("abc.ABCMeta", IFailedFuture).register(Failure)

config: Final = Config()
"""The default configuration: set ``config.loop`` to use another reactor."""

default_api: Final = TwistedApi(config)
"""The API object whose methods are the module-level functions of
:mod:`txaio_typed.tx`."""
