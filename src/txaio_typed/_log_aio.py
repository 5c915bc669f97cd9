"""Logging on the asyncio backend, through the standard library's ``logging``.

Each logger from :func:`make_logger` owns the stdlib logger of its namespace.
Its enabled events become ``LogRecord``\\ s handed to that logger's handlers
(``Logger.handle``): txaio's levels decide what is logged, the stdlib logger
levels are not consulted a second time, while ``logging.disable()``, logger
filters, handler levels and ``propagate`` are honoured. A record's ``msg`` is
the formatted message, as upstream txaio makes it (a disabled level formats
nothing); the event dictionary is available to handlers as
``record.txaio_event``.

:func:`start_logging` adds one handler to the root logger that writes
``<time> <message>`` lines to ``out``.
"""

from __future__ import annotations

import logging
import sys
import time
from types import FrameType, TracebackType
from typing import Final, cast

from txaio_typed._errors import twisted_logger_error
from txaio_typed._failure import FailedFuture, format_traceback
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
    format_message,
    get_global_log_level,
    getframe,
    level_listeners,
    line_time,
    resolve_output,
    set_global_log_level,
    unformattable,
    upstream_writes,
)
from txaio_typed._unset import UNSET, Unset
from txaio_typed.interfaces import IFailedFuture, ILogger, LogLevel

__all__ = [
    "add_log_categories",
    "get_global_log_level",
    "make_logger",
    "set_global_log_level",
    "start_logging",
]

_STDLIB_LEVELS: Final[dict[EmitLevel, int]] = {
    "critical": logging.CRITICAL,
    "error": logging.ERROR,
    "warn": logging.WARNING,
    "info": logging.INFO,
    "debug": logging.DEBUG,
    "trace": logging.DEBUG,
}

#: The lowest stdlib level of other libraries' records written by
#: start_logging's handler, per index of the global txaio level.
_FOREIGN_THRESHOLD: Final = (
    logging.CRITICAL + 1,  # none
    logging.CRITICAL,
    logging.ERROR,
    logging.WARNING,
    logging.INFO,
    logging.DEBUG,
    1,  # trace: everything
)

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class _AioSink:
    """Publishes a logger's events as records of its stdlib logger."""

    __slots__ = ("logger", "namespace")

    def __init__(self, namespace: str) -> None:
        self.namespace: Final = namespace
        self.logger: Final = logging.getLogger(namespace)

    def _publish(
        self,
        level: EmitLevel,
        template: str,
        event: LogEvent,
        exc_info: _ExcInfo | None,
        frame: FrameType | None,
        when: float | None,
    ) -> None:
        levelno = _STDLIB_LEVELS[level]
        logger = self.logger
        if levelno <= logger.manager.disable:
            return
        if frame is None:
            filename, lineno, function = "(unknown file)", 0, None
        else:
            code = frame.f_code
            filename, lineno, function = code.co_filename, frame.f_lineno, code.co_name
        created = time.time() if when is None else when
        event["log_time"] = created
        event["log_level"] = level
        event["log_format"] = template
        event["log_namespace"] = self.namespace
        record = logger.makeRecord(
            self.namespace,
            levelno,
            filename,
            lineno,
            format_message(template, event),
            (),
            exc_info,
            function,
        )
        record.created = created
        record.msecs = (created - int(created)) * 1000
        record.txaio_event = event
        logger.handle(record)

    def emit(self, level: EmitLevel, template: str, event: LogEvent) -> None:
        self._publish(level, template, event, None, getframe(2), None)

    def failure(self, template: str, failure: IFailedFuture, event: LogEvent) -> None:
        self._failure(template, failure, event, getframe(2), None)

    def _failure(
        self,
        template: str,
        failure: IFailedFuture,
        event: LogEvent,
        frame: FrameType | None,
        when: float | None,
    ) -> None:
        event["log_failure"] = failure
        exc_info = (failure.type, failure.value, failure.tb)
        self._publish(FAILURE_LEVEL, template, event, exc_info, frame, when)

    def replay(self, past: PastEvent) -> None:
        if past.failure is None:
            self._publish(past.level, past.template, past.event, None, None, past.when)
        else:
            self._failure(past.template, past.failure, past.event, None, past.when)


def make_sink(namespace: str) -> _AioSink:
    """The sink for a logger named ``namespace`` (used by the neutral front)."""
    return _AioSink(namespace)


def make_logger(
    level: LogLevel | None = None, logger: None = None, observer: None = None
) -> ILogger:
    """The asyncio backend's :func:`txaio_typed.make_logger`.

    The logger's enabled events become records of the stdlib logger of its
    namespace (see the module doc). ``logger`` and ``observer`` are Twisted's:
    anything but None raises ``TypeError``.
    """
    if logger is not None or observer is not None:
        raise twisted_logger_error("the asyncio backend has neither")
    if level is not None:
        level = check_level(level)
    namespace = caller_namespace(getframe(1))
    return Logger(namespace, _AioSink(namespace), level)


class _OutputHandler(logging.Handler):
    """The root handler of :func:`start_logging`: one line per record.

    Every record is written once, however it was made: a message or
    arguments that cannot be formatted are written raw with a note, and a
    record that resists even that is written with what can be shown. Only a
    stream that refuses the line is reported, the standard library's way
    (``handleError``), and not while the interpreter shuts down.
    """

    def __init__(self, writer: LineWriter) -> None:
        super().__init__()
        self.writer = writer

    def emit(self, record: logging.LogRecord) -> None:
        writer = self.writer
        if writer.stream is None or upstream_writes("txaio.aio"):
            return
        try:
            text = _record_text(record)
        except Exception as exc:
            text = unformattable(exc, getattr(record, "msg", record))
        when = line_time(getattr(record, "created", None))
        if text is None:
            return
        try:
            writer.write(when, text)
        except Exception:
            if not sys.is_finalizing():
                self.handleError(record)


def _record_text(record: logging.LogRecord) -> str | None:
    """The text of ``record`` (None when the global level hides it): its
    message, then its traceback and its stack, when it has them."""
    event: object = getattr(record, "txaio_event", None)
    if isinstance(event, dict):  # a txaio event, already filtered by level
        failure = cast("LogEvent", event).get("log_failure")
    elif record.levelno < _FOREIGN_THRESHOLD[STATE.index]:
        return None
    else:
        failure = None
    try:
        text = record.getMessage()
    except Exception as exc:
        text = unformattable(exc, record.msg)
    trace = format_traceback(failure) if failure is not None else _exc_text(record)
    if trace:
        text = below(text, trace.rstrip("\n"))
    stack: object = getattr(record, "stack_info", None)
    if stack and isinstance(stack, str):
        text = below(text, stack.rstrip())
    return text


def _exc_text(record: logging.LogRecord) -> str:
    """The traceback of the exception a record carries (``exc_info`` as the
    standard library leaves it: a tuple, or anything else a record was made
    with), or ``""``."""
    exc_info: object = getattr(record, "exc_info", None)
    tb: object = None
    if isinstance(exc_info, tuple):
        parts = cast("tuple[object, ...]", exc_info)
        value: object = parts[1] if len(parts) == 3 else None
        tb = parts[2] if len(parts) == 3 else None
    else:
        value = exc_info
        tb = getattr(value, "__traceback__", None)
    if not isinstance(value, BaseException):
        # A record received from elsewhere (a SocketHandler's) keeps only the
        # text of its traceback.
        cached: object = getattr(record, "exc_text", None)
        return cached if exc_info is None and isinstance(cached, str) else ""
    if not isinstance(tb, TracebackType):
        tb = None
    return format_traceback(FailedFuture(type(value), value, tb))


_handler: _OutputHandler | None = None


def _follow_global_level(index: int) -> None:
    logging.getLogger().setLevel(_FOREIGN_THRESHOLD[index])


_saved_root_level: int | None = None


def start_logging(
    out: LogOutput | Unset | None = UNSET, level: LogLevel = "info"
) -> None:
    """The asyncio backend's :func:`txaio_typed.start_logging`.

    Side effects: adds one handler to the stdlib root logger, which writes
    every txaio event and other libraries' records at or above the global
    level; from then on the root logger's level follows the global level
    (``trace`` lets everything through, ``none`` nothing), so other
    libraries' records reach the handler as they did in upstream txaio.
    ``logging``'s other settings, ``sys.stdout``/``sys.stderr`` and
    ``warnings`` are not changed. Calling it again never adds a second
    handler.
    """
    level = check_level(level)
    writer = LineWriter(resolve_output(out))
    global _handler, _saved_root_level
    if _handler is None:
        root = logging.getLogger()
        _handler = _OutputHandler(writer)
        _saved_root_level = root.level
        root.addHandler(_handler)
        level_listeners.append(_follow_global_level)
    else:
        _handler.writer = writer
    set_global_log_level(level)


def reset_for_tests() -> None:
    """Undo :func:`start_logging` (for tests only)."""
    global _handler, _saved_root_level
    if _handler is not None:
        root = logging.getLogger()
        root.removeHandler(_handler)
        level_listeners.remove(_follow_global_level)
        if _saved_root_level is not None:
            root.setLevel(_saved_root_level)
        _handler = _saved_root_level = None
