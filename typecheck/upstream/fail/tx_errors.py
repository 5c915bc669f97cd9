"""Must fail: misuses of the Twisted backend, ``txaio.tx``.

Pinned as in ``neutral_errors.py``: one pin per checker on every expected
error.
"""

from __future__ import annotations

import asyncio

import txaio.aio
import txaio.tx
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure


def to_text(value: int) -> str:
    return str(value)


def takes_str(value: str) -> None: ...


async def main() -> None:
    d = txaio.tx.create_future_success(1)
    # after add_callbacks the Deferred holds what the callback returned
    # (mypy infers the callback's return from the declared type, so reports it
    # as an argument error; pyright as an assignment error)
    chained: Deferred[int] = txaio.tx.add_callbacks(d, to_text, None)  # type: ignore[arg-type]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    # the callback takes str, the Deferred holds int
    txaio.tx.add_callbacks(d, takes_str, None)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]
    # neither callback nor errback (AssertionError)
    txaio.tx.add_callbacks(d, None, None)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]
    # Twisted's reject wants a Failure or an Exception (RuntimeError otherwise)
    txaio.tx.reject(d, txaio.aio.create_failure(ValueError()))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # a BaseException that is no Exception is not accepted either
    txaio.tx.create_future(error=KeyboardInterrupt())  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[invalid-argument-type]
    # failure_message takes a Twisted Failure
    txaio.tx.failure_message(txaio.aio.create_failure(ValueError()))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    slots = await txaio.tx.gather([d])
    # a failed slot holds a Failure, not an exception
    error: BaseException = slots[0]  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    # the only reactor is Twisted's: an asyncio loop does not fit
    txaio.tx.with_config(loop=asyncio.new_event_loop())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    log = txaio.tx.make_logger(level="debug")
    # the level is "warn"
    log.warning("x")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]
    # an unknown log level
    txaio.tx.make_logger(level="verbose")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # failure() takes a Failure, not an exception
    log.failure("x", ValueError())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    print(chained, error)


def narrowing(something: object) -> None:
    if txaio.tx.is_future(something):
        # is_future narrows to a Deferred, which is no Failure
        failure: Failure = something  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
        print(failure)
