"""The failure record and the backend-neutral helpers that turn failures
into text.

:class:`FailedFuture` is the asyncio backend's ``IFailedFuture`` and what
loggers record for an exception on any backend before it becomes the
framework's own failure type.
"""

from __future__ import annotations

import abc
import builtins
import traceback
from types import TracebackType
from typing import Generic, cast

from typing_extensions import TypeVar

from txaio_typed.interfaces import IFailedFuture, IFailedFutureABC

__all__ = [
    "PLAIN_TYPES",
    "FailedFuture",
    "failure_message",
    "failure_of",
    "format_traceback",
    "group_causes",
    "safe_str",
    "traceback_of",
]

_E = TypeVar("_E", bound=BaseException)
_E_co = TypeVar("_E_co", bound=BaseException, covariant=True, default=BaseException)


class FailedFuture(Generic[_E_co]):
    """The asyncio :class:`~txaio_typed.interfaces.IFailedFuture`.

    Holds an exception with its type and traceback, so an errback can still
    print the traceback outside the ``except`` block. ``value``, ``type`` and
    ``tb`` have the same meaning as on Twisted's ``Failure``.
    """

    __slots__ = ("_traceback", "_type", "_value")

    def __init__(
        self,
        type_: builtins.type[_E_co],
        value: _E_co,
        traceback: TracebackType | None,
    ) -> None:
        self._type = type_
        self._value = value
        self._traceback = traceback

    @property
    def value(self) -> _E_co:
        """The exception instance."""
        return self._value

    @property
    def type(self) -> builtins.type[_E_co]:
        """The exception's class."""
        return self._type

    @property
    def tb(self) -> TracebackType | None:
        """The traceback, or None where none was captured."""
        return self._traceback

    def __str__(self) -> str:
        return failure_message(self)

    def __repr__(self) -> str:
        return f"<FailedFuture {failure_message(self)}>"


IFailedFutureABC.register(FailedFuture)
# Registered with the Protocol too, so that isinstance() answers from a cache.
cast("abc.ABCMeta", IFailedFuture).register(FailedFuture)


#: Exact built-in types whose values ``as_future`` wraps as they are: never a
#: failure, a future, a Deferred, a coroutine or an async generator. Checked
#: first, so that a plain result skips the type tests (one of them an ABC
#: check) that the other results need.
PLAIN_TYPES: frozenset[type] = frozenset(
    {
        type(None),
        bool,
        int,
        float,
        complex,
        str,
        bytes,
        tuple,
        list,
        dict,
        set,
        frozenset,
    }
)


def failure_of(exc: _E) -> FailedFuture[_E]:
    """``exc`` as a :class:`FailedFuture`, with its own traceback."""
    # FailedFuture(type(exc), exc, exc.__traceback__), without the call of
    # __init__: this runs for every failure the asyncio backend hands out.
    failed: FailedFuture[_E]
    failed = object.__new__(FailedFuture)  # pyright: ignore[reportAssignmentType]
    failed._type = type(exc)  # pyright: ignore[reportPrivateUsage]
    failed._value = exc  # pyright: ignore[reportPrivateUsage]
    failed._traceback = exc.__traceback__  # pyright: ignore[reportPrivateUsage]
    return failed


def safe_str(value: object) -> str:
    """``str(value)``, or a note saying that it raised; never raises
    ``Exception``."""
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
        text = safe_str(value)
        name = type(value).__name__
    except Exception:
        return f"<failure_message() could not read {type(fail).__name__}>"
    return f"{name}: {text}".replace("\r", "\\r").replace("\n", "\\n")


def format_traceback(failure: object) -> str:
    """The traceback of an ``IFailedFuture`` (or of an exception), formatted
    as Python prints an uncaught exception; never raises ``Exception``.

    A Twisted ``Failure`` whose traceback was dropped (``cleanFailure``)
    gives Twisted's own text, which still has the frames (then, for an
    exception group, each of its exceptions); one that never had frames
    gives the exception alone, as Python prints it.
    """
    try:
        value = getattr(failure, "value", None)
        tb = getattr(failure, "tb", None)
        get_traceback = getattr(failure, "getTraceback", None)
        if tb is None and callable(get_traceback) and getattr(failure, "frames", None):
            return str(get_traceback()) + group_causes(value)
        if not isinstance(value, BaseException) and isinstance(
            failure, BaseException
        ):  # a plain exception (a Twisted Failure is one too, with a value)
            value, tb = failure, failure.__traceback__
        if isinstance(value, BaseException):
            return "".join(traceback.format_exception(type(value), value, tb))
        return f"<failure without an exception: {failure!r}>\n"
    except Exception as exc:
        return f"<traceback could not be formatted: {type(exc).__name__}>\n"


def group_causes(value: object) -> str:
    """For an exception group, the traceback of each exception it holds,
    numbered, as text to follow a traceback that shows only the group; ``""``
    for anything else. Never raises ``Exception``."""
    if not isinstance(value, BaseExceptionGroup):
        return ""
    group = cast("BaseExceptionGroup[BaseException]", value)
    try:
        causes = group.exceptions
        count = len(causes)
        return "".join(
            f"Sub-exception {number} of {count}:\n"
            + "".join(traceback.format_exception(cause))
            for number, cause in enumerate(causes, 1)
        )
    except Exception as exc:
        return f"<sub-exceptions could not be formatted: {type(exc).__name__}>\n"


def traceback_of(fail: IFailedFuture) -> TracebackType | None:
    """The traceback ``fail`` holds, or None (also for a value that is not a
    failure); never raises."""
    try:
        tb = fail.tb
    except Exception:
        return None
    return tb if isinstance(tb, TracebackType) else None
