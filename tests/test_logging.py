"""Tests of make_logger / start_logging and friends, on both backends.

Logging state is process-global, so every test starts from a reset state
(the ``framework`` harness resets it; other tests call ``reset_logging()``,
both from tests/conftest.py). On Twisted, ``start_logging`` here adds
its observer to ``globalLogPublisher`` without beginning Twisted's global
logging, which can happen only once per process; the real beginning, the
neutral front before and after ``use_asyncio()``/``use_twisted()``, and
global interpreter state are tested in fresh processes running the scripts in
``tests/logging_scenarios/``.
"""

# pyright: reportPrivateUsage=false

from __future__ import annotations

import codecs
import io
import logging
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import pytest
from conftest import Framework, reset_logging
from processes import python_command, python_env, run_all
from twisted.logger import ILogObserver
from twisted.logger import Logger as TwistedLogger
from twisted.logger import LogLevel as TwistedLogLevel
from twisted.python.failure import Failure

from txaio_typed import _log_core, aio, tx
from txaio_typed.interfaces import (
    IFailedFuture,
    ILogger,
    is_log_level,
    log_levels,
)

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "logging_scenarios"
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"
LINE = re.compile(rf"^({STAMP}) (.*)$")

module_log = aio.make_logger()
module_log_tx = tx.make_logger()


def make_failure(kind: str, exc: BaseException) -> IFailedFuture | Failure:
    """A failure holding ``exc``: a Twisted ``Failure`` or an aio one."""
    try:
        raise exc
    except BaseException:
        if kind == "asyncio":
            type_, value, tb = sys.exc_info()
            assert type_ is not None and value is not None
            return aio.FailedFuture(type_, value, tb)
        return Failure()


def lines(out: io.StringIO) -> list[str]:
    """The lines written to ``out``, without their leading timestamps (other
    timestamps in a line are replaced by ``<time>``)."""
    result: list[str] = []
    for line in out.getvalue().splitlines():
        match = LINE.match(line)
        text = match.group(2) if match else line
        result.append(re.sub(STAMP, "<time>", text))
    return result


class Explosive:
    """Fails the test if it is ever turned into text."""

    def __str__(self) -> str:
        raise AssertionError("__str__ called on a disabled level")

    def __repr__(self) -> str:
        raise AssertionError("__repr__ called on a disabled level")

    def __format__(self, spec: str) -> str:
        raise AssertionError("__format__ called on a disabled level")


# -- the logger object -------------------------------------------------------


def test_logger_is_an_ilogger(framework: Framework) -> None:
    log = framework.native.make_logger()
    assert isinstance(log, ILogger)
    for name in ("critical", "error", "warn", "info", "debug", "trace", "failure"):
        assert callable(getattr(log, name))


class Holder:
    log = aio.make_logger()
    log_tx = tx.make_logger()

    def __init__(self) -> None:
        self.own = aio.make_logger()
        self.own_tx = tx.make_logger()


class SubHolder(Holder):
    pass


def test_namespaces_follow_the_caller() -> None:
    def local() -> tuple[ILogger, ILogger]:
        return aio.make_logger(), tx.make_logger()

    holder = SubHolder()
    expected = [
        (module_log, __name__),
        (module_log_tx, __name__),
        (Holder.log, f"{__name__}.Holder"),
        (Holder.log_tx, f"{__name__}.Holder"),
        (holder.own, f"{__name__}.SubHolder"),
        (holder.own_tx, f"{__name__}.SubHolder"),
        (local()[0], f"{__name__}.local"),
        (local()[1], f"{__name__}.local"),
    ]
    for log, namespace in expected:
        assert isinstance(log, _log_core.Logger)
        assert log.namespace == namespace
    # A class attribute is the same object through the class and instances.
    assert holder.log is Holder.log
    assert holder.log_tx is Holder.log_tx


def test_with_config_make_logger_names_the_caller() -> None:
    assert isinstance(aio_log := aio.with_config().make_logger(), _log_core.Logger)
    assert isinstance(tx_log := tx.with_config().make_logger(), _log_core.Logger)
    expected = f"{__name__}.test_with_config_make_logger_names_the_caller"
    assert aio_log.namespace == tx_log.namespace == expected


def test_twisted_logger_and_observer_arguments() -> None:
    class CountingLogger(TwistedLogger):
        made = 0

        def __init__(
            self, namespace: str | None = None, observer: ILogObserver | None = None
        ) -> None:
            super().__init__(namespace=namespace, observer=observer)
            CountingLogger.made += 1

    reset_logging()
    seen: list[dict[str, Any]] = []
    log = tx.make_logger(logger=CountingLogger, observer=seen.append)
    log.info("to my observer {x}", x=1)
    assert CountingLogger.made == 1
    (event,) = seen
    assert event["x"] == 1
    assert isinstance(event["log_logger"], CountingLogger)
    assert _log_core.event_text(event) == "to my observer 1"


def test_twisted_logger_none_is_the_default() -> None:
    reset_logging()
    seen: list[dict[str, Any]] = []
    tx.make_logger(logger=None, observer=seen.append).warn("plain {x}", x=2)
    (event,) = seen
    assert type(event["log_logger"]) is TwistedLogger
    assert _log_core.event_text(event) == "plain 2"


def test_twisted_arguments_on_asyncio_raise_type_error() -> None:
    with pytest.raises(TypeError, match="observer"):
        aio.make_logger(observer=print)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_is_log_level_accepts_the_level_names_only() -> None:
    assert all(is_log_level(name) for name in log_levels)
    for other in ("warning", "INFO", "", None, 3, ["info"], b"info"):
        assert not is_log_level(other), other


def test_namespace_reaches_the_framework(framework: Framework) -> None:
    framework.native.make_logger().info("hello")
    (event,) = framework.events
    assert event["log_namespace"] == f"{__name__}.test_namespace_reaches_the_framework"


# -- disabled levels ---------------------------------------------------------


def test_disabled_levels_never_touch_their_arguments(framework: Framework) -> None:
    out = io.StringIO()
    framework.native.start_logging(out, level="warn")
    log = framework.native.make_logger()
    boom = Explosive()
    log.info("{x}", x=boom)
    log.debug("{x} {x!r} {x!s}", x=boom)
    log.trace("{x}", x=boom)
    log.emit("debug", "{x}", x=boom)
    log.emit("none", "{x}", x=boom)
    log.set_log_level("critical")
    log.error("{x}", x=boom)
    log.warn("{x}", x=boom)
    try:
        raise ValueError("not logged")
    except ValueError:
        log.failure("{x}", x=boom)
    log.set_log_level("none")
    log.critical("{x}", x=boom)
    assert out.getvalue() == ""
    assert framework.events == []


def test_disabled_levels_are_a_shared_no_op(framework: Framework) -> None:
    log = framework.native.make_logger(level="info")
    assert log.debug is log.trace
    assert log.debug is framework.native.make_logger(level="error").info
    assert log.info is not log.debug


# -- levels --------------------------------------------------------------------


def test_global_level_both_directions(framework: Framework) -> None:
    out = io.StringIO()
    framework.native.start_logging(out, level="info")
    log = framework.native.make_logger()
    log.info("info at info")
    log.debug("hidden")
    framework.foreign("info", "foreign info at info")
    framework.foreign("debug", "hidden foreign")
    framework.native.set_global_log_level("debug")
    assert framework.native.get_global_log_level() == "debug"
    log.debug("debug at debug")
    log.trace("hidden")
    framework.foreign("debug", "foreign debug at debug")
    framework.native.set_global_log_level("error")
    log.warn("hidden")
    framework.foreign("warn", "hidden foreign")
    log.error("error at error")
    framework.native.set_global_log_level("trace")
    log.trace("trace at trace")
    framework.native.set_global_log_level("none")
    log.critical("hidden")
    framework.foreign("error", "hidden foreign")
    assert lines(out) == [
        "info at info",
        "foreign info at info",
        "debug at debug",
        "foreign debug at debug",
        "error at error",
        "trace at trace",
    ]


def test_a_kept_level_ignores_global_changes(framework: Framework) -> None:
    out = io.StringIO()
    framework.native.start_logging(out, level="info")
    made_with_level = framework.native.make_logger(level="debug")
    kept = framework.native.make_logger()
    kept.set_log_level("error")
    follows = framework.native.make_logger()
    follows.set_log_level("error", keep=False)
    framework.native.set_global_log_level("warn")
    made_with_level.debug("made with level=debug")
    kept.warn("hidden")
    kept.error("kept at error")
    follows.warn("follows the global level again")
    framework.native.set_global_log_level("info")
    framework.native.start_logging(out, level="critical")
    made_with_level.debug("start_logging does not override it either")
    assert lines(out) == [
        "made with level=debug",
        "kept at error",
        "follows the global level again",
        "start_logging does not override it either",
    ]


def test_logger_made_before_start_logging_follows_its_level(
    framework: Framework,
) -> None:
    log = framework.native.make_logger()
    out = io.StringIO()
    framework.native.start_logging(out, level="debug")
    log.debug("debug")
    assert lines(out) == ["debug"]


@pytest.mark.parametrize("bad", ["warning", "INFO", "", None, 3])
def test_unknown_levels_are_rejected_everywhere(framework: Framework, bad: Any) -> None:
    log = framework.native.make_logger()
    calls: list[Callable[[], object]] = [
        lambda: framework.native.start_logging(io.StringIO(), level=bad),
        lambda: framework.native.set_global_log_level(bad),
        lambda: log.emit(bad, "x"),
        lambda: log.set_log_level(bad),
    ]
    if bad is not None:
        calls.append(lambda: framework.native.make_logger(level=bad))
    for call in calls:
        with pytest.raises(ValueError, match="valid levels are: 'none', 'critical'"):
            call()
    assert framework.native.get_global_log_level() == "info"


def test_unknown_levels_raise_value_error() -> None:
    with pytest.raises(ValueError, match="Invalid log level level='warning'"):
        aio.start_logging(io.StringIO(), level="warning")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(ValueError, match="Invalid log level level='warning'"):
        tx.set_global_log_level("warning")
    with pytest.raises(ValueError, match="Invalid log level level='fatal'"):
        aio.make_logger().emit("fatal", "x")


def test_level_none(framework: Framework) -> None:
    out = io.StringIO()
    framework.native.start_logging(out, level="none")
    log = framework.native.make_logger()
    log.critical("hidden")
    log.emit("critical", "hidden")
    framework.foreign("error", "hidden")
    assert framework.native.get_global_log_level() == "none"
    assert out.getvalue() == ""


def test_emit(framework: Framework) -> None:
    out = io.StringIO()
    framework.native.start_logging(out, level="debug")
    log = framework.native.make_logger()
    for level in log_levels:
        log.emit(level, "emit at {lvl}", lvl=level)
    assert lines(out) == [
        f"emit at {level}" for level in ("critical", "error", "warn", "info", "debug")
    ]


# -- events and formatting ---------------------------------------------------


def test_event_keys(framework: Framework) -> None:
    framework.native.set_global_log_level("trace")
    log = framework.native.make_logger()
    log.info("{peer} sent {n} bytes", peer="p", n=3)
    log.trace("tracing {x}", x=1)
    info, trace = framework.events
    assert info["peer"] == "p" and info["n"] == 3
    assert info["log_format"] == "{peer} sent {n} bytes"
    assert isinstance(info["log_time"], float)
    assert "txaio_trace" not in info
    assert trace["txaio_trace"] is True
    if framework.name == "asyncio":
        assert (info["log_level"], trace["log_level"]) == ("info", "trace")
    else:
        assert info["log_level"] is TwistedLogLevel.info
        assert trace["log_level"] is TwistedLogLevel.debug


def test_keywords_named_like_framework_parameters(framework: Framework) -> None:
    out = io.StringIO()
    framework.native.start_logging(out)
    framework.native.make_logger().info("{format} {observer}", format="f", observer="o")
    assert lines(out) == ["f o"]


def test_message_and_format_keywords_are_fields(framework: Framework) -> None:
    # Autobahn: log.warn("session closed with reason {reason} [{message}]", ...)
    out = io.StringIO()
    framework.native.start_logging(out)
    log = framework.native.make_logger()
    log.warn("closed: {reason} [{message}]", reason="wamp.close", message="bye")
    log.info("{format}/{message}/{failure}", format="f", message="m", failure="x")
    log.emit("info", "{level} {message}", level="l", message="m")
    assert lines(out) == ["closed: wamp.close [bye]", "f/m/x", "l m"]


def test_template_from_the_category_alone(framework: Framework) -> None:
    # Autobahn: log.critical(log_category="AR100", ...), no template given
    out = io.StringIO()
    framework.native.start_logging(out)
    framework.native.add_log_categories({"AR999": "{adjective} {nouns}"})
    log = framework.native.make_logger()
    log.critical(log_category="AR999", adjective="bad", nouns="things")
    log.emit("warn", log_category="AR999", adjective="odd", nouns="ones")
    log.info(log_category="unknown", x=1)
    log.info()
    assert lines(out) == ["bad things", "odd ones", "", ""]
    assert framework.events[0]["log_format"] == "{adjective} {nouns}"


def test_format_keyword_without_template_is_the_template(framework: Framework) -> None:
    # as upstream's loggers read it on both backends
    out = io.StringIO()
    framework.native.start_logging(out)
    log = framework.native.make_logger()
    log.info(format="from {who}", who="keyword")
    log.info("positional {format}", format="wins")
    assert lines(out) == ["from keyword", "positional wins"]
    assert "format" not in framework.events[0]
    assert framework.events[1]["format"] == "wins"


def test_stdlib_records_carry_the_formatted_message() -> None:
    # Handlers and filters read record.msg (upstream puts the text there).
    reset_logging()
    seen: list[object] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.msg)
            seen.append(record.getMessage())

    handler = Keep()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        aio.make_logger().info("foo={foo} 100%", foo="bar")
    finally:
        root.removeHandler(handler)
        reset_logging()
    assert seen == ["foo=bar 100%", "foo=bar 100%"]


def test_templates(framework: Framework) -> None:
    class Err:
        value = "the value"

    out = io.StringIO()
    framework.native.start_logging(out)
    log = framework.native.make_logger()
    log.info("{peer} sent {n:>4} bytes", peer="p", n=12)
    log.info("{err.value} {d[k]!r}", err=Err(), d={"k": "v"})
    log.info("{{literal}} braces")
    log.info("no arguments")
    assert lines(out) == [
        "p sent   12 bytes",
        "the value 'v'",
        "{literal} braces",
        "no arguments",
    ]


def test_categories(framework: Framework) -> None:
    out = io.StringIO()
    framework.native.start_logging(out)
    framework.native.add_log_categories({"TX001": "peer {peer} left"})
    log = framework.native.make_logger()
    log.info("ignored", log_category="TX001", peer="p")
    log.info("unknown category {log_category}", log_category="nope")
    log.info("unhashable category", log_category=["x"])
    assert lines(out) == ["peer p left", "unknown category nope", "unhashable category"]
    with pytest.raises(TypeError, match="must be a str"):
        framework.native.add_log_categories({"bad": 1})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]


def test_unformattable_messages_are_written_raw(framework: Framework) -> None:
    class BadFormat:
        def __format__(self, spec: str) -> str:
            raise RuntimeError("no")

    out = io.StringIO()
    framework.native.start_logging(out)
    log = framework.native.make_logger()
    log.info(f"a dict {dict(a=1)}")
    log.warn("missing {key}")
    log.error("positional {0}")
    log.info("bad {x}", x=BadFormat())
    log.info(123)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert lines(out) == [
        "[unformattable: KeyError: \"'a'\"] a dict {'a': 1}",
        "[unformattable: KeyError: 'key'] missing {key}",
        "[unformattable: ValueError: Format string contains positional fields] "
        "positional {0}",
        "[unformattable: RuntimeError: no] bad {x}",
        "[unformattable: TypeError: the message is a int, not a str] 123",
    ]


# -- failures ----------------------------------------------------------------


def test_failure_of_the_current_exception(framework: Framework) -> None:
    out = io.StringIO()
    framework.native.start_logging(out)
    log = framework.native.make_logger()
    try:
        raise ValueError("the error")
    except ValueError:
        log.failure("while handling {what}", what="a request")
        log.failure()
    text = lines(out)
    assert text[0] == "while handling a request"
    assert text[1] == "Traceback (most recent call last):"
    assert '    raise ValueError("the error")' in text
    assert text.count("ValueError: the error") == 2
    first, second = framework.events
    assert isinstance(first["log_failure"], IFailedFuture)
    failure_type = Failure if framework.name == "twisted" else aio.FailedFuture
    assert isinstance(first["log_failure"], failure_type)
    assert second["log_format"] == ""


@pytest.mark.parametrize("kind", ["asyncio", "twisted"])
def test_failure_argument(framework: Framework, kind: str) -> None:
    out = io.StringIO()
    framework.native.start_logging(out)
    # A Twisted Failure on the asyncio backend type-checks only through a cast.
    failure = cast(IFailedFuture, make_failure(kind, KeyError("k")))
    framework.native.make_logger().failure("given {n}", failure=failure, n=1)
    text = lines(out)
    assert text[0] == "given 1"
    assert text[-1] == "KeyError: 'k'"
    (event,) = framework.events
    if framework.name == "twisted":
        logged = event["log_failure"]
        assert isinstance(logged, Failure)
        assert isinstance(cast(IFailedFuture, logged).value, KeyError)
    else:
        assert event["log_failure"] is failure


def test_twisted_failure_is_typed_on_the_twisted_logger() -> None:
    reset_logging()
    out = io.StringIO()
    tx.start_logging(out)
    try:
        raise KeyError("k")
    except KeyError:
        failure = Failure()
    tx.make_logger().failure("typed", failure=failure)
    assert lines(out)[0] == "typed"
    reset_logging()


def test_failure_of_a_plain_exception(framework: Framework) -> None:
    # upstream's callers pass exceptions as well as failures
    out = io.StringIO()
    framework.native.start_logging(out)
    try:
        raise KeyError("k")
    except KeyError as exc:
        caught = exc
    framework.native.make_logger().failure("plain", failure=caught)
    text = lines(out)
    assert text[0] == "plain"
    assert text[1] == "Traceback (most recent call last):"
    assert text[-1] == "KeyError: 'k'"
    (event,) = framework.events
    logged = cast(IFailedFuture, event["log_failure"])
    assert isinstance(logged, IFailedFuture)
    assert logged.value is caught
    if framework.name == "twisted":
        assert isinstance(logged, Failure)
    else:
        assert isinstance(logged, aio.FailedFuture)
    with pytest.raises(TypeError, match="failure must be an exception, an IFail"):
        framework.native.make_logger().failure("wrong", failure="text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


class _UpstreamFailure:
    """Like upstream txaio's asyncio FailedFuture: the exception as value,
    no type or tb."""

    def __init__(self, value: BaseException) -> None:
        self._value = value

    @property
    def value(self) -> BaseException:
        return self._value


def test_failure_takes_upstream_failures(framework: Framework) -> None:
    out = io.StringIO()
    framework.native.start_logging(out)
    try:
        raise KeyError("k")
    except KeyError as exc:
        caught = exc
    framework.native.make_logger().failure("upstream", failure=_UpstreamFailure(caught))
    text = lines(out)
    assert text[0] == "upstream"
    assert text[-1] == "KeyError: 'k'"
    (event,) = framework.events
    logged = cast(IFailedFuture, event["log_failure"])
    assert logged.value is caught


def test_failure_logs_at_critical_with_level_error(framework: Framework) -> None:
    out = io.StringIO()
    framework.native.start_logging(out, level="error")
    try:
        raise ValueError("v")
    except ValueError:
        framework.native.make_logger().failure("failed")
    framework.native.set_global_log_level("critical")
    try:
        raise ValueError("v")
    except ValueError:
        framework.native.make_logger().failure("not logged")
    assert lines(out)[0] == "failed"
    assert "not logged" not in out.getvalue()
    (event,) = framework.events
    if framework.name == "twisted":
        assert event["log_level"] is TwistedLogLevel.critical
    else:
        assert event["log_level"] == "critical"


def test_an_exception_given_as_log_failure_is_formatted(framework: Framework) -> None:
    out = io.StringIO()
    framework.native.start_logging(out)
    try:
        raise KeyError("k")
    except KeyError as exc:
        framework.native.make_logger().error("oops", log_failure=exc)
    text = lines(out)
    assert text[0] == "oops"
    assert text[-1] == "KeyError: 'k'"
    assert "without an exception" not in out.getvalue()


def test_failure_outside_except(framework: Framework) -> None:
    out = io.StringIO()
    framework.native.start_logging(out)
    log = framework.native.make_logger()
    log.failure("lost")
    log.failure()
    assert lines(out) == [
        "lost (log.failure(): there was no exception to log)",
        "(log.failure(): there was no exception to log)",
    ]


# -- output streams ------------------------------------------------------------


def test_binary_stream(framework: Framework) -> None:
    out = io.BytesIO()
    framework.native.start_logging(out)
    framework.native.make_logger().info("caf\u00e9 {s}", s="\udcff")
    data = out.getvalue()
    assert re.fullmatch(rb"[-0-9T:+]+ caf\xc3\xa9 \\udcff\n", data)


def test_text_stream_that_cannot_encode(framework: Framework) -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii", write_through=True)
    framework.native.start_logging(out)
    framework.native.make_logger().info("caf\u00e9")
    assert raw.getvalue().endswith(b" caf\\xe9\n")


def test_out_none_writes_nothing(
    framework: Framework, capsys: pytest.CaptureFixture[str]
) -> None:
    framework.native.start_logging(None, level="debug")
    log = framework.native.make_logger()
    log.debug("to nowhere {x}", x=1)
    framework.foreign("warn", "foreign to nowhere")
    assert len(framework.events) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    if framework.name == "asyncio":  # no stdlib lastResort output either
        log.critical("to nowhere")
        assert capsys.readouterr().err == ""


def test_default_out_is_stdout_at_call_time(
    framework: Framework, capsys: pytest.CaptureFixture[str]
) -> None:
    framework.native.start_logging()
    framework.native.make_logger().info("to stdout")
    assert re.fullmatch(rf"{STAMP} to stdout\n", capsys.readouterr().out)


def test_out_without_write_is_rejected(framework: Framework) -> None:
    with pytest.raises(TypeError, match="write"):
        framework.native.start_logging(cast(Any, object()))


def test_second_start_logging_replaces_stream_and_level(framework: Framework) -> None:
    first, second = io.StringIO(), io.StringIO()
    framework.native.start_logging(first, level="warn")
    log = framework.native.make_logger()
    log.warn("to first")
    framework.native.start_logging(second, level="debug")
    log.debug("to second")
    assert lines(first) == ["to first"]
    assert lines(second) == ["to second"]


def run_both(script: str) -> dict[str, list[str]]:
    """Run a scenario on both frameworks (in parallel); return their stdout
    lines without timestamps, after checking that every line that starts
    like a log line has the full timestamp shape."""
    finished = run_all(
        {
            framework: python_command(SCENARIOS / script, framework)
            for framework in ("asyncio", "twisted")
        },
        env=python_env(),
        timeout=60,
    )
    result: dict[str, list[str]] = {}
    for framework, process in finished.items():
        assert process.returncode == 0, process.stderr
        assert process.stderr == "", process.stderr
        out = io.StringIO(process.stdout)
        for line in process.stdout.splitlines():
            if line[:2] == "20":
                assert LINE.match(line), line
        result[framework] = lines(out)
    return result


def test_output_is_identical_on_both_backends() -> None:
    outputs: dict[str, str] = {}
    for name, module in (("asyncio", aio), ("twisted", tx)):
        reset_logging()
        out = io.StringIO()
        module.start_logging(out, level="trace")
        log = module.make_logger()
        log.critical("critical {x}", x=1)
        log.error("multi\nline")
        log.warn("warn {missing}")
        log.info("info {x!r}", x="q")
        log.debug("debug")
        log.trace("trace")
        try:
            raise OSError("disk")
        except OSError:
            log.failure("failed")
        outputs[name] = re.sub(STAMP, "<time>", out.getvalue())
        reset_logging()
    assert outputs["asyncio"] == outputs["twisted"]
    assert outputs["asyncio"].startswith("<time> critical 1\n<time> multi\nline\n")
    assert outputs["asyncio"].endswith("OSError: disk\n")


# -- fresh processes -----------------------------------------------------------


def test_logging_before_selection_is_replayed() -> None:
    outputs = run_both("before_selection.py")
    assert outputs["asyncio"] == outputs["twisted"]
    text = outputs["asyncio"]
    numbered = [line for line in text if line[:1].isdigit()]
    assert [line.split()[0] for line in numbered] == [str(n) for n in range(1, 11)]
    assert "2 class attribute __main__.Component" in text
    assert "3 instance attribute __main__.Component" in text
    assert "ValueError: 4 boom" in text
    assert "7 made after selection True" in text
    assert not [line for line in text if "hidden" in line]


def test_start_logging_in_a_fresh_process() -> None:
    outputs = run_both("start_logging.py")
    asyncio_out = outputs["asyncio"]
    assert asyncio_out.count("ROOT INFO") == 2
    asyncio_out = [line for line in asyncio_out if not line.startswith("ROOT")]
    assert asyncio_out == outputs["twisted"]
    # logging.raiseExceptions, warnings.showwarning and stdio are untouched.
    assert outputs["twisted"] == [
        "STATE False True True",
        "plain print is not swallowed",
        "1 info at info",
        "2 keeper keeps debug",
        "3 foreign warn at info",
        "4 debug after set_global_log_level('debug')",
        "5 foreign debug at debug",
        "6 keeper still keeps debug",
        "7 error at error",
        "8 second start_logging call sets the level, one line each",
        "BINARY b'<time> 9 into a binary stream \\xc3\\xa9\\n'",
        "STATE False True True",
    ]


def test_buffer_before_selection_is_bounded() -> None:
    outputs = run_both("overflow.py")
    assert outputs["asyncio"] == outputs["twisted"]
    text = outputs["asyncio"]
    assert text[0] == (
        "5 log events logged before a framework was selected were dropped; "
        "the 10000 most recent ones follow"
    )
    assert text[1] == "event 5"
    assert text[-1] == "event 10004"
    assert len(text) == 10_001


# -- threads and streams of every kind ------------------------------------------


def test_loggers_made_while_the_global_level_changes_get_it(
    framework: Framework,
) -> None:
    made: list[ILogger] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def make() -> None:
        try:
            for _ in range(1500):
                if stop.is_set():
                    return
                made.append(framework.native.make_logger())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=make) for _ in range(4)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    for thread in threads:
        thread.start()
    try:
        for _ in range(100):
            framework.native.set_global_log_level("warn")
            framework.native.set_global_log_level("debug")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        sys.setswitchinterval(interval)
    assert errors == []
    stale = [repr(log) for log in made if "level='debug'" not in repr(log)]
    assert stale == []


class OneCharacterAtATime:
    """A text stream whose ``write`` lets other threads run between characters."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        for char in text:
            self.parts.append(char)
            time.sleep(0)


def test_lines_written_from_several_threads_never_mix(framework: Framework) -> None:
    out = OneCharacterAtATime()
    framework.native.start_logging(out, level="info")
    log = framework.native.make_logger()

    def write(thread: int) -> None:
        for index in range(20):
            log.info("thread {thread} line {index}", thread=thread, index=index)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    texts = [LINE.match(line) for line in "".join(out.parts).splitlines()]
    assert all(texts), "a line was mixed with another"
    written = sorted(match.group(2) for match in texts if match)
    assert written == sorted(
        f"thread {t} line {i}" for t in range(4) for i in range(20)
    )


class BytesOnly:
    """A stream whose ``write`` takes only bytes, with no ``mode``."""

    def __init__(self) -> None:
        self.data = b""

    def write(self, data: bytes) -> int:
        if not isinstance(data, bytes):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"a bytes-like object is required, not {type(data)}")
        self.data += data
        return len(data)

    def text(self) -> str:
        return self.data.decode()


@pytest.mark.parametrize(
    "kind", ["spooled text file", "codecs writer", "bytes only", "binary file"]
)
def test_streams_of_every_kind_get_every_line(
    framework: Framework, kind: str, tmp_path: Path
) -> None:
    read: Callable[[], str]
    out: Any
    if kind == "spooled text file":
        out = tempfile.SpooledTemporaryFile(mode="w+")  # noqa: SIM115 - closed below

        def read() -> str:
            out.seek(0)
            return str(out.read())

    elif kind == "codecs writer":
        raw = (tmp_path / "log").open("wb")
        out = codecs.getwriter("utf-8")(raw)

        def read() -> str:
            raw.flush()
            return (tmp_path / "log").read_text()

    elif kind == "bytes only":
        out = BytesOnly()
        read = out.text
    else:
        out = (tmp_path / "log").open("wb")

        def read() -> str:
            out.flush()
            return (tmp_path / "log").read_text()

    try:
        framework.native.start_logging(out, level="info")
        log = framework.native.make_logger()
        log.info("first {n}", n=1)
        log.info("second \u00e9")
        written = [LINE.match(line) for line in read().splitlines()]
        assert [m.group(2) for m in written if m] == ["first 1", "second \u00e9"]
    finally:
        framework.native.start_logging(None)
        close = getattr(out, "close", None)
        if callable(close):
            close()


@pytest.mark.parametrize(
    "zone", ["UTC", "Asia/Kolkata", "America/St_Johns", "Africa/Monrovia"]
)
def test_line_times_are_local_iso_8601_with_offset(
    zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        for when in (0.0, 1e9, 1.8e9 + 0.5, -1e9):
            monkeypatch.setattr(_log_core, "_stamp_cache", (-1, ""))
            expected = datetime.fromtimestamp(int(when)).astimezone().isoformat()
            assert _log_core.format_time(when) == expected
    finally:
        monkeypatch.undo()
        time.tzset()
