"""The futures API, the same behaviour on asyncio and on Twisted."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any, cast

import pytest
from conftest import API_MEMBERS, AnyFuture, Framework
from twisted.internet.base import DelayedCall
from twisted.internet.defer import AlreadyCalledError, Deferred

from txaio_typed import aio, tx
from txaio_typed.interfaces import IDelayedCall, IFailedFuture


class Boom(Exception):
    """A distinctive exception for these tests."""


def raise_boom(*args: object) -> object:
    raise Boom(*args)


# -- create_future ----------------------------------------------------------


def test_create_future_is_pending(framework: Framework) -> None:
    api = framework.api
    f = api.create_future()
    assert api.is_future(f)
    assert framework.is_pending(f)
    assert not api.is_called(f)
    api.resolve(f, 7)
    assert api.is_called(f)
    assert framework.result(f) == 7


def test_create_future_makes_a_native_future(framework: Framework) -> None:
    f = framework.api.create_future()
    if framework.name == "asyncio":
        assert isinstance(f, asyncio.Future)
        assert f.get_loop() is framework.loop
    else:
        assert isinstance(f, Deferred)
    framework.api.resolve(f, None)


@pytest.mark.parametrize("value", [42, None, "", [1, 2]])
def test_create_future_with_result(framework: Framework, value: object) -> None:
    api = framework.api
    f = api.create_future(result=value)
    assert api.is_called(f)
    assert framework.result(f) == value


def test_create_future_with_error(framework: Framework) -> None:
    api = framework.api
    error = Boom("bad")
    f = api.create_future(error=error)
    assert api.is_called(f)
    assert framework.failure(f) is error


def test_create_future_with_failure_as_error(framework: Framework) -> None:
    api = framework.api
    error = Boom("bad")
    f = api.create_future(error=api.create_failure(error))
    assert framework.failure(f) is error


def test_create_future_with_result_and_error_is_a_value_error(
    framework: Framework,
) -> None:
    with pytest.raises(ValueError, match="result or error"):
        framework.api.create_future(result=1, error=Boom())


def test_create_future_with_a_non_exception_error_is_a_type_error(
    framework: Framework,
) -> None:
    with pytest.raises(TypeError, match="str"):
        framework.api.create_future(error="text")


def test_create_future_with_non_callable_canceller_is_a_type_error(
    framework: Framework,
) -> None:
    with pytest.raises(TypeError, match="canceller"):
        framework.api.create_future(canceller=cast(Any, 42))


def test_create_future_success(framework: Framework) -> None:
    api = framework.api
    f = api.create_future_success("done")
    assert api.is_called(f)
    assert framework.result(f) == "done"


def test_create_future_error_with_exception(framework: Framework) -> None:
    error = Boom("x")
    f = framework.api.create_future_error(error)
    assert framework.api.is_called(f)
    assert framework.failure(f) is error


def test_create_future_error_with_failure(framework: Framework) -> None:
    api = framework.api
    error = Boom("x")
    f = api.create_future_error(api.create_failure(error))
    assert framework.failure(f) is error


def test_create_future_error_with_base_exception(framework: Framework) -> None:
    error = KeyboardInterrupt()
    f = framework.api.create_future_error(error)
    assert framework.failure(f) is error


def test_create_future_error_inside_except_uses_current_exception(
    framework: Framework,
) -> None:
    error = Boom("current")
    try:
        raise error
    except Boom:
        f = framework.api.create_future_error()
    assert framework.failure(f) is error


def test_create_future_error_outside_except_is_a_runtime_error(
    framework: Framework,
) -> None:
    with pytest.raises(RuntimeError, match="except"):
        framework.api.create_future_error()


def test_create_future_error_with_a_string_is_a_type_error(
    framework: Framework,
) -> None:
    with pytest.raises(TypeError, match="str"):
        framework.api.create_future_error("text")


# -- is_future / is_called ---------------------------------------------------


@pytest.mark.parametrize("obj", [None, 1, "x", object(), [1]])
def test_is_future_false_for_plain_values(framework: Framework, obj: object) -> None:
    assert framework.api.is_future(obj) is False


def test_is_future_true_for_futures(framework: Framework) -> None:
    api = framework.api
    assert api.is_future(api.create_future_success(1)) is True
    failed = api.create_future_error(Boom())
    assert api.is_future(failed) is True
    framework.failure(failed)


def test_is_future_of_a_coroutine_is_true_on_both(framework: Framework) -> None:
    async def coroutine_function() -> int:
        return 1

    coroutine = coroutine_function()
    # A coroutine counts on both backends, since as_future, gather and await
    # accept it (upstream Twisted said False).
    assert framework.api.is_future(coroutine) is True
    coroutine.close()


def test_is_future_of_the_other_framework(framework: Framework) -> None:
    other: object
    if framework.name == "asyncio":
        other = Deferred[object]()
    else:
        loop = asyncio.new_event_loop()
        other = loop.create_future()
        loop.close()
    assert framework.api.is_future(other) is False


def test_is_called(framework: Framework) -> None:
    api = framework.api
    pending = api.create_future()
    resolved = api.create_future()
    failed = api.create_future()
    cancelled = api.create_future()
    api.resolve(resolved, 1)
    api.reject(failed, Boom())
    api.cancel(cancelled)
    framework.flush()
    assert not api.is_called(pending)
    assert api.is_called(resolved)
    assert api.is_called(failed)
    assert api.is_called(cancelled)
    framework.failure(failed)
    framework.failure(cancelled)
    api.resolve(pending, None)


# -- as_future ---------------------------------------------------------------


def test_as_future_plain_function(framework: Framework) -> None:
    def add(a: int, b: int) -> int:
        return a + b

    f = framework.api.as_future(add, 2, 3)
    assert framework.api.is_future(f)
    assert framework.result(f) == 5


@pytest.mark.parametrize(
    "value",
    [None, False, 7, 1.5, 2j, "text", b"bytes", (1,), [1], {1: 2}, {1}, frozenset({1})],
)
def test_as_future_of_a_plain_value_resolves_with_that_object(
    framework: Framework, value: object
) -> None:
    f = framework.api.as_future(lambda: value)
    assert framework.api.is_called(f)
    assert framework.result(f) is value


def test_as_future_passes_kwargs(framework: Framework) -> None:
    def fun(a: int, *, b: int, c: int = 0) -> tuple[int, int, int]:
        return a, b, c

    f = framework.api.as_future(fun, 1, b=2, c=3)
    assert framework.result(f) == (1, 2, 3)


def test_as_future_raising_function_gives_failed_future(framework: Framework) -> None:
    f = framework.api.as_future(raise_boom, "why")
    assert framework.api.is_called(f)
    error = framework.failure(f)
    assert isinstance(error, Boom)
    assert error.args == ("why",)


def test_as_future_coroutine_function(framework: Framework) -> None:
    api = framework.api

    async def fun(x: int, *, y: int) -> int:
        await api.sleep(1)
        return x * y

    f = api.as_future(fun, 6, y=7)
    assert framework.is_pending(f)
    framework.advance(1)
    assert framework.result(f) == 42
    if framework.name == "asyncio":
        assert isinstance(f, asyncio.Task)
        assert f.get_loop() is framework.loop
    else:
        assert isinstance(f, Deferred)


def test_as_future_coroutine_function_that_raises(framework: Framework) -> None:
    async def fun() -> None:
        raise Boom("async")

    error = framework.failure(framework.api.as_future(fun))
    assert isinstance(error, Boom)
    assert error.args == ("async",)


def test_as_future_function_returning_a_future_returns_it(
    framework: Framework,
) -> None:
    api = framework.api
    inner = api.create_future()
    assert api.as_future(lambda: inner) is inner
    api.resolve(inner, 3)
    assert framework.result(inner) == 3


def test_as_future_async_generator_function_is_a_type_error(
    framework: Framework,
) -> None:
    async def agen() -> AsyncGenerator[int]:
        yield 1

    with pytest.raises(TypeError, match="async generator"):
        framework.api.as_future(agen)


@pytest.mark.parametrize("exc_type", [KeyboardInterrupt, SystemExit])
def test_as_future_lets_keyboard_interrupt_and_system_exit_propagate(
    framework: Framework, exc_type: type[BaseException]
) -> None:
    def fun() -> None:
        raise exc_type

    with pytest.raises(exc_type):
        framework.api.as_future(fun)


# -- resolve / reject --------------------------------------------------------


def test_resolve_with_default_none(framework: Framework) -> None:
    f = framework.api.create_future()
    framework.api.resolve(f)
    assert framework.result(f) is None


def test_reject_with_exception(framework: Framework) -> None:
    f = framework.api.create_future()
    error = Boom()
    framework.api.reject(f, error)
    assert framework.failure(f) is error


def test_reject_with_failure(framework: Framework) -> None:
    api = framework.api
    f = api.create_future()
    error = Boom()
    api.reject(f, api.create_failure(error))
    assert framework.failure(f) is error


@pytest.mark.parametrize("exc_type", [KeyboardInterrupt, SystemExit, GeneratorExit])
def test_reject_accepts_base_exceptions(
    framework: Framework, exc_type: type[BaseException]
) -> None:
    f = framework.api.create_future()
    error = exc_type()
    framework.api.reject(f, error)
    assert framework.failure(f) is error


def test_reject_inside_except_uses_current_exception(framework: Framework) -> None:
    f = framework.api.create_future()
    error = Boom()
    try:
        raise error
    except Boom:
        framework.api.reject(f)
    assert framework.failure(f) is error


def test_reject_outside_except_is_a_runtime_error(framework: Framework) -> None:
    f = framework.api.create_future()
    with pytest.raises(RuntimeError, match="except"):
        framework.api.reject(f)
    assert framework.is_pending(f)
    framework.api.resolve(f, None)


@pytest.mark.parametrize("error", ["text", 42, object()])
def test_reject_with_non_exception_is_a_type_error(
    framework: Framework, error: object
) -> None:
    f = framework.api.create_future()
    with pytest.raises(TypeError, match=type(error).__name__):
        framework.api.reject(f, error)
    assert framework.is_pending(f)
    framework.api.resolve(f, None)


def test_reject_with_str_names_str(framework: Framework) -> None:
    f = framework.api.create_future()
    with pytest.raises(TypeError, match=r"\bstr\b"):
        framework.api.reject(f, "text")
    framework.api.resolve(f, None)


def _already_settled_error(framework: Framework) -> type[Exception]:
    if framework.name == "asyncio":
        return asyncio.InvalidStateError
    return AlreadyCalledError


def test_resolving_twice_raises(framework: Framework) -> None:
    api = framework.api
    f = api.create_future()
    api.resolve(f, 1)
    with pytest.raises(_already_settled_error(framework)):
        api.resolve(f, 2)
    assert framework.result(f) == 1


def test_rejecting_a_resolved_future_raises(framework: Framework) -> None:
    api = framework.api
    f = api.create_future()
    api.resolve(f, 1)
    with pytest.raises(_already_settled_error(framework)):
        api.reject(f, Boom())
    assert framework.result(f) == 1


def test_resolving_a_failed_future_raises(framework: Framework) -> None:
    api = framework.api
    f = api.create_future()
    error = Boom()
    api.reject(f, error)
    with pytest.raises(_already_settled_error(framework)):
        api.resolve(f, 1)
    assert framework.failure(f) is error


@pytest.mark.parametrize("with_canceller", [False, True])
@pytest.mark.parametrize("settle", ["resolve", "reject"])
def test_settling_a_cancelled_future_is_a_no_op(
    framework: Framework, with_canceller: bool, settle: str
) -> None:
    api = framework.api
    cancelled: list[object] = []
    f = (
        api.create_future(canceller=cancelled.append)
        if with_canceller
        else api.create_future()
    )
    api.cancel(f)
    if settle == "resolve":
        api.resolve(f, 1)
    else:
        api.reject(f, Boom())
    assert cancelled == ([f] if with_canceller else [])
    assert isinstance(framework.failure(f), api.CancelledError)


# -- cancel ------------------------------------------------------------------


def test_canceller_runs_before_cancel_returns(framework: Framework) -> None:
    api = framework.api
    calls: list[object] = []
    f = api.create_future(canceller=calls.append)
    api.cancel(f)
    assert calls == [f]  # no flush: synchronous
    assert isinstance(framework.failure(f), api.CancelledError)
    assert calls == [f]


def test_canceller_not_run_for_settled_future(framework: Framework) -> None:
    api = framework.api
    calls: list[object] = []
    f = api.create_future(canceller=calls.append)
    api.resolve(f, 5)
    api.cancel(f)
    assert calls == []
    assert framework.result(f) == 5


def test_canceller_none_means_no_canceller(framework: Framework) -> None:
    api = framework.api
    f = api.create_future(canceller=None)
    api.cancel(f)
    assert api.is_called(f)
    assert isinstance(framework.failure(f), api.CancelledError)


def test_canceller_that_resolves_wins(framework: Framework) -> None:
    api = framework.api

    def canceller(future: AnyFuture) -> None:
        api.resolve(future, "from canceller")

    f = api.create_future(canceller=canceller)
    api.cancel(f)  # no InvalidStateError / AlreadyCalledError
    assert framework.result(f) == "from canceller"


def test_canceller_that_rejects_wins(framework: Framework) -> None:
    api = framework.api
    error = Boom("from canceller")

    def canceller(future: AnyFuture) -> None:
        api.reject(future, error)

    f = api.create_future(canceller=canceller)
    api.cancel(f)
    assert framework.failure(f) is error


def test_cancel_is_seen_by_errback_as_cancelled_error(framework: Framework) -> None:
    api = framework.api
    seen: list[IFailedFuture] = []
    f = api.create_future()
    out = api.add_callbacks(f, None, seen.append)
    api.cancel(f)
    assert framework.result(out) is None
    assert len(seen) == 1
    assert isinstance(seen[0], IFailedFuture)
    assert isinstance(seen[0].value, api.CancelledError)


def test_cancel_settled_future_is_a_no_op(framework: Framework) -> None:
    api = framework.api
    f = api.create_future_success(1)
    api.cancel(f)
    assert framework.result(f) == 1


def test_cancel_with_message(framework: Framework) -> None:
    api = framework.api
    f = api.create_future()
    api.cancel(f, "stop")
    error = framework.failure(f)
    assert isinstance(error, api.CancelledError)
    if framework.name == "asyncio":
        assert error.args == ("stop",)


# -- add_callbacks -----------------------------------------------------------


def test_add_callbacks_returns_future_of_callback_result(
    framework: Framework,
) -> None:
    api = framework.api
    f = api.create_future()
    out = api.add_callbacks(f, lambda x: x * 2, None)
    assert api.is_future(out)
    assert framework.is_pending(out)
    api.resolve(f, 21)
    assert framework.result(out) == 42


def test_add_callbacks_on_already_resolved_future(framework: Framework) -> None:
    api = framework.api
    out = api.add_callbacks(api.create_future_success(2), lambda x: x + 1, None)
    assert framework.result(out) == 3


def test_add_callbacks_returns_same_deferred_on_twisted() -> None:
    d: Deferred[int] = Deferred()
    assert tx.add_callbacks(d, lambda x: x, None) is d
    assert tx.add_callbacks(d, None, lambda f: None) is d
    assert tx.add_callbacks(d, lambda x: x, lambda f: None) is d
    d.callback(1)


def test_add_callbacks_on_asyncio_returns_the_future_or_one_of_its_loop() -> None:
    loop = asyncio.new_event_loop()
    try:
        api = aio.with_config(loop=loop)
        f: asyncio.Future[int] = api.create_future()
        assert api.add_callbacks(f, lambda x: x, None) is f  # as a Deferred
        foreign: asyncio.Future[int] = loop.create_future()
        out = api.add_callbacks(foreign, lambda x: x, None)
        assert out is not foreign
        assert isinstance(out, asyncio.Future)
        assert out.get_loop() is loop
        f.cancel()
        foreign.cancel()
        loop.run_until_complete(asyncio.sleep(0))
        assert out.cancelled()
    finally:
        loop.close()


def test_errback_gets_failed_future(framework: Framework) -> None:
    api = framework.api
    seen: list[IFailedFuture] = []
    error = Boom("e")
    f = api.create_future()
    out = api.add_callbacks(f, lambda x: ("callback", x), seen.append)
    api.reject(f, error)
    framework.flush()
    assert len(seen) == 1
    fail = seen[0]
    assert isinstance(fail, IFailedFuture)
    assert fail.value is error
    assert fail.type is Boom
    assert framework.result(out) is None


def test_errback_return_value_recovers(framework: Framework) -> None:
    api = framework.api
    f = api.create_future_error(Boom())
    out = api.add_callbacks(f, None, lambda fail: "recovered")
    assert framework.result(out) == "recovered"


def test_errback_raising_replaces_the_error(framework: Framework) -> None:
    api = framework.api
    second = ValueError("second")

    def errback(fail: IFailedFuture) -> None:
        raise second

    out = api.add_callbacks(api.create_future_error(Boom()), None, errback)
    assert framework.failure(out) is second


def test_callback_exception_goes_into_returned_future(framework: Framework) -> None:
    api = framework.api
    f = api.create_future()
    out = api.add_callbacks(f, raise_boom, None)
    api.resolve(f, "x")
    error = framework.failure(out)
    assert isinstance(error, Boom)
    assert error.args == ("x",)


def test_callback_exception_not_consumed_is_reported_unhandled(
    framework: Framework,
) -> None:
    api = framework.api

    def scenario() -> None:
        f = api.create_future()
        api.add_callbacks(f, raise_boom, None)
        api.resolve(f, "lost?")
        framework.flush()

    scenario()
    framework.collect_garbage()
    assert len(framework.unhandled) == 1
    assert "Boom('lost?')" in str(framework.unhandled[0])
    framework.unhandled.clear()


def test_callback_exception_consumed_is_not_reported(framework: Framework) -> None:
    api = framework.api
    seen: list[object] = []

    def scenario() -> None:
        f = api.create_future()
        api.add_callbacks(f, raise_boom, None)
        api.add_callbacks(f, None, lambda fail: seen.append(fail.value))
        api.resolve(f, "consumed")
        framework.flush()

    scenario()
    framework.collect_garbage()
    assert len(seen) == 1
    assert isinstance(seen[0], Boom)
    assert framework.unhandled == []


def test_callback_none_passes_result_through(framework: Framework) -> None:
    api = framework.api
    errors: list[object] = []
    out = api.add_callbacks(api.create_future_success(9), None, errors.append)
    assert framework.result(out) == 9
    assert errors == []


def test_errback_none_passes_failure_through(framework: Framework) -> None:
    api = framework.api
    calls: list[object] = []
    error = Boom()
    out = api.add_callbacks(api.create_future_error(error), calls.append, None)
    assert framework.failure(out) is error
    assert calls == []


def test_errback_none_passes_cancellation_through(framework: Framework) -> None:
    api = framework.api
    calls: list[object] = []
    f = api.create_future()
    out = api.add_callbacks(f, calls.append, None)
    api.cancel(f)
    assert isinstance(framework.failure(out), api.CancelledError)
    assert calls == []


def test_add_callbacks_both_none_is_a_type_error(framework: Framework) -> None:
    api = framework.api
    f = api.create_future()
    with pytest.raises(TypeError):
        api.add_callbacks(f, None, None)
    api.resolve(f, None)


def test_callback_returning_future_is_chained(framework: Framework) -> None:
    api = framework.api
    inner = api.create_future()
    f = api.create_future()
    out = api.add_callbacks(f, lambda _: inner, None)
    api.resolve(f, 1)
    assert framework.is_pending(out)
    api.resolve(inner, "inner result")
    assert framework.result(out) == "inner result"


def test_callback_returning_failed_future_is_chained(framework: Framework) -> None:
    api = framework.api
    error = Boom()
    out = api.add_callbacks(
        api.create_future_success(1), lambda _: api.create_future_error(error), None
    )
    assert framework.failure(out) is error


def test_two_add_callbacks_on_one_future_chain(framework: Framework) -> None:
    api = framework.api
    seen: list[object] = []
    f = api.create_future()

    def first(x: int) -> int:
        seen.append(("first", x))
        return x + 1

    def second(x: int) -> int:
        seen.append(("second", x))
        return x * 10

    api.add_callbacks(f, first, None)
    out = api.add_callbacks(f, second, None)
    api.resolve(f, 1)
    assert framework.result(out) == 20
    assert seen == [("first", 1), ("second", 2)]


def test_chain_via_returned_future_continues_the_chain(framework: Framework) -> None:
    api = framework.api
    f = api.create_future()
    out1 = api.add_callbacks(f, lambda x: x + 1, None)
    out2 = api.add_callbacks(out1, lambda x: x * 3, None)
    api.resolve(f, 1)
    assert framework.result(out2) == 6


def test_errback_in_chain_recovers_for_later_callbacks(framework: Framework) -> None:
    api = framework.api
    seen: list[object] = []
    f = api.create_future()
    api.add_callbacks(f, raise_boom, None)
    api.add_callbacks(f, seen.append, lambda fail: seen.append(type(fail.value)))
    out = api.add_callbacks(f, lambda x: seen.append(("after", x)), None)
    api.resolve(f, 1)
    assert framework.result(out) is None
    assert seen == [Boom, ("after", None)]


def test_add_callbacks_is_type_error_free_of_side_effects_on_failure(
    framework: Framework,
) -> None:
    api = framework.api
    f = api.create_future()
    with pytest.raises(TypeError):
        api.add_callbacks(f, None, None)
    out = api.add_callbacks(f, lambda x: x, None)
    api.resolve(f, "ok")
    assert framework.result(out) == "ok"


# -- gather ------------------------------------------------------------------


def test_gather_results_in_input_order(framework: Framework) -> None:
    api = framework.api
    futures = [api.create_future() for _ in range(3)]
    gathered = api.gather(futures)
    for index in (2, 0, 1):
        assert framework.is_pending(gathered)
        api.resolve(futures[index], f"r{index}")
    assert framework.result(gathered) == ["r0", "r1", "r2"]


def test_gather_empty(framework: Framework) -> None:
    for consume in (True, False):
        assert framework.result(framework.api.gather([], consume)) == []


def test_gather_accepts_an_iterator(framework: Framework) -> None:
    api = framework.api
    gathered = api.gather(api.create_future_success(i) for i in range(3))
    assert framework.result(gathered) == [0, 1, 2]


def test_gather_consumes_exceptions_into_failed_slots(framework: Framework) -> None:
    api = framework.api
    error = Boom("slot")
    futures = [api.create_future() for _ in range(3)]
    gathered = api.gather(futures, consume_exceptions=True)
    api.resolve(futures[0], "a")
    api.reject(futures[1], error)
    api.resolve(futures[2], "c")
    results = framework.result(gathered)
    assert isinstance(results, list)
    items = cast("list[object]", results)
    assert items[0] == "a"
    assert items[2] == "c"
    slot = items[1]
    assert isinstance(slot, IFailedFuture)
    assert cast(IFailedFuture, slot).value is error


def test_gather_default_consumes_exceptions(framework: Framework) -> None:
    api = framework.api
    error = Boom()
    gathered = api.gather([api.create_future_error(error)])
    results = cast("list[IFailedFuture]", framework.result(gathered))
    assert results[0].value is error


def test_gather_without_consume_fails_on_first_failure(framework: Framework) -> None:
    api = framework.api

    def scenario() -> None:
        first, second, third = (api.create_future() for _ in range(3))
        gathered = api.gather([first, second, third], consume_exceptions=False)
        error = Boom("first to fail")
        api.reject(second, error)
        # fails before the others are settled
        assert framework.failure(gathered) is error
        assert framework.is_pending(first)
        assert framework.is_pending(third)
        api.reject(third, ValueError("later"))
        api.resolve(first, 1)
        framework.flush()

    scenario()
    framework.collect_garbage()
    # The gathered future took the first failure; the later one was not
    # consumed by gather, and nobody else handled it: the framework reports
    # it, once.
    assert len(framework.unhandled) == 1
    assert "ValueError('later')" in str(framework.unhandled[0])
    framework.unhandled.clear()


def test_gather_without_consume_all_succeed(framework: Framework) -> None:
    api = framework.api
    futures = [api.create_future_success(i) for i in range(4)]
    assert framework.result(api.gather(futures, consume_exceptions=False)) == [
        0,
        1,
        2,
        3,
    ]


def test_gather_cancel_cancels_pending_inputs(framework: Framework) -> None:
    api = framework.api
    done = api.create_future_success("done")
    cancelled: list[object] = []
    pending = [api.create_future(canceller=cancelled.append) for _ in range(2)]
    gathered = api.gather([done, *pending])
    seen: list[IFailedFuture] = []
    out = api.add_callbacks(gathered, None, seen.append)
    api.cancel(gathered)
    framework.flush()
    assert len(seen) == 1
    assert isinstance(seen[0].value, api.CancelledError)
    assert framework.result(out) is None
    assert cancelled == pending
    assert all(api.is_called(future) for future in pending)


@pytest.mark.parametrize("consume", [True, False])
def test_gather_accepts_coroutines(framework: Framework, consume: bool) -> None:
    api = framework.api

    async def slow(value: str) -> str:
        await api.sleep(1)
        return value

    async def fast() -> int:
        return 5

    gathered = api.gather([slow("s"), api.create_future_success("f"), fast()], consume)
    framework.advance(1)
    assert framework.result(gathered) == ["s", "f", 5]


# -- call_later --------------------------------------------------------------


def test_call_later_runs_after_delay_with_args_and_kwargs(
    framework: Framework,
) -> None:
    calls: list[object] = []

    def fun(*args: object, **kwargs: object) -> None:
        calls.append((framework.now(), args, kwargs))

    handle = framework.api.call_later(5, fun, 1, "two", key="value")
    assert isinstance(handle, IDelayedCall)
    framework.advance(4.5)
    assert calls == []
    framework.advance(0.5)
    assert calls == [(5.0, (1, "two"), {"key": "value"})]
    framework.advance(10)
    assert len(calls) == 1


def test_call_later_without_args(framework: Framework) -> None:
    calls: list[int] = []
    framework.api.call_later(0, lambda: calls.append(1))
    framework.advance(0)
    assert calls == [1]


def test_call_later_order(framework: Framework) -> None:
    calls: list[str] = []
    api = framework.api
    api.call_later(3, calls.append, "c")
    api.call_later(1, calls.append, "a")
    api.call_later(2, calls.append, "b")
    framework.advance(3)
    assert calls == ["a", "b", "c"]


def test_call_later_cancel(framework: Framework) -> None:
    calls: list[object] = []
    handle = cast(IDelayedCall, framework.api.call_later(1, calls.append, "x"))
    handle.cancel()
    framework.advance(2)
    assert calls == []


def test_call_later_cancel_after_it_fired_or_twice_does_nothing(
    framework: Framework,
) -> None:
    calls: list[str] = []
    api = framework.api
    fired = cast(IDelayedCall, api.call_later(1, calls.append, "fired"))
    cancelled = cast(IDelayedCall, api.call_later(2, calls.append, "cancelled"))
    cancelled.cancel()
    framework.advance(1)
    assert calls == ["fired"]
    fired.cancel()  # Twisted's own DelayedCall raises AlreadyCalled here
    fired.cancel()
    cancelled.cancel()  # ... and AlreadyCancelled here
    framework.advance(5)
    assert calls == ["fired"]
    assert framework.pending_calls() == 0


def test_call_later_cancel_from_inside_its_own_call_does_nothing(
    framework: Framework,
) -> None:
    calls: list[str] = []
    handles: list[IDelayedCall] = []

    def fun() -> None:
        handles[0].cancel()  # a timeout that cancels itself when it fires
        calls.append("ran")

    handles.append(cast(IDelayedCall, framework.api.call_later(1, fun)))
    framework.advance(1)
    assert calls == ["ran"]
    assert framework.unhandled == []


def test_call_later_negative_delay_is_a_value_error(framework: Framework) -> None:
    calls: list[object] = []
    with pytest.raises(ValueError, match="delay"):
        framework.api.call_later(-1, calls.append, 1)
    framework.advance(1)
    assert calls == []


def test_call_later_hands_the_function_itself_to_twisted() -> None:
    from twisted.internet import task

    clock = task.Clock()
    api = tx.with_config(loop=clock)

    def fun(a: int, b: int = 0) -> None:
        pass

    call = api.call_later(2, fun, 1, b=2)
    assert isinstance(call, DelayedCall)
    assert len(clock.getDelayedCalls()) == 1
    delayed = cast(DelayedCall, clock.getDelayedCalls()[0])
    assert delayed.func is fun
    assert delayed.args == (1,)
    assert delayed.kw == {"b": 2}
    assert delayed is call
    assert call.active()
    call.cancel()
    assert not call.active()
    assert call.cancelled
    assert clock.getDelayedCalls() == []
    call.cancel()


# -- sleep -------------------------------------------------------------------


def test_sleep_resolves_with_none_after_delay(framework: Framework) -> None:
    api = framework.api
    f = api.sleep(2)
    framework.advance(1.5)
    assert framework.is_pending(f)
    framework.advance(0.5)
    assert framework.result(f) is None


def test_sleep_zero(framework: Framework) -> None:
    f = framework.api.sleep(0)
    framework.advance(0)
    assert framework.result(f) is None


def test_sleep_uses_the_configured_loop(framework: Framework) -> None:
    f = framework.api.sleep(1)
    if framework.name == "asyncio":
        assert isinstance(f, asyncio.Future)
        assert f.get_loop() is framework.loop
    else:
        assert framework.clock is not None
        assert len(framework.clock.getDelayedCalls()) == 1
    framework.advance(1)
    assert framework.result(f) is None


def test_sleep_negative_is_a_value_error(framework: Framework) -> None:
    with pytest.raises(ValueError, match="delay"):
        framework.api.sleep(-0.5)


def test_cancelling_sleep_cancels_it(framework: Framework) -> None:
    api = framework.api
    f = api.sleep(5)
    api.cancel(f)
    assert isinstance(framework.failure(f), api.CancelledError)
    assert framework.pending_calls() == 0
    if framework.clock is not None:
        assert framework.clock.getDelayedCalls() == []
    framework.advance(10)  # the timer does not fire into the cancelled future


def test_cancelling_twisted_sleep_cancels_the_timer() -> None:
    from twisted.internet import task

    clock = task.Clock()
    api = tx.with_config(loop=clock)
    d = api.sleep(3)
    (any_call,) = clock.getDelayedCalls()
    call = cast(DelayedCall, any_call)
    assert call.active()
    d.cancel()
    assert not call.active()
    assert clock.getDelayedCalls() == []
    d.addErrback(lambda _: None)


# -- with_config -------------------------------------------------------------

PUBLIC_API_NAMES = API_MEMBERS


@pytest.mark.parametrize("name", PUBLIC_API_NAMES)
def test_with_config_has_every_public_name(framework: Framework, name: str) -> None:
    module = aio if framework.name == "asyncio" else tx
    assert name in module.__all__
    assert hasattr(framework.api, name)
    if name not in ("config", "with_config"):
        module_value: object = getattr(module, name)
        api_value: object = getattr(framework.api, name)
        assert callable(api_value) == callable(module_value)


def test_with_config_covers_module_all(framework: Framework) -> None:
    module = aio if framework.name == "asyncio" else tx
    classes = {"AsyncioApi", "TwistedApi", "Config", "FailedFuture", "ReactorTime"}
    classes |= {"Canceller"}  # a type alias
    # Upstream's logging names of the backend modules, not functions of the API.
    logging_names = {"Logger", "LogLevel", "log_levels"}
    assert set(module.__all__) - classes - logging_names <= set(PUBLIC_API_NAMES)


def test_with_config_flags(framework: Framework) -> None:
    api = framework.api
    assert api.using_asyncio is (framework.name == "asyncio")
    assert api.using_twisted is (framework.name == "twisted")
    expected = asyncio.CancelledError if framework.name == "asyncio" else None
    if expected is not None:
        assert api.CancelledError is expected
    else:
        from twisted.internet.defer import CancelledError

        assert api.CancelledError is CancelledError


def test_with_config_config_holds_the_loop(framework: Framework) -> None:
    loop = framework.loop if framework.name == "asyncio" else framework.clock
    assert getattr(framework.api.config, "loop", None) is loop


def test_twisted_with_config_uses_that_clock() -> None:
    from twisted.internet import task

    clock = task.Clock()
    api = tx.with_config(loop=clock)
    calls: list[int] = []
    api.call_later(1, calls.append, 1)
    d = api.sleep(1)
    assert len(clock.getDelayedCalls()) == 2
    clock.advance(1)
    assert calls == [1]
    assert d.called
    assert tx.config.loop is not clock


def test_asyncio_with_config_is_independent_of_module_config() -> None:
    loop = asyncio.new_event_loop()
    try:
        api = aio.with_config(loop=loop)
        assert api.config.loop is loop
        assert aio.config.loop is not loop
        f = api.create_future()
        assert f.get_loop() is loop
        t = api.as_future(asyncio.sleep, 0)
        assert t.get_loop() is loop
        s = api.sleep(0)
        assert s.get_loop() is loop
        loop.run_until_complete(asyncio.gather(t, s))
        f.cancel()
    finally:
        loop.close()


def test_api_with_config_method_makes_new_api(framework: Framework) -> None:
    calls: list[int] = []
    if framework.name == "asyncio":
        loop = asyncio.new_event_loop()
        try:
            first = asyncio.new_event_loop()
            first.close()
            api2 = aio.with_config(loop=first).with_config(loop=loop)
            assert api2.create_future_success(1).get_loop() is loop
            api2.call_later(0, calls.append, 1)
            loop.run_until_complete(asyncio.sleep(0))
        finally:
            loop.close()
    else:
        from twisted.internet import task

        clock = task.Clock()
        tx_api = tx.with_config(loop=task.Clock()).with_config(loop=clock)
        tx_api.call_later(1, calls.append, 1)
        clock.advance(1)
    assert calls == [1]


# -- as_future of a function returning a failure; with_config() -------------


def test_as_future_of_a_function_returning_a_failure_fails(
    framework: Framework,
) -> None:
    api = framework.api
    error = Boom("returned, not raised")
    failed = api.as_future(lambda: api.create_failure(error))
    assert framework.failure(failed) is error


def test_with_config_without_a_loop_shares_the_module_config(
    framework: Framework,
) -> None:
    module_config = aio.config if framework.name == "asyncio" else tx.config
    default_api = (aio if framework.name == "asyncio" else tx).with_config()
    assert default_api.config is module_config
    assert default_api.with_config().config is module_config


@pytest.mark.parametrize("delay", [float("nan"), float("inf")])
def test_call_later_and_sleep_refuse_a_delay_that_is_not_finite(
    framework: Framework, delay: float
) -> None:
    with pytest.raises(ValueError, match="finite number of seconds"):
        framework.api.call_later(delay, print)
    with pytest.raises(ValueError, match="finite number of seconds"):
        framework.api.sleep(delay)


def test_call_later_with_a_delay_that_is_not_a_number_is_a_type_error(
    framework: Framework,
) -> None:
    with pytest.raises(TypeError):
        framework.api.call_later("1", print)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_a_chain_continues_after_its_returned_futures_are_dropped(
    framework: Framework,
) -> None:
    import gc

    api = framework.api
    f = api.create_future()
    api.add_callbacks(f, lambda x: x + 1, None)  # the returned future is dropped
    api.resolve(f, 1)
    framework.flush()
    gc.collect()
    later = api.add_callbacks(f, lambda x: x * 10, None)
    assert framework.result(later) == 20
