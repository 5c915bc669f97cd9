"""The types of the neutral front's configuration and ``with_config`` objects."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterable, Mapping
from types import TracebackType
from typing import Any, Literal, TypeAlias, overload

from typing_extensions import ParamSpec, Protocol, TypeVar, runtime_checkable

from txaio_typed._log_core import LogOutput as _LogOutput
from txaio_typed._types import Future, ReactorTime, Unset
from txaio_typed.interfaces import IBatchedTimer, IDelayedCall, LogLevel
from txaio_typed.interfaces import IFailedFuture as _IFailedFuture
from txaio_typed.interfaces import ILogger as _ILogger

__all__ = ["Api", "Config"]

_T = TypeVar("_T")
_R = TypeVar("_R")
_R2 = TypeVar("_R2")
_P = ParamSpec("_P")
_E = TypeVar("_E", bound=BaseException)

Loop: TypeAlias = asyncio.AbstractEventLoop | ReactorTime
"""An asyncio event loop or a Twisted reactor (or ``task.Clock``)."""

Error: TypeAlias = BaseException | _IFailedFuture
"""What ``reject`` and friends take: an exception or a failure."""

Canceller: TypeAlias = Callable[[Future[_T]], object]
"""Called with the future inside ``cancel``; what it returns is ignored."""


@runtime_checkable
class Config(Protocol):
    """Where the selected framework finds its event loop or reactor."""

    ...

    loop: Loop | None
    """The loop (asyncio) or reactor (Twisted); None means the default one.
    Read on every call."""


@runtime_checkable
class Api(Protocol):
    """The object returned by :func:`with_config`: this module's API on its
    own loop. Each method is the module function of the same name."""

    # Each overloaded method ends with its implementation's signature: run-time
    # checkers (typeguard) compare that one with the object's methods. The
    # functions that do not depend on the loop are static methods, as on the
    # backends' API classes.

    config: Config
    """This object's configuration."""

    @property
    def using_asyncio(self) -> bool:
        """True on asyncio."""
        ...

    @property
    def using_twisted(self) -> bool:
        """True on Twisted."""
        ...

    @property
    def CancelledError(self) -> type[BaseException]:
        """The framework's cancellation exception."""
        ...

    @property
    def IFailedFuture(self) -> type[_IFailedFuture]:
        """The failure interface."""
        ...

    @property
    def ILogger(self) -> type[_ILogger]:
        """The logger interface."""
        ...

    def with_config(self, loop: Loop | None = None) -> Api:
        """See :func:`txaio_typed.with_config`."""
        ...

    @staticmethod
    def time_ns() -> int:
        """See :func:`txaio_typed.time_ns`."""
        ...

    @staticmethod
    def perf_counter_ns() -> int:
        """See :func:`txaio_typed.perf_counter_ns`."""
        ...

    @overload
    def create_future(
        self,
        result: Unset = ...,
        error: Unset = ...,
        canceller: Canceller[Any] | Unset | None = ...,
    ) -> Future[Any]:
        """See :func:`txaio_typed.create_future`."""
        ...

    @overload
    def create_future(
        self,
        result: _T,
        error: Unset = ...,
        canceller: Canceller[_T] | Unset | None = ...,
    ) -> Future[_T]: ...
    @overload
    def create_future(
        self,
        result: Unset = ...,
        *,
        error: Error,
        canceller: Canceller[Any] | Unset | None = ...,
    ) -> Future[Any]: ...
    def create_future(
        self,
        result: object = Unset.UNSET,
        error: Error | Unset = Unset.UNSET,
        canceller: Canceller[Any] | Unset | None = Unset.UNSET,
    ) -> Future[Any]: ...
    def create_future_success(self, result: _T) -> Future[_T]:
        """See :func:`txaio_typed.create_future_success`."""
        ...

    def create_future_error(self, error: Error | None = None) -> Future[Any]:
        """See :func:`txaio_typed.create_future_error`."""
        ...

    @overload
    def as_future(
        self,
        fun: Callable[_P, Coroutine[Any, Any, _T]],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> Future[_T]:
        """See :func:`txaio_typed.as_future`."""
        ...

    @overload
    def as_future(
        self, fun: Callable[_P, Future[_T]], *args: _P.args, **kwargs: _P.kwargs
    ) -> Future[_T]: ...
    @overload
    def as_future(
        self, fun: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
    ) -> Future[_T]: ...
    def as_future(
        self, fun: Callable[_P, object], *args: _P.args, **kwargs: _P.kwargs
    ) -> Future[Any]: ...
    def is_future(self, obj: object) -> bool:
        """See :func:`txaio_typed.is_future`."""
        ...

    def is_called(self, future: Future[Any]) -> bool:
        """See :func:`txaio_typed.is_called`."""
        ...

    @overload
    def resolve(self, future: Future[None], result: None = None) -> None:
        """See :func:`txaio_typed.resolve`."""
        ...

    @overload
    def resolve(self, future: Future[_T], result: _T) -> None: ...
    def resolve(self, future: Future[Any], result: object = None) -> None: ...
    def reject(self, future: Future[Any], error: Error | None = None) -> None:
        """See :func:`txaio_typed.reject`."""
        ...

    def cancel(self, future: Future[Any], msg: str | None = None) -> None:
        """See :func:`txaio_typed.cancel`."""
        ...

    @overload
    def add_callbacks(
        self, future: Future[_T], callback: Callable[[_T], Future[_R]], errback: None
    ) -> Future[_R]:
        """See :func:`txaio_typed.add_callbacks`."""
        ...

    @overload
    def add_callbacks(
        self, future: Future[_T], callback: Callable[[_T], _R], errback: None
    ) -> Future[_R]: ...
    @overload
    def add_callbacks(
        self,
        future: Future[_T],
        callback: None,
        errback: Callable[[_IFailedFuture], _R],
    ) -> Future[_T | _R]: ...
    @overload
    def add_callbacks(
        self,
        future: Future[_T],
        callback: Callable[[_T], _R],
        errback: Callable[[_IFailedFuture], _R2],
    ) -> Future[_R | _R2]: ...
    def add_callbacks(
        self,
        future: Future[Any],
        callback: Callable[[Any], object] | None,
        errback: Callable[[_IFailedFuture], object] | None,
    ) -> Future[Any]: ...
    @overload
    def gather(
        self,
        futures: Iterable[Future[_T] | Coroutine[Any, Any, _T]],
        consume_exceptions: Literal[True] = True,
    ) -> Future[list[_T | _IFailedFuture]]:
        """See :func:`txaio_typed.gather`."""
        ...

    @overload
    def gather(  # pyright: ignore[reportOverlappingOverload] - a bool may be False
        self,
        futures: Iterable[Future[_T] | Coroutine[Any, Any, _T]],
        consume_exceptions: Literal[False],
    ) -> Future[list[_T]]: ...
    @overload
    def gather(
        self,
        futures: Iterable[Future[_T] | Coroutine[Any, Any, _T]],
        consume_exceptions: bool,
    ) -> Future[list[_T | _IFailedFuture]]: ...
    def gather(
        self,
        futures: Iterable[Future[Any] | Coroutine[Any, Any, Any]],
        consume_exceptions: bool = True,
    ) -> Future[list[Any]]: ...
    def call_later(
        self,
        delay: float,
        fun: Callable[_P, object],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> IDelayedCall:
        """See :func:`txaio_typed.call_later`."""
        ...

    def sleep(self, delay: float) -> Future[None]:
        """See :func:`txaio_typed.sleep`."""
        ...

    @overload
    def create_failure(self, exception: None = None) -> _IFailedFuture:
        """See :func:`txaio_typed.create_failure`."""
        ...

    @overload
    def create_failure(self, exception: _E) -> _IFailedFuture[_E]: ...
    def create_failure(
        self, exception: BaseException | None = None
    ) -> _IFailedFuture: ...
    def failure_message(self, fail: _IFailedFuture) -> str:
        """See :func:`txaio_typed.failure_message`."""
        ...

    def failure_traceback(self, fail: _IFailedFuture) -> TracebackType | None:
        """See :func:`txaio_typed.failure_traceback`."""
        ...

    def failure_format_traceback(self, fail: _IFailedFuture) -> str:
        """See :func:`txaio_typed.failure_format_traceback`."""
        ...

    def make_batched_timer(
        self, bucket_seconds: float, chunk_size: int = 100
    ) -> IBatchedTimer:
        """See :func:`txaio_typed.make_batched_timer`."""
        ...

    @staticmethod
    def make_logger(level: LogLevel | None = None) -> _ILogger:
        """See :func:`txaio_typed.make_logger`."""
        ...

    @staticmethod
    def start_logging(
        out: _LogOutput | Unset | None = Unset.UNSET, level: LogLevel = "info"
    ) -> None:
        """See :func:`txaio_typed.start_logging`."""
        ...

    @staticmethod
    def set_global_log_level(level: LogLevel) -> None:
        """See :func:`txaio_typed.set_global_log_level`."""
        ...

    @staticmethod
    def get_global_log_level() -> LogLevel:
        """See :func:`txaio_typed.get_global_log_level`."""
        ...

    @staticmethod
    def add_log_categories(categories: Mapping[str, str]) -> None:
        """See :func:`txaio_typed.add_log_categories`."""
        ...
