"""The interfaces of txaio-typed, as runtime-checkable Protocols with ABC twins.

Each Protocol (``IFailedFuture``, ``ILogger``, ``IBatchedTimer``,
``IDelayedCall``) is what type checkers use and what ``isinstance`` checks
structurally at run time. Upstream txaio declared these as ABCs;
``IFailedFuture.register(cls)`` still works because a Protocol's metaclass is an
``ABCMeta``. The ``...ABC`` twins are plain abstract base classes for code that
wants to *inherit* an interface and have missing methods reported when it is
instantiated.
"""

from __future__ import annotations

import abc
import builtins
from collections.abc import Callable
from types import (
    GetSetDescriptorType,
    MemberDescriptorType,
    TracebackType,
    WrapperDescriptorType,
)
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, cast

from typing_extensions import ParamSpec, Protocol, TypeIs, TypeVar, runtime_checkable

__all__ = [
    "IBatchedTimer",
    "IBatchedTimerABC",
    "IDelayedCall",
    "IDelayedCallABC",
    "IFailedFuture",
    "IFailedFutureABC",
    "ILogger",
    "ILoggerABC",
    "LogLevel",
    "LogLevelName",
    "is_failure",
    "is_log_level",
    "log_levels",
]

LogLevel: TypeAlias = Literal[
    "none", "critical", "error", "warn", "info", "debug", "trace"
]
"""A log level name. ``"none"`` disables a logger entirely; the others are in
order of increasing verbosity."""

if TYPE_CHECKING:
    from txaio_typed._dual import LogLevelName as LogLevelName  # pyright: ignore[reportMissingModuleSource]
else:
    LogLevelName = str
    """A log level as the level-setting functions take it: any ``str``
    (checked at run time), or, in the strict mode, a :data:`LogLevel`."""

log_levels: Final[list[LogLevel]] = [
    "none",
    "critical",
    "error",
    "warn",
    "info",
    "debug",
    "trace",
]
"""Every :data:`LogLevel`, least verbose first (a list, as in upstream txaio)."""

_P = ParamSpec("_P")
_T = TypeVar("_T")
_E_co = TypeVar("_E_co", bound=BaseException, covariant=True, default=BaseException)


@runtime_checkable
class IFailedFuture(Protocol[_E_co]):
    """A failure: the exception of a failed future, with its type and traceback.

    Errbacks given to ``add_callbacks`` receive one. On asyncio it is a
    :class:`txaio_typed.aio.FailedFuture`; on Twisted it is a real
    ``twisted.python.failure.Failure``, so ``isinstance(failure, IFailedFuture)``
    is True for both. ``IFailedFuture[ValueError]`` is a failure known to hold
    a ``ValueError``; a bare ``IFailedFuture`` holds any ``BaseException``.
    """

    @property
    def value(self) -> _E_co:
        """The exception instance."""
        ...

    @property
    def type(self) -> builtins.type[_E_co]:
        """The exception's class."""
        ...

    @property
    def tb(self) -> TracebackType | None:
        """The traceback, or None where none was captured."""
        ...


# Run-time checkers read a Protocol's annotated members; typeguard skips
# properties, so it would take any object for an IFailedFuture. These run-time
# annotations, the properties' types, make it check the three members.
IFailedFuture.__annotations__.update(
    value=BaseException, type=builtins.type[BaseException], tb=TracebackType | None
)


class HoldsException(Protocol):
    """Anything with the exception as ``value``: upstream txaio's failures
    (its asyncio ``FailedFuture`` has neither ``type`` nor ``tb``), which
    loggers accept as ``failure=`` too."""

    @property
    def value(self) -> BaseException:
        """The exception instance."""
        ...


@runtime_checkable
class IDelayedCall(Protocol):
    """A call scheduled for later; ``cancel()`` stops it from running."""

    def cancel(self) -> None:
        """Stop the call from running."""
        ...


@runtime_checkable
class IBatchedTimer(Protocol):
    """Schedules calls into time buckets: one event-loop timer per bucket.

    Made by ``make_batched_timer``. A call fires close to (within one bucket
    of) its requested time; in exchange the loop holds one delayed call per
    bucket instead of one per call.
    """

    def call_later(
        self,
        delay: float,
        func: Callable[_P, object],
        /,
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> IDelayedCall:
        """Call ``func(*args, **kwargs)`` about ``delay`` seconds from now.

        Returns a handle whose ``cancel()`` stops the call.
        """
        ...


@runtime_checkable
class ILogger(Protocol):
    """A logger made by ``make_logger``.

    Each level method takes a PEP 3101 template, positionally, that is
    formatted with the keyword arguments
    (``log.info("{peer} sent {n} bytes", peer=p, n=n)``), and only when the
    level is enabled. Every keyword is a field, ``message=`` and ``format=``
    included. The template may be left out when ``log_category=`` names one
    registered with ``add_log_categories`` (or, as upstream reads it, given
    as ``format=``).
    """

    def critical(self, message: str = "", /, **kwargs: object) -> None:
        """Log at level ``critical``."""
        ...

    def error(self, message: str = "", /, **kwargs: object) -> None:
        """Log at level ``error``."""
        ...

    def warn(self, message: str = "", /, **kwargs: object) -> None:
        """Log at level ``warn``."""
        ...

    def info(self, message: str = "", /, **kwargs: object) -> None:
        """Log at level ``info``."""
        ...

    def debug(self, message: str = "", /, **kwargs: object) -> None:
        """Log at level ``debug``."""
        ...

    def trace(self, message: str = "", /, **kwargs: object) -> None:
        """Log at level ``trace`` (the event carries ``txaio_trace=True``)."""
        ...

    def failure(
        self,
        format: str | None = None,
        /,
        failure: IFailedFuture | HoldsException | BaseException | None = None,
        **kwargs: object,
    ) -> None:
        """Log a failure (the current exception when ``failure`` is None):
        an ``IFailedFuture``, anything else whose ``value`` is the exception
        (upstream txaio's failures), or an exception."""
        ...

    def emit(self, level: LogLevelName, message: str = "", /, **kwargs: object) -> None:
        """Log at ``level``; raises ``ValueError`` for an unknown level."""
        ...

    def set_log_level(self, level: LogLevelName, keep: bool = True) -> None:
        """Set this logger's level; with ``keep`` it ignores global changes."""
        ...


def is_log_level(obj: object) -> TypeIs[LogLevel]:
    """True when ``obj`` is one of the :data:`LogLevel` names.

    For a level held in a ``str`` (read from a command line or a
    configuration file): after the check, type checkers know it is a
    ``LogLevel``, so it can be given to ``start_logging``,
    ``set_global_log_level``, ``make_logger`` or ``set_log_level``::

        if not is_log_level(name):
            raise SystemExit(f"unknown log level {name!r}")
        txaio.start_logging(level=name)

    Works before a framework is selected.
    """
    return isinstance(obj, str) and obj in _LEVEL_SET


_LEVEL_SET: Final[frozenset[str]] = frozenset(log_levels)


def is_failure(obj: object) -> TypeIs[IFailedFuture]:
    """True when ``obj`` is a failure (``isinstance(obj, IFailedFuture)``).

    The same test as ``isinstance``, but every type checker then knows that
    ``obj.value`` is a ``BaseException`` (after a plain ``isinstance`` on an
    ``object``, pyright and ty leave the exception type unknown). Works
    before a framework is selected.
    """
    return isinstance(obj, IFailedFuture)


#: Delayed-call classes recognised by (module, name), so that neither the
#: module nor its imports have to be loaded: uvloop's handles and Twisted's
#: ``DelayedCall`` (``twisted.internet.base`` takes tens of milliseconds).
_FOREIGN_DELAYED_CALLS: Final = frozenset(
    {
        ("uvloop.loop", "Handle"),
        ("uvloop.loop", "TimerHandle"),
        ("twisted.internet.base", "DelayedCall"),
    }
)


class IFailedFutureABC(abc.ABC):
    """Abstract base class twin of :class:`IFailedFuture`."""

    @property
    @abc.abstractmethod
    def value(self) -> BaseException:
        """The exception instance."""

    @property
    @abc.abstractmethod
    def type(self) -> builtins.type[BaseException]:
        """The exception's class."""

    @property
    @abc.abstractmethod
    def tb(self) -> TracebackType | None:
        """The traceback, or None where none was captured."""


class IDelayedCallABC(abc.ABC):
    """Abstract base class twin of :class:`IDelayedCall`.

    Besides the registered classes (asyncio's ``Handle``, batched calls),
    Twisted's ``DelayedCall`` and uvloop's handles are recognised by their
    class (and their subclasses), without importing them.
    """

    @classmethod
    def __subclasshook__(cls, subclass: type) -> bool:
        """True for Twisted's and uvloop's delayed calls; otherwise the usual
        ABC check."""
        if cls is IDelayedCallABC and any(
            (base.__module__, base.__name__) in _FOREIGN_DELAYED_CALLS
            for base in subclass.__mro__
        ):
            return True
        return NotImplemented  # type: ignore[no-any-return]

    @abc.abstractmethod
    def cancel(self) -> None:
        """Stop the call from running."""


class IBatchedTimerABC(abc.ABC):
    """Abstract base class twin of :class:`IBatchedTimer`."""

    @abc.abstractmethod
    def call_later(
        self,
        delay: float,
        func: Callable[_P, object],
        /,
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> IDelayedCall:
        """Call ``func(*args, **kwargs)`` about ``delay`` seconds from now."""


class ILoggerABC(abc.ABC):
    """Abstract base class twin of :class:`ILogger`."""

    @abc.abstractmethod
    def critical(self, message: str = "", /, **kwargs: object) -> None:
        """Log at level ``critical``."""

    @abc.abstractmethod
    def error(self, message: str = "", /, **kwargs: object) -> None:
        """Log at level ``error``."""

    @abc.abstractmethod
    def warn(self, message: str = "", /, **kwargs: object) -> None:
        """Log at level ``warn``."""

    @abc.abstractmethod
    def info(self, message: str = "", /, **kwargs: object) -> None:
        """Log at level ``info``."""

    @abc.abstractmethod
    def debug(self, message: str = "", /, **kwargs: object) -> None:
        """Log at level ``debug``."""

    @abc.abstractmethod
    def trace(self, message: str = "", /, **kwargs: object) -> None:
        """Log at level ``trace``."""

    @abc.abstractmethod
    def failure(
        self,
        format: str | None = None,
        /,
        failure: IFailedFuture | HoldsException | BaseException | None = None,
        **kwargs: object,
    ) -> None:
        """Log a failure (the current exception when ``failure`` is None):
        an ``IFailedFuture``, anything else whose ``value`` is the exception
        (upstream txaio's failures), or an exception."""

    @abc.abstractmethod
    def emit(self, level: LogLevelName, message: str = "", /, **kwargs: object) -> None:
        """Log at ``level``."""

    @abc.abstractmethod
    def set_log_level(self, level: LogLevelName, keep: bool = True) -> None:
        """Set this logger's level."""


# -- fast isinstance() --------------------------------------------------------
#
# A runtime-checkable Protocol answers isinstance() by looking up each member
# on the instance and its class every time (microseconds). What the class
# contributes is learnt once per class instead, as ABCMeta and
# collections.abc do; what the instance contributes (its ``__dict__``) is still
# read at every check. Per class, ``_known`` holds one of:
#
# - True: a registered class or a subclass (nominal);
# - False: instances cannot match: a member is missing from the class and
#   instances have no ``__dict__`` to provide it;
# - the names missing from the class: an instance matches only if its
#   ``__dict__`` has them all, and then the full check decides;
# - (): the full check decides every time (no member is missing from the
#   class, or the class customises attribute access, ``__class__`` or
#   ``__dict__``).
#
# The metaclass is swapped in below at run time only (type checkers see the
# plain Protocol). The table holds its classes strongly and is emptied when it
# reaches _KNOWN_LIMIT classes, so classes made at run time are not kept alive
# for ever.

_ProtocolMeta: Final = cast("type[abc.ABCMeta]", type(Protocol))
_KNOWN_LIMIT: Final = 512
_Known: TypeAlias = bool | tuple[str, ...]
#: Descriptors of a plain instance ``__dict__`` (classes; C types and modules).
_PLAIN_DICT: Final[tuple[type, ...]] = (GetSetDescriptorType, MemberDescriptorType)


class _CachingProtocolMeta(_ProtocolMeta):  # type: ignore[misc,valid-type]
    _known: dict[type, _Known]

    def register(cls, subclass: type[_T]) -> type[_T]:
        super().register(subclass)
        # Registering a class changes the answer for its subclasses too.
        cls._known.clear()
        return subclass

    def __instancecheck__(cls, instance: object) -> bool:
        known = cls._known.get(type(instance))
        if known is True or known is False:
            return known
        if known is None:
            known = cls._learn(instance)
            if known is True or known is False:
                return known
        for name in known:
            if name not in instance.__dict__:
                return False
        answer: bool = super().__instancecheck__(instance)
        return answer

    def _learn(cls, instance: object) -> _Known:
        kind = type(instance)
        known = _class_answer(cls, kind, instance)
        if len(cls._known) >= _KNOWN_LIMIT:
            cls._known.clear()
        cls._known[kind] = known
        return known


def _class_answer(protocol: Any, kind: type, instance: object) -> _Known:
    """What ``kind`` contributes to ``isinstance(instance, protocol)``."""
    bases = kind.__mro__[:-1]  # object's own attributes are the standard ones
    if type in kind.__mro__ or _class_member(bases, "__class__") is not _ABSENT:
        return ()  # the answer depends on the instance's own class or members
    if abc.ABCMeta.__instancecheck__(protocol, instance):
        return True
    data_members = protocol.__non_callable_proto_members__
    missing = tuple(
        sorted(
            name
            for name in protocol.__protocol_attrs__
            # A method set to None on the class does not provide it.
            if (value := _class_member(bases, name)) is _ABSENT
            or (value is None and name not in data_members)
        )
    )
    if not missing:
        return ()
    instance_dict = _class_member(bases, "__dict__")
    if instance_dict is _ABSENT:
        return False
    plain_access = isinstance(
        _class_member(bases, "__getattribute__"), (WrapperDescriptorType, _Absent)
    )
    return missing if plain_access and isinstance(instance_dict, _PLAIN_DICT) else ()


class _Absent:
    """The type of :data:`_ABSENT`: no class of the MRO defines the name."""


_ABSENT: Final = _Absent()


def _class_member(bases: tuple[type, ...], name: str) -> object:
    """What the first of ``bases`` that defines ``name`` holds, else _ABSENT."""
    return next((vars(base)[name] for base in bases if name in vars(base)), _ABSENT)


def _cache_isinstance(protocol: Any) -> None:
    protocol.__class__ = _CachingProtocolMeta
    protocol._known = {}


for _protocol in (IFailedFuture, IDelayedCall, IBatchedTimer, ILogger):
    _cache_isinstance(_protocol)
del _protocol
