"""Every record and every event reaching ``start_logging``'s output is written
once, whatever its shape.

asyncio: the standard library's records (``exc_info`` in every form it takes,
arguments that do not fit, a mapping as arguments, messages that are not
``str``, ``stack_info``, ``extra`` named like txaio's own attribute, other
threads, ``loop.call_exception_handler``). Twisted: what ``twisted.logger``
and the legacy ``twisted.python.log`` publish (missing keys, positional
fields, bytes and objects whose ``str()`` raises as fields, events without
``log_time`` or ``log_level``, ``log.failure``, ``msg``/``err``). Both: the
errors of a batched timer's calls, with each one's traceback.

Each case logs into a stream that keeps every ``write()`` call: the line
writer writes one entry (a line, with its traceback) per call. Property
tests building records and events from the same parts are in
tests/test_log_shapes_properties.py; interpreter shutdown in
tests/logging_scenarios/shutdown.py.
"""

# pyright: reportPrivateUsage=false

from __future__ import annotations

import asyncio
import contextlib
import gc
import io
import logging
import re
import threading
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

import pytest
import uvloop
from conftest import reset_logging
from fake_clock import FakeClockLoop
from processes import python_command, python_env, run_all
from twisted.internet.selectreactor import SelectReactor
from twisted.logger import Logger as TwistedLogger
from twisted.logger import LogLevel as TwistedLogLevel
from twisted.logger import globalLogPublisher
from twisted.python import log as legacy_log
from twisted.python.failure import Failure

from txaio_typed import _log_tx, aio, tx

E = TypeVar("E", bound=BaseException)

#: The time a line starts with; the UTC offset is matched loosely (``+00:00``,
#: ``+0000``, ``Z`` or none).
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[+-]\d\d:?\d\d(?::?\d\d)?|Z)?"
ENTRY = re.compile(rf"({STAMP}) (.*)\n", re.DOTALL)


class Entries:
    """A text stream that keeps each ``write()``: one call, one entry."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def texts(self) -> list[str]:
        """Each entry without its time and final line break (every entry
        must start with a time)."""
        result: list[str] = []
        for entry in self.written:
            match = ENTRY.fullmatch(entry)
            assert match, f"not an entry: {entry!r}"
            result.append(match.group(2))
        return result

    def one(self) -> str:
        """The only entry written (fails unless there is exactly one)."""
        texts = self.texts()
        assert len(texts) == 1, texts
        return texts[0]


class NoStr:
    """An object whose ``str()`` raises."""

    def __str__(self) -> str:
        raise RuntimeError("no str")


class Unprintable(NoStr):
    """An object whose ``str()`` and ``repr()`` raise."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def raised(exc: E) -> E:
    """``exc``, raised and caught, so that it has a traceback."""
    try:
        raise exc
    except BaseException:
        return exc


@contextlib.contextmanager
def output(module: Any, level: str = "debug") -> Generator[tuple[Entries, io.StringIO]]:
    """``module.start_logging`` into an :class:`Entries`, with ``sys.stderr``
    captured; logging is reset before and after. The root logger's other
    handlers (pytest's, which fail a test on a record they cannot format)
    are set aside meanwhile."""
    reset_logging()
    entries = Entries()
    stderr = io.StringIO()
    root = logging.getLogger()
    others = root.handlers[:]
    for handler in others:
        root.removeHandler(handler)
    module.start_logging(entries, level=level)
    try:
        with contextlib.redirect_stderr(stderr):
            yield entries, stderr
    finally:
        reset_logging()
        for handler in others:
            root.addHandler(handler)


# -- asyncio: standard library records ------------------------------------------

stdlib = logging.getLogger("shapes")


def _in_thread(action: Callable[[], object]) -> None:
    thread = threading.Thread(target=action)
    thread.start()
    thread.join()


def _handled_record(*missing: str, **fields: object) -> None:
    """A record made from ``fields`` (as ``logging.makeLogRecord`` makes one
    from a dict received from elsewhere), without the attributes named in
    ``missing``, handled by the root logger."""
    record = logging.makeLogRecord({"name": "shapes", "levelno": 40, **fields})
    for name in missing:
        delattr(record, name)
    logging.getLogger().handle(record)


AIO_CASES: dict[str, tuple[Callable[[], object], str]] = {
    "exc_info=False": (lambda: stdlib.error("m", exc_info=False), "m"),
    "exc_info=True outside except": (lambda: stdlib.error("m", exc_info=True), "m"),
    "exc_info=(None, None, None)": (
        lambda: stdlib.error("m", exc_info=(None, None, None)),
        "m",
    ),
    "exc_info=an exception": (
        lambda: stdlib.error("m", exc_info=raised(ValueError("v"))),
        r"m\nTraceback \(most recent call last\):\n.*\nValueError: v",
    ),
    "exc_info=a tuple": (
        lambda: stdlib.error(
            "m", exc_info=(KeyError, (e := raised(KeyError("k"))), e.__traceback__)
        ),
        r"m\nTraceback \(most recent call last\):\n.*\nKeyError: 'k'",
    ),
    "exc_info=an exception never raised": (
        lambda: stdlib.error("m", exc_info=OSError("o")),
        r"m\nOSError: o",
    ),
    "exc_info=an exception group": (
        lambda: stdlib.error(
            "m", exc_info=raised(ExceptionGroup("g", [raised(ValueError("inner"))]))
        ),
        r"m\n.*ExceptionGroup: g \(1 sub-exception\)\n.*ValueError: inner.*",
    ),
    "arguments that do not fit": (
        lambda: stdlib.error("m %s %s", 1),
        r"\[unformattable: TypeError: not enough arguments for format string\] "
        r"m %s %s",
    ),
    "a mapping as arguments": (
        lambda: stdlib.error("m %(a)s %(b)r", {"a": 1, "b": "x"}),
        "m 1 'x'",
    ),
    "a message that is an int": (lambda: stdlib.error(12345), "12345"),
    "a message that is an exception": (lambda: stdlib.error(ValueError("v")), "v"),
    "a message that is bytes": (lambda: stdlib.error(b"\xff"), r"b'\\xff'"),
    "a message whose str() raises": (
        lambda: stdlib.error(NoStr()),
        r"\[unformattable: RuntimeError: no str\] <.*NoStr object at .*>",
    ),
    "a message whose str() and repr() raise": (
        lambda: stdlib.error(Unprintable()),
        r"\[unformattable: RuntimeError: no str\] "
        r"<Unprintable object: str\(\) and repr\(\) raised>",
    ),
    "an argument whose str() raises": (
        lambda: stdlib.error("m %s", NoStr()),
        r"\[unformattable: RuntimeError: no str\] m %s",
    ),
    "stack_info=True": (
        lambda: stdlib.error("m", stack_info=True),
        r"m\nStack \(most recent call last\):\n.*test_log_shapes\.py.*",
    ),
    "extra named txaio_event, not a dict": (
        lambda: stdlib.error("m %s", 1, extra={"txaio_event": 5}),
        "m 1",
    ),
    "extra named txaio_event, a dict": (
        lambda: stdlib.error(
            "m %s", 1, extra={"txaio_event": {"log_format": "{x}"}}, exc_info=False
        ),
        "m 1",
    ),
    "another thread": (lambda: _in_thread(lambda: stdlib.error("m %d", 7)), "m 7"),
    "a record with exc_info of non-exceptions": (
        lambda: _handled_record(msg="m", exc_info=(1, 2, 3)),
        "m",
    ),
    "a record with a traceback that is not one": (
        lambda: _handled_record(
            msg="m", exc_info=(ValueError, ValueError("v"), "not a traceback")
        ),
        r"m\nValueError: v",
    ),
    "a record whose time is not a number": (
        lambda: _handled_record(msg="m", created=float("nan")),
        "m",
    ),
    "a record with the text of its traceback only (from a SocketHandler)": (
        lambda: _handled_record(msg="m", exc_info=None, exc_text="Traceback: t"),
        "m\nTraceback: t",
    ),
    "a record without a time": (lambda: _handled_record("created", msg="m"), "m"),
    "a record without a stack or an exception": (
        lambda: _handled_record("stack_info", "exc_info", "exc_text", msg="m"),
        "m",
    ),
    "a record without a message": (
        lambda: _handled_record("msg"),
        r"\[unformattable: AttributeError: .*\] "
        r"<LogRecord object: str\(\) and repr\(\) raised>",
    ),
}


@pytest.mark.parametrize("case", list(AIO_CASES))
def test_stdlib_record_is_written_once(case: str) -> None:
    action, expected = AIO_CASES[case]
    with output(aio) as (entries, stderr):
        action()
    assert re.fullmatch(expected, entries.one(), re.DOTALL), entries.one()
    assert stderr.getvalue() == ""


def _exception_handler_cases() -> Iterator[tuple[str, dict[str, Any], str]]:
    yield "empty context", {}, "Unhandled exception in event loop"
    yield "message only", {"message": "m"}, "m"
    yield (
        "an exception",
        {"message": "m", "exception": raised(ValueError("v"))},
        r"m\nTraceback \(most recent call last\):\n.*ValueError: v",
    )
    yield (
        "a future and an exception",
        {"message": "m", "exception": OSError("o"), "future": "<the future>"},
        r"m\nfuture: '<the future>'\nOSError: o",
    )
    yield (
        "an exception that is not one",
        {"message": "m", "exception": "not an exception"},
        r"Exception in default exception handler\n.*AttributeError.*",
    )


#: The loops whose default exception handler logs: asyncio's and uvloop's.
LOOPS: dict[str, Callable[[], asyncio.AbstractEventLoop]] = {
    "asyncio": asyncio.new_event_loop,
    "uvloop": uvloop.new_event_loop,
}


@pytest.mark.parametrize("loop_kind", list(LOOPS))
@pytest.mark.parametrize(
    ("context", "expected"),
    [(context, expected) for _, context, expected in _exception_handler_cases()],
    ids=[name for name, _, _ in _exception_handler_cases()],
)
def test_loop_exception_handler_output_is_written_once(
    context: dict[str, Any], expected: str, loop_kind: str
) -> None:
    loop = LOOPS[loop_kind]()
    try:
        with output(aio) as (entries, stderr):
            loop.call_exception_handler(context)
    finally:
        loop.close()
    assert re.fullmatch(expected, entries.one(), re.DOTALL), entries.one()
    assert stderr.getvalue() == ""


@pytest.mark.parametrize("loop_kind", list(LOOPS))
def test_task_destroyed_while_pending_is_written(loop_kind: str) -> None:
    # asyncio logs it with exc_info=False, as every message without an
    # exception its default exception handler logs.
    loop = LOOPS[loop_kind]()

    async def forever() -> None:
        await asyncio.Event().wait()

    try:
        with output(aio) as (entries, stderr):
            task = loop.create_task(forever())
            loop.run_until_complete(asyncio.sleep(0))
            del task
            gc.collect()
    finally:
        loop.close()
    text = entries.one()
    assert text.startswith("Task was destroyed but it is pending!\ntask: <Task")
    assert stderr.getvalue() == ""


def test_txaio_records_are_written_once_with_their_traceback() -> None:
    with output(aio) as (entries, stderr):
        log = aio.make_logger()
        log.info("plain {x}", x=NoStr())
        log.failure("given", failure=raised(ValueError("v")))
        log.failure("none")
    plain, given, none = entries.texts()
    assert plain == "[unformattable: RuntimeError: no str] plain {x}"
    assert given.startswith("given\nTraceback (most recent call last):\n")
    assert given.endswith("\nValueError: v")
    assert none == "none (log.failure(): there was no exception to log)"
    assert stderr.getvalue() == ""


@pytest.mark.parametrize("framework", ["asyncio", "twisted"])
def test_txaio_messages_that_are_not_str_are_written(framework: str) -> None:
    module: Any = aio if framework == "asyncio" else tx
    with output(module) as (entries, stderr):
        if framework == "asyncio":
            log: Any = aio.make_logger()
        else:  # only to start_logging's observer (see the property tests)
            log = tx.make_logger(observer=_log_tx._observer)
        log.info(12345)
        log.info(Unprintable())
        log.failure(NoStr())
        log.failure(Unprintable())
    expected = [
        r"\[unformattable: TypeError: the message is a int, not a str\] 12345",
        r"\[unformattable: TypeError: the message is a Unprintable, not a str\] "
        r"<Unprintable object: str\(\) and repr\(\) raised>",
        r"<.*\.NoStr object at .*> \(log\.failure\(\): there was no exception to log\)",
        r"<Unprintable object: str\(\) and repr\(\) raised> "
        r"\(log\.failure\(\): there was no exception to log\)",
    ]
    texts = entries.texts()
    assert len(texts) == len(expected), texts
    for text, pattern in zip(texts, expected, strict=True):
        assert re.fullmatch(pattern, text), text
    assert stderr.getvalue() == ""


# -- Twisted: events of twisted.logger and twisted.python.log --------------------

twisted_log = TwistedLogger(namespace="shapes")
# twisted.python.log is not annotated.
legacy_msg = cast("Callable[..., None]", legacy_log.msg)  # pyright: ignore[reportUnknownMemberType]
legacy_err = cast("Callable[..., None]", legacy_log.err)  # pyright: ignore[reportUnknownMemberType]


def _publish(**event: object) -> None:
    globalLogPublisher(event)


def _failure_event() -> None:
    try:
        raise ZeroDivisionError("zero")
    except ZeroDivisionError:
        twisted_log.failure("f {n}", n=1)


def _legacy_err() -> None:
    try:
        raise ZeroDivisionError("zero")
    except ZeroDivisionError:
        legacy_err()


def _cleaned_group_failure() -> None:
    failure = Failure(raised(ExceptionGroup("g", [raised(ValueError("inner"))])))
    failure.cleanFailure()  # as a Deferred's chain does: frames kept, tb dropped
    twisted_log.failure("cleaned", failure=failure)


TX_CASES: dict[str, tuple[Callable[[], object], str]] = {
    "a missing format key": (
        lambda: twisted_log.info("missing {key}"),
        r"\[unformattable: KeyError: 'key'\] missing \{key\}",
    ),
    "a positional format field": (
        lambda: twisted_log.info("positional {0}"),
        r"\[unformattable: ValueError: .*\] positional \{0\}",
    ),
    "bytes as a field": (
        lambda: twisted_log.info("bytes {b}", b=b"\xff\x00"),
        r"bytes b'\\xff\\x00'",
    ),
    "a field whose str() raises": (
        lambda: twisted_log.info("bad {b}", b=NoStr()),
        r"\[unformattable: RuntimeError: no str\] bad \{b\}",
    ),
    "a field whose str() and repr() raise": (
        lambda: twisted_log.info("bad {b!r}", b=Unprintable()),
        r"\[unformattable: RuntimeError: no repr\] bad \{b!r\}",
    ),
    "a format that is not a str": (
        lambda: _publish(log_format=5, log_level=TwistedLogLevel.error),
        r"\[unformattable: TypeError: the message is a int, not a str\] 5",
    ),
    "an event without log_time": (
        lambda: _publish(log_format="no time", log_level=TwistedLogLevel.warn),
        "no time",
    ),
    "an event whose log_time is not a time": (
        lambda: _publish(
            log_format="nan", log_level=TwistedLogLevel.warn, log_time=float("nan")
        ),
        "nan",
    ),
    "an event without log_level": (lambda: _publish(log_format="no level"), "no level"),
    "an event with an unhashable log_level": (
        lambda: _publish(log_format="odd level", log_level=["x"]),
        "odd level",
    ),
    "an event with an unhashable log_logger": (
        lambda: _publish(
            log_format="odd logger", log_level=TwistedLogLevel.info, log_logger=["x"]
        ),
        "odd logger",
    ),
    "an event without a format": (
        lambda: _publish(log_level=TwistedLogLevel.info),
        "",
    ),
    "a log_failure that is not a failure": (
        lambda: _publish(
            log_format="m", log_level=TwistedLogLevel.error, log_failure="nope"
        ),
        r"m\n<failure without an exception: 'nope'>",
    ),
    "log.failure()": (
        _failure_event,
        r"f 1\nTraceback \(most recent call last\):\n.*\nZeroDivisionError: .*",
    ),
    "log.failure() of a cleaned failure of a group": (
        _cleaned_group_failure,
        r"cleaned\nTraceback \(most recent call last\):\n.*ExceptionGroup: g .*\n"
        r"Sub-exception 1 of 1:\nTraceback \(most recent call last\):\n.*"
        r"ValueError: inner",
    ),
    "log.failure() of an exception never raised": (
        lambda: twisted_log.failure("never", failure=Failure(KeyError("k"))),
        r"never\nKeyError: 'k'",
    ),
    "legacy msg": (lambda: legacy_msg("legacy", "words"), "legacy words"),
    "legacy msg of bytes": (lambda: legacy_msg(b"bytes"), "bytes"),
    "legacy msg with format": (
        lambda: legacy_msg(format="legacy %(a)s", a=1),
        "legacy 1",
    ),
    "legacy msg whose str() raises": (
        lambda: legacy_msg(NoStr()),
        r"<.*NoStr.*str error.*",
    ),
    "legacy err()": (
        _legacy_err,
        r"Unhandled Error\nTraceback \(most recent call last\):\n.*ZeroDivisionError.*",
    ),
    "legacy err(failure, why)": (
        lambda: legacy_err(Failure(ValueError("v")), "why"),
        r"why\n.*ValueError: v",
    ),
    "legacy err(exception)": (
        lambda: legacy_err(ValueError("plain")),
        r"Unhandled Error\n.*ValueError: plain",
    ),
}


@pytest.mark.parametrize("case", list(TX_CASES))
def test_twisted_event_is_written_once(case: str) -> None:
    action, expected = TX_CASES[case]
    with output(tx) as (entries, _):
        action()
    assert re.fullmatch(expected, entries.one(), re.DOTALL), entries.one()


def test_the_observer_never_raises() -> None:
    # Called directly, as Twisted's publisher calls it (which would otherwise
    # catch the error and leave this event unwritten).
    broken: list[dict[str, Any]] = [
        {"log_format": "odd level", "log_level": {}},
        {"log_format": "odd logger", "log_logger": {}},
        {"log_format": "infinite time", "log_time": float("inf")},
        {"log_format": "huge time", "log_time": 1e300},
        {"log_format": "{x}", "x": Unprintable(), "log_failure": Unprintable()},
    ]
    with output(tx) as (entries, _):
        observer = _log_tx._observer
        assert observer is not None
        for event in broken:
            observer(event)
    assert len(entries.texts()) == len(broken)


def test_twisted_events_after_a_broken_one_are_written() -> None:
    with output(tx) as (entries, _):
        _publish(log_format="first", log_level=[])
        twisted_log.info("second")
    assert entries.texts() == ["first", "second"]


# -- batched timers: each error's traceback --------------------------------------


def _fail_a() -> None:
    raise ValueError("a went wrong")


def _fail_b() -> None:
    raise KeyError("b went wrong")


def assert_each_cause_shown(text: str) -> None:
    assert "Error(s) processing call_later bucket: 2 calls raised" in text
    for cause in ("ValueError: a went wrong", "KeyError: 'b went wrong'"):
        assert cause in text, text
    for function in ("_fail_a", "_fail_b"):
        assert f"in {function}" in text, text


def test_batched_errors_show_each_cause_on_asyncio() -> None:
    loop = FakeClockLoop()  # asyncio's default exception handler
    try:
        with output(aio) as (entries, stderr):
            timer = aio.with_config(loop=loop).make_batched_timer(1)
            timer.call_later(0.5, _fail_a)
            timer.call_later(0.5, _fail_b)
            loop.now += 2
            while loop.has_work():
                loop.run_once()
    finally:
        loop.close()
    assert_each_cause_shown(entries.one())
    assert stderr.getvalue() == ""


def test_batched_errors_show_each_cause_on_twisted() -> None:
    reactor = SelectReactor()  # a real reactor, not installed, never run
    now = [1000.0]
    cast(Any, reactor).seconds = lambda: now[0]
    with output(tx) as (entries, _):
        timer = tx.with_config(loop=reactor).make_batched_timer(1)
        timer.call_later(0.5, _fail_a)
        timer.call_later(0.5, _fail_b)
        now[0] += 2
        reactor.runUntilCurrent()  # logs the error, as a running reactor does
    assert_each_cause_shown(entries.one())


def test_legacy_err_of_a_group_shows_each_cause() -> None:
    causes: list[Exception] = [raised(ValueError("a")), raised(KeyError("b"))]
    group = raised(ExceptionGroup("g", causes))
    with output(tx) as (entries, _):
        legacy_err(Failure(group), "group")
    text = entries.one()
    assert text.startswith("group\n")
    assert "Sub-exception 1 of 2:\nTraceback (most recent call last):" in text
    assert "ValueError: a" in text and "KeyError: 'b'" in text


# -- interpreter shutdown ----------------------------------------------------------


def test_records_made_at_shutdown_never_print_a_traceback() -> None:
    script = Path(__file__).resolve().parent / "logging_scenarios" / "shutdown.py"
    finished = run_all(
        {fw: python_command(script, fw) for fw in ("asyncio", "twisted")},
        env=python_env(),
        timeout=60,
    )
    for framework, process in finished.items():
        assert process.returncode == 0, (framework, process.stderr)
        assert process.stderr == "", (framework, process.stderr)
        texts = [
            match.group(2)
            for match in re.finditer(rf"^({STAMP}) (.*)$", process.stdout, re.M)
        ]
        assert texts[0] == "main done", (framework, process.stdout)
        assert "at exit 1" in texts, (framework, process.stdout)


# -- failure(): one policy before and after selection, on both frameworks ------

FAILURE_CALLS = """
import sys
import txaio_typed

def calls(log):
    log.failure("outside {n}", n=1)
    log.failure("given", failure=KeyError("k"))
    try:
        raise ValueError("v")
    except ValueError:
        log.failure("current")
    try:
        log.failure("bad", failure="text")
    except TypeError as error:
        print("TypeError", str(error)[:40])

calls(txaio_typed.make_logger())
txaio_typed.start_logging(out=sys.stdout)
getattr(txaio_typed, "use_" + sys.argv[1])()
print("SELECTED")
calls(txaio_typed.make_logger())
sys.stdout.flush()
"""


def test_failure_policy_is_the_same_before_and_after_selection() -> None:
    finished = run_all(
        {fw: python_command("-c", FAILURE_CALLS, fw) for fw in ("asyncio", "twisted")},
        env=python_env(),
        timeout=60,
    )
    outputs: dict[str, tuple[list[str], list[str]]] = {}
    for framework, process in finished.items():
        assert process.returncode == 0, (framework, process.stderr)
        assert process.stderr == "", (framework, process.stderr)
        # On Twisted, print() goes into the log too: each line may be stamped.
        lines = [
            re.sub(rf"^{STAMP} ", "", line) for line in process.stdout.splitlines()
        ]
        selected = lines.index("SELECTED")
        parts: list[list[str]] = []
        for part in (lines[:selected], lines[selected + 1 :]):
            printed = [line for line in part if line.startswith("TypeError")]
            assert printed == ["TypeError failure must be an exception, an IFailed"]
            parts.append([line for line in part if not line.startswith("TypeError")])
        assert parts[0] == parts[1], (framework, process.stdout)
        outputs[framework] = (parts[0], parts[1])
    assert outputs["asyncio"] == outputs["twisted"]
    logged = outputs["asyncio"][0]
    assert logged[:3] == [
        "outside 1 (log.failure(): there was no exception to log)",
        "given",
        "KeyError: 'k'",
    ]
    assert logged[3:5] == ["current", "Traceback (most recent call last):"]
    assert logged[-1] == "ValueError: v"
