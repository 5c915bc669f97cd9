"""Logging on the Twisted backend, through ``twisted.logger``.

Each logger from :func:`make_logger` owns a ``twisted.logger.Logger`` of its
namespace, and its enabled events are published to that logger's observer
(``globalLogPublisher`` unless ``observer=`` is given), so every Twisted log
observer sees them. The events have the keys Twisted's ``Logger.emit`` gives
them (``log_logger``, ``log_level`` as a ``twisted.logger.LogLevel``,
``log_namespace``, ``log_source``, ``log_format``, ``log_time``).

:func:`start_logging` begins Twisted's global logging with one observer that
writes ``<time> <message>`` lines to ``out``.
"""

from __future__ import annotations

import sys
import time
import warnings
import weakref
from collections.abc import Callable
from typing import Any, Final, TypeAlias, cast

from twisted.logger import ILogObserver, LoggingFile, formatEvent, globalLogBeginner
from twisted.logger import Logger as TwistedLogger
from twisted.logger import LogLevel as TwistedLogLevel
from twisted.python.failure import Failure
from typing_extensions import Protocol

from txaio_typed._failure import format_traceback, group_causes
from txaio_typed._log_core import (
    FAILURE_LEVEL,
    STATE,
    EmitLevel,
    LineWriter,
    LogEvent,
    Logger,
    LogOutput,
    PastEvent,
    add_log_categories,
    below,
    caller_namespace,
    check_level,
    event_text,
    format_message,
    get_global_log_level,
    getframe,
    line_time,
    resolve_output,
    set_global_log_level,
    unformattable,
    upstream_writes,
)
from txaio_typed._unset import UNSET, Unset
from txaio_typed.interfaces import HoldsException, IFailedFuture, ILogger, LogLevel

__all__ = [
    "ITwistedLogger",
    "LogObserver",
    "TwistedLoggerFactory",
    "add_log_categories",
    "get_global_log_level",
    "make_logger",
    "set_global_log_level",
    "start_logging",
]

# Twisted types its level constants as NamedConstant and takes LogLevel.
_TWISTED_LEVELS: Final = cast(
    "dict[EmitLevel, TwistedLogLevel]",
    {
        "critical": TwistedLogLevel.critical,
        "error": TwistedLogLevel.error,
        "warn": TwistedLogLevel.warn,
        "info": TwistedLogLevel.info,
        "debug": TwistedLogLevel.debug,
        "trace": TwistedLogLevel.debug,
    },
)

#: The index in ``log_levels`` of each Twisted level, to filter other
#: libraries' events by the global level.
_TWISTED_INDEX: Final[dict[object, int]] = {
    TwistedLogLevel.critical: 1,
    TwistedLogLevel.error: 2,
    TwistedLogLevel.warn: 3,
    TwistedLogLevel.info: 4,
    TwistedLogLevel.debug: 5,
}
#: How ``formatEvent`` begins the text of an event it could not format.
_TWISTED_UNFORMATTABLE: Final = ("Unable to format event ", "MESSAGE LOST: ")
#: An event without a Twisted level is written as if it were at level info.
_UNKNOWN_LEVEL_INDEX: Final = 4

LogObserver: TypeAlias = Callable[[dict[str, Any]], object]
"""A Twisted log observer: called with each event dictionary."""


class ITwistedLogger(ILogger, Protocol):
    """The logger of the Twisted backend: an ``ILogger`` whose ``failure``
    also takes a ``twisted.python.failure.Failure`` (which Twisted leaves
    unannotated, so it does not match ``IFailedFuture`` statically)."""

    def failure(
        self,
        format: str | None = None,
        /,
        failure: IFailedFuture | Failure | HoldsException | BaseException | None = None,
        **kwargs: object,
    ) -> None:
        """Log a failure (the current exception when ``failure`` is None)."""
        ...


class TwistedLoggerFactory(Protocol):
    """Makes the ``twisted.logger.Logger`` a txaio logger publishes through
    (``twisted.logger.Logger`` itself, or a subclass)."""

    def __call__(
        self, *, namespace: str, observer: ILogObserver | None
    ) -> TwistedLogger:
        """Return a Twisted logger for ``namespace`` publishing to ``observer``
        (``globalLogPublisher`` when None)."""
        ...


#: The Twisted loggers that belong to txaio loggers: their events were already
#: filtered by level, so start_logging's observer writes all of them.
_own_loggers: weakref.WeakSet[TwistedLogger] = weakref.WeakSet()


class _TxSink:
    """Publishes a logger's events through its ``twisted.logger.Logger``."""

    __slots__ = ("logger",)

    def __init__(self, logger: TwistedLogger) -> None:
        self.logger: Final = logger
        _own_loggers.add(logger)

    def _publish(
        self, level: EmitLevel, template: str, event: LogEvent, when: float
    ) -> None:
        # What twisted.logger.Logger.emit does, without its ``format`` and
        # ``level`` parameters, which would collide with event keys.
        logger = self.logger
        event["log_logger"] = logger
        event["log_level"] = _TWISTED_LEVELS[level]
        event["log_namespace"] = logger.namespace
        event["log_source"] = logger.source
        event["log_format"] = template
        event["log_time"] = when
        trace = event.get("log_trace")
        if isinstance(trace, list):
            cast("list[object]", trace).append((logger, logger.observer))
        cast("LogObserver", logger.observer)(event)

    def emit(self, level: EmitLevel, template: str, event: LogEvent) -> None:
        self._publish(level, template, event, time.time())

    def failure(self, template: str, failure: IFailedFuture, event: LogEvent) -> None:
        event["log_failure"] = _as_failure(failure)
        self._publish(FAILURE_LEVEL, template, event, time.time())

    def replay(self, past: PastEvent) -> None:
        if past.failure is not None:
            past.event["log_failure"] = _as_failure(past.failure)
        self._publish(past.level, past.template, past.event, past.when)


class _FactorySink:
    """Publishes through a logger made by a factory given to ``make_logger``
    (a subclass of ``twisted.logger.Logger``, a test double), calling its own
    ``emit(level, template, **fields)`` and ``failure(...)``, as upstream does.

    A field named ``format`` or ``level`` then collides with those methods'
    parameters (as upstream); the default logger has no such limit.
    """

    __slots__ = ("logger",)

    def __init__(self, logger: TwistedLogger) -> None:
        self.logger: Final = logger
        _own_loggers.add(logger)

    def emit(self, level: EmitLevel, template: str, event: LogEvent) -> None:
        self.logger.emit(_TWISTED_LEVELS[level], template, **event)

    def failure(self, template: str, failure: IFailedFuture, event: LogEvent) -> None:
        failure_method = cast("Callable[..., object]", self.logger.failure)
        if failure.value is sys.exc_info()[1]:
            # As upstream calls it inside ``except``: the logger's failure()
            # captures the exception being handled itself.
            failure_method(template, **event)
        else:
            failure_method(template, failure=_as_failure(failure), **event)

    def replay(self, past: PastEvent) -> None:
        # Only loggers of the neutral front replay, and they use _TxSink.
        raise NotImplementedError  # pragma: no cover


def _as_failure(failure: IFailedFuture) -> Failure:
    if isinstance(failure, Failure):
        return failure
    return Failure(failure.value, failure.type, failure.tb)


def make_sink(namespace: str) -> _TxSink:
    """The sink for a logger named ``namespace`` (used by the neutral front)."""
    return _TxSink(TwistedLogger(namespace=namespace))


def make_logger(
    level: LogLevel | None = None,
    logger: TwistedLoggerFactory | None = None,
    observer: LogObserver | None = None,
) -> ITwistedLogger:
    """The Twisted backend's :func:`txaio_typed.make_logger`.

    Events are published through ``logger(namespace=..., observer=observer)``
    (``twisted.logger.Logger`` when None) to ``observer``, which defaults to
    Twisted's ``globalLogPublisher``.
    """
    if level is not None:
        level = check_level(level)
    namespace = caller_namespace(getframe(1))
    if logger is None:
        logger = TwistedLogger
    twisted_logger = logger(
        namespace=namespace, observer=cast("ILogObserver | None", observer)
    )
    sink = _TxSink if logger is TwistedLogger else _FactorySink
    return Logger(namespace, sink(twisted_logger), level)


class _Observer:
    """The observer of :func:`start_logging`: one line per event.

    Never raises, so Twisted never disables it: an event that cannot be
    formatted is written with what can be shown, and a line the stream
    refuses is dropped (reporting it would be one more event to write).
    """

    __slots__ = ("writer",)

    def __init__(self, writer: LineWriter) -> None:
        self.writer = writer

    def __call__(self, event: dict[str, Any]) -> None:
        writer = self.writer
        if writer.stream is None or upstream_writes("txaio.tx"):
            return
        try:
            text = _event_text(event)
        except Exception as exc:
            text = unformattable(exc, event.get("log_format"))
        when = line_time(event.get("log_time"))
        if text is None:
            return
        try:
            writer.write(when, text)
        except Exception:
            return


def _event_text(event: dict[str, Any]) -> str | None:
    """The text of ``event`` (None when the global level hides it)."""
    if _is_own(event):  # a txaio event, already filtered by level
        return event_text(event)
    try:
        index = _TWISTED_INDEX.get(event.get("log_level"), _UNKNOWN_LEVEL_INDEX)
    except TypeError:  # an unhashable level
        index = _UNKNOWN_LEVEL_INDEX
    if index > STATE.index:
        return None
    text = formatEvent(event)
    if text.startswith(_TWISTED_UNFORMATTABLE):
        # Twisted's text for this case holds the repr of every field (or,
        # when one of them fails, tracebacks); ours names the error and
        # shows the template, as for any other event.
        text = format_message(event.get("log_format"), event)
    text = text.rstrip("\n")
    if "log_failure" in event:
        text = below(text, format_traceback(event["log_failure"]).rstrip("\n"))
    elif event.get("isError") and "failure" in event:
        # twisted.python.log.err(): the text already holds the failure's own
        # traceback, which shows an exception group but not its exceptions.
        causes = group_causes(getattr(event["failure"], "value", None))
        if causes:
            text = f"{text}\n{causes.rstrip()}"
    return text


def _is_own(event: dict[str, Any]) -> bool:
    try:
        return event.get("log_logger") in _own_loggers
    except TypeError:  # an unhashable log_logger
        return False


_observer: _Observer | None = None
_begun = False
#: ``sys.stdout`` as it was before ``start_logging`` redirected it.
_stdout_before: LogOutput | None = None


def start_logging(
    out: LogOutput | Unset | None = UNSET,
    level: LogLevel = "info",
    *,
    redirect_stdio: bool = True,
) -> None:
    """The Twisted backend's :func:`txaio_typed.start_logging`.

    When ``out`` is not given and ``sys.stdout`` is already redirected into the
    log, the stream it replaced. Side effects: begins Twisted's global logging
    (``globalLogBeginner.beginLoggingTo``) with one observer, which writes
    every txaio event and other Twisted events at or above the global level.
    Twisted then replays the events it buffered before logging began and
    stops printing critical events to stderr. As upstream txaio does, it also
    redirects ``sys.stdout`` and ``sys.stderr`` into the log (a ``print()``
    becomes an ``info`` event, a write to stderr an ``error`` event) and
    logs ``warnings``; with ``redirect_stdio=False`` both streams and
    ``warnings.showwarning`` stay as they were. Calling it again never adds a
    second observer (nor redirects again).
    """
    global _observer, _begun, _stdout_before
    level = check_level(level)
    stream = resolve_output(out)
    if isinstance(stream, LoggingFile):  # sys.stdout, redirected into the log
        stream = _stdout_before
    writer = LineWriter(stream)
    set_global_log_level(level)
    if _observer is not None:
        _observer.writer = writer
        return
    _observer = _Observer(writer)
    observer = cast("ILogObserver", _observer)
    if _begun or upstream_writes("txaio.tx"):
        from twisted.logger import globalLogPublisher

        globalLogPublisher.addObserver(observer)
        return
    _begun = True
    _stdout_before = sys.stdout
    showwarning = warnings.showwarning
    globalLogBeginner.beginLoggingTo([observer], redirectStandardIO=redirect_stdio)
    if not redirect_stdio:
        warnings.showwarning = showwarning


def reset_for_tests() -> None:
    """Remove :func:`start_logging`'s observer (for tests only).

    A later ``start_logging`` adds its observer to ``globalLogPublisher``
    without beginning Twisted's global logging (which can happen only once
    per process).
    """
    global _observer, _begun
    if _observer is not None:
        from twisted.logger import globalLogPublisher

        globalLogPublisher.removeObserver(cast("ILogObserver", _observer))
        _observer = None
    _begun = True
