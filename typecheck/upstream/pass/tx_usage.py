"""Must pass: the Twisted backend, ``txaio.tx``, with Twisted's own types.

Run by ``run_pass.py`` on Twisted only.
"""

from __future__ import annotations

import io
from typing import Any, assert_type

import txaio
import txaio.tx
from twisted.internet.base import DelayedCall
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock
from twisted.python.failure import Failure
from txaio import with_twisted  # importing it selects Twisted
from txaio.testutil import replace_loop


async def triple(value: int) -> int:
    return value * 3


def to_text(value: int) -> str:
    return str(value)


def later_text(value: int) -> Deferred[str]:
    return txaio.tx.create_future_success(f"<{value}>")


def failing() -> int:
    raise KeyError("k")


def check_is_future(something: object) -> None:
    if txaio.tx.is_future(something):
        assert_type(something, Deferred[Any])
        assert isinstance(something, Deferred)


def recover(fail: Failure) -> int:
    return -1


def propagate(fail: Failure) -> Failure:
    return fail


class Service:
    log = txaio.tx.make_logger(level="debug")


async def main() -> None:
    assert txaio.using_twisted and with_twisted.__name__ == "txaio.with_twisted"
    out = io.StringIO()
    txaio.tx.start_logging(out, level="trace")

    d = txaio.tx.create_future_success(1)
    assert_type(d, Deferred[int])
    assert isinstance(d, Deferred)

    # add_callbacks returns the same Deferred, its result now the callback's
    chained = txaio.tx.add_callbacks(d, to_text, None)
    assert_type(chained, Deferred[str])
    assert id(chained) == id(d)
    assert await chained == "1"

    waited = txaio.tx.add_callbacks(txaio.tx.create_future_success(2), later_text, None)
    assert_type(waited, Deferred[str])
    assert await waited == "<2>"

    source: Deferred[int] = txaio.tx.create_future()
    recovered = txaio.tx.add_callbacks(source, None, recover)
    assert_type(recovered, Deferred[int])
    txaio.tx.reject(source, KeyError("k"))
    assert await recovered == -1

    failed: Deferred[int] = txaio.tx.create_future(error=KeyError("k"))
    still_failing = txaio.tx.add_callbacks(failed, to_text, propagate)
    assert_type(still_failing, Deferred[str])
    try:
        await still_failing
    except KeyError:
        pass
    else:
        raise AssertionError("an errback returning its Failure keeps it failed")

    task = txaio.tx.as_future(triple, 2)
    assert_type(task, Deferred[int])
    assert await task == 6

    failure = txaio.tx.create_failure(ValueError("v"))
    assert_type(failure, Failure)
    # Registered by txaio.tx. Checked on an ``object``: pyrefly rightly reports
    # that Failure's annotations do not match the Protocol statically.
    anything: object = failure
    assert isinstance(anything, txaio.IFailedFuture)
    assert txaio.tx.failure_message(failure) == "ValueError: v"

    gathered = await txaio.tx.gather(
        [txaio.tx.create_future_success(1), txaio.tx.as_future(failing)]
    )
    assert_type(gathered, list[int | Failure])
    assert gathered[0] == 1 and isinstance(gathered[1], Failure)

    check_is_future(d)

    with replace_loop(Clock()) as clock:
        assert_type(clock, Clock)
        fired: list[str] = []
        call = txaio.tx.call_later(5, fired.append, "late")
        assert_type(call, DelayedCall)
        assert_type(call.active(), bool)
        # the neutral call_later's handle offers Twisted's API too
        neutral = txaio.call_later(60, fired.append, "neutral")
        assert_type(neutral.active(), bool)
        assert neutral.active()
        sleeping = txaio.tx.sleep(1)
        assert_type(sleeping, Deferred[None])
        clock.advance(5)
        assert fired == ["late"]
        assert txaio.tx.is_called(sleeping)

    api = txaio.tx.with_config()
    assert_type(api.create_future_success(b"b"), Deferred[bytes])

    log = Service().log  # a class attribute stays the same Logger
    assert_type(log, txaio.tx.Logger)
    assert log is Service.log
    log.debug("debug {n}", n=1)
    log.emit("info", "emitted")
    log.set_log_level("warn")
    try:
        raise OSError("logged")
    except OSError:
        log.failure("failure logged")
    log.info("below the logger's own level")
    text = out.getvalue()
    assert "debug 1" in text and "emitted" in text, text
    assert "failure logged" in text, text
    assert "below the logger" not in text, text
