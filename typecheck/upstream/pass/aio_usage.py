"""Must pass: the asyncio backend, ``txaio.aio``, with asyncio's own types.

Run by ``run_pass.py`` on asyncio only.
"""

from __future__ import annotations

import asyncio
from typing import Literal, assert_type

import txaio
import txaio.aio
from txaio import with_asyncio  # importing it selects asyncio
from txaio.aio import FailedFuture
from txaio.testutil import replace_loop


async def triple(value: int) -> int:
    return value * 3


def shout(text: str) -> str:
    return text.upper()


async def main() -> None:
    assert txaio.using_asyncio and with_asyncio.__name__ == "txaio.with_asyncio"
    assert_type(txaio.aio.using_asyncio, Literal[True])
    assert txaio.aio.using_asyncio is True

    future = txaio.aio.create_future_success(1)
    assert_type(future, asyncio.Future[int])
    assert isinstance(future, asyncio.Future)

    task = txaio.aio.as_future(triple, 2)
    assert_type(task, asyncio.Task[int])
    assert isinstance(task, asyncio.Task)
    assert await task == 6

    plain = txaio.aio.as_future(shout, "hi")
    assert_type(plain, asyncio.Future[str])
    assert await plain == "HI"

    # asyncio's gather accepts coroutines and other awaitables as well
    gathered = await txaio.aio.gather([triple(1), txaio.aio.create_future_success(2)])
    assert_type(gathered, list[int | BaseException])
    assert gathered == [3, 2]

    failure = txaio.aio.create_failure(ValueError("v"))
    assert_type(failure, FailedFuture)
    assert isinstance(failure, FailedFuture)
    assert txaio.aio.failure_message(failure) == "ValueError: v"

    seen: list[FailedFuture] = []
    failed = txaio.aio.create_future_error(ValueError("x"))
    txaio.aio.add_callbacks(failed, None, seen.append)
    await asyncio.sleep(0)
    assert isinstance(seen[0], FailedFuture)

    handle = txaio.aio.call_later(0, shout, "x")
    assert_type(handle, asyncio.TimerHandle)
    assert isinstance(handle, asyncio.TimerHandle)
    handle.cancel()

    slept = txaio.aio.sleep(0)
    assert_type(slept, asyncio.Task[None])
    await slept

    running = asyncio.get_running_loop()
    api = txaio.aio.with_config(loop=running)
    assert_type(api.create_future_success(b"b"), asyncio.Future[bytes])
    with replace_loop(running) as loop:
        assert_type(loop, asyncio.AbstractEventLoop)
        assert txaio.config.loop is running

    log = txaio.aio.make_logger()
    log.emit("info", "emitted {n}", n=1)
    log.info("hello")

    coroutine = triple(0)
    assert txaio.aio.is_future(coroutine)  # coroutines count on asyncio
    coroutine.close()
