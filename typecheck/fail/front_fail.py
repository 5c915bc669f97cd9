"""Must-fail cases for the neutral front, ``import txaio_typed as txaio``.

Every mistake below is pinned on its line once per checker, each in its
own syntax with the expected error code: ``# type: ignore[code]`` (mypy),
``# pyright: ignore[rule]`` (pyright and basedpyright), ``# pyrefly:
ignore[code]`` and ``# ty: ignore[rule]``. A mistake a checker stops
reporting shows up as an unused ignore; a different error is not
suppressed. A checker that cannot see a mistake has no pin there and its
issue is linked above the line (tests/typecheckers.py). Nothing here runs.
"""

from __future__ import annotations

import asyncio
import logging

from twisted.internet.defer import Deferred

import txaio_typed as txaio

# -- module attributes ---------------------------------------------------------


def versions() -> int:
    return txaio.version  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def dunder_version() -> int:
    return txaio.__version__  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def framework_typo() -> bool:
    # The names are "asyncio" and "twisted".
    # Not reported by pyrefly (https://github.com/facebook/pyrefly/issues/721)
    # nor by ty (https://github.com/astral-sh/ty/issues/576).
    return txaio.framework == "trio"  # type: ignore[comparison-overlap]  # pyright: ignore[reportUnnecessaryComparison]


def framework_name_typo() -> txaio.FrameworkName:
    # The names are "asyncio" and "twisted".
    return "trio"  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def using_asyncio_is_a_flag() -> str:
    return txaio.using_asyncio  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def using_twisted_is_a_flag() -> str:
    return txaio.using_twisted  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def cancelled_error_is_not_an_exception() -> type[Exception]:
    # asyncio.CancelledError is a BaseException: "except Exception" misses it.
    return txaio.CancelledError  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def config_loop() -> None:
    txaio.config.loop = "default"  # type: ignore[assignment]  # pyright: ignore[reportAttributeAccessIssue]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-assignment]


def use_asyncio_takes_no_loop() -> None:
    txaio.use_asyncio(asyncio.new_event_loop())  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[bad-argument-count]  # ty: ignore[too-many-positional-arguments]


def use_twisted_takes_no_reactor() -> None:
    txaio.use_twisted("reactor")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[bad-argument-count]  # ty: ignore[too-many-positional-arguments]


def install_takes_no_module() -> None:
    txaio.install_as_txaio("txaio")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[bad-argument-count]  # ty: ignore[too-many-positional-arguments]


def time_ns_is_an_int() -> str:
    return txaio.time_ns()  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def perf_counter_ns_is_an_int() -> str:
    return txaio.perf_counter_ns()  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def with_config_needs_a_loop() -> None:
    txaio.with_config(loop="default")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


# -- futures -------------------------------------------------------------------


def create_future_result_and_error() -> None:
    txaio.create_future(result=1, error=ValueError())  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def create_future_error_is_not_a_string() -> None:
    txaio.create_future(error="boom")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[invalid-argument-type]


def create_future_wrong_canceller() -> None:
    def canceller(future: txaio.Future[str]) -> None:
        pass

    txaio.create_future(1, canceller=canceller)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def create_future_success_wrong_type() -> txaio.Future[str]:
    return txaio.create_future_success(1)  # type: ignore[arg-type]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def create_future_error_string() -> None:
    txaio.create_future_error("boom")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


async def awaiting_int_into_str() -> str:
    # mypy infers T from the target (str) and rejects the 1.
    value: str = await txaio.create_future_success(1)  # type: ignore[arg-type]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    return value


def as_future_wrong_argument() -> None:
    def parse(text: str) -> int:
        return int(text)

    txaio.as_future(parse, 12)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def as_future_missing_argument() -> None:
    def parse(text: str) -> int:
        return int(text)

    txaio.as_future(parse)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def as_future_result_type() -> None:
    async def count() -> int:
        return 1

    counted = txaio.as_future(count)
    wrong: txaio.Future[str] = counted  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    txaio.cancel(wrong)


def is_future_needs_an_argument() -> None:
    txaio.is_future()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]


def is_called_on_a_value() -> None:
    txaio.is_called(42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def resolve_wrong_type(future: txaio.Future[int]) -> None:
    txaio.resolve(future, "x")  # type: ignore[misc]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def resolve_needs_a_result(future: txaio.Future[int]) -> None:
    txaio.resolve(future)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def reject_with_a_string(future: txaio.Future[int]) -> None:
    txaio.reject(future, "it failed")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def cancel_with_a_number(future: txaio.Future[int]) -> None:
    txaio.cancel(future, 3)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def callback_wrong_type(future: txaio.Future[int]) -> None:
    def on_text(text: str) -> None:
        pass

    txaio.add_callbacks(future, on_text, None)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def lambda_misuses_the_result(future: txaio.Future[int]) -> None:
    # The lambda's parameter is an int. Not reported by mypy, which checks a
    # lambda given to an overloaded function only when it is correct
    # (https://github.com/python/mypy/issues/5879), nor by ty without an
    # errback (https://github.com/astral-sh/ty/issues/3597). pyrefly also
    # reports the parameter's type as unknown.
    txaio.add_callbacks(future, lambda value: value.upper(), None)  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownLambdaType]  # pyrefly: ignore[implicit-any-lambda, missing-attribute]


def lambda_misuses_the_result_with_an_errback(future: txaio.Future[int]) -> None:
    # As above, with an errback: ty reports it too. Not reported by mypy
    # (https://github.com/python/mypy/issues/5879).
    txaio.add_callbacks(future, lambda value: value.upper(), lambda fail: None)  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownLambdaType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]


def lambda_misuses_a_returned_future() -> None:
    future = txaio.create_future_success(1)
    # A future the API returned is one class (not a union): mypy types the
    # lambda's parameter and reports it. Not reported by ty without an
    # errback (https://github.com/astral-sh/ty/issues/3597).
    txaio.add_callbacks(future, lambda value: value.upper(), None)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownLambdaType]  # pyrefly: ignore[implicit-any-lambda, missing-attribute]


def errback_wrong_type(future: txaio.Future[int]) -> None:
    def on_error(error: Exception) -> None:
        # An errback receives an IFailedFuture, not the exception.
        pass

    txaio.add_callbacks(future, None, on_error)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def callback_result_type(future: txaio.Future[int]) -> txaio.Future[int]:
    def describe(value: int) -> str:
        return str(value)

    return txaio.add_callbacks(future, describe, None)  # type: ignore[arg-type]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def gather_forgets_failures(
    futures: list[txaio.Future[int]],
) -> txaio.Future[list[int]]:
    # With consume_exceptions (the default) a slot may hold a failure.
    return txaio.gather(futures)  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def gather_of_values() -> None:
    txaio.gather([1, 2])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def call_later_wrong_argument() -> None:
    def greet(name: str) -> None:
        pass

    txaio.call_later(1, greet, 42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def call_later_unknown_keyword() -> None:
    def greet(name: str) -> None:
        pass

    txaio.call_later(1, greet, "x", loud=True)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[unexpected-keyword]  # ty: ignore[unknown-argument]


def call_later_delay_string() -> None:
    txaio.call_later("1", print)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def sleep_string() -> None:
    txaio.sleep("1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


async def sleep_has_no_result() -> int:
    value: int = await txaio.sleep(1)  # type: ignore[assignment, func-returns-value]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    return value


# -- failures ------------------------------------------------------------------


def create_failure_of_a_string() -> None:
    txaio.create_failure("boom")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]


def create_failure_keeps_the_type() -> txaio.IFailedFuture[KeyError]:
    return txaio.create_failure(ValueError())  # type: ignore[arg-type]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def failed_future_typo(fail: txaio.IFailedFuture) -> None:
    print(fail.exception)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownArgumentType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]


def is_failure_is_not_specific(thing: object) -> None:
    if txaio.is_failure(thing):
        # Any failure: the exception is a BaseException, not a ValueError.
        error: ValueError = thing.value  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
        print(error)
    txaio.is_failure()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]


def failure_message_of_an_exception() -> None:
    txaio.failure_message(ValueError())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def failure_traceback_of_an_exception() -> None:
    txaio.failure_traceback(ValueError())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def failure_format_traceback_of_a_string() -> None:
    txaio.failure_format_traceback("Traceback")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


# -- timers and logging --------------------------------------------------------


def make_batched_timer_string() -> None:
    txaio.make_batched_timer("1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def batched_call_later_wrong_argument() -> None:
    def expire(session: int) -> None:
        pass

    timer = txaio.make_batched_timer(1)
    timer.call_later(5, expire, "seven")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def batched_call_later_missing_argument() -> None:
    def expire(session: int) -> None:
        pass

    timer = txaio.make_batched_timer(1)
    timer.call_later(5, expire)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]


def make_logger_level_is_a_name() -> None:
    # Any str is accepted (checked at run time; the strict mode takes only
    # LogLevel's names); a number, as the logging module's, is not.
    txaio.make_logger(30)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def logger_has_warn_not_warning() -> None:
    log = txaio.make_logger()
    log.warning("slow")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]


def start_logging_level_is_a_name() -> None:
    txaio.start_logging(level=logging.WARNING)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def set_global_log_level_level_is_a_name() -> None:
    txaio.set_global_log_level(logging.WARNING)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def get_global_log_level_compared_to_unknown() -> bool:
    # Not reported by pyrefly (https://github.com/facebook/pyrefly/issues/721)
    # nor by ty (https://github.com/astral-sh/ty/issues/576).
    return txaio.get_global_log_level() == "warning"  # type: ignore[comparison-overlap]  # pyright: ignore[reportUnnecessaryComparison]


def add_log_categories_not_templates() -> None:
    txaio.add_log_categories({"AR001": 1})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-argument-type]


def log_levels_unknown_level() -> None:
    txaio.log_levels.append("warning")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def log_level_unknown() -> None:
    level: txaio.LogLevel = "verbose"  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    txaio.set_global_log_level(level)


# -- the types the front exports -----------------------------------------------


def future_of_another_type(native: asyncio.Future[str]) -> None:
    wrong: txaio.Future[int] = native  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    txaio.cancel(wrong)


def future_is_invariant(numbers: txaio.Future[bool]) -> None:
    # Otherwise resolve(wider, 2) could put an int into a Future[bool].
    wider: txaio.Future[int] = numbers  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    txaio.cancel(wider)


def deferred_like_of_another_type(deferred: Deferred[bytes]) -> None:
    like: txaio.DeferredLike[str] = deferred  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    like.callback("x")


def reactor_time_needs_a_clock() -> None:
    txaio.with_config(loop=object())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def not_a_reactor() -> txaio.ReactorTime:
    return asyncio.new_event_loop()  # type: ignore[return-value]  # pyright: ignore[reportReturnType]  # pyrefly: ignore[bad-return]  # ty: ignore[invalid-explicit-return]


def interfaces_misused(handle: txaio.IDelayedCall, timer: txaio.IBatchedTimer) -> None:
    handle.reset(5)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]
    timer.call_later(print, 1)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def logger_failure_of_a_message(log: txaio.ILogger) -> None:
    log.failure("oops", failure="the disk is full")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def api_misused(api: txaio.Api, future: txaio.Future[int]) -> None:
    api.resolve(future, "x")  # type: ignore[misc]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]
    api.reject(future, "x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    api.make_logger(30)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def api_has_no_use_asyncio(api: txaio.Api) -> None:
    api.use_asyncio()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]


def config_has_only_a_loop(config: txaio.Config) -> None:
    print(config.reactor)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownArgumentType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]


def level_number(level: int) -> None:
    txaio.make_logger(level)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def is_log_level_narrows_only_levels(name: str) -> None:
    if not txaio.is_log_level(name):
        level: txaio.LogLevel = name  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
        print(level)
    txaio.is_log_level()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]


def make_logger_observer_takes_events() -> None:
    def on_text(text: str) -> None: ...

    txaio.make_logger(observer=on_text)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def framework_future_checks_the_result_type() -> None:
    # Both frameworks' own API is there, with the result type checked.
    future = txaio.create_future_success(1)
    future.set_result("one")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    future.callback("one")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    wrong: txaio.FrameworkFuture[str] = future  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(wrong)


def framework_loop_is_not_a_reactor_of_another_type(loop: txaio.FrameworkLoop) -> None:
    loop.callLater("soon", print)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def level_name_is_text() -> None:
    level: txaio.LogLevelName = logging.DEBUG  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(level)


def framework_delayed_call_misused() -> None:
    handle = txaio.call_later(5, print, "idle")
    handle.reset("later")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    late: txaio.FrameworkDelayedCall = txaio.create_future()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(late)
