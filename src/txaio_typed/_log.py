"""Framework-neutral logging: the front's logging names before a framework is
selected.

Libraries make their loggers at import time, often before the application
has called ``use_asyncio()`` or ``use_twisted()``. Loggers made here until
then hold their enabled events in a bounded buffer; :func:`bind_framework`
(called by the front when a framework is selected) moves every such logger to
that framework's logging, performs a ``start_logging`` requested in the
meantime and replays the buffered events in order, with their original times.
After selection these functions delegate to the selected backend, so a
reference taken early (``from txaio_typed import make_logger``) keeps working.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Final, Protocol, cast

from txaio_typed._errors import twisted_logger_error
from txaio_typed._frameworks import BACKENDS, FrameworkName
from txaio_typed._log_core import (
    FAILURE_LEVEL,
    EmitLevel,
    LogEvent,
    Logger,
    LogOutput,
    PastEvent,
    Sink,
    add_log_categories,
    caller_namespace,
    check_level,
    get_global_log_level,
    getframe,
    loggers,
    resolve_output,
    set_global_log_level,
    set_sink,
    sink_of,
)
from txaio_typed._unset import UNSET, Unset
from txaio_typed.interfaces import IFailedFuture, ILogger, LogLevel, LogLevelName

__all__ = [
    "BUFFER_SIZE",
    "add_log_categories",
    "bind_framework",
    "get_global_log_level",
    "make_logger",
    "set_global_log_level",
    "start_logging",
]

BUFFER_SIZE: Final = 10_000
"""How many events logged before a framework is selected are kept; when more
are logged the oldest are dropped (and the number dropped is logged)."""


class _Backend(Protocol):
    def make_sink(self, namespace: str, /) -> Sink: ...

    def start_logging(
        self, out: LogOutput | Unset | None = ..., level: LogLevelName = ..., /
    ) -> None: ...


_backend: _Backend | None = None
_framework: FrameworkName | None = None
_lock = threading.Lock()


class _BufferSink:
    """Holds a logger's events until a framework is selected."""

    __slots__ = ("namespace", "target")

    def __init__(self, namespace: str) -> None:
        self.namespace: Final = namespace
        self.target: Sink | None = None

    @property
    def logger(self) -> None:
        """No framework logger before selection."""
        return None

    def emit(self, level: EmitLevel, template: str, event: LogEvent) -> None:
        _buffer_event(self, level, template, event, None)

    def failure(self, template: str, failure: IFailedFuture, event: LogEvent) -> None:
        _buffer_event(self, FAILURE_LEVEL, template, event, failure)

    def replay(self, past: PastEvent) -> None:
        _buffer.append((self, past))

    def bound(self, backend: _Backend) -> Sink:
        if self.target is None:
            self.target = backend.make_sink(self.namespace)
        return self.target


_buffer: deque[tuple[_BufferSink, PastEvent]] = deque(maxlen=BUFFER_SIZE)
_dropped = 0
_pending_start: tuple[LogOutput | None, LogLevel] | None = None


def _buffer_event(
    sink: _BufferSink,
    level: EmitLevel,
    template: str,
    event: LogEvent,
    failure: IFailedFuture | None,
) -> None:
    global _dropped
    if len(_buffer) == BUFFER_SIZE:
        _dropped += 1
    _buffer.append((sink, PastEvent(level, template, event, failure, time.time())))


def make_logger(
    level: LogLevelName | None = None,
    logger: Callable[..., object] | None = None,
    observer: Callable[[dict[str, Any]], object] | None = None,
) -> ILogger:
    """The front's :func:`txaio_typed.make_logger` until a framework is selected.

    The logger's enabled events are buffered and replayed into the selected
    framework's logging at selection (a logger made with a reference to this
    function after selection is the selected backend's). ``logger`` and
    ``observer`` are Twisted's: they raise ``TypeError`` until Twisted is
    selected.
    """
    if logger is not None or observer is not None:
        raise twisted_logger_error("call use_twisted() first")
    if level is not None:
        level = check_level(level)
    namespace = caller_namespace(getframe(1))
    backend = _backend
    if backend is not None:
        return Logger(namespace, backend.make_sink(namespace), level)
    return Logger(namespace, _BufferSink(namespace), level)


def start_logging(
    out: LogOutput | Unset | None = UNSET, level: LogLevelName = "info"
) -> None:
    """The front's :func:`txaio_typed.start_logging` until a framework is selected.

    The level is set at once and the stream is remembered; the selected
    backend's ``start_logging`` runs at selection, before the buffered events
    are replayed (a call through a reference to this function after selection
    is the selected backend's).
    """
    global _pending_start
    level = check_level(level)
    stream = resolve_output(out)
    with _lock:
        backend = _backend
        if backend is None:
            _pending_start = (stream, level)
            set_global_log_level(level)
            return
    backend.start_logging(stream, level)


def bind_framework(name: FrameworkName) -> None:
    """Route the neutral loggers to ``name``'s logging (called on selection).

    Every logger made here so far publishes through the selected backend from
    now on; a ``start_logging`` call made before selection is performed; the
    buffered events are then replayed in order with their original times.
    Calling it again with the same name does nothing.
    """
    global _backend, _framework, _pending_start, _dropped
    with _lock:
        if _framework is not None:
            if _framework != name:
                raise RuntimeError(
                    f"logging is already bound to {_framework!r}, not {name!r}"
                )
            return
        module = importlib.import_module(f"txaio_typed._log_{BACKENDS[name]}")
        backend = cast("_Backend", module)
        for logger in loggers():
            sink = sink_of(logger)
            if isinstance(sink, _BufferSink):
                set_sink(logger, sink.bound(backend))
        _backend = backend
        _framework = name
        pending, _pending_start = _pending_start, None
        entries = list(_buffer)
        _buffer.clear()
        dropped, _dropped = _dropped, 0
    if pending is not None:
        backend.start_logging(*pending)
    if dropped:
        notice = Logger("txaio_typed", backend.make_sink("txaio_typed"), "warn")
        notice.warn(
            "{dropped} log events logged before a framework was selected were "
            "dropped; the {kept} most recent ones follow",
            dropped=dropped,
            kept=BUFFER_SIZE,
        )
    for sink, past in entries:
        sink.bound(backend).replay(past)
