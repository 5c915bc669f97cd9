"""Must-pass cases for ``txaio_typed.testutil``.

Nothing here runs: the file is only type-checked.
"""

from __future__ import annotations

import asyncio
from typing import assert_type

from twisted.internet import task

import txaio_typed as txaio
from txaio_typed import aio, tx
from txaio_typed.testutil import replace_loop


def replace_front_loop() -> None:
    with replace_loop(task.Clock()) as clock:
        assert_type(clock, task.Clock)
        txaio.call_later(5, print, "later")
        clock.advance(5)


def replace_backend_loops(loop: asyncio.AbstractEventLoop) -> None:
    with replace_loop(loop, aio.config) as same:
        assert_type(same, asyncio.AbstractEventLoop)
    with replace_loop(task.Clock(), tx.config) as clock:
        assert_type(clock, task.Clock)
    api = tx.with_config(task.Clock())
    with replace_loop(task.Clock(), api.config) as other:
        api.call_later(1, print)
        other.advance(1)
