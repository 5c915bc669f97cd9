"""Differential tests: the same scenarios on upstream txaio and on txaio_typed.

Where txaio_typed means to behave as upstream does, the observable traces
(what callbacks saw, in which order) must be equal. Upstream's per-backend
modules are used directly (``txaio.aio``/``txaio.tx``), without selecting a
framework: asyncio through ``txaio.aio.with_config(loop=...)`` (with
``txaio.aio.config.loop`` pointing at the same loop, for the module-level
helpers upstream calls internally), Twisted through ``txaio.tx`` with
``txaio.tx.config.loop`` set to a ``Clock`` and restored afterwards.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import AsyncGenerator, Callable, Generator
from types import ModuleType
from typing import Any, Literal, TypeAlias, cast

import pytest
from conftest import AnyFuture, Api, Framework, FrameworkName, open_framework

from txaio_typed.interfaces import IFailedFuture

Trace: TypeAlias = list[object]
Scenario: TypeAlias = Callable[[Api, Framework], Trace]
Implementation: TypeAlias = Literal["upstream", "typed"]
RunBoth: TypeAlias = Callable[[Scenario], dict[Implementation, Trace]]


def _upstream(name: FrameworkName) -> ModuleType:
    return importlib.import_module("txaio.aio" if name == "asyncio" else "txaio.tx")


@pytest.fixture(params=["asyncio", "twisted"])
def run_both(
    request: pytest.FixtureRequest,
) -> Generator[Callable[[Scenario], dict[Implementation, Trace]]]:
    """Run a scenario on upstream and on txaio_typed, for one backend."""
    name = cast(FrameworkName, request.param)
    upstream = _upstream(name)
    upstream_config = cast(object, upstream.config)
    previous: object = getattr(upstream_config, "loop", None)

    def run(scenario: Scenario) -> dict[Implementation, Trace]:
        traces: dict[Implementation, Trace] = {}
        for implementation in ("upstream", "typed"):
            with open_framework(name) as harness:
                loop = harness.loop if name == "asyncio" else harness.clock
                if implementation == "upstream":
                    setattr(upstream_config, "loop", loop)  # noqa: B010
                    api = (
                        upstream.with_config(loop=loop)
                        if name == "asyncio"
                        else upstream
                    )
                    harness.api = cast(Api, api)
                traces[implementation] = scenario(harness.api, harness)
                harness.flush()
        return traces

    try:
        yield run
    finally:
        setattr(upstream_config, "loop", previous)  # noqa: B010


def same(run_both: RunBoth, s: Scenario) -> Trace:
    traces = run_both(s)
    assert traces["typed"] == traces["upstream"]
    assert traces["typed"], "a scenario must observe something"
    return traces["typed"]


# -- scenarios ---------------------------------------------------------------


def success_then_callbacks(api: Api, fw: Framework) -> Trace:
    trace: Trace = []
    f = api.create_future_success(5)
    api.add_callbacks(
        f, lambda x: trace.append(("cb", x)), lambda e: trace.append(("eb", e))
    )
    fw.flush()
    trace.append(api.is_called(f))
    return trace


def resolve_later_then_callbacks(api: Api, fw: Framework) -> Trace:
    trace: Trace = []
    f = api.create_future()
    api.add_callbacks(f, lambda x: trace.append(("cb", x)), None)
    trace.append(("called", api.is_called(f)))
    api.call_later(1, api.resolve, f, "later")
    fw.advance(1)
    trace.append(("called", api.is_called(f)))
    return trace


def create_future_with_result(api: Api, fw: Framework) -> Trace:
    trace: Trace = []
    for value in (0, None, "r", (1, 2)):
        f = api.create_future(result=value)
        trace.append(api.is_called(f))
        api.add_callbacks(f, trace.append, None)
    fw.flush()
    return trace


def as_future_plain(api: Api, fw: Framework) -> Trace:
    trace: Trace = []

    def fun(a: int, b: int, *, c: int) -> tuple[int, int, int]:
        trace.append("called")
        return (a, b, c)

    f = api.as_future(fun, 1, 2, c=3)
    trace.append(api.is_future(f))
    api.add_callbacks(f, trace.append, None)
    fw.flush()
    return trace


def as_future_coroutine(api: Api, fw: Framework) -> Trace:
    trace: Trace = []

    async def fun(x: int) -> int:
        trace.append(("running", x))
        return x * 7

    f = api.as_future(fun, 6)
    trace.append(api.is_future(f))
    api.add_callbacks(f, lambda r: trace.append(("result", r)), None)
    fw.flush()
    return trace


def as_future_raising(api: Api, fw: Framework) -> Trace:
    trace: Trace = []

    def fun() -> None:
        raise ValueError("raised by fun")

    f = api.as_future(fun)
    trace.append(api.is_future(f))
    api.add_callbacks(
        f,
        lambda r: trace.append(("cb", r)),
        lambda fail: trace.append(("eb", api.failure_message(fail))),
    )
    fw.flush()
    return trace


def gather_success_slots(api: Api, fw: Framework) -> Trace:
    trace: Trace = []
    inputs = [
        api.create_future(),
        api.create_future_error(KeyError("k")),
        api.create_future_success("b"),
        api.create_future(),
    ]
    gathered = api.gather(inputs, consume_exceptions=True)

    def done(results: list[object]) -> None:
        trace.append(len(results))
        trace.extend(results[i] for i in (0, 2, 3))

    api.add_callbacks(gathered, done, None)
    api.resolve(inputs[3], "d")
    fw.flush()
    trace.append(("called", api.is_called(gathered)))
    api.resolve(inputs[0], "a")
    fw.flush()
    return trace


def gather_all_succeed_without_consume(api: Api, fw: Framework) -> Trace:
    trace: Trace = []
    inputs = [api.create_future() for _ in range(3)]
    gathered = api.gather(inputs, consume_exceptions=False)
    api.add_callbacks(gathered, trace.append, None)
    for index in (1, 2, 0):
        api.resolve(inputs[index], index * 10)
    fw.flush()
    return trace


def call_later_order_and_arguments(api: Api, fw: Framework) -> Trace:
    trace: Trace = []

    def record(*args: object, **kwargs: object) -> None:
        trace.append((fw.now(), args, sorted(kwargs.items())))

    api.call_later(3, record, "c", k=3)
    api.call_later(1, record, "a")
    api.call_later(2, record, "b", 2, x="y")
    cancelled = cast("IDelayedCallLike", api.call_later(2.5, record, "cancelled"))
    api.call_later(0, record)
    cancelled.cancel()
    for _ in range(4):
        fw.advance(1)
    return trace


class IDelayedCallLike:
    """What both upstream and txaio_typed return from call_later."""

    def cancel(self) -> None: ...


def failure_messages(api: Api, fw: Framework) -> Trace:
    class CustomError(Exception):
        pass

    errors: list[BaseException] = [
        ValueError("msg"),
        KeyError("key"),
        RuntimeError(),
        CustomError("a", 1),
        ZeroDivisionError("division by zero"),
    ]
    return [api.failure_message(api.create_failure(e)) for e in errors]


def failure_message_of_caught(api: Api, fw: Framework) -> Trace:
    table: dict[str, int] = {}
    try:
        table["missing"]
    except KeyError:
        fail = api.create_failure()
    else:
        raise AssertionError("no KeyError")
    return [api.failure_message(fail), fail.value.__class__.__name__]


def is_called_transitions(api: Api, fw: Framework) -> Trace:
    trace: Trace = []
    ok, bad = api.create_future(), api.create_future()
    trace.append((api.is_called(ok), api.is_called(bad)))
    api.resolve(ok, 1)
    api.reject(bad, ValueError())
    trace.append((api.is_called(ok), api.is_called(bad)))
    api.add_callbacks(bad, None, lambda fail: None)
    fw.flush()
    return trace


def is_future_values(api: Api, fw: Framework) -> Trace:
    f = api.create_future_success(1)
    failed = api.create_future_error(ValueError())
    trace: Trace = [
        api.is_future(f),
        api.is_future(failed),
        api.is_future(None),
        api.is_future(1),
        api.is_future("future"),
        api.is_future(lambda: None),
    ]
    api.add_callbacks(failed, None, lambda fail: None)
    fw.flush()
    return trace


def reject_then_errback_sees_value(api: Api, fw: Framework) -> Trace:
    trace: Trace = []
    error = ValueError("rejected", 42)
    f = api.create_future()

    def errback(fail: IFailedFuture) -> None:
        trace.append(fail.value is error)
        trace.append(type(fail.value).__name__)
        trace.append(fail.value.args)

    api.add_callbacks(f, lambda r: trace.append(("cb", r)), errback)
    api.reject(f, error)
    fw.flush()
    return trace


def create_future_error_errback(api: Api, fw: Framework) -> Trace:
    trace: Trace = []
    error = RuntimeError("pre-failed")
    f = api.create_future_error(error)
    api.add_callbacks(
        f, None, lambda fail: trace.append((fail.value is error, str(fail.value)))
    )
    fw.flush()
    return trace


SCENARIOS: list[Scenario] = [
    success_then_callbacks,
    resolve_later_then_callbacks,
    create_future_with_result,
    as_future_plain,
    as_future_coroutine,
    as_future_raising,
    gather_success_slots,
    gather_all_succeed_without_consume,
    call_later_order_and_arguments,
    failure_messages,
    failure_message_of_caught,
    is_called_transitions,
    is_future_values,
    reject_then_errback_sees_value,
    create_future_error_errback,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.__name__ for s in SCENARIOS])
def test_same_trace_as_upstream(run_both: RunBoth, scenario: Scenario) -> None:
    same(run_both, scenario)


def test_expected_traces(
    run_both: RunBoth,
) -> None:
    """A few traces pinned outright, so that a shared mistake shows too."""
    assert same(run_both, success_then_callbacks) == [("cb", 5), True]
    assert same(run_both, as_future_raising) == [
        True,
        ("eb", "ValueError: raised by fun"),
    ]
    assert same(run_both, gather_success_slots) == [
        ("called", False),
        4,
        "a",
        "b",
        "d",
    ]
    assert same(run_both, call_later_order_and_arguments) == [
        (0.0, (), []),
        (1.0, ("a",), []),
        (2.0, ("b", 2), [("x", "y")]),
        (3.0, ("c",), [("k", 3)]),
    ]


# -- errors: every class upstream raised for an input still catches ours ------

Call: TypeAlias = Callable[[Api], object]


async def _async_generator() -> AsyncGenerator[int]:
    yield 1


ERROR_CASES: dict[str, Call] = {
    "reject(f, object())": lambda api: api.reject(api.create_future(), object()),
    "reject(f, 'text')": lambda api: api.reject(api.create_future(), "text"),
    "create_future(error=object())": lambda api: api.create_future(error=object()),
    "create_future_error(object())": lambda api: api.create_future_error(object()),
    "reject(f) outside except": lambda api: api.reject(api.create_future()),
    "create_future_error() outside except": lambda api: api.create_future_error(),
    "create_failure() outside except": lambda api: api.create_failure(),
    "as_future(async generator function)": lambda api: api.as_future(_async_generator),
    "add_callbacks(None, ...)": lambda api: api.add_callbacks(
        cast(AnyFuture, None), print, None
    ),
    "add_callbacks(f, None, None)": lambda api: api.add_callbacks(
        api.create_future(), None, None
    ),
    "gather([5])": lambda api: api.gather([5]),
    "call_later('1', f)": lambda api: api.call_later(cast(float, "1"), print),
    "make_batched_timer(0)": lambda api: cast(Any, api).make_batched_timer(0),
}


def _raised(call: Call, api: Api) -> BaseException | None:
    try:
        call(api)
    except Exception as exc:
        return exc
    return None


@pytest.mark.parametrize("case", list(ERROR_CASES))
def test_errors_upstream_raised_are_still_caught(run_both: RunBoth, case: str) -> None:
    raised: dict[Implementation, BaseException | None] = {}

    def scenario(api: Api, fw: Framework) -> Trace:
        # run_both runs upstream first, then txaio_typed
        implementation: Implementation = "typed" if raised else "upstream"
        raised[implementation] = _raised(ERROR_CASES[case], api)
        if implementation == "upstream":
            fw.unhandled.clear()  # what upstream accepted fails later; not ours
        return ["ran"]

    run_both(scenario)
    upstream, typed = raised["upstream"], raised["typed"]
    assert typed is not None, "txaio_typed accepted what upstream refused"
    assert isinstance(typed, (TypeError, ValueError)), repr(typed)
    if upstream is not None:
        # the precise class, and still whatever upstream raised
        assert isinstance(typed, type(upstream)), (typed, upstream)


@pytest.mark.parametrize("name", ["asyncio", "twisted"])
@pytest.mark.parametrize("level", ["foo", "warning", None])
def test_an_unknown_log_level_is_still_caught_as_upstream_raised(
    name: FrameworkName, level: object
) -> None:
    typed = importlib.import_module(
        "txaio_typed.aio" if name == "asyncio" else "txaio_typed.tx"
    )
    errors: list[BaseException] = []
    for module in (_upstream(name), typed):
        with pytest.raises(Exception) as info:
            module.start_logging(out=None, level=level)
        errors.append(info.value)
    upstream_error, typed_error = errors
    assert type(upstream_error) is RuntimeError
    assert isinstance(typed_error, ValueError)
    assert isinstance(typed_error, RuntimeError)


def test_batched_errors_are_still_caught_as_upstream_raised() -> None:
    import txaio.tx as upstream_tx
    from twisted.internet import task

    from txaio_typed import tx

    def boom() -> None:
        raise ValueError("boom")

    previous = upstream_tx.config.loop
    caught: list[BaseException] = []
    try:
        for module in (upstream_tx, tx):
            clock = task.Clock()
            module.config.loop = clock
            timer = module.make_batched_timer(1)
            timer.call_later(1, boom)
            timer.call_later(1, boom)
            with pytest.raises(RuntimeError) as info:
                clock.advance(1)
            caught.append(info.value)
    finally:
        upstream_tx.config.loop = previous
        tx.config.loop = None
    upstream_error, typed_error = caught
    assert isinstance(typed_error, type(upstream_error))
    assert isinstance(typed_error, ExceptionGroup)
    group = cast("ExceptionGroup[Exception]", typed_error)
    assert [str(e) for e in group.exceptions] == ["boom", "boom"]


def _record_message(
    seen: list[object], loop: object, context: dict[str, object]
) -> None:
    seen.append(context["message"])


@pytest.mark.parametrize(
    "make",
    ["create_future_error", "add_callbacks", "create_future(canceller)", "as_future"],
)
def test_an_unretrieved_error_is_reported_under_the_public_name(make: str) -> None:
    """asyncio's report names the future's class: "Future", as upstream's."""
    import asyncio
    import gc

    import txaio.aio as upstream_aio

    from txaio_typed import aio

    def raising() -> None:
        raise ValueError("lost")

    messages: dict[str, list[object]] = {}
    for label, module in (("upstream", upstream_aio), ("typed", aio)):
        loop = asyncio.new_event_loop()
        seen: list[object] = []
        messages[label] = seen
        loop.set_exception_handler(functools.partial(_record_message, seen))
        previous = upstream_aio.config.loop
        upstream_aio.config.loop = loop
        try:
            api: Any = module.with_config(loop=loop)
            if make == "create_future_error":
                api.create_future_error(ValueError("lost"))
            elif make == "add_callbacks":
                f = api.create_future_success(1)
                api.add_callbacks(f, lambda _: raising(), None)  # pyright: ignore[reportUnknownLambdaType]
                loop.run_until_complete(asyncio.sleep(0))
                del f
            elif make == "create_future(canceller)":
                api.reject(api.create_future(canceller=print), ValueError("lost"))
            else:
                api.as_future(raising)
            loop.run_until_complete(asyncio.sleep(0))
            gc.collect()
        finally:
            upstream_aio.config.loop = previous
            loop.close()
    assert messages["typed"] == ["Future exception was never retrieved"]
    if make in ("create_future_error", "as_future"):
        # where upstream reports the error at all, the report reads the same
        assert messages["typed"] == messages["upstream"]
