"""Backend-neutral helpers for turning failures into text."""

from __future__ import annotations

import traceback
from types import TracebackType

from txaio_typed.interfaces import IFailedFuture


def _safe_str(value: BaseException) -> str:
    try:
        return str(value)
    except Exception as exc:
        return f"<str() raised {type(exc).__name__}>"


def failure_message(fail: IFailedFuture) -> str:
    """Return ``"ExceptionClass: message"`` on one line; never raises.

    Line breaks in the message are written as ``\\n`` so that the result is
    always a single line. An exception whose ``str()`` raises is shown as
    ``<str() raised SomeError>``.
    """
    try:
        value = fail.value
        text = _safe_str(value)
        name = type(value).__name__
    except Exception:
        return f"<failure_message() could not read {type(fail).__name__}>"
    return f"{name}: {text}".replace("\r", "\\r").replace("\n", "\\n")


def format_exception(fail: IFailedFuture) -> str:
    """Format ``fail`` as Python prints an uncaught exception; never raises."""
    try:
        value = fail.value
        return "".join(traceback.format_exception(type(value), value, fail.tb))
    except Exception:
        return f"<traceback of {failure_message(fail)} could not be formatted>\n"


def traceback_of(fail: IFailedFuture) -> TracebackType | None:
    """The traceback ``fail`` holds, or None (also for a value that is not a
    failure); never raises."""
    try:
        tb = fail.tb
    except Exception:
        return None
    return tb if isinstance(tb, TracebackType) else None
