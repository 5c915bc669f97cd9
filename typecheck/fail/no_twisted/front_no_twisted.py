"""The neutral front's checks where Twisted is not installed.

tests/test_typecheck.py type-checks this file with a search path that has
txaio_typed and typing_extensions but not Twisted (the first pinned error
proves that). The front's ``Future[T]`` does not fall back to ``Any`` there:
result types are still inferred and every mistake below is still reported.
It is excluded from the normal run over typecheck/, where Twisted is found.
"""

from __future__ import annotations

import asyncio
from typing import assert_type

import twisted  # type: ignore[import-not-found]  # pyright: ignore[reportMissingImports]  # pyrefly: ignore[missing-import]  # ty: ignore[import-not-found]

import txaio_typed as txaio
from txaio_typed import aio

print(twisted)


async def still_inferred(future: txaio.Future[int]) -> None:
    def describe(value: int) -> str:
        return str(value)

    # No Any in the union: the Deferred member is the DeferredLike protocol.
    assert_type(future, asyncio.Future[int] | txaio.DeferredLike[int])
    assert_type(await future, int)
    assert_type(txaio.create_future_success(1), txaio.FrameworkFuture[int])
    assert_type(txaio.add_callbacks(future, describe, None), txaio.FrameworkFuture[str])
    assert_type(txaio.gather([future]), txaio.FrameworkFuture[list[int | txaio.IFailedFuture]])
    assert_type(aio.create_future_success(1), asyncio.Future[int])


async def still_caught(future: txaio.Future[int]) -> None:
    def on_text(text: str) -> None:
        pass

    txaio.resolve(future, "x")  # type: ignore[misc]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]
    txaio.add_callbacks(future, on_text, None)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]
    txaio.reject(future, "failed")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    text: str = await future  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    wrong: txaio.Future[str] = future  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    print(text, wrong)
    txaio.make_logger(30)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    txaio.call_later(1, on_text, 2)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
