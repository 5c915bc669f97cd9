"""Property tests (Hypothesis): records and events built from every part
tests/test_log_shapes.py names one by one are each written exactly once,
with nothing on stderr, on both frameworks."""

# pyright: reportPrivateUsage=false

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_log_shapes import Entries, NoStr, Unprintable, output, raised
from twisted.logger import Logger as TwistedLogger
from twisted.logger import LogLevel as TwistedLogLevel
from twisted.python.failure import Failure

from txaio_typed import _log_core, _log_tx, aio, tx

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

#: Values for arguments and fields: plain, unprintable, odd.
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.binary(max_size=4),
    st.builds(NoStr),
    st.builds(Unprintable),
    st.lists(st.integers(), max_size=2),
)

#: How a record or event carries an exception.
EXCEPTIONS = (
    "raised",
    "never raised",
    "group",
    "not an exception",
)


def exception_of(kind: str) -> object:
    if kind == "raised":
        return raised(ValueError("raised"))
    if kind == "never raised":
        return KeyError("never raised")
    if kind == "group":
        return raised(ExceptionGroup("group", [raised(OSError("inner"))]))
    return NoStr()


def assert_one_entry(entries: Entries, stderr: str) -> None:
    assert len(entries.texts()) == 1, entries.written
    assert stderr == ""


# -- asyncio -----------------------------------------------------------------------

stdlib_messages = st.one_of(
    st.sampled_from(["m", "%s", "%d %s", "%(a)s %(b)r", "100%", "%", "{x}", "a\nb"]),
    st.text(alphabet="%sdr()ab{} \n", max_size=10),
    values,
)
stdlib_args = st.one_of(
    st.lists(values, max_size=3).map(tuple),
    st.dictionaries(st.sampled_from(["a", "b"]), values, max_size=2).map(
        lambda mapping: (mapping,)
    ),
)
EXC_INFO = ("absent", "False", "True", "(None, None, None)", "tuple", *EXCEPTIONS)


def exc_info_of(kind: str) -> object:
    if kind == "absent":
        return None
    if kind == "False":
        return False
    if kind == "True":
        return True
    if kind == "(None, None, None)":
        return (None, None, None)
    if kind == "tuple":
        exc = raised(ValueError("tuple"))
        return (ValueError, exc, exc.__traceback__)
    return exception_of(kind)


extras = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {"txaio_event": st.one_of(values, st.just({"log_format": "{x}"}))}
    ),
    st.fixed_dictionaries({"custom": values}),
)
levels = st.sampled_from(
    [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL]
)


@SETTINGS
@given(
    message=stdlib_messages,
    args=stdlib_args,
    exc_info=st.sampled_from(EXC_INFO),
    stack_info=st.booleans(),
    extra=extras,
    level=levels,
    in_thread=st.booleans(),
)
def test_every_stdlib_record_is_written_once(
    message: object,
    args: tuple[object, ...],
    exc_info: str,
    stack_info: bool,
    extra: dict[str, object] | None,
    level: int,
    in_thread: bool,
) -> None:
    stdlib = logging.getLogger("shapes.property")
    kwargs: dict[str, Any] = {"stack_info": stack_info, "extra": extra}
    if exc_info != "absent":
        kwargs["exc_info"] = exc_info_of(exc_info)

    def log() -> None:
        stdlib.log(level, message, *args, **kwargs)

    with output(aio) as (entries, stderr):
        if in_thread:
            thread = threading.Thread(target=log)
            thread.start()
            thread.join()
        else:
            log()
    assert_one_entry(entries, stderr.getvalue())


@SETTINGS
@given(
    message=st.one_of(st.none(), values),
    exception=st.one_of(st.none(), st.sampled_from(EXCEPTIONS)),
    others=st.dictionaries(
        st.sampled_from(["future", "task", "handle", "protocol", "transport", "x"]),
        values,
        max_size=3,
    ),
)
def test_everything_the_loop_exception_handler_logs_is_written_once(
    message: object, exception: str | None, others: dict[str, object]
) -> None:
    context: dict[str, object] = dict(others)
    if message is not None:
        context["message"] = message
    if exception is not None:
        context["exception"] = exception_of(exception)
    loop = asyncio.new_event_loop()
    try:
        with output(aio) as (entries, stderr):
            loop.call_exception_handler(context)
    finally:
        loop.close()
    assert_one_entry(entries, stderr.getvalue())


# -- Twisted -------------------------------------------------------------------------

twisted_formats = st.one_of(
    st.sampled_from(
        [
            "plain",
            "{a}",
            "{0}",
            "{missing}",
            "{a!r}",
            "{a:>5}",
            "{a.real}",
            "{a[0]}",
            "{a()}",
            "{",
            "}",
            "{{x}}",
            "{log_text}",
        ]
    ),
    st.text(alphabet="{}a!r:0 \n", max_size=8),
    values,
)
twisted_levels = st.one_of(
    st.sampled_from(
        [
            TwistedLogLevel.debug,
            TwistedLogLevel.info,
            TwistedLogLevel.warn,
            TwistedLogLevel.error,
            TwistedLogLevel.critical,
        ]
    ),
    values,
)
own = tx.make_logger()
FOREIGN_LOGGER = TwistedLogger(namespace="shapes.property")
LOGGERS = ("own", "foreign", "unhashable")


def failure_of(kind: str) -> object:
    exc = exception_of(kind)
    if not isinstance(exc, BaseException):
        return exc
    failure = Failure(exc)
    if kind == "never raised":
        failure.cleanFailure()
    return failure


@SETTINGS
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            "log_format": twisted_formats,
            "a": values,
            "log_text": values,
            "log_time": st.one_of(st.floats(), st.integers(), st.text(max_size=3)),
            "log_level": twisted_levels,
            "log_namespace": values,
            "message": st.lists(values, max_size=2).map(tuple),
            "isError": st.booleans(),
            "why": values,
            "format": st.sampled_from(["%(a)s", "%(missing)s", "plain"]),
        },
    ),
    logger=st.one_of(st.none(), st.sampled_from(LOGGERS)),
    failure=st.one_of(st.none(), st.sampled_from(EXCEPTIONS)),
    legacy_failure=st.one_of(st.none(), st.sampled_from(EXCEPTIONS)),
)
def test_every_twisted_event_is_written_once(
    fields: dict[str, object],
    logger: str | None,
    failure: str | None,
    legacy_failure: str | None,
) -> None:
    event: dict[str, Any] = dict(fields)
    if logger == "own":
        assert isinstance(own, _log_core.Logger)
        event["log_logger"] = own._logger
    elif logger == "foreign":
        event["log_logger"] = FOREIGN_LOGGER
    elif logger == "unhashable":
        event["log_logger"] = []
    if failure is not None:
        event["log_failure"] = failure_of(failure)
    if legacy_failure is not None:  # as twisted.python.log.err() leaves it
        event["failure"] = failure_of(legacy_failure)
    with output(tx) as (entries, stderr):
        observer = _log_tx._observer
        assert observer is not None
        observer(event)
    assert_one_entry(entries, stderr.getvalue())


# -- txaio's own events, on both frameworks ------------------------------------------

FAILURES = ("absent", "raised", "never raised", "group", "Twisted failure")


def given_failure(kind: str) -> object:
    if kind == "absent":
        return None
    if kind == "Twisted failure":
        return failure_of("raised")
    return exception_of(kind)


@SETTINGS
@given(
    framework=st.sampled_from(["asyncio", "twisted"]),
    template=twisted_formats,
    fields=st.dictionaries(
        st.sampled_from(["a", "x", "message", "format", "log_failure", "log_category"]),
        values,
        max_size=3,
    ),
    level=st.sampled_from(["critical", "error", "warn", "info", "debug", "trace"]),
    failure=st.one_of(st.none(), st.sampled_from(FAILURES)),
)
def test_every_txaio_event_is_written_once(
    framework: str,
    template: object,
    fields: dict[str, object],
    level: str,
    failure: str | None,
) -> None:
    module: Any = aio if framework == "asyncio" else tx
    with output(module, level="trace") as (entries, stderr):
        if framework == "asyncio":
            log: Any = aio.make_logger()
        else:  # only to start_logging's observer: Twisted's own one, not
            # yet begun in this process, prints critical events to stderr
            log = tx.make_logger(observer=_log_tx._observer)
        if failure is None:
            log.emit(level, template, **fields)
        else:
            log.failure(template, failure=given_failure(failure), **fields)
    assert_one_entry(entries, stderr.getvalue())
