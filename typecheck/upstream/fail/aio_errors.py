"""Must fail: misuses of the asyncio backend, ``txaio.aio``.

Pinned as in ``neutral_errors.py``: ``# type: ignore[code]`` for mypy and
``# pyright: ignore[rule]`` for pyright on every expected error.
"""

from __future__ import annotations

import asyncio

import txaio.aio


def shout(text: str) -> str:
    return text.upper()


async def main() -> None:
    future = txaio.aio.create_future_success(1)
    # a resolved future is not a Task (only coroutines become Tasks)
    task: asyncio.Task[int] = future  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    # asyncio would call a None canceller when the future is cancelled
    txaio.aio.create_future(canceller=None)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    # start_logging raises KeyError for "none" on asyncio
    txaio.aio.start_logging(level="none")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # asyncio's make_logger takes no arguments
    txaio.aio.make_logger(level="debug")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    # emit does not take the level "none"
    txaio.aio.make_logger().emit("none", "x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # gather takes awaitables
    txaio.aio.gather([1])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    slots = await txaio.aio.gather([future])
    # a failed slot holds an exception, not a FailedFuture
    failure: txaio.aio.FailedFuture = slots[0]  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    # call_later: an argument that does not fit the function
    txaio.aio.call_later(1, shout, 1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # with_config takes an asyncio event loop
    txaio.aio.with_config(loop="loop")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # the errback receives a FailedFuture
    txaio.aio.add_callbacks(future, None, shout)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    print(task, failure)
