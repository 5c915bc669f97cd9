"""The strict mode: framework-neutral code is told when it uses one framework.

Checked with TXAIO_STRICT true (mypy ``always_true``, pyright and
basedpyright ``defineConstant``: the settings next to this file) by
tests/test_typecheck.py. pyrefly and ty have no way to be told a constant,
so they are not run here; they check as by default.

In this mode the API's results are the neutral ``txaio.Future[T]``, whose
API is the txaio functions and ``await``; ``txaio.config.loop`` is a
``txaio.Loop``; a log level must be one of ``txaio.LogLevel``'s names.
"""

from __future__ import annotations

import asyncio
from collections.abc import Generator
from typing import Any, assert_type

from twisted.internet.defer import Deferred

import txaio_typed as txaio

# -- what neutral code does is unchanged ------------------------------------


async def neutral(numbers: txaio.Future[int]) -> None:
    def describe(value: int) -> str:
        return str(value)

    future = txaio.create_future_success(1)
    assert_type(future, txaio.Future[int])
    assert_type(future, txaio.FrameworkFuture[int])
    assert_type(await future, int)
    assert_type(txaio.add_callbacks(future, describe, None), txaio.Future[str])
    assert_type(
        txaio.gather([future, numbers]), txaio.Future[list[int | txaio.IFailedFuture]]
    )
    pending: txaio.Future[int] = txaio.create_future()
    txaio.resolve(pending, 2)
    assert_type(txaio.config.loop, txaio.FrameworkLoop | None)
    txaio.start_logging(None, level="debug")
    txaio.set_global_log_level("info")


# -- what it may not do ------------------------------------------------------


def twisted_api_on_a_neutral_future() -> Deferred[None]:
    d = txaio.create_future()
    d.addBoth(print)  # type: ignore[union-attr]  # pyright: ignore[reportUnknownMemberType, reportAttributeAccessIssue]
    return txaio.sleep(1)  # type: ignore[return-value]  # pyright: ignore[reportReturnType]


def asyncio_api_on_a_neutral_future() -> bool:
    f = txaio.create_future_success(1)
    f.set_result(2)  # type: ignore[union-attr]  # pyright: ignore[reportUnknownMemberType, reportAttributeAccessIssue]
    return f.done()  # type: ignore[union-attr]  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType, reportAttributeAccessIssue]


def loop_as_an_asyncio_loop() -> asyncio.Future[int]:
    return asyncio.Future(loop=txaio.config.loop)  # type: ignore[arg-type]  # pyright: ignore[reportUnknownVariableType, reportArgumentType]


def yielded_to_inline_callbacks() -> Generator[Deferred[Any], Any, None]:
    yield txaio.sleep(1)  # type: ignore[misc]  # pyright: ignore[reportReturnType]


def level_from_text(name: str) -> None:
    txaio.start_logging(None, level=name)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    txaio.set_global_log_level(name)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    txaio.make_logger().emit(name, "hello")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
