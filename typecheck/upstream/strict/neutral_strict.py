"""txaio-stubs in the strict mode: neutral code is told when it uses one
framework.

Checked with TXAIO_STRICT true (mypy ``always_true``, pyright and
basedpyright ``defineConstant``: the settings next to this file) by
tests/test_txaio_stubs.py. pyrefly and ty cannot be told a constant.
"""

from __future__ import annotations

import asyncio
from typing import assert_type

import txaio
from twisted.internet.defer import Deferred


async def neutral_code_still_checks() -> None:
    future = txaio.create_future_success(1)
    assert_type(future, txaio.Future[int])
    assert_type(await future, int)
    txaio.resolve(txaio.create_future(), None)
    txaio.start_logging(level="debug")


def one_framework_in_neutral_code(name: str) -> Deferred[None]:
    d = txaio.create_future()
    d.addBoth(print)  # type: ignore[union-attr]  # pyright: ignore[reportUnknownMemberType, reportAttributeAccessIssue]
    f = txaio.create_future_success(1)
    f.set_result(2)  # type: ignore[union-attr]  # pyright: ignore[reportUnknownMemberType, reportAttributeAccessIssue]
    asyncio.Future[int](loop=txaio.config.loop)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    txaio.call_later(1, print).active()  # type: ignore[attr-defined]  # pyright: ignore[reportUnknownMemberType, reportAttributeAccessIssue]
    # upstream's asyncio returns None from add_callbacks
    chained = txaio.add_callbacks(f, print, None)
    txaio.gather([chained])  # type: ignore[list-item]  # pyright: ignore[reportCallIssue, reportArgumentType]
    # "none" is a level, but start_logging raises KeyError for it on asyncio
    txaio.start_logging(level="none")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    txaio.set_global_log_level(name)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    return txaio.sleep(1)  # type: ignore[return-value]  # pyright: ignore[reportReturnType]
