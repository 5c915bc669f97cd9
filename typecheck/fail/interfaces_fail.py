"""Must-fail cases for ``txaio_typed.interfaces``.

Pinned as in front_fail.py: ``# type: ignore[code]`` for mypy and
``# pyright: ignore[rule]`` for pyright on the line of the mistake.
"""

from __future__ import annotations

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
    log_levels,
)


class NoTraceback:
    """Lacks ``tb``: not an IFailedFuture."""

    @property
    def value(self) -> BaseException:
        return OSError()

    @property
    def type(self) -> type[BaseException]:
        return OSError


class ValueErrorFailure:
    @property
    def value(self) -> ValueError:
        return ValueError()

    @property
    def type(self) -> type[ValueError]:
        return ValueError

    @property
    def tb(self) -> TracebackType | None:
        return None


class HalfLogger(ILoggerABC):
    def info(self, message: str = "", /, **kwargs: object) -> None: ...


def failed_future_incomplete() -> None:
    fail: IFailedFuture = NoTraceback()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(fail)


def failed_future_of_another_exception() -> None:
    fail: IFailedFuture[KeyError] = ValueErrorFailure()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(fail)


def failed_future_bound(fail: IFailedFuture[str]) -> None:  # type: ignore[type-var]  # pyright: ignore[reportInvalidTypeArguments]
    print(fail)


def failed_future_typo(fail: IFailedFuture) -> None:
    print(fail.traceback)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownArgumentType]


def failed_future_abc_is_abstract() -> None:
    IFailedFutureABC()  # type: ignore[abstract]  # pyright: ignore[reportAbstractUsage]


def delayed_call_misused(call: IDelayedCall) -> None:
    call.cancel(True)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    IDelayedCallABC()  # type: ignore[abstract]  # pyright: ignore[reportAbstractUsage]


def batched_timer_misused(timer: IBatchedTimer) -> None:
    def expire(session: int) -> None:
        pass

    timer.call_later(5, expire, "seven")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    timer.call_later(5, expire, session=7, reason="idle")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    IBatchedTimerABC()  # type: ignore[abstract]  # pyright: ignore[reportAbstractUsage]


def logger_misused(log: ILogger) -> None:
    log.warning("slow")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    log.info(42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    log.emit("warning", "slow")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    log.set_log_level("verbose")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    log.failure(failure="text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def logger_abc_needs_every_method() -> None:
    HalfLogger()  # type: ignore[abstract]  # pyright: ignore[reportAbstractUsage]
    ILoggerABC()  # type: ignore[abstract]  # pyright: ignore[reportAbstractUsage]


def log_level_unknown() -> None:
    level: LogLevel = "warning"  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(level)


def log_levels_unknown() -> None:
    log_levels.append("fatal")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
