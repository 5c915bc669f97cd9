"""Interfaces of upstream ``txaio``, typed.

Upstream declares these as ``abc.ABC`` classes. The stubs describe them as
runtime-checkable Protocols with ``ABCMeta`` as metaclass, which is what a
type checker needs to agree with the runtime:

* ``isinstance(obj, IFailedFuture)`` and ``IFailedFuture.register(cls)`` work
  (at runtime the check is the ABC's, i.e. nominal: subclasses and registered
  classes only);
* subclassing works as with the ABC: only ``IFailedFuture.value`` is abstract;
* objects with the right shape are accepted where an interface is expected,
  without having to subclass or register it.
"""

from abc import ABCMeta, abstractmethod
from collections.abc import Callable
from typing import Literal, ParamSpec, Protocol, TypeAlias, runtime_checkable

_P = ParamSpec("_P")

_LogLevel: TypeAlias = Literal[
    "none", "critical", "error", "warn", "info", "debug", "trace"
]
"""A log level name as txaio spells it (``"warn"``, not ``"warning"``).

Stub-only: import it under ``typing.TYPE_CHECKING``.
"""

_MessageLevel: TypeAlias = Literal[
    "critical", "error", "warn", "info", "debug", "trace"
]
"""A level a message can be logged at: every ``_LogLevel`` but ``"none"``.

Stub-only.
"""

log_levels: list[_LogLevel]
"""All log levels txaio recognises, from least to most verbose."""

class _DelayedCall(Protocol):
    """What every ``call_later`` promises about the object it returns.

    asyncio returns a ``TimerHandle``, Twisted an ``IDelayedCall`` provider,
    a batched timer its own object: the one method all of them have is
    ``cancel()``. Stub-only.
    """

    def cancel(self) -> None: ...

@runtime_checkable
class IBatchedTimer(Protocol, metaclass=ABCMeta):
    """A timer that groups ``call_later`` calls into buckets.

    Objects created by ``txaio.make_batched_timer()`` implement this. Calls
    whose delays fall into the same bucket share a single underlying delayed
    call of the event loop, trading timing precision for fewer timers.
    """

    def call_later(
        self,
        delay: float,
        func: Callable[_P, object],
        *args: _P.args,
        **kw: _P.kwargs,
    ) -> _DelayedCall:
        """Call ``func(*args, **kw)`` roughly ``delay`` seconds from now.

        Returns an object whose only dependable method is ``cancel()``.
        """

@runtime_checkable
class ILogger(Protocol, metaclass=ABCMeta):
    """The logger returned by ``txaio.make_logger()``.

    Every method takes a PEP 3101 format string and the keyword arguments
    it refers to, e.g. ``log.info("got {n} items", n=3)``. Formatting is
    deferred: a message of a disabled level is never formatted. The format
    string is positional: every keyword, ``message=`` included, is a field.
    It may be left out when ``log_category=`` names a registered category.
    There is no ``warning`` method: the level is ``warn``.
    """

    def critical(self, message: str = ..., /, **kwargs: object) -> None:
        """Log a message at level ``critical``."""

    def error(self, message: str = ..., /, **kwargs: object) -> None:
        """Log a message at level ``error``."""

    def warn(self, message: str = ..., /, **kwargs: object) -> None:
        """Log a message at level ``warn``."""

    def info(self, message: str = ..., /, **kwargs: object) -> None:
        """Log a message at level ``info``."""

    def debug(self, message: str = ..., /, **kwargs: object) -> None:
        """Log a message at level ``debug``."""

    def trace(self, message: str = ..., /, **kwargs: object) -> None:
        """Log a message at level ``trace`` (``debug`` plus ``txaio_trace``)."""

    def failure(
        self,
        format: str | None = None,
        /,
        failure: IFailedFuture | BaseException | None = None,
        **kwargs: object,
    ) -> None:
        """Log a failure with its traceback, at level ``critical``.

        Without ``failure``, the exception being handled is logged. Upstream
        txaio's Twisted loggers have it; its asyncio loggers do not
        (``AttributeError``).
        """

    def emit(
        self, level: _MessageLevel, message: str = ..., /, **kwargs: object
    ) -> None:
        """Log a message at ``level``, given by name."""

    def set_log_level(self, level: _LogLevel, keep: bool = True) -> None:
        """Set this logger's level; with ``keep`` it ignores later global
        changes. Upstream txaio's Twisted loggers have it; its asyncio
        loggers do not (``AttributeError``)."""

@runtime_checkable
class IFailedFuture(Protocol, metaclass=ABCMeta):
    """A failure: what errbacks receive and ``create_failure()`` returns.

    On asyncio this is ``txaio.aio.FailedFuture``; on Twisted it is
    ``twisted.python.failure.Failure`` (registered with this ABC when
    ``txaio.tx`` is imported). Not generic: upstream's class cannot be
    subscripted at runtime.

    Read details with ``txaio.failure_message()``,
    ``txaio.failure_traceback()`` and ``txaio.failure_format_traceback()``,
    which work the same on both frameworks.
    """

    @property
    @abstractmethod
    def value(self) -> BaseException:
        """The exception instance (as ``sys.exc_info()[1]``)."""
