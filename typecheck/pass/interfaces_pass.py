"""Must-pass cases for ``txaio_typed.interfaces``: the Protocols, their ABC
twins, ``LogLevel`` and ``log_levels``.

Nothing here runs: the file is only type-checked.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from types import TracebackType
from typing import assert_type

from typing_extensions import ParamSpec

from txaio_typed.interfaces import (
    HoldsException,
    IBatchedTimer,
    IBatchedTimerABC,
    IDelayedCall,
    IDelayedCallABC,
    IFailedFuture,
    IFailedFutureABC,
    ILogger,
    ILoggerABC,
    LogLevel,
    LogLevelName,
    is_failure,
    is_log_level,
    log_levels,
)

P = ParamSpec("P")


class MyFailure:
    """Provides IFailedFuture[ValueError] structurally, without inheriting."""

    @property
    def value(self) -> ValueError:
        return ValueError("x")

    # builtins.type: inside a class with a ``type`` member, ty reads ``type[...]``
    # as that member (by design: https://github.com/astral-sh/ty/issues/2430).
    @property
    def type(self) -> builtins.type[ValueError]:
        return ValueError

    @property
    def tb(self) -> TracebackType | None:
        return None


class MyFailureABC(IFailedFutureABC):
    """Inherits the ABC twin and implements every abstract member."""

    @property
    def value(self) -> BaseException:
        return OSError()

    # builtins.type: inside a class with a ``type`` member, ty reads ``type[...]``
    # as that member (by design: https://github.com/astral-sh/ty/issues/2430).
    @property
    def type(self) -> builtins.type[BaseException]:
        return OSError

    @property
    def tb(self) -> TracebackType | None:
        return None


class MyCall(IDelayedCallABC):
    def cancel(self) -> None:
        pass


class MyTimer(IBatchedTimerABC):
    def call_later(
        self,
        delay: float,
        func: Callable[P, object],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> IDelayedCall:
        return MyCall()


class MyLogger(ILoggerABC):
    def critical(self, message: str = "", /, **kwargs: object) -> None: ...
    def error(self, message: str = "", /, **kwargs: object) -> None: ...
    def warn(self, message: str = "", /, **kwargs: object) -> None: ...
    def info(self, message: str = "", /, **kwargs: object) -> None: ...
    def debug(self, message: str = "", /, **kwargs: object) -> None: ...
    def trace(self, message: str = "", /, **kwargs: object) -> None: ...
    def failure(
        self,
        format: str | None = None,
        /,
        failure: IFailedFuture | HoldsException | BaseException | None = None,
        **kwargs: object,
    ) -> None: ...
    def emit(
        self, level: LogLevelName, message: str = "", /, **kwargs: object
    ) -> None: ...
    def set_log_level(self, level: LogLevelName, keep: bool = True) -> None: ...


def exception_of(fail: IFailedFuture) -> BaseException:
    return fail.value


def failed_future() -> None:
    specific: IFailedFuture[ValueError] = MyFailure()
    assert_type(specific.value, ValueError)
    assert_type(specific.type, type[ValueError])
    assert_type(specific.tb, TracebackType | None)
    # Covariant: a failure holding a ValueError is a failure.
    assert_type(exception_of(specific), BaseException)
    from_abc: IFailedFuture = MyFailureABC()
    assert_type(from_abc.value, BaseException)


def failure_test(thing: object) -> None:
    if is_failure(thing):
        assert_type(thing.value, BaseException)


def runtime_checks(thing: object, either: int | IFailedFuture) -> None:
    if isinstance(either, IFailedFuture):
        assert_type(either, IFailedFuture)
    else:
        # ty narrows to ``int & ~IFailedFuture`` (a subclass of int could
        # provide the Protocol), which assert_type cannot spell: assign instead.
        number: int = either
        print(number)
    if isinstance(thing, ILogger):
        thing.info("x")
    if isinstance(thing, IDelayedCall):
        thing.cancel()
    if isinstance(thing, IBatchedTimer):
        assert_type(thing.call_later(1, print), IDelayedCall)
    IFailedFutureABC.register(MyFailure)


def delayed_call_and_timer() -> None:
    def work(count: int, *, label: str) -> None:
        pass

    timer: IBatchedTimer = MyTimer()
    call = timer.call_later(1.5, work, 2, label="x")
    assert_type(call, IDelayedCall)
    handle: IDelayedCall = MyCall()
    handle.cancel()


def logger() -> None:
    log: ILogger = MyLogger()
    log.critical("down")
    log.error("failed: {why}", why="disk")
    log.warn("slow")
    log.info("up")
    log.debug("state {s}", s=1)
    log.trace("byte {b}", b=0)
    log.failure()
    log.failure("while reading", failure=MyFailure(), path="/x")
    log.emit("info", "hello {who}", who="you")
    log.set_log_level("debug")
    log.set_log_level("none", keep=False)


def levels() -> None:
    level: LogLevel = "trace"
    assert_type(log_levels, list[LogLevel])
    assert_type(log_levels[0], LogLevel)
    assert_type(log_levels.index(level), int)


def level_from_text(name: str) -> None:
    if is_log_level(name):
        assert_type(name, LogLevel)
        assert_type(log_levels.index(name), int)
