"""Nothing lost under faults in user code and bad input, on both frameworks."""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
from typing import Any, cast

import pytest
from conftest import AnyFuture, Framework
from twisted.internet.defer import Deferred

from txaio_typed import aio
from txaio_typed.interfaces import IFailedFuture


class Boom(Exception):
    """A distinctive exception for these tests."""


class Custom(BaseException):
    """A BaseException that is neither KeyboardInterrupt nor SystemExit."""


def stop() -> object:
    return next(iter(()))


# -- StopIteration ------------------------------------------------------------


def _errback_sees(framework: Framework, future: AnyFuture) -> BaseException:
    seen: list[IFailedFuture] = []
    out = framework.api.add_callbacks(future, None, seen.append)
    framework.flush()
    assert framework.result(out) is None
    assert len(seen) == 1
    return seen[0].value


def test_a_callback_raising_stop_iteration_fails_its_future(
    framework: Framework,
) -> None:
    api = framework.api
    f = api.create_future()
    out = api.add_callbacks(f, lambda _: stop(), None)
    api.resolve(f, 1)
    assert isinstance(_errback_sees(framework, out), StopIteration)


@pytest.mark.parametrize(
    "how", ["reject", "create_future_error", "create_future", "as_future"]
)
def test_stop_iteration_fails_a_future(framework: Framework, how: str) -> None:
    api = framework.api
    error = StopIteration("done")
    if how == "reject":
        future = api.create_future()
        api.reject(future, error)
    elif how == "create_future_error":
        future = api.create_future_error(error)
    elif how == "create_future":
        future = api.create_future(error=error)
    else:

        def raising() -> None:
            raise error

        future = api.as_future(raising)
    assert _errback_sees(framework, future) is error


def test_awaiting_a_future_failed_with_stop_iteration_keeps_it_reachable() -> None:
    loop = asyncio.new_event_loop()
    try:
        api = aio.with_config(loop=loop)
        error = StopIteration("done")
        future = api.create_future_error(error)
        with pytest.raises(RuntimeError) as info:
            loop.run_until_complete(future)
        assert info.value.__cause__ is error
        assert info.value.__context__ is error
    finally:
        loop.close()


# -- callbacks that cancel, raise BaseExceptions -------------------------------


@pytest.mark.parametrize("side", ["callback", "errback"])
def test_a_callback_cancelling_its_own_future_is_too_late(
    framework: Framework, side: str
) -> None:
    api = framework.api
    f = api.create_future()
    box: list[AnyFuture] = []

    def handler(_: object) -> str:
        api.cancel(box[0])
        return "ran"

    if side == "callback":
        box.append(api.add_callbacks(f, handler, None))
        api.resolve(f, 1)
    else:
        box.append(api.add_callbacks(f, None, handler))
        api.reject(f, Boom())
    out = box[0]
    assert framework.result(out) == "ran"


def test_a_base_exception_handled_by_a_later_errback_is_not_reported(
    framework: Framework,
) -> None:
    api = framework.api
    seen: list[object] = []
    f = api.create_future()

    def raising(_: object) -> None:
        raise Custom("mine")

    api.add_callbacks(f, raising, None)
    out = api.add_callbacks(f, None, lambda fail: seen.append(type(fail.value)))
    api.resolve(f, 1)
    framework.flush()
    assert framework.result(out) is None
    assert seen == [Custom]
    framework.collect_garbage()
    assert framework.unhandled == []


# -- cancellers -----------------------------------------------------------------


def test_cancelling_a_gather_when_a_canceller_raises(framework: Framework) -> None:
    api = framework.api
    cancelled: list[object] = []

    def broken(_: object) -> None:
        raise Boom("canceller")

    inputs = [
        api.create_future(canceller=cancelled.append),
        api.create_future(canceller=broken),
        api.create_future(canceller=cancelled.append),
    ]
    gathered = api.gather(inputs)
    api.cancel(gathered)
    framework.flush()
    assert isinstance(framework.failure(gathered), api.CancelledError)
    for future in inputs:
        assert isinstance(framework.failure(future), api.CancelledError)
    assert cancelled == [inputs[0], inputs[2]]
    assert len(framework.unhandled) == 1
    assert "Boom('canceller')" in str(framework.unhandled[0])
    framework.unhandled.clear()


def test_a_raising_canceller_still_cancels_and_is_reported(
    framework: Framework,
) -> None:
    api = framework.api

    def broken(_: object) -> None:
        raise Boom("canceller")

    f = api.create_future(canceller=broken)
    api.cancel(f)
    assert isinstance(framework.failure(f), api.CancelledError)
    assert len(framework.unhandled) == 1
    assert "Boom('canceller')" in str(framework.unhandled[0])
    framework.unhandled.clear()


def test_a_canceller_cancelling_its_own_future(framework: Framework) -> None:
    api = framework.api
    calls: list[object] = []

    def canceller(future: AnyFuture) -> None:
        calls.append(future)
        api.cancel(future)

    f = api.create_future(canceller=canceller)
    api.cancel(f)
    assert calls == [f]
    assert isinstance(framework.failure(f), api.CancelledError)
    api.resolve(f, "ignored")  # cancelled: ignored on both


def test_cancellers_cancelling_each_other(framework: Framework) -> None:
    api = framework.api
    pair: list[AnyFuture] = []
    pair.append(api.create_future(canceller=lambda _: api.cancel(pair[1])))
    pair.append(api.create_future(canceller=lambda _: api.cancel(pair[0])))
    api.cancel(pair[0])
    for future in pair:
        assert isinstance(framework.failure(future), api.CancelledError)


# -- foreign futures: their chain does not depend on the collector --------------


@pytest.mark.parametrize("collect", [False, True])
def test_add_callbacks_on_a_foreign_future_is_deterministic(collect: bool) -> None:
    loop = asyncio.new_event_loop()
    try:
        api = aio.with_config(loop=loop)
        foreign: asyncio.Future[int] = loop.create_future()
        api.add_callbacks(foreign, lambda x: x + 1, None)  # result dropped
        foreign.set_result(1)
        loop.run_until_complete(asyncio.sleep(0))
        if collect:
            gc.collect()
        later = api.add_callbacks(foreign, lambda x: x * 10, None)
        # The chain goes on from what the first callback returned, 2.
        assert loop.run_until_complete(later) == 20
        assert foreign.result() == 1
    finally:
        loop.close()


def test_add_callbacks_on_a_foreign_future_in_a_reference_cycle() -> None:
    loop = asyncio.new_event_loop()
    try:
        api = aio.with_config(loop=loop)
        foreign: asyncio.Future[int] = loop.create_future()
        seen: list[object] = []

        def first(x: int) -> int:
            cycle: list[object] = []
            cycle.append(cycle)
            return x + 1

        gc.disable()
        try:
            out = api.add_callbacks(foreign, first, None)
            foreign.set_result(1)
            loop.run_until_complete(out)
            del out
            later = api.add_callbacks(foreign, seen.append, None)
            loop.run_until_complete(later)
        finally:
            gc.enable()
        assert seen == [2]
    finally:
        loop.close()


def test_a_chain_is_freed_without_the_collector() -> None:
    import weakref

    loop = asyncio.new_event_loop()
    gc.disable()
    try:
        api = aio.with_config(loop=loop)
        f: asyncio.Future[int] = api.create_future()
        first = api.add_callbacks(f, lambda x: x + 1, None)
        second = api.add_callbacks(f, lambda x: x * 10, None)
        api.resolve(f, 1)
        assert loop.run_until_complete(second) == 20
        refs = [weakref.ref(future) for future in (f, first, second)]
        del f, first, second
        assert [ref() for ref in refs] == [None, None, None]
    finally:
        gc.enable()
        loop.close()


# -- as_future without a loop -----------------------------------------------------


def test_as_future_in_a_thread_without_a_loop_does_not_run_the_function() -> None:
    ran: list[bool] = []
    raised: list[BaseException] = []

    def work() -> None:
        try:
            aio.as_future(lambda: ran.append(True))
        except RuntimeError as exc:
            raised.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert len(raised) == 1
    assert "no asyncio event loop" in str(raised[0])
    assert ran == []


# -- bad input: a clear error at once --------------------------------------------


@pytest.mark.parametrize("delay", ["1", None, [1], object()])
def test_call_later_and_sleep_name_delay(framework: Framework, delay: object) -> None:
    api = framework.api
    with pytest.raises(TypeError, match="delay must be a number"):
        api.call_later(cast(Any, delay), print)
    with pytest.raises(TypeError, match="delay must be a number"):
        api.sleep(cast(Any, delay))


@pytest.mark.parametrize("bad", [42, "text"])
@pytest.mark.parametrize("side", ["callback", "errback"])
def test_add_callbacks_refuses_a_callback_that_is_not_callable(
    framework: Framework, bad: object, side: str
) -> None:
    api = framework.api
    f = api.create_future()
    callbacks = (bad, None) if side == "callback" else (None, bad)
    with pytest.raises(TypeError, match=f"{side} must be callable"):
        api.add_callbacks(f, *cast(Any, callbacks))
    both = (print, bad) if side == "errback" else (bad, print)
    with pytest.raises(TypeError, match=f"{side} must be callable"):
        api.add_callbacks(f, *cast(Any, both))
    out = api.add_callbacks(f, lambda x: x, None)  # nothing was added before
    api.resolve(f, "ok")
    assert framework.result(out) == "ok"


def _other_future(framework: Framework) -> object:
    if framework.name == "asyncio":
        return Deferred[None]()
    assert framework.loop is None
    loop = asyncio.new_event_loop()
    future = loop.create_future()
    loop.close()
    return future


@pytest.mark.parametrize("kind", ["none", "coroutine", "other framework", "int"])
def test_add_callbacks_refuses_what_is_not_a_future(
    framework: Framework, kind: str
) -> None:
    async def coro() -> None:
        pass

    value: object
    if kind == "none":
        value = None
    elif kind == "coroutine":
        value = coro()
    elif kind == "int":
        value = 42
    else:
        value = _other_future(framework)
    try:
        with pytest.raises(TypeError, match="add_callbacks"):
            framework.api.add_callbacks(cast(Any, value), print, None)
    finally:
        if kind == "coroutine":
            cast("Any", value).close()


@pytest.mark.parametrize("bad", ["int", "other framework"])
def test_gather_checks_every_item_before_starting_any(
    framework: Framework, bad: str
) -> None:
    api = framework.api
    started: list[str] = []

    async def work() -> str:
        started.append("work")
        return "done"

    coro = work()
    item: object = 5 if bad == "int" else _other_future(framework)
    with pytest.raises(TypeError, match="gather"):
        api.gather([coro, item])
    framework.flush()
    assert started == []
    coro.close()


@pytest.mark.parametrize("value", [None, 42, "text", object()])
def test_failure_helpers_never_raise(framework: Framework, value: object) -> None:
    api = framework.api
    bogus = cast(IFailedFuture, value)
    assert api.failure_traceback(bogus) is None
    assert isinstance(api.failure_message(bogus), str)
    assert isinstance(api.failure_format_traceback(bogus), str)


# -- gather leaves its inputs' outcomes alone ------------------------------------


@pytest.mark.parametrize("consume", [True, False])
def test_gather_leaves_each_input_its_own_outcome(
    framework: Framework, consume: bool
) -> None:
    api = framework.api
    f0, f1 = api.create_future(), api.create_future()
    gathered = api.gather([f0, f1], consume_exceptions=consume)
    error = Boom("f0")
    api.reject(f0, error)
    api.resolve(f1, "one")
    seen: list[object] = []
    out0 = api.add_callbacks(f0, seen.append, lambda fail: seen.append(fail.value))
    out1 = api.add_callbacks(f1, seen.append, lambda fail: seen.append(fail.value))
    framework.flush()
    assert framework.result(out0) is None
    assert framework.result(out1) is None
    assert seen == [error, "one"]
    if consume:
        results = cast("list[object]", framework.result(gathered))
        assert cast(IFailedFuture, results[0]).value is error
        assert results[1] == "one"
    else:
        assert framework.failure(gathered) is error


@pytest.mark.parametrize("consume", [True, False])
def test_gather_reports_a_failure_once(framework: Framework, consume: bool) -> None:
    api = framework.api

    def scenario() -> None:
        f0 = api.create_future()
        api.gather([f0], consume_exceptions=consume)  # nobody handles it
        api.reject(f0, Boom("f0"))
        framework.flush()

    scenario()
    framework.collect_garbage()
    if consume:
        # collected into a slot: handled by gather
        assert framework.unhandled == []
    else:
        # passed on to the gathered future, which nobody handled
        assert len(framework.unhandled) == 1
        assert "Boom('f0')" in str(framework.unhandled[0])
        framework.unhandled.clear()


# -- batched timers: huge numbers are accepted ----------------------------------


@pytest.mark.parametrize("huge", [1e300, sys.float_info.max])
def test_batched_timer_accepts_huge_buckets_and_delays(
    framework: Framework, huge: float
) -> None:
    api = cast(Any, framework.api)
    ran: list[str] = []
    timer = api.make_batched_timer(huge)
    assert "BatchedTimer" in repr(timer)
    timer.call_later(1, ran.append, "in a huge bucket")
    small = api.make_batched_timer(1)
    late = small.call_later(huge, ran.append, "huge delay")
    soon = small.call_later(2, ran.append, "soon")
    framework.advance(1000)
    assert ran == ["soon"]
    late.cancel()
    assert soon is not late
