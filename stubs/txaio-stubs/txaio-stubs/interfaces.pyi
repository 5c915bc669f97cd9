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

LogLevel: TypeAlias = Literal[
    "none", "critical", "error", "warn", "info", "debug", "trace"
]
"""A log level name as txaio spells it (``"warn"``, not ``"warning"``).

Stub-only: import it under ``typing.TYPE_CHECKING``.
"""

MessageLevel: TypeAlias = Literal["critical", "error", "warn", "info", "debug", "trace"]
"""A level a message can be logged at: every ``LogLevel`` but ``"none"``.

Stub-only.
"""

TXAIO_STRICT: Literal[False]
"""The strict mode's switch, only for type checkers (see ``txaio``)."""

TYPE_CHECKING_WITH_PYREFLY: bool
"""True under pyrefly only (pyrefly's own name)."""

# By default a level may be any str (read from a command line or a file;
# upstream raises for an unknown one); in the strict mode it must be a
# name. The elif keeps pyrefly, which follows both branches, on the first.
if not TXAIO_STRICT:
    _Level: TypeAlias = LogLevel | str  # pyright: ignore[reportRedeclaration]
    _Message: TypeAlias = MessageLevel | str  # pyright: ignore[reportRedeclaration]
elif TYPE_CHECKING_WITH_PYREFLY:
    pass
else:
    _Level: TypeAlias = LogLevel  # type: ignore[no-redef, misc]  # pyright: ignore[reportRedeclaration]
    _Message: TypeAlias = MessageLevel  # type: ignore[no-redef, misc]  # pyright: ignore[reportRedeclaration]

LogLevelName: TypeAlias = _Level
"""A level as the level-setting functions take it: any ``str`` by default,
a ``LogLevel`` name in the strict mode. Stub-only."""

MessageLevelName: TypeAlias = _Message
"""A level as ``emit()`` and ``start_logging()`` take it: any ``str`` by
default, a ``MessageLevel`` name in the strict mode. Stub-only."""

log_levels: list[LogLevel]
"""All log levels txaio recognises, from least to most verbose."""

class IDelayedCall(Protocol):
    """What every ``call_later`` promises about the object it returns.

    asyncio returns a ``TimerHandle``, Twisted a ``DelayedCall``, a batched
    timer its own object: the one method all of them have is ``cancel()``.
    Stub-only (txaio-typed's ``txaio_typed.IDelayedCall`` is the same).
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
    ) -> IDelayedCall:
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
        failure: IFailedFuture | None = None,
        **kwargs: object,
    ) -> None:
        """Log a failure with its traceback, at level ``critical``.

        Without ``failure``, the exception being handled is logged. An
        exception given as ``failure`` is dropped silently by upstream, so
        it is a type error: wrap it with ``txaio.create_failure(exc)``.
        Upstream txaio's Twisted loggers have it; its asyncio loggers do not
        (``AttributeError``).
        """

    def emit(
        self, level: MessageLevelName, message: str = ..., /, **kwargs: object
    ) -> None:
        """Log a message at ``level``, given by name."""

    def set_log_level(self, level: LogLevelName, keep: bool = True) -> None:
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
