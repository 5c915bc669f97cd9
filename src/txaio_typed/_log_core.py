"""Logging machinery shared by the asyncio backend, the Twisted backend and the
neutral front: the logger class, level handling, message formatting and the
line writer used by ``start_logging``.

A :class:`Logger` decides *whether* an event is logged (its level methods are
either real methods or a shared no-op bound on the instance); a *sink* decides
*where* it goes (stdlib ``logging``, ``twisted.logger``, or the buffer that
holds events logged before a framework is selected).
"""

from __future__ import annotations

import codecs
import io
import math
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Mapping
from types import FrameType
from typing import Final, Literal, NamedTuple, Protocol, TypeAlias, cast

from txaio_typed._errors import LogLevelError
from txaio_typed._failure import FailedFuture, failure_of, format_traceback, safe_str
from txaio_typed._unset import UNSET, Unset
from txaio_typed.interfaces import (
    IFailedFuture,
    ILoggerABC,
    LogLevel,
    LogLevelName,
    log_levels,
)

__all__ = [
    "FAILURE_LEVEL",
    "NO_EXCEPTION_NOTE",
    "STATE",
    "BinaryOutput",
    "EmitLevel",
    "LineWriter",
    "LogEvent",
    "LogOutput",
    "Logger",
    "PastEvent",
    "Sink",
    "TextOutput",
    "add_log_categories",
    "below",
    "caller_namespace",
    "check_level",
    "current_failure",
    "event_text",
    "failure_to_log",
    "format_message",
    "format_time",
    "get_global_log_level",
    "getframe",
    "level_listeners",
    "line_time",
    "loggers",
    "reset_for_tests",
    "resolve_output",
    "set_global_log_level",
    "set_sink",
    "showable",
    "sink_of",
    "unformattable",
    "upstream_writes",
    "without_exception",
]

EmitLevel: TypeAlias = Literal["critical", "error", "warn", "info", "debug", "trace"]
"""A level an event can be logged at: every :data:`LogLevel` except ``"none"``."""

LogEvent: TypeAlias = dict[str, object]
"""A log event: the keyword arguments of the call plus the ``log_*`` keys."""

_LEVELS: Final[dict[str, LogLevel]] = {name: name for name in log_levels}
_INDEX: Final[dict[str, int]] = {name: i for i, name in enumerate(log_levels)}
_VALID: Final = ", ".join(repr(name) for name in log_levels)

getframe: Final[Callable[[int], FrameType]] = sys._getframe  # pyright: ignore[reportPrivateUsage]
"""``sys._getframe``: the frame ``depth`` calls up from the caller."""

FAILURE_LEVEL: Final = "critical"
"""The level ``failure()`` logs at (as upstream's Twisted loggers do); it is
enabled together with level ``error``."""

NO_EXCEPTION_NOTE: Final = "(log.failure(): there was no exception to log)"
"""Added to the template of ``failure()`` called outside ``except``."""


def without_exception(template: object) -> str:
    """The template of a ``failure()`` call made outside ``except`` (a
    template that is not a ``str`` is taken as the text it shows)."""
    if not isinstance(template, str):
        template = showable(template)
    return f"{template} {NO_EXCEPTION_NOTE}" if template else NO_EXCEPTION_NOTE


def check_level(level: object, argument: str = "level") -> LogLevel:
    """Return ``level`` if it is a :data:`LogLevel`; raise ``ValueError``
    (also a ``RuntimeError``, which upstream raised) otherwise."""
    if isinstance(level, str):
        found = _LEVELS.get(level)
        if found is not None:
            return found
    raise LogLevelError(
        # "Invalid log level" is upstream's wording, which callers may match.
        f"Invalid log level {argument}={level!r}; valid levels are: {_VALID}"
    )


# -- output streams --------------------------------------------------------


class TextOutput(Protocol):
    """A text stream: anything with ``write(str)`` (``sys.stdout``, StringIO)."""

    def write(self, s: str, /) -> object:
        """Write ``s``."""
        ...


class BinaryOutput(Protocol):
    """A binary stream: anything with ``write(bytes)`` (a file opened "wb")."""

    def write(self, s: bytes, /) -> object:
        """Write ``s``."""
        ...


LogOutput: TypeAlias = TextOutput | BinaryOutput
"""Where ``start_logging`` writes: a text or a binary stream."""


def resolve_output(out: LogOutput | Unset | None) -> LogOutput | None:
    """Return the stream ``start_logging(out=...)`` means (stdout when unset)."""
    if out is UNSET:
        return sys.stdout
    if out is not None and not callable(getattr(out, "write", None)):
        raise TypeError(
            f"out must be a stream with a write() method or None, got {out!r}"
        )
    return out


def _is_binary(out: object) -> bool:
    """A first guess at whether ``out`` takes bytes; a write that refuses the
    guessed type corrects it (see :class:`LineWriter`)."""
    if isinstance(out, (io.TextIOBase, codecs.StreamWriter)):
        return False
    try:
        mode = getattr(out, "mode", None)
    except Exception:
        mode = None
    if isinstance(mode, str):
        return "b" in mode
    return isinstance(out, io.IOBase)


def upstream_writes(module_name: str) -> bool:
    """True when upstream txaio's ``start_logging`` runs in this process.

    ``module_name`` is upstream's backend module (``"txaio.aio"`` or
    ``"txaio.tx"``). With upstream txaio imported side by side (not through
    ``install_as_txaio()``), its writer receives every event, txaio-typed's
    included, so ``start_logging``'s writer here stays silent: each event is
    written once.
    """
    module = sys.modules.get(module_name)
    return (
        module is not None
        and not module.__name__.startswith("txaio_typed")
        and getattr(module, "_started_logging", False) is True
    )


_stamp_cache: tuple[int, str] = (-1, "")
# A fraction of a second from which datetime's rounding to the microsecond
# reaches the next second.
_ROUNDS_UP: Final = 0.9999995


def format_time(when: float) -> str:
    """``when`` (seconds since the epoch) as Twisted's ``formatTime`` writes
    it: the local time to the second and its UTC offset without a colon,
    ``2026-05-04T09:30:12+0200`` (``+0000`` in UTC)."""
    global _stamp_cache
    second = math.floor(when)
    if when - second >= _ROUNDS_UP:
        second = math.floor(round(when, 6))
    cached_second, stamp = _stamp_cache
    if second != cached_second:
        local = time.localtime(second)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", local) + _utc_offset(local)
        _stamp_cache = (second, stamp)
    return stamp


def _utc_offset(local: time.struct_time) -> str:
    """``local``'s offset from UTC as ``datetime.strftime("%z")`` writes it:
    ``+HHMM``, or ``+HHMMSS`` for an offset with seconds."""
    offset = local.tm_gmtoff
    sign = "-" if offset < 0 else "+"
    hours, rest = divmod(abs(offset), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


class LineWriter:
    """Writes ``<time> <text>\\n`` lines to a text or binary stream, the time
    as :func:`format_time` writes it.

    ``stream`` None writes nothing. Binary streams receive UTF-8; characters a
    text stream cannot encode are written as backslash escapes. Whether the
    stream takes text or bytes is guessed from its type and ``mode``; when a
    write refuses the guessed type with ``TypeError``, the line is written in
    the other one, which is used from then on. One line is written at a time
    (a lock): lines from several threads never mix.
    """

    __slots__ = (
        "_flush",
        "_lock",
        "_switched",
        "_write_bytes",
        "_write_text",
        "stream",
    )

    def __init__(self, stream: LogOutput | None) -> None:
        self.stream: Final = stream
        self._lock: Final = threading.Lock()
        self._switched = False
        self._write_text: Callable[[str], object] | None = None
        self._write_bytes: Callable[[bytes], object] | None = None
        if stream is not None:
            if _is_binary(stream):
                self._write_bytes = cast("BinaryOutput", stream).write
            else:
                self._write_text = cast("TextOutput", stream).write
        # getattr() gives Any: narrowing an ``object`` with callable() would
        # make mypy invent a "<callable subtype of object>" type in this
        # module, which mypy.stubtest then reports as missing at run time.
        flush = getattr(stream, "flush", None)
        self._flush: Callable[[], object] | None = flush if callable(flush) else None

    def write(self, when: float, text: str) -> None:
        """Write one line (the text may itself contain line breaks)."""
        if self.stream is None:
            return
        line = f"{format_time(when)} {text}\n"
        with self._lock:
            try:
                self._write_line(line)
            except TypeError:
                if not self._switch_kind():
                    raise
                self._write_line(line)
            if self._flush is not None:
                self._flush()

    def _write_line(self, line: str) -> None:
        if self._write_text is not None:
            try:
                self._write_text(line)
            except UnicodeEncodeError as exc:
                encoding = exc.encoding
                self._write_text(
                    line.encode(encoding, "backslashreplace").decode(encoding)
                )
        elif self._write_bytes is not None:
            self._write_bytes(line.encode("utf-8", "backslashreplace"))

    def _switch_kind(self) -> bool:
        """Write the other type from now on; False once already switched."""
        if self._switched:
            return False
        self._switched = True
        if self._write_text is not None:
            self._write_bytes = cast("BinaryOutput", self.stream).write
            self._write_text = None
        else:
            self._write_text = cast("TextOutput", self.stream).write
            self._write_bytes = None
        return True


# -- formatting -------------------------------------------------------------

#: Beyond this many seconds from the epoch (about 1200 years), a time is not
#: one a line can show (``time.localtime`` may overflow).
_LATEST: Final = 4e10


def line_time(when: object) -> float:
    """``when`` (an event's or a record's time) if it is a number of seconds a
    line can show, else the current time; never raises ``Exception``."""
    if (
        isinstance(when, (int, float))
        and not isinstance(when, bool)
        and math.isfinite(when)
        and -_LATEST < when < _LATEST
    ):
        return float(when)
    return time.time()


def showable(value: object) -> str:
    """``str(value)``, else ``repr(value)``, else a note naming its type: the
    most of ``value`` that can be shown; never raises ``Exception``."""
    try:
        return str(value)
    except Exception:
        pass
    try:
        return repr(value)
    except Exception:
        return f"<{type(value).__name__} object: str() and repr() raised>"


def unformattable(error: BaseException, raw: object) -> str:
    """The text written for a message that could not be formatted: the error
    and the raw message."""
    return f"[unformattable: {type(error).__name__}: {safe_str(error)}] {showable(raw)}"


def format_message(template: object, event: Mapping[str, object]) -> str:
    """Format ``template`` (PEP 3101) with ``event``; never raises ``Exception``.

    A template that does not fit the event (a missing key, a literal brace, an
    argument whose ``__format__`` raises) gives
    ``[unformattable: <error>] <the raw template>``.
    """
    if not template:
        return ""
    try:
        if not isinstance(template, str):
            raise TypeError(f"the message is a {type(template).__name__}, not a str")
        return template.format_map(event)
    except Exception as exc:
        return unformattable(exc, template)


def below(text: str, block: str) -> str:
    """``block`` (a traceback, a stack) on the lines after ``text``, or alone
    when ``text`` is empty."""
    return f"{text}\n{block}" if text else block


def event_text(event: Mapping[str, object]) -> str:
    """The text of an event as ``start_logging`` writes it: the formatted
    message, then the traceback of ``log_failure`` if there is one."""
    text = format_message(event.get("log_format"), event)
    failure = event.get("log_failure")
    if failure is not None:
        text = below(text, format_traceback(failure).rstrip("\n"))
    return text


def current_failure() -> FailedFuture | None:
    """The exception being handled, or None outside ``except``."""
    type_, value, tb = sys.exc_info()
    if type_ is None or value is None:
        return None
    return FailedFuture(type_, value, tb)


def failure_to_log(failure: object) -> IFailedFuture | None:
    """What ``failure(failure=...)`` logs, on every backend and before
    selection: an ``IFailedFuture`` as given, an exception wrapped with its
    own traceback, the ``value`` of an object holding an exception there
    (upstream txaio's failures) wrapped likewise, and for None the exception
    being handled (None outside ``except``, when the event is logged with
    :data:`NO_EXCEPTION_NOTE`).

    Raises ``TypeError`` for anything else.
    """
    if failure is None:
        return current_failure()
    if isinstance(failure, IFailedFuture):
        return cast("IFailedFuture", failure)
    if isinstance(failure, BaseException):
        return failure_of(failure)
    if isinstance(held := getattr(failure, "value", None), BaseException):
        # Upstream txaio's failures (its asyncio FailedFuture has only value).
        return failure_of(held)
    raise TypeError(
        "failure must be an exception, an IFailedFuture (a Twisted "
        "Failure or a txaio_typed.aio.FailedFuture), an object whose value "
        f"is the exception, or None, got {failure!r}"
    )


# -- namespaces and categories ---------------------------------------------


def caller_namespace(frame: FrameType | None) -> str:
    """The namespace for a logger made in ``frame``, as upstream txaio names it:
    ``module.Class`` inside a method (from ``self``), ``module.function``
    inside a function or ``module.Class`` in a class body, else ``module``."""
    if frame is None:
        return "txaio_typed"
    f_locals: Mapping[str, object] = frame.f_locals
    if "self" in f_locals:
        owner: object = f_locals["self"]
        cls: type[object] = owner.__class__
        return f"{cls.__module__}.{cls.__name__}"
    namespace = str(frame.f_globals.get("__name__", "__main__"))
    name = frame.f_code.co_name
    if name != "<module>":
        namespace = f"{namespace}.{name}"
    return namespace


_categories: dict[object, str] = {}


def add_log_categories(categories: Mapping[str, str]) -> None:
    """Register message templates by category name.

    An event logged with ``log_category="NAME"`` uses the template registered
    for ``NAME`` instead of its own message. Later registrations of the same
    name replace earlier ones. The categories are shared by both backends.
    """
    for key, template in categories.items():
        if not isinstance(template, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(
                f"the template for log category {key!r} must be a str, "
                f"got {type(template).__name__}"
            )
    _categories.update(categories)


def _template(message: str | None, event: LogEvent) -> str:
    """The template of a log call: the category's when ``log_category``
    names a registered one, else ``message``; without a message, a
    ``format=`` keyword (as upstream's loggers read it), else ``""``."""
    if message is None:
        given = event.get("format")
        if isinstance(given, str):
            del event["format"]
            message = given
        else:
            message = ""
    if "log_category" in event:
        try:
            return _categories.get(event["log_category"], message)
        except TypeError:  # an unhashable log_category
            pass
    return message


# -- sinks and loggers -------------------------------------------------------


class PastEvent(NamedTuple):
    """An event logged before a framework was selected, held until it is
    replayed into the selected framework's logging."""

    level: EmitLevel
    template: str
    event: LogEvent
    failure: IFailedFuture | None
    when: float
    """When it was logged (seconds since the epoch)."""


class Sink(Protocol):
    """Where a :class:`Logger` sends its enabled events.

    ``emit`` and ``failure`` are called directly by the logger's methods, so
    ``sys._getframe(2)`` inside them is the caller's frame.
    """

    @property
    def logger(self) -> object:
        """The framework's logger the events go through (a stdlib
        ``logging.Logger``, a ``twisted.logger.Logger``); None before a
        framework is selected."""
        ...

    def emit(self, level: EmitLevel, template: str, event: LogEvent) -> None:
        """Publish an event."""
        ...

    def failure(self, template: str, failure: IFailedFuture, event: LogEvent) -> None:
        """Publish a failure event (``failure`` is what :func:`failure_to_log`
        chose; a ``failure()`` without one is published by ``emit``)."""
        ...

    def replay(self, past: PastEvent) -> None:
        """Publish an event logged earlier (at time ``past.when``)."""
        ...


class _State:
    __slots__ = ("index", "level")

    def __init__(self) -> None:
        self.level: LogLevel = "info"
        self.index = _INDEX["info"]


STATE: Final = _State()
"""The global log level (one per process, shared by both backends)."""

_loggers: weakref.WeakSet[Logger] = weakref.WeakSet()

#: Guards ``_loggers`` and the global level: a logger is made, the global
#: level is changed and a logger's own level is set one at a time, so that
#: a logger made while the global level changes gets the new level (and
#: iterating ``_loggers`` never meets a concurrent addition).
_registry_lock: Final = threading.RLock()

level_listeners: Final[list[Callable[[int], object]]] = []
"""Called with the index of the new global level after each change."""


def loggers() -> Iterable[Logger]:
    """A snapshot of every live logger."""
    with _registry_lock:
        return list(_loggers)


def _no_op(*args: object, **kwargs: object) -> None:
    """A disabled log level: does nothing with its arguments."""


#: (method name, index in log_levels) of every level method; ``failure``
#: is enabled with level "error" (and logs at FAILURE_LEVEL).
_METHODS: Final = (
    ("critical", 1),
    ("error", 2),
    ("failure", 2),
    ("warn", 3),
    ("info", 4),
    ("debug", 5),
    ("trace", 6),
)


class _NotMadeByMakeLogger(TypeError, AssertionError):
    """``Logger(...)`` called directly (upstream raised ``AssertionError``)."""


class Logger:
    """The logger ``make_logger()`` returns, on both backends.

    Each level method formats its PEP 3101 template with its keyword arguments
    when, and only when, the level is enabled. A disabled level method is a
    shared no-op function stored on the instance, so a call costs one empty
    function call and never touches its arguments.
    """

    namespace: str
    """The logger's name: the module, ``module.Class`` or ``module.function``
    it was made in."""

    def __init__(
        self, namespace: str, sink: Sink | None = None, level: LogLevel | None = None
    ) -> None:
        if sink is None:
            raise _NotMadeByMakeLogger(
                "loggers are made by make_logger(), not by calling Logger()"
            )
        self.namespace = namespace
        self._sink = sink
        self._keep = level is not None
        with _registry_lock:
            self._log_level: LogLevel = STATE.level if level is None else level
            self._index = _INDEX[self._log_level]
            self._bind(self._log_level)
            _loggers.add(self)

    def __repr__(self) -> str:
        return f"<txaio_typed Logger {self.namespace!r} level={self._log_level!r}>"

    @property
    def _logger(self) -> object:
        """The framework's logger behind this one (upstream's attribute name;
        applications' tests read it, for example to check what a factory
        given to ``make_logger(logger=...)`` received)."""
        return self._sink.logger

    def _bind(self, level: LogLevel) -> None:
        index = _INDEX[level]
        attributes = self.__dict__
        for name, method_index in _METHODS:
            if method_index <= index:
                attributes.pop(name, None)
            else:
                attributes[name] = _no_op
        self._log_level = level
        self._index = index

    # The level methods below run only for enabled levels: disabled ones are
    # shadowed by ``_no_op`` in the instance dictionary.

    def critical(self, message: str | None = None, /, **kwargs: object) -> None:
        """Log at level ``critical``."""
        if message is None or "log_category" in kwargs:
            message = _template(message, kwargs)
        self._sink.emit("critical", message, kwargs)

    def error(self, message: str | None = None, /, **kwargs: object) -> None:
        """Log at level ``error``."""
        if message is None or "log_category" in kwargs:
            message = _template(message, kwargs)
        self._sink.emit("error", message, kwargs)

    def warn(self, message: str | None = None, /, **kwargs: object) -> None:
        """Log at level ``warn``."""
        if message is None or "log_category" in kwargs:
            message = _template(message, kwargs)
        self._sink.emit("warn", message, kwargs)

    def info(self, message: str | None = None, /, **kwargs: object) -> None:
        """Log at level ``info``."""
        if message is None or "log_category" in kwargs:
            message = _template(message, kwargs)
        self._sink.emit("info", message, kwargs)

    def debug(self, message: str | None = None, /, **kwargs: object) -> None:
        """Log at level ``debug``."""
        if message is None or "log_category" in kwargs:
            message = _template(message, kwargs)
        self._sink.emit("debug", message, kwargs)

    def trace(self, message: str | None = None, /, **kwargs: object) -> None:
        """Log at level ``trace``; the event carries ``txaio_trace=True``."""
        kwargs["txaio_trace"] = True
        if message is None or "log_category" in kwargs:
            message = _template(message, kwargs)
        self._sink.emit("trace", message, kwargs)

    def failure(
        self,
        format: str | None = None,
        /,
        failure: object = None,
        **kwargs: object,
    ) -> None:
        """Log a failure with its traceback, at level ``critical`` (enabled
        together with level ``error``, as upstream's Twisted loggers do).

        ``failure`` is an ``IFailedFuture`` (a Twisted ``Failure`` or a
        ``txaio_typed.aio.FailedFuture``), an exception, which is wrapped
        in one, or another object whose ``value`` is the exception (upstream
        txaio's failures), whose exception is logged; when None, the
        exception being handled is logged, so call it inside ``except``.
        ``format`` is an optional PEP 3101 template for a line above the
        traceback. The event carries the failure as
        ``log_failure``. Raises ``TypeError`` when ``failure`` is anything
        else.
        """
        logged = failure_to_log(failure)
        template = _template(format, kwargs)
        if logged is None:
            self._sink.emit(FAILURE_LEVEL, without_exception(template), kwargs)
        else:
            self._sink.failure(template, logged, kwargs)

    def emit(
        self, level: LogLevelName, message: str | None = None, /, **kwargs: object
    ) -> None:
        """Log at ``level`` (does nothing for a disabled level or ``"none"``).

        Raises ``ValueError`` when ``level`` is not a log level.
        """
        found = _LEVELS.get(level) if isinstance(level, str) else None  # pyright: ignore[reportUnnecessaryIsInstance]
        if found is None:
            check_level(level)
            return
        if found == "none" or _INDEX[found] > self._index:
            return
        if found == "trace":
            kwargs["txaio_trace"] = True
        self._sink.emit(found, _template(message, kwargs), kwargs)

    def set_log_level(self, level: LogLevelName, keep: bool = True) -> None:
        """Set this logger's level.

        With ``keep`` (the default) later ``set_global_log_level`` calls leave
        this logger alone; with ``keep=False`` it follows them again. Raises
        ``ValueError`` for an unknown level.
        """
        level = check_level(level)
        with _registry_lock:
            self._bind(level)
            self._keep = keep


# Code that tests the ABC twin (upstream style) recognises the loggers too.
ILoggerABC.register(Logger)


def set_global_log_level(level: LogLevelName) -> None:
    """Set the level of every logger that has no level of its own.

    Applies at once, in both directions (more or less verbose), to existing
    loggers and to those made later, and to the filter ``start_logging``
    applies to other libraries' events. Loggers made with ``level=`` or
    changed with ``set_log_level(..., keep=True)`` keep their level. Raises
    ``ValueError`` for an unknown level.
    """
    level = check_level(level)
    with _registry_lock:
        STATE.level = level
        STATE.index = _INDEX[level]
        for logger in list(_loggers):
            if not logger._keep:  # pyright: ignore[reportPrivateUsage]
                logger._bind(level)  # pyright: ignore[reportPrivateUsage]
        for listener in list(level_listeners):
            listener(STATE.index)


def get_global_log_level() -> LogLevel:
    """Return the global log level (``"info"`` until changed)."""
    return STATE.level


def sink_of(logger: Logger) -> Sink:
    """The sink of ``logger``."""
    return logger._sink  # pyright: ignore[reportPrivateUsage]


def set_sink(logger: Logger, sink: Sink) -> None:
    """Make ``logger`` publish to ``sink``."""
    logger._sink = sink  # pyright: ignore[reportPrivateUsage]


def reset_for_tests() -> None:
    """Restore the global level ``"info"`` and forget all log categories."""
    STATE.level = "info"
    STATE.index = _INDEX["info"]
    _categories.clear()
    for logger in loggers():
        if not logger._keep:  # pyright: ignore[reportPrivateUsage]
            logger._bind("info")  # pyright: ignore[reportPrivateUsage]
