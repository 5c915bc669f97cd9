"""Must-fail cases for the asyncio backend, ``from txaio_typed import aio``.

Pinned as in front_fail.py: one pin per checker on the line of the mistake.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Literal

from twisted.internet import task
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from txaio_typed import aio


def constants() -> None:
    flag: Literal[False] = aio.using_asyncio  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    other: Literal[True] = aio.using_twisted  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(flag, other)


def cancelled_error_is_not_an_exception() -> type[Exception]:
    return aio.CancelledError  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def clocks() -> tuple[str, str]:
    return aio.time_ns(), aio.perf_counter_ns()  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def config_takes_an_event_loop(clock: task.Clock) -> None:
    aio.Config(clock)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    aio.config.loop = clock  # type: ignore[assignment]  # pyright: ignore[reportAttributeAccessIssue]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]


def with_config_takes_an_event_loop(clock: task.Clock) -> None:
    aio.with_config(loop=clock)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def api_needs_a_config(loop: asyncio.AbstractEventLoop) -> None:
    aio.AsyncioApi(loop)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def create_future_result_and_error() -> None:
    aio.create_future(result=1, error=ValueError())  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def canceller_of_another_type() -> None:
    def canceller(future: asyncio.Future[str]) -> None:
        pass

    wrong: aio.Canceller[int] = canceller  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(wrong)


def create_future_success_is_not_a_deferred() -> None:
    made = aio.create_future_success(1)
    deferred: Deferred[int] = made  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(deferred)


def create_future_success_needs_a_result() -> None:
    aio.create_future_success()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]


def stdlib_logger_is_not_an_ilogger() -> None:
    log: aio.ILogger = logging.getLogger()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(log)


def create_future_error_string() -> None:
    aio.create_future_error("boom")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


async def awaiting_int_into_str() -> str:
    made = aio.create_future_success(1)
    value: str = await made  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    return value


def as_future_wrong_argument() -> None:
    def parse(text: str) -> int:
        return int(text)

    aio.as_future(parse, 12)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def deferred_passed_to_aio(deferred: Deferred[int]) -> None:
    aio.is_called(deferred)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    aio.resolve(deferred, 1)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]
    aio.reject(deferred, ValueError())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    aio.cancel(deferred)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def deferred_callbacks_on_aio(deferred: Deferred[int]) -> None:
    def describe(value: int) -> str:
        return str(value)

    aio.add_callbacks(deferred, describe, None)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def is_future_needs_an_argument() -> None:
    aio.is_future()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]


def resolve_wrong_type(future: asyncio.Future[int]) -> None:
    aio.resolve(future, "x")  # type: ignore[misc]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def reject_with_a_string(future: asyncio.Future[int]) -> None:
    aio.reject(future, "it failed")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def callback_wrong_type(future: asyncio.Future[int]) -> None:
    def on_text(text: str) -> None:
        pass

    aio.add_callbacks(future, on_text, None)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def errback_expecting_a_twisted_failure(future: asyncio.Future[int]) -> None:
    def on_error(fail: Failure) -> None:
        pass

    aio.add_callbacks(future, None, on_error)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def gather_forgets_failures(
    futures: list[asyncio.Future[int]],
) -> asyncio.Future[list[int]]:
    return aio.gather(futures)  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def call_later_wrong_argument() -> None:
    def greet(name: str) -> None:
        pass

    aio.call_later(1, greet, 42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def call_later_handle_is_not_a_deferred() -> None:
    handle = aio.call_later(1, print)
    handle.addCallback(print)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]


def sleep_string() -> None:
    aio.sleep("1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def create_failure_of_a_string() -> None:
    aio.create_failure("boom")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def failed_future_holds_an_exception() -> None:
    aio.FailedFuture(str, "boom", None)  # type: ignore[type-var]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-specialization]  # ty: ignore[invalid-argument-type]


def failed_future_typo() -> None:
    fail = aio.create_failure(ValueError())
    print(fail.exception)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownArgumentType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]


def failure_functions_take_failures() -> None:
    aio.failure_message("boom")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    aio.failure_traceback(ValueError())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    aio.failure_format_traceback(ValueError())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def interface_is_not_an_exception() -> None:
    fail: aio.IFailedFuture = ValueError()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(fail)


def batched_timer_misused() -> None:
    def expire(session: int) -> None:
        pass

    aio.make_batched_timer("1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    aio.make_batched_timer(1).call_later(5, expire, "seven")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def logging_misused() -> None:
    log: aio.ILogger = aio.make_logger()
    log.warning("slow")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]
    aio.make_logger("warning")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    aio.start_logging(level="warning")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    aio.set_global_log_level(50)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    aio.add_log_categories({"K": 1})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-argument-type]


def get_global_log_level_compared_to_unknown() -> bool:
    # Not reported by pyrefly (https://github.com/facebook/pyrefly/issues/721)
    # nor by ty (https://github.com/astral-sh/ty/issues/576).
    return aio.get_global_log_level() == "warning"  # type: ignore[comparison-overlap]  # pyright: ignore[reportUnnecessaryComparison]


def upstream_log_names_misused() -> None:
    aio.log_levels.append("fatal")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
