"""Must-fail cases for the Twisted backend, ``from txaio_typed import tx``.

Pinned as in front_fail.py: one pin per checker on the line of the mistake.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from twisted.internet import task
from twisted.internet.defer import Deferred
from twisted.logger import Logger

from txaio_typed import aio, tx


def constants() -> None:
    flag: Literal[True] = tx.using_asyncio  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    other: Literal[False] = tx.using_twisted  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(flag, other)


def cancelled_error_is_not_asyncio() -> type[asyncio.CancelledError]:
    return tx.CancelledError  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def clocks() -> tuple[str, str]:
    return tx.time_ns(), tx.perf_counter_ns()  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def config_takes_a_reactor(loop: asyncio.AbstractEventLoop) -> None:
    tx.Config(loop)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    tx.config.loop = loop  # type: ignore[assignment]  # pyright: ignore[reportAttributeAccessIssue]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]


def reactor_time_is_a_reactor(loop: asyncio.AbstractEventLoop) -> None:
    reactor: tx.ReactorTime = loop  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(reactor)


def with_config_takes_a_reactor(loop: asyncio.AbstractEventLoop) -> None:
    tx.with_config(loop=loop)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def api_needs_a_config(clock: task.Clock) -> None:
    tx.TwistedApi(clock)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def create_future_result_and_error() -> None:
    tx.create_future(result=1, error=ValueError())  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def canceller_of_another_type() -> None:
    def canceller(deferred: Deferred[str]) -> None:
        pass

    wrong: tx.Canceller[int] = canceller  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(wrong)


def create_future_success_is_not_asyncio() -> None:
    made = tx.create_future_success(1)
    future: asyncio.Future[int] = made  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(future)


def create_future_success_needs_a_result() -> None:
    tx.create_future_success()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]


def twisted_logger_is_not_an_ilogger() -> None:
    log: tx.ILogger = Logger()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(log)


def create_future_error_string() -> None:
    tx.create_future_error("boom")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


async def awaiting_int_into_str() -> str:
    made = tx.create_future_success(1)
    value: str = await made  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    return value


def as_future_wrong_argument() -> None:
    def parse(text: str) -> int:
        return int(text)

    tx.as_future(parse, 12)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def asyncio_future_passed_to_tx(future: asyncio.Future[int]) -> None:
    tx.is_called(future)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    tx.resolve(future, 1)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]
    tx.reject(future, ValueError())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    tx.cancel(future)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    tx.gather([future])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def asyncio_callbacks_on_tx(future: asyncio.Future[int]) -> None:
    def describe(value: int) -> str:
        return str(value)

    tx.add_callbacks(future, describe, None)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def aio_failure_to_tx_reject(deferred: Deferred[int]) -> None:
    # A FailedFuture is an IFailedFuture, so this one is fine...
    tx.reject(deferred, aio.create_failure(ValueError()))
    # ...but a string is not.
    tx.reject(deferred, "failed")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def is_future_needs_an_argument() -> None:
    tx.is_future()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]


def resolve_wrong_type(deferred: Deferred[int]) -> None:
    tx.resolve(deferred, "x")  # type: ignore[misc]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def callback_wrong_type(deferred: Deferred[int]) -> None:
    def on_text(text: str) -> None:
        pass

    tx.add_callbacks(deferred, on_text, None)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def errback_expecting_an_exception(deferred: Deferred[int]) -> None:
    def on_error(error: Exception) -> None:
        pass

    tx.add_callbacks(deferred, None, on_error)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def gather_forgets_failures(deferreds: list[Deferred[int]]) -> Deferred[list[int]]:
    return tx.gather(deferreds)  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def call_later_wrong_argument() -> None:
    def greet(name: str) -> None:
        pass

    tx.call_later(1, greet, 42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def sleep_string() -> None:
    tx.sleep("1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def create_failure_of_a_string() -> None:
    tx.create_failure("boom")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def failure_functions_take_failures() -> None:
    tx.failure_message("boom")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    tx.failure_traceback(ValueError())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    tx.failure_format_traceback(ValueError())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def interface_is_not_an_exception() -> None:
    fail: tx.IFailedFuture = ValueError()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(fail)


def batched_timer_misused() -> None:
    def expire(session: int) -> None:
        pass

    tx.make_batched_timer("1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    tx.make_batched_timer(1).call_later(5, expire, "seven")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def logging_misused() -> None:
    log: tx.ILogger = tx.make_logger()
    log.warning("slow")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]
    tx.make_logger("warning")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    tx.start_logging(level="warning")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    tx.set_global_log_level(50)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    tx.add_log_categories({"K": 1})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-argument-type]


def get_global_log_level_compared_to_unknown() -> bool:
    # Not reported by pyrefly (https://github.com/facebook/pyrefly/issues/721)
    # nor by ty (https://github.com/astral-sh/ty/issues/576).
    return tx.get_global_log_level() == "warning"  # type: ignore[comparison-overlap]  # pyright: ignore[reportUnnecessaryComparison]


def upstream_log_names_misused(log: tx.Logger) -> None:
    log.warning("slow")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]
    tx.log_levels.append("fatal")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    tx.LogLevel.levelWithName(3)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
