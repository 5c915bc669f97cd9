"""Must fail: misuses of the framework-neutral ``txaio`` API.

Each expected error is pinned to its line once per checker, in that
checker's own syntax with the expected code: ``# type: ignore[code]``
(mypy), ``# pyright: ignore[rule]`` (pyright, basedpyright), ``# pyrefly:
ignore[code]`` and ``# ty: ignore[rule]``; each checker honours only its
own. A missing error shows up as an unused ignore, an error of another
kind is not silenced (tests/typecheckers.py).
"""

from __future__ import annotations

import txaio


def takes_int(value: int) -> None: ...


def takes_str(value: str) -> None: ...


def takes_kw(value: int, *, flag: bool) -> None: ...


async def futures() -> None:
    number = txaio.create_future_success(1)
    # the callback takes str, the future holds int
    txaio.add_callbacks(number, takes_str, None)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # the callback's parameter is the future's result type: int has no upper()
    txaio.add_callbacks(number, lambda v: v.upper(), None)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownLambdaType, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]
    # an errback receives an IFailedFuture
    txaio.add_callbacks(number, takes_int, takes_int)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # resolve with a value of the wrong type
    txaio.resolve(number, "x")  # type: ignore[misc]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]
    # resolve without a value resolves with None, not an int
    txaio.resolve(number)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # reject takes an exception or an IFailedFuture (RuntimeError at runtime)
    txaio.reject(number, "text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # result and error together (ValueError at runtime)
    txaio.create_future(result=1, error=ValueError())  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[invalid-argument-type]
    # a None canceller: Twisted's default, but asyncio would call it
    txaio.create_future(canceller=None)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]
    # an error that is not an exception
    txaio.create_future_error("text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # awaiting an int future gives an int
    text: str = await number  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    # a consumed failure takes its slot: the list is not just ints
    only_ints: list[int] = await txaio.gather([number])  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-assignment]
    # not a future
    txaio.is_called(1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # the cancel message is a str
    txaio.cancel(number, 1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    print(text, only_ints)


def calls() -> None:
    # call_later: an argument that does not fit the function
    txaio.call_later(1, takes_int, "x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # call_later: a missing argument
    txaio.call_later(1, takes_int)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]
    # call_later: a misspelt keyword argument
    txaio.call_later(1, takes_kw, 1, flg=True)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument, unexpected-keyword]  # ty: ignore[missing-argument, unknown-argument]
    # call_later: the delay is a number of seconds
    txaio.call_later("1", takes_int, 1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # as_future: an argument that does not fit the function
    txaio.as_future(takes_int, "x")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]
    # as_future: a missing keyword-only argument
    txaio.as_future(takes_kw, 1)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[no-matching-overload]  # ty: ignore[no-matching-overload]
    timer = txaio.make_batched_timer(1)
    # batched call_later: an argument that does not fit the function
    timer.call_later(1, takes_int, "x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # batched call_later: a missing argument
    timer.call_later(1, takes_str)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]
    # the bucket size is a number of seconds
    txaio.make_batched_timer("1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # sleep takes a number of seconds
    txaio.sleep("1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def failures() -> None:
    fail = txaio.create_failure(ValueError())
    # a typo'd attribute on an IFailedFuture
    print(fail.valeu)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownArgumentType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]
    # Failure.getErrorMessage() exists on Twisted only
    fail.getErrorMessage()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]
    # failure_message takes an IFailedFuture, not an exception
    txaio.failure_message(ValueError())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # create_failure takes an exception
    txaio.create_failure("text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]


def logging() -> None:
    # a level is a name (any str is accepted, an unknown one raises
    # RuntimeError at run time; the strict mode takes only the names)
    txaio.start_logging(level=30)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # a level is a name
    txaio.set_global_log_level(10)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    log = txaio.make_logger()
    # txaio's level is "warn": loggers have no warning()
    log.warning("no such method")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]
    # the message is a format string
    log.info(42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # emit() takes a level name
    log.emit(30, "x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # make_logger's level (Twisted's argument) is a level name too
    txaio.make_logger(level=30)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    # upstream drops an exception given as failure= without a word: wrap it
    # with create_failure (Crossbar's router/auth/pending.py had this bug)
    log.failure("lost", failure=ValueError("x"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
    log.failure("kept", failure=txaio.create_failure(ValueError("x")))
    # log categories map to format strings
    txaio.add_log_categories({"C": 1})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-assignment]  # ty: ignore[invalid-argument-type]


def configuration() -> None:
    # config.loop is an event loop or a reactor
    txaio.config.loop = "loop"  # type: ignore[assignment]  # pyright: ignore[reportAttributeAccessIssue]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-assignment]
    # there is no such framework
    txaio.use_trio()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]
