"""Must-fail cases for ``txaio_typed.interfaces``.

Pinned as in front_fail.py: one pin per checker on the line of the mistake.
"""

from __future__ import annotations

import builtins
from types import TracebackType

from txaio_typed.interfaces import (
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


class NoTraceback:
    """Lacks ``tb``: not an IFailedFuture."""

    @property
    def value(self) -> BaseException:
        return OSError()

    @property
    def type(self) -> builtins.type[BaseException]:
        return OSError


class ValueErrorFailure:
    @property
    def value(self) -> ValueError:
        return ValueError()

    @property
    def type(self) -> builtins.type[ValueError]:
        return ValueError

    @property
    def tb(self) -> TracebackType | None:
        return None


class HalfLogger(ILoggerABC):
    def info(self, message: str = "", /, **kwargs: object) -> None: ...


def failed_future_incomplete() -> None:
    fail: IFailedFuture = NoTraceback()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(fail)


def failed_future_of_another_exception() -> None:
    fail: IFailedFuture[KeyError] = ValueErrorFailure()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(fail)


def failed_future_bound(fail: IFailedFuture[str]) -> None:  # type: ignore[type-var]  # pyright: ignore[reportInvalidTypeArguments]  # pyrefly: ignore[bad-specialization]  # ty: ignore[invalid-type-arguments]
    print(fail)


def failed_future_typo(fail: IFailedFuture) -> None:
    print(fail.traceback)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownArgumentType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]


def failed_future_abc_is_abstract() -> None:
    IFailedFutureABC()  # type: ignore[abstract]  # pyright: ignore[reportAbstractUsage]  # pyrefly: ignore[bad-instantiation]  # ty: ignore[abstract-class-instantiation]


def delayed_call_misused(call: IDelayedCall) -> None:
    call.cancel(True)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[bad-argument-count]  # ty: ignore[too-many-positional-arguments]
    IDelayedCallABC()  # type: ignore[abstract]  # pyright: ignore[reportAbstractUsage]  # pyrefly: ignore[bad-instantiation]  # ty: ignore[abstract-class-instantiation]


def batched_timer_misused(timer: IBatchedTimer) -> None:
    def expire(session: int) -> None:
        pass

    timer.call_later(5, expire, "seven")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    timer.call_later(5, expire, session=7, reason="idle")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[unexpected-keyword]  # ty: ignore[unknown-argument]
    IBatchedTimerABC()  # type: ignore[abstract]  # pyright: ignore[reportAbstractUsage]  # pyrefly: ignore[bad-instantiation]  # ty: ignore[abstract-class-instantiation]


def logger_misused(log: ILogger) -> None:
    log.warning("slow")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]
    log.info(42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    log.emit(30, "slow")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    log.set_log_level(10)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    log.failure(failure="text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def logger_abc_needs_every_method() -> None:
    HalfLogger()  # type: ignore[abstract]  # pyright: ignore[reportAbstractUsage]  # pyrefly: ignore[bad-instantiation]  # ty: ignore[abstract-class-instantiation]
    ILoggerABC()  # type: ignore[abstract]  # pyright: ignore[reportAbstractUsage]  # pyrefly: ignore[bad-instantiation]  # ty: ignore[abstract-class-instantiation]


def log_level_unknown() -> None:
    level: LogLevel = "warning"  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(level)
    is_log_level()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]


def log_levels_unknown() -> None:
    log_levels.append("fatal")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def is_failure_needs_an_object() -> None:
    is_failure()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]


def is_log_level_keeps_text_text(name: str) -> None:
    level: LogLevel
    if is_log_level(name):
        level = name
    else:
        level = name  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(level)
    is_log_level()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]


def level_name_is_text() -> None:
    level: LogLevelName = 10  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(level)
