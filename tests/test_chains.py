"""``add_callbacks`` chains: one per future, as on a Deferred, on every
framework and for every kind of future.

The same test code runs on asyncio (the standard loop and uvloop) and on
Twisted, for a future txaio-typed made, one from ``as_future`` of a
coroutine function (a Task on asyncio), one the framework wrapped around a
coroutine itself (``asyncio.ensure_future``, ``Deferred.fromCoroutine``) and
one made by the framework directly (``loop.create_future()``,
``Deferred()``).
"""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Callable, Coroutine, Generator
from contextlib import contextmanager
from typing import Any, Literal, TypeAlias

import pytest
from conftest import AnyFuture, Backend, Framework, open_framework
from twisted.internet.defer import AlreadyCalledError, Deferred

from txaio_typed.interfaces import IFailedFuture

Kind: TypeAlias = Literal["create_future", "as_future", "wrapped", "native"]
KINDS: tuple[Kind, ...] = ("create_future", "as_future", "wrapped", "native")
ASYNCIO_BACKENDS: tuple[Backend, ...] = ("asyncio", "asyncio-uvloop")


class Boom(Exception):
    """A distinctive exception for these tests."""


def make(
    framework: Framework, kind: Kind
) -> tuple[AnyFuture, Callable[[object], None]]:
    """A pending future of ``kind`` and the function that resolves it."""
    api = framework.api
    if kind in ("create_future", "native"):
        future: AnyFuture
        if kind == "create_future":
            future = api.create_future()
        elif framework.loop is not None:
            future = framework.loop.create_future()
        else:
            future = Deferred()
        return future, lambda value: api.resolve(future, value)
    gate = api.create_future()

    async def work() -> object:
        return await gate

    if kind == "as_future":
        future = api.as_future(work)
    elif framework.loop is not None:
        future = asyncio.ensure_future(work(), loop=framework.loop)
    else:
        future = Deferred.fromCoroutine(work())
    return future, lambda value: api.resolve(gate, value)


def coroutine_of(future: AnyFuture) -> Coroutine[Any, Any, object]:
    async def wait() -> object:
        return await future

    return wait()


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> Kind:
    """Each kind of future a chain can hang on."""
    param: Kind = request.param
    return param


@contextmanager
def collector_off() -> Generator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# -- one chain per future ---------------------------------------------------------


def test_each_callback_receives_what_the_one_before_returned(
    framework: Framework, kind: Kind
) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    seen: list[object] = []

    def parse(text: str) -> int:
        seen.append(("parse", text))
        return int(text)

    def store(number: int) -> str:
        seen.append(("store", number))
        return f"stored {number}"

    api.add_callbacks(future, parse, None)
    second = api.add_callbacks(future, store, None)
    settle("7")
    assert framework.result(second) == "stored 7"
    assert seen == [("parse", "7"), ("store", 7)]


def test_callbacks_added_after_the_chain_ran_continue_it(
    framework: Framework, kind: Kind
) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    api.add_callbacks(future, lambda x: x + 1, None)
    settle(1)
    framework.flush()
    later = api.add_callbacks(future, lambda x: x * 10, None)
    assert framework.result(later) == 20
    last = api.add_callbacks(future, lambda x: x - 1, None)
    assert framework.result(last) == 19


def test_the_chain_survives_the_collector_between_calls(
    framework: Framework, kind: Kind
) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    api.add_callbacks(future, lambda x: x + 1, None)  # returned futures dropped
    gc.collect()
    api.add_callbacks(future, lambda x: x * 10, None)
    gc.collect()
    settle(1)
    framework.flush()
    gc.collect()
    later = api.add_callbacks(future, lambda x: x + 3, None)
    gc.collect()
    assert framework.result(later) == 23


def test_the_callbacks_run_in_the_order_they_were_added(
    framework: Framework, kind: Kind
) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    order: list[int] = []

    def record(i: int) -> Callable[[object], None]:
        return lambda _: order.append(i)

    outs = [api.add_callbacks(future, record(i), None) for i in range(20)]
    settle(None)
    framework.flush()
    assert order == list(range(20))
    assert [framework.result(out) for out in outs] == [None] * 20


def test_an_error_goes_to_the_next_errback(framework: Framework, kind: Kind) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    seen: list[object] = []

    def fail(value: object) -> object:
        raise Boom(value)

    def recover(failure: IFailedFuture) -> str:
        seen.append(failure.value)
        return "recovered"

    api.add_callbacks(future, fail, None)
    api.add_callbacks(future, seen.append, None)
    api.add_callbacks(future, seen.append, recover)
    last = api.add_callbacks(future, lambda x: f"then {x}", None)
    settle("x")
    assert framework.result(last) == "then recovered"
    assert len(seen) == 1
    assert isinstance(seen[0], Boom)
    assert seen[0].args == ("x",)


def test_a_failed_future_goes_to_the_first_errback(
    framework: Framework, kind: Kind
) -> None:
    api = framework.api
    future, _ = make(framework, kind)
    seen: list[object] = []
    api.add_callbacks(future, seen.append, None)
    out = api.add_callbacks(future, None, lambda failure: type(failure.value))
    api.cancel(future)
    assert framework.result(out) is api.CancelledError
    assert seen == []


def test_a_returned_future_pauses_the_chain(framework: Framework, kind: Kind) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    inner = api.create_future()
    seen: list[object] = []

    def after(x: object) -> str:
        seen.append(x)
        return f"after {x}"

    api.add_callbacks(future, lambda _: inner, None)
    out = api.add_callbacks(future, after, None)
    settle(1)
    framework.flush()
    assert seen == []
    assert framework.is_pending(out)
    api.resolve(inner, "inner")
    assert framework.result(out) == "after inner"
    assert seen == ["inner"]


def test_a_callback_may_add_to_its_own_chain(framework: Framework, kind: Kind) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    seen: list[int] = []
    outs: list[AnyFuture] = []

    def times(factor: int) -> Callable[[int], int]:
        def multiply(x: int) -> int:
            seen.append(x)
            return x * factor

        return multiply

    def first(x: int) -> int:
        outs.append(api.add_callbacks(future, times(2), None))
        return x + 1

    api.add_callbacks(future, first, None)
    api.add_callbacks(future, times(10), None)
    settle(1)
    framework.flush()
    assert seen == [2, 20]
    assert framework.result(outs[0]) == 40


def test_a_future_txaio_typed_made_takes_its_chains_outcome(
    framework: Framework,
) -> None:
    # As a Deferred: add_callbacks returns the future itself while it is
    # pending, and whoever awaits it gets the outcome of its chain.
    api = framework.api
    future = api.create_future()
    first = api.add_callbacks(future, lambda x: x + 1, None)
    second = api.add_callbacks(future, lambda x: x * 10, None)
    assert first is future
    assert second is future
    api.resolve(future, 1)
    assert framework.result(future) == 20
    assert framework.result(api.as_future(coroutine_of, future)) == 20


def test_add_callbacks_on_a_settled_future_returns_a_new_one(
    framework: Framework, kind: Kind
) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    settle(1)
    framework.flush()
    out = api.add_callbacks(future, lambda x: x + 1, None)
    assert framework.result(out) == 2
    assert framework.result(api.add_callbacks(future, lambda x: x * 10, None)) == 20


# -- one loop step ----------------------------------------------------------------


@pytest.mark.parametrize("length", [5, 10_000])
def test_the_chain_runs_to_its_end_in_one_loop_step(
    framework: Framework, kind: Kind, length: int
) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    ran: list[int] = []
    seen_by_next_step: list[int] = []

    def first(x: int) -> int:
        # Runs on the next turn of the loop (Twisted: the next clock step).
        framework.soon(lambda: seen_by_next_step.append(len(ran)))
        ran.append(x)
        return x + 1

    def link(x: int) -> int:
        ran.append(x)
        return x + 1

    out = api.add_callbacks(future, first, None)
    for _ in range(length - 1):
        out = api.add_callbacks(future, link, None)
    settle(0)
    framework.flush()
    assert ran == list(range(length))
    assert seen_by_next_step == [length]
    assert framework.result(out) == length


@pytest.mark.parametrize("kind", ["create_future", "native"])
def test_the_chain_runs_before_a_call_soon_made_after_the_resolve(
    framework: Framework, kind: Kind
) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    ran: list[int] = []

    def link(x: int) -> int:
        ran.append(x)
        return x + 1

    for _ in range(5):
        api.add_callbacks(future, link, None)
    seen: list[list[int]] = []
    settle(0)
    framework.soon(lambda: seen.append(list(ran)))
    framework.flush()
    assert seen == [[0, 1, 2, 3, 4]]


# -- lifetime ---------------------------------------------------------------------


def test_a_settled_future_and_its_chain_are_freed_without_the_collector(
    framework: Framework, kind: Kind
) -> None:
    api = framework.api
    with collector_off():
        future, settle = make(framework, kind)
        first = api.add_callbacks(future, lambda x: x + 1, None)
        second = api.add_callbacks(future, lambda x: x * 10, None)
        settle(1)
        assert framework.result(second) == 20
        refs = [weakref.ref(f) for f in (future, first, second)]
        del future, first, second, settle
        assert [ref() for ref in refs] == [None, None, None]


def test_a_cancelled_future_and_its_chain_are_freed(
    framework: Framework, kind: Kind
) -> None:
    # A cancellation's traceback refers to the frames it passed through: as
    # on Twisted, the collector frees what they hold.
    api = framework.api
    future, settle = make(framework, kind)
    out = api.add_callbacks(future, None, lambda failure: "recovered")
    api.cancel(future)
    assert framework.result(out) == "recovered"
    later = api.add_callbacks(future, lambda x: f"then {x}", None)
    assert framework.result(later) == "then recovered"
    refs = [weakref.ref(f) for f in (future, out, later)]
    del future, out, later, settle
    gc.collect()
    assert [ref() for ref in refs] == [None, None, None]


def test_a_chain_lives_as_long_as_its_future(framework: Framework, kind: Kind) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    held: list[weakref.ref[Boom]] = []

    def outcome(_: object) -> Boom:
        value = Boom("the chain's outcome")
        held.append(weakref.ref(value))
        return value

    api.add_callbacks(future, outcome, None)  # the returned future is dropped
    settle(None)
    framework.flush()
    gc.collect()
    assert held[0]() is not None
    del future, settle
    gc.collect()
    assert held[0]() is None


@pytest.mark.parametrize("kind", ["create_future", "native"])
def test_a_chain_whose_callbacks_refer_to_the_future_is_collected(
    framework: Framework, kind: Kind
) -> None:
    # (A pending task dropped unfinished is reported by asyncio: not here.)
    api = framework.api

    def abandoned() -> weakref.ref[Any]:
        future, _ = make(framework, kind)
        api.add_callbacks(future, lambda _: future, None)
        return weakref.ref(future)

    ref = abandoned()
    gc.collect()
    framework.flush()
    gc.collect()
    assert ref() is None


# -- what other consumers of the future see (asyncio) ------------------------------


@pytest.fixture(params=ASYNCIO_BACKENDS)
def asyncio_framework(request: pytest.FixtureRequest) -> Generator[Framework]:
    """A started :class:`Framework` for each asyncio loop."""
    backend: Backend = request.param
    with open_framework(backend) as harness:
        yield harness


@pytest.mark.parametrize("kind", ["as_future", "wrapped", "native"])
def test_a_foreign_future_keeps_its_own_result_on_asyncio(
    asyncio_framework: Framework, kind: Kind
) -> None:
    framework = asyncio_framework
    api = framework.api
    future, settle = make(framework, kind)
    assert isinstance(future, asyncio.Future)
    api.add_callbacks(future, lambda x: x + 1, None)
    out = api.add_callbacks(future, lambda x: x * 10, None)
    assert out is not future
    waiter = api.as_future(coroutine_of, future)
    settle(1)
    assert framework.result(out) == 20
    assert future.result() == 1
    assert framework.result(waiter) == 1
    assert framework.result(api.gather([future])) == [1]


def test_a_failed_future_keeps_its_failure_on_asyncio(
    asyncio_framework: Framework,
) -> None:
    framework = asyncio_framework
    api = framework.api
    assert framework.loop is not None
    future = framework.loop.create_future()
    out = api.add_callbacks(future, None, lambda failure: "recovered")
    error = Boom()
    api.reject(future, error)
    assert framework.result(out) == "recovered"
    assert future.exception() is error


# -- a future txaio-typed made is its chain's outcome, as a Deferred ------------


def test_a_cancelled_future_takes_what_its_errback_returned(
    framework: Framework,
) -> None:
    api = framework.api
    future = api.create_future()
    api.add_callbacks(future, None, lambda failure: "recovered")
    api.cancel(future)
    assert framework.result(future) == "recovered"
    api.resolve(future, "ignored")  # settling a cancelled future does nothing
    assert framework.result(future) == "recovered"


def test_a_chain_waiting_for_a_returned_future(framework: Framework) -> None:
    api = framework.api
    future = api.create_future()
    inner = api.create_future()
    api.add_callbacks(future, lambda _: inner, None)
    api.resolve(future, 1)
    assert api.is_called(future)
    assert framework.is_pending(future)
    with pytest.raises((asyncio.InvalidStateError, AlreadyCalledError)):
        api.resolve(future, 2)
    api.resolve(inner, "inner")
    assert framework.result(future) == "inner"


def test_cancelling_a_waiting_chain_cancels_what_it_waits_for(
    framework: Framework,
) -> None:
    api = framework.api
    future = api.create_future()
    inner = api.create_future()
    seen: list[type[BaseException]] = []
    api.add_callbacks(future, lambda _: inner, None)
    api.add_callbacks(future, None, lambda failure: seen.append(type(failure.value)))
    api.resolve(future, 1)
    api.cancel(future)
    assert framework.result(future) is None
    assert seen == [api.CancelledError]


def test_a_chain_on_the_future_a_foreign_chain_returned(
    framework: Framework,
) -> None:
    api = framework.api
    future, settle = make(framework, "native")
    out = api.add_callbacks(future, lambda x: x + 1, None)
    later = api.add_callbacks(out, lambda x: x * 10, None)
    settle(1)
    assert framework.result(later) == 20


def test_an_errback_returning_its_failure_keeps_the_chain_failed(
    framework: Framework, kind: Kind
) -> None:
    # Autobahn's errbacks pass the failure on by returning it, as Twisted
    # code does.
    api = framework.api
    future, settle = make(framework, kind)
    seen: list[object] = []

    def pass_on(failure: IFailedFuture) -> IFailedFuture:
        seen.append(failure.value)
        return failure

    api.add_callbacks(future, lambda _: api.create_future_error(Boom("x")), None)
    api.add_callbacks(future, None, pass_on)
    out = api.add_callbacks(future, None, lambda failure: type(failure.value))
    settle(1)
    assert framework.result(out) is Boom
    assert len(seen) == 1


def test_a_future_whose_errback_returns_its_failure_fails(
    framework: Framework,
) -> None:
    api = framework.api
    future = api.create_future()
    api.add_callbacks(future, None, lambda failure: failure)
    error = Boom("kept")
    api.reject(future, error)
    assert framework.failure(future) is error


def test_a_callback_added_in_the_step_a_foreign_future_is_cancelled(
    asyncio_framework: Framework,
) -> None:
    # The documented limit: until its chain has run, a cancelled foreign
    # future's chain cannot be found; a callback added then starts another.
    framework = asyncio_framework
    api = framework.api
    assert framework.loop is not None
    future = framework.loop.create_future()
    first = api.add_callbacks(future, None, lambda failure: "recovered")
    future.cancel()
    second = api.add_callbacks(future, None, lambda failure: type(failure.value))
    assert framework.result(first) == "recovered"
    assert framework.result(second) is asyncio.CancelledError
    later = api.add_callbacks(future, lambda x: x, None)
    assert framework.result(later) is asyncio.CancelledError


def test_a_canceller_that_resolves_wins_even_when_the_chain_waits(
    framework: Framework,
) -> None:
    api = framework.api
    inner = api.create_future()
    future = api.create_future(canceller=lambda f: api.resolve(f, "from canceller"))
    seen: list[object] = []

    def wait(value: object) -> AnyFuture:
        seen.append(value)
        return inner

    api.add_callbacks(future, wait, None)
    api.cancel(future)
    assert seen == ["from canceller"]
    assert framework.is_pending(inner)
    api.resolve(inner, "inner")
    assert framework.result(future) == "inner"


def test_callbacks_added_to_a_settled_foreign_future_in_one_step_chain(
    framework: Framework, kind: Kind
) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    settle(1)
    framework.flush()
    api.add_callbacks(future, lambda x: x + 1, None)
    out = api.add_callbacks(future, lambda x: x * 10, None)
    assert framework.result(out) == 20


# -- nothing reported, nothing kept (asyncio) ---------------------------------------

OutcomeKind: TypeAlias = Literal["task", "native", "settled"]


def failing(
    framework: Framework, kind: OutcomeKind
) -> tuple[AnyFuture, Callable[[], None]]:
    """A future whose chain's outcome goes to a future of its own (a Task, a
    future from ``loop.create_future()``, or a failed future txaio-typed
    made, given callbacks once settled), and the function that fails it."""
    api = framework.api
    loop = framework.loop
    assert loop is not None
    if kind == "native":
        future = loop.create_future()
        return future, lambda: api.reject(future, Boom("unheard"))
    if kind == "settled":
        return api.create_future_error(Boom("unheard")), lambda: None
    gate = api.create_future()

    async def work() -> object:
        await gate
        raise Boom("unheard")

    return loop.create_task(work()), lambda: api.resolve(gate, None)


@pytest.mark.parametrize("kind", ["task", "native", "settled"])
def test_a_failure_after_the_returned_future_was_cancelled_is_not_reported(
    asyncio_framework: Framework, kind: OutcomeKind
) -> None:
    # Cancelling what add_callbacks returned means nobody wants the chain's
    # outcome: the future's failure is taken by the chain, and not reported
    # ("Future exception was never retrieved") when the future is collected.
    framework = asyncio_framework
    api = framework.api
    future, fail = failing(framework, kind)
    out = api.add_callbacks(future, lambda x: x, None)
    assert out is not future
    api.cancel(out)
    fail()
    framework.flush()
    assert isinstance(out, asyncio.Future) and out.cancelled()
    del future, fail, out
    framework.collect_garbage()
    assert framework.unhandled == []


@pytest.mark.parametrize("kind", ["as_future", "native"])
def test_a_foreign_future_whose_chain_ends_cancelled_is_freed(
    asyncio_framework: Framework, kind: Kind
) -> None:
    # The chain keeps its outcome, the CancelledError, for as long as the
    # future lives: if the error's traceback referred to the future, the
    # future would never die.
    framework = asyncio_framework
    api = framework.api
    future, _ = make(framework, kind)
    out = api.add_callbacks(future, lambda x: x, None)
    api.cancel(future)
    assert isinstance(framework.failure(out), asyncio.CancelledError)
    ref = weakref.ref(future)
    del future, out, _
    gc.collect()
    assert ref() is None


def test_a_callback_cancelling_the_future_add_callbacks_returned_is_too_late(
    framework: Framework, kind: Kind
) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    box: list[AnyFuture] = []

    def handler(_: object) -> str:
        api.cancel(box[0])
        return "ran"

    box.append(api.add_callbacks(future, handler, None))
    settle(1)
    assert framework.result(box[0]) == "ran"


def test_cancelling_the_returned_future_while_its_chain_waits(
    framework: Framework, kind: Kind
) -> None:
    api = framework.api
    future, settle = make(framework, kind)
    inner = api.create_future()
    out = api.add_callbacks(future, lambda _: inner, None)
    settle(1)
    framework.flush()
    api.cancel(out)
    assert isinstance(framework.failure(out), api.CancelledError)


@pytest.mark.parametrize("kind", ["as_future", "native"])
def test_a_foreign_future_keeps_its_cancellation_message(
    asyncio_framework: Framework, kind: Kind
) -> None:
    # The chain hangs on the future's _cancel_message (see _aio_chain): a
    # Task asked to cancel, and a cancelled future, keep their message.
    framework = asyncio_framework
    api = framework.api
    future, _ = make(framework, kind)
    assert isinstance(future, asyncio.Future)
    future.cancel("stopped")  # a Task is still pending, asked to cancel
    seen: list[tuple[object, ...]] = []
    out = api.add_callbacks(
        future, None, lambda failure: seen.append(failure.value.args)
    )
    assert framework.result(out) is None
    assert seen == [("stopped",)]
    if kind == "native":  # (asyncio gives a Task's error to its first reader only)
        with pytest.raises(asyncio.CancelledError) as info:
            future.result()
        assert info.value.args == ("stopped",)


@pytest.mark.parametrize("exc_type", [KeyboardInterrupt, SystemExit])
def test_the_rest_of_a_chain_runs_after_an_interrupt_propagated(
    asyncio_framework: Framework, exc_type: type[BaseException]
) -> None:
    framework = asyncio_framework
    api = framework.api
    future = api.create_future()

    def interrupt(_: object) -> None:
        raise exc_type

    api.add_callbacks(future, interrupt, None)
    api.add_callbacks(future, None, lambda failure: type(failure.value))
    with pytest.raises(exc_type):
        api.resolve(future, 1)
    assert framework.result(future) is exc_type


def test_set_exception_with_a_class_on_a_future_with_a_chain(
    asyncio_framework: Framework,
) -> None:
    # asyncio's set_exception accepts an exception class, and raises it made.
    framework = asyncio_framework
    api = framework.api
    future = api.create_future()
    assert isinstance(future, asyncio.Future)
    out = api.add_callbacks(future, None, lambda failure: failure.value)
    future.set_exception(Boom)
    assert type(framework.result(out)) is Boom
