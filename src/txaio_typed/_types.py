"""Aliases, sentinels and small Protocols shared by the backends and the front."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

from typing_extensions import Protocol, TypeVar, runtime_checkable

from txaio_typed.interfaces import IFailedFuture

if TYPE_CHECKING:
    from twisted.internet.defer import Deferred

_T = TypeVar("_T")


class Unset(enum.Enum):
    """The type of :data:`UNSET`, the "argument not given" marker.

    ``None`` is a legitimate result for a future, so it cannot mean "not given".
    """

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET

FrameworkName: TypeAlias = Literal["asyncio", "twisted"]
"""The name of a framework: ``"asyncio"`` or ``"twisted"``."""

BACKENDS: Final[dict[FrameworkName, str]] = {"asyncio": "aio", "twisted": "tx"}
"""Each framework's backend: ``txaio_typed.<backend>`` is its public module
and ``txaio_typed._log_<backend>`` its logging."""


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

if TYPE_CHECKING:

    class FrameworkFuture(asyncio.Future[_T], Deferred[_T]):  # type: ignore[misc]  # pyright: ignore[reportIncompatibleVariableOverride]
        """The future the API's functions return: the selected framework's own.

        At run time it is an ``asyncio.Future[T]`` (or a Task) once asyncio is
        selected and a ``Deferred[T]`` once Twisted is. A type checker cannot
        follow ``use_twisted()``, so this type is both: code that knows its
        framework uses that framework's API on it (``addBoth``, returning it
        as a ``Deferred[None]``, yielding it in ``@inlineCallbacks``;
        ``set_result``, ``done()``, ``result()``), and ``T`` is checked
        wherever it flows. Framework-neutral code that wants the use of
        either API reported opts in to the strict mode (see the typing
        guide), which turns this type into :data:`Future`.

        Only for type checkers; at run time the name is :data:`Future`.
        """

        def cancel(self, msg: Any | None = None) -> bool:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
            """Cancel the future; True when it was pending (asyncio)."""
            ...

        def callback(self, result: _T) -> None:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
            """Fire with ``result`` (Twisted)."""
            ...

        # A data descriptor: the result method of asyncio's futures, not
        # the result attribute Twisted's Deferred sets while it runs.
        @property
        def result(self) -> Callable[[], _T]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
            """The result (asyncio): ``future.result()`` raises while pending."""
            ...

else:
    FrameworkFuture = Future


Loop: TypeAlias = asyncio.AbstractEventLoop | ReactorTime
"""An asyncio event loop or a Twisted reactor (or ``task.Clock``)."""

Error: TypeAlias = BaseException | IFailedFuture
"""What ``reject`` and friends take: an exception or a failure."""

Canceller: TypeAlias = Callable[[FrameworkFuture[_T]], object]
"""Called with the future inside ``cancel``; what it returns is ignored."""


if TYPE_CHECKING:

    class FrameworkLoop(asyncio.AbstractEventLoop, ReactorTime):
        """What ``txaio.config.loop`` holds, to a type checker: the selected
        framework's loop, usable as an asyncio event loop and as a reactor.

        As with :class:`FrameworkFuture`, code that knows its framework
        uses that framework's API on it (``asyncio.Future(loop=...)``,
        ``loop.callLater(...)``). Only for type checkers; at run time the
        name is :data:`Loop`.
        """

else:
    FrameworkLoop = Loop


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
