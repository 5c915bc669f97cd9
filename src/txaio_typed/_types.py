"""Aliases and small Protocols shared by the backends and the front."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, TypeAlias

from typing_extensions import Protocol, TypeVar, runtime_checkable

from txaio_typed import interfaces
from txaio_typed.interfaces import IDelayedCall, IFailedFuture

_T = TypeVar("_T")


@runtime_checkable
class ReactorTime(Protocol):
    """What the Twisted backend needs of a reactor: the clock and ``callLater``.

    The global reactor and ``twisted.internet.task.Clock`` both provide it.
    """

    def seconds(self) -> float:
        """The reactor's current time in seconds."""
        ...

    # Not positional-only: with "/" and "**kw", a caller could pass
    # ``delay=`` or ``callable=`` through ``**kw``, which Twisted's own
    # signature would reject, so mypy would not accept ``task.Clock`` here.
    def callLater(
        self,
        delay: float,
        callable: Callable[..., object],
        *args: object,
        **kw: object,
    ) -> object:
        """Schedule ``callable(*args, **kw)`` after ``delay`` seconds."""
        ...


@runtime_checkable
class DeferredLike(Protocol[_T]):
    """The part of Twisted's ``Deferred[T]`` that the neutral types rely on.

    ``Deferred[T]`` matches it structurally, so the neutral :data:`Future`
    keeps checking result types even where Twisted is not installed. It is
    invariant in ``T``, as ``Deferred`` is.
    """

    def callback(self, result: _T, /) -> None:
        """Fire with ``result``."""
        ...

    def __await__(self) -> Generator[Any, Any, _T]:
        """Await the result."""
        ...


Future: TypeAlias = asyncio.Future[_T] | DeferredLike[_T]
"""A future of either framework: ``asyncio.Future[T]`` or ``Deferred[T]``.

What the API's functions accept, and what framework-neutral code annotates
a future it receives with."""


Loop: TypeAlias = asyncio.AbstractEventLoop | ReactorTime
"""An asyncio event loop or a Twisted reactor (or ``task.Clock``)."""

# What the API returns and config.loop holds, to a type checker: both
# frameworks' at once, or, in the strict mode, Future and Loop (_dual.pyi).
if TYPE_CHECKING:
    from txaio_typed._dual import FrameworkDelayedCall as FrameworkDelayedCall  # pyright: ignore[reportMissingModuleSource]
    from txaio_typed._dual import FrameworkFuture as FrameworkFuture  # pyright: ignore[reportMissingModuleSource]
    from txaio_typed._dual import FrameworkLoop as FrameworkLoop  # pyright: ignore[reportMissingModuleSource]
else:
    FrameworkFuture = Future
    FrameworkLoop = Loop
    FrameworkDelayedCall = IDelayedCall

Error: TypeAlias = BaseException | IFailedFuture
"""What ``reject`` and friends take: an exception or a failure."""

Canceller: TypeAlias = Callable[[FrameworkFuture[_T]], object]
"""Called with the future inside ``cancel``; what it returns is ignored."""


@runtime_checkable
class Config(Protocol):
    """Where the selected framework finds its event loop or reactor."""

    if TYPE_CHECKING:

        @property
        def loop(self) -> FrameworkLoop | None:
            """The loop (asyncio) or reactor (Twisted); None means the default
            one. Read on every call; set it to a :data:`Loop` or None."""
            ...

        @loop.setter
        def loop(self, value: Loop | None) -> None: ...

    else:
        loop: Loop | None


@runtime_checkable
class ApiAttributes(Protocol):
    """The members of :class:`txaio_typed.Api` other than the API's
    functions: the configuration, the flags and the classes."""

    config: Config
    """This object's configuration."""

    @property
    def using_asyncio(self) -> bool:
        """True on asyncio."""
        ...

    @property
    def using_twisted(self) -> bool:
        """True on Twisted."""
        ...

    @property
    def CancelledError(self) -> type[BaseException]:
        """The framework's cancellation exception."""
        ...

    @property
    def IFailedFuture(self) -> type[interfaces.IFailedFuture]:
        """The failure interface."""
        ...

    @property
    def ILogger(self) -> type[interfaces.ILogger]:
        """The logger interface."""
        ...
