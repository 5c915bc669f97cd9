"""Must fail: misuses of the framework-neutral ``txaio`` API.

Each expected error is pinned to its line twice: ``# type: ignore[code]``
for mypy (run with ``warn_unused_ignores``) and ``# pyright: ignore[rule]``
for pyright (run with ``reportUnnecessaryTypeIgnoreComment`` and with
``enableTypeIgnoreComments`` off). A missing error shows up as an unused
ignore, an error of another kind is not silenced: either fails the check.
The comment above each case says what is wrong.
"""

from __future__ import annotations

import txaio


def takes_int(value: int) -> None: ...


def takes_str(value: str) -> None: ...


def takes_kw(value: int, *, flag: bool) -> None: ...


async def futures() -> None:
    number = txaio.create_future_success(1)
    # the callback takes str, the future holds int
    txaio.add_callbacks(number, takes_str, None)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # the callback's parameter is the future's result type: int has no upper()
    txaio.add_callbacks(number, lambda v: v.upper(), None)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownLambdaType, reportUnknownMemberType]
    # an errback receives an IFailedFuture
    txaio.add_callbacks(number, takes_int, takes_int)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # resolve with a value of the wrong type
    txaio.resolve(number, "x")  # type: ignore[misc]  # pyright: ignore[reportCallIssue, reportArgumentType]
    # resolve without a value resolves with None, not an int
    txaio.resolve(number)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # reject takes an exception or an IFailedFuture (RuntimeError at runtime)
    txaio.reject(number, "text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # result and error together (ValueError at runtime)
    txaio.create_future(result=1, error=ValueError())  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    # a None canceller: Twisted's default, but asyncio would call it
    txaio.create_future(canceller=None)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    # an error that is not an exception
    txaio.create_future_error("text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # awaiting an int future gives an int
    text: str = await number  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    # a consumed failure takes its slot: the list is not just ints
    only_ints: list[int] = await txaio.gather([number])  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    # not a future
    txaio.is_called(1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # the cancel message is a str
    txaio.cancel(number, 1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    print(text, only_ints)


def calls() -> None:
    # call_later: an argument that does not fit the function
    txaio.call_later(1, takes_int, "x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # call_later: a missing argument
    txaio.call_later(1, takes_int)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    # call_later: a misspelt keyword argument
    txaio.call_later(1, takes_kw, 1, flg=True)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    # call_later: the delay is a number of seconds
    txaio.call_later("1", takes_int, 1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # as_future: an argument that does not fit the function
    txaio.as_future(takes_int, "x")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    # as_future: a missing keyword-only argument
    txaio.as_future(takes_kw, 1)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    timer = txaio.make_batched_timer(1)
    # batched call_later: an argument that does not fit the function
    timer.call_later(1, takes_int, "x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # batched call_later: a missing argument
    timer.call_later(1, takes_str)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    # the bucket size is a number of seconds
    txaio.make_batched_timer("1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # sleep takes a number of seconds
    txaio.sleep("1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def failures() -> None:
    fail = txaio.create_failure(ValueError())
    # a typo'd attribute on an IFailedFuture
    print(fail.valeu)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownArgumentType]
    # Failure.getErrorMessage() exists on Twisted only
    fail.getErrorMessage()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    # failure_message takes an IFailedFuture, not an exception
    txaio.failure_message(ValueError())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # create_failure takes an exception
    txaio.create_failure("text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def logging() -> None:
    # an unknown log level (RuntimeError at runtime)
    txaio.start_logging(level="warning")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # "none" is a level, but start_logging raises KeyError for it on asyncio
    txaio.start_logging(level="none")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # an unknown log level
    txaio.set_global_log_level("verbose")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    log = txaio.make_logger()
    # txaio's level is "warn": loggers have no warning()
    log.warning("no such method")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    # the message is a format string
    log.info(42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # emit() is not part of ILogger (the backends' differ)
    log.emit("info", "x")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    # make_logger(level=...) exists on Twisted only
    txaio.make_logger(level="debug")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    # log categories map to format strings
    txaio.add_log_categories({"C": 1})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]


def configuration() -> None:
    # config.loop is an event loop or a reactor
    txaio.config.loop = "loop"  # type: ignore[assignment]  # pyright: ignore[reportAttributeAccessIssue]
    # there is no such framework
    txaio.use_trio()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
