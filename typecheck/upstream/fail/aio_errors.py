"""Must fail: misuses of the asyncio backend, ``txaio.aio``.

Pinned as in ``neutral_errors.py``: one pin per checker on every expected
error.
"""

from __future__ import annotations

import asyncio

import txaio.aio


def shout(text: str) -> str:
    return text.upper()


async def main() -> None:
    future = txaio.aio.create_future_success(1)
    # a resolved future is not a Task (only coroutines become Tasks)
    task: asyncio.Task[int] = future  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    # asyncio would call a None canceller when the future is cancelled
    txaio.aio.create_future(canceller=None)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]
    # start_logging raises KeyError for "none" on asyncio
    txaio.aio.start_logging(level="none")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # asyncio's make_logger takes no arguments
    txaio.aio.make_logger(level="debug")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[unexpected-keyword]  # ty: ignore[unknown-argument]
    # emit takes a level name
    txaio.aio.make_logger().emit(0, "x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # gather takes awaitables
    txaio.aio.gather([1])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    slots = await txaio.aio.gather([future])
    # a failed slot holds an exception, not a FailedFuture
    failure: txaio.aio.FailedFuture = slots[0]  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    # call_later: an argument that does not fit the function
    txaio.aio.call_later(1, shout, 1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # with_config takes an asyncio event loop
    txaio.aio.with_config(loop="loop")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # the errback receives a FailedFuture
    txaio.aio.add_callbacks(future, None, shout)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    print(task, failure)
