"""Must pass: futures through the framework-neutral ``txaio`` API.

Type-checked with the stubs, then run by ``run_pass.py`` on asyncio and on
Twisted: every ``assert_type`` is followed by a runtime check of the same
claim where one is possible.
"""

from __future__ import annotations

from types import TracebackType
from typing import assert_type

import txaio
from txaio import IFailedFuture


def add(a: int, b: int) -> int:
    return a + b


async def double(text: str) -> str:
    return text * 2


def failing() -> int:
    raise KeyError("nope")


async def results() -> None:
    one = await txaio.create_future_success(1)
    assert_type(one, int)
    assert one == 1

    pending = txaio.create_future()
    assert not txaio.is_called(pending)
    txaio.resolve(pending, "x")
    assert txaio.is_called(pending)
    assert await pending == "x"

    resolved = txaio.create_future(2.5)
    assert_type(await resolved, float)
    resolved_kw = txaio.create_future(result=[1, 2])
    assert_type(await resolved_kw, list[int])

    nothing = txaio.create_future()
    txaio.resolve(nothing)
    assert await nothing is None

    with_api = txaio.with_config().create_future_success(b"raw")
    assert_type(await with_api, bytes)

    assert txaio.is_future(txaio.create_future_success(0))
    assert not txaio.is_future(0)


async def errors() -> None:
    failed = txaio.create_future(error=ValueError("bad"))
    try:
        await failed
    except ValueError as exc:
        assert str(exc) == "bad"
    else:
        raise AssertionError("awaiting a failed future must raise")

    rejected = txaio.create_future()
    txaio.reject(rejected, RuntimeError("r"))
    try:
        await rejected
    except RuntimeError:
        pass
    else:
        raise AssertionError("rejected future must raise")

    typed = txaio.create_failure(KeyError("k"))
    assert_type(typed, IFailedFuture)
    assert_type(typed.value, BaseException)
    assert isinstance(typed.value, KeyError)
    assert isinstance(typed, IFailedFuture)
    assert txaio.failure_message(typed) == "KeyError: 'k'"

    rejected_with_failure = txaio.create_future()
    txaio.reject(rejected_with_failure, typed)
    try:
        await rejected_with_failure
    except KeyError:
        pass
    else:
        raise AssertionError("rejected future must raise")

    try:
        raise OSError("disk")
    except OSError:
        current = txaio.create_failure()
        from_except = txaio.create_future_error()
    assert_type(current, IFailedFuture)
    assert_type(current.value, BaseException)
    assert isinstance(current.value, OSError)
    traceback = txaio.failure_traceback(current)
    assert_type(traceback, TracebackType | None)
    assert traceback is not None
    formatted = txaio.failure_format_traceback(current)
    assert_type(formatted, str)
    assert "OSError: disk" in formatted
    assert txaio.failure_traceback(txaio.create_failure(OSError())) is None

    try:
        await from_except
    except OSError:
        pass
    else:
        raise AssertionError("create_future_error() uses the current exception")


async def callbacks() -> None:
    values: list[int] = []
    messages: list[str] = []

    def on_value(value: int) -> None:
        values.append(value)

    def on_error(fail: IFailedFuture) -> None:
        messages.append(txaio.failure_message(fail))

    returned = txaio.add_callbacks(txaio.create_future_success(3), on_value, None)
    assert returned is None or txaio.is_future(returned)
    txaio.add_callbacks(txaio.create_future_error(KeyError("k")), None, on_error)
    txaio.add_callbacks(txaio.create_future_success(4), on_value, on_error)
    txaio.add_callbacks(
        txaio.create_future_success(5), lambda value: values.append(value * 10), None
    )
    await txaio.sleep(0)  # asyncio runs done-callbacks on the next loop turn
    assert values == [3, 4, 50], values
    assert messages == ["KeyError: 'k'"], messages

    cancelled: list[object] = []
    to_cancel = txaio.create_future(canceller=cancelled.append)
    txaio.add_callbacks(to_cancel, None, on_error)
    txaio.cancel(to_cancel)
    await txaio.sleep(0)
    assert txaio.is_called(to_cancel)
    assert cancelled == [to_cancel]
    assert len(messages) == 2 and "CancelledError" in messages[1], messages


async def as_future() -> None:
    summed = txaio.as_future(add, 1, b=2)
    assert_type(await summed, int)
    assert await txaio.as_future(add, 1, b=2) == 3

    doubled = txaio.as_future(double, "ab")
    assert_type(await doubled, str)
    assert await txaio.as_future(double, "ab") == "abab"

    passed_through = txaio.as_future(txaio.create_future_success, 5)
    # ty does not solve a generic function's type variable through a ParamSpec
    # (https://github.com/astral-sh/ty/issues/4508).
    assert_type(await passed_through, int)  # ty: ignore[type-assertion-failure]

    raised = txaio.as_future(failing)
    try:
        assert_type(await raised, int)
    except KeyError:
        pass
    else:
        raise AssertionError("as_future turns an exception into a failed future")


async def gather_and_sleep() -> None:
    ok = txaio.create_future_success(1)
    bad = txaio.as_future(failing)
    gathered = await txaio.gather([ok, bad])
    assert_type(gathered, list[int | BaseException | IFailedFuture])
    assert gathered[0] == 1
    slot = gathered[1]
    assert isinstance(slot, (BaseException, IFailedFuture)), slot

    only = [txaio.create_future_success("a")]
    strict = await txaio.gather(only, False)
    assert_type(strict, list[str])
    assert strict == ["a"]

    mixed = await txaio.gather(
        [txaio.create_future_success(1), txaio.create_future_success("s")]
    )
    # pyrefly and ty infer the first overload with an unsolved type variable
    # (list[BaseException | IFailedFuture | Unknown]) instead of the fallback:
    # no error on this correct code, which is what the case is about.
    objects: list[object] = mixed
    assert objects == [1, "s"]

    await txaio.sleep(0.01)


async def main() -> None:
    await results()
    await errors()
    await callbacks()
    await as_future()
    await gather_and_sleep()
