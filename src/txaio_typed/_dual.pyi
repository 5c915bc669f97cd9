"""What the API returns, to a type checker: both frameworks' at once; the
strict mode's switch.

A type checker cannot follow ``use_twisted()``, so the futures the API
returns (and ``txaio.config.loop``) have both frameworks' API: code that
knows which framework it runs on uses that framework's own, and the result
type ``T`` is checked wherever it flows. In the strict mode (``TXAIO_STRICT``
true, see the typing guide) they have neither: :data:`FrameworkFuture` is
the neutral :data:`~txaio_typed.Future` and :data:`FrameworkLoop` the
neutral :data:`~txaio_typed._types.Loop`.

Only for type checkers: at run time ``FrameworkFuture`` and
``FrameworkLoop`` are ``Future`` and ``Loop`` (``_types.py``), and there is
no ``DualFuture`` or ``DualLoop`` class.
"""

import asyncio
from collections.abc import Callable
from typing import Any, Literal, TypeAlias, TypeVar

from twisted.internet.base import DelayedCall
from twisted.internet.defer import Deferred

from txaio_typed._types import Future, Loop, ReactorTime
from txaio_typed.interfaces import IDelayedCall, LogLevel

_T = TypeVar("_T")

TXAIO_STRICT: Literal[False]
"""The strict mode's switch, only for type checkers: tell the checker it is
true (mypy ``always_true = TXAIO_STRICT``; pyright and basedpyright
``"defineConstant": {"TXAIO_STRICT": true}``) and the API's results offer
no framework's own API, and log levels must be ``LogLevel`` names."""

TYPE_CHECKING_WITH_PYREFLY: bool
"""True under pyrefly only (pyrefly's own name)."""

class DualFuture(asyncio.Future[_T], Deferred[_T]):  # type: ignore[misc]  # pyright: ignore[reportIncompatibleVariableOverride]
    """A future that is both an ``asyncio.Future[T]`` and a ``Deferred[T]``.

    What the API's functions return by default (:data:`FrameworkFuture`):
    Twisted code calls ``addBoth``, returns it as a ``Deferred[None]`` and
    yields it in ``@inlineCallbacks``; asyncio code calls ``set_result``,
    ``done()`` and ``result()`` and gives it to ``asyncio.gather``.
    """

    def cancel(self, msg: Any | None = None) -> bool:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """Cancel the future; True when it was pending (asyncio)."""

    # Deferred's takes a Failure too; errback() is the way to fail it.
    def callback(self, result: _T) -> None:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """Fire with ``result`` (Twisted)."""

    # A data descriptor: the result method of asyncio's futures, not the
    # result attribute Twisted's Deferred sets while it runs.
    @property
    def result(self) -> Callable[[], _T]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """The result (asyncio): ``future.result()`` raises while pending."""

class DualLoop(asyncio.AbstractEventLoop, ReactorTime):  # type: ignore[misc]
    """An asyncio event loop that is a reactor too: what
    :data:`FrameworkLoop` is by default (``asyncio.Future(loop=...)``,
    ``loop.callLater(...)``)."""

class DualDelayedCall(asyncio.TimerHandle, DelayedCall):  # type: ignore[misc]
    """A delayed call that is both asyncio's ``TimerHandle`` and Twisted's
    ``DelayedCall``: what :data:`FrameworkDelayedCall` is by default
    (Twisted code calls ``active()``, asyncio code ``when()``)."""

    def cancel(self) -> None:
        """Stop the call from running."""

    # asyncio's cancelled method, not the attribute a DelayedCall sets.
    @property
    def cancelled(self) -> Callable[[], bool]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """``handle.cancelled()``: True once cancelled (asyncio)."""

# TXAIO_STRICT is false unless the checker is told otherwise (mypy
# always_true, pyright defineConstant); with an unknown test, mypy and
# pyright keep the first definition, and the elif keeps pyrefly, which
# follows both branches, on it too.
if not TXAIO_STRICT:
    _Future: TypeAlias = DualFuture[_T]  # pyright: ignore[reportRedeclaration]
    _Loop: TypeAlias = DualLoop  # pyright: ignore[reportRedeclaration]
    _Level: TypeAlias = LogLevel | str  # pyright: ignore[reportRedeclaration]
    _Call: TypeAlias = DualDelayedCall  # pyright: ignore[reportRedeclaration]
elif TYPE_CHECKING_WITH_PYREFLY:
    pass
else:
    _Future: TypeAlias = Future[_T]  # type: ignore[no-redef, misc]  # pyright: ignore[reportRedeclaration]
    _Loop: TypeAlias = Loop  # type: ignore[no-redef, misc]  # pyright: ignore[reportRedeclaration]
    _Level: TypeAlias = LogLevel  # type: ignore[no-redef, misc]  # pyright: ignore[reportRedeclaration]
    _Call: TypeAlias = IDelayedCall  # type: ignore[no-redef, misc]  # pyright: ignore[reportRedeclaration]

# One declaration each: a module importing them gets the branch taken above.
FrameworkFuture: TypeAlias = _Future[_T]
"""What the API's functions return: by default a :class:`DualFuture` (both
frameworks' API), in the strict mode the neutral ``Future``."""

FrameworkLoop: TypeAlias = _Loop
"""What ``txaio.config.loop`` holds: by default a :class:`DualLoop`, in the
strict mode the neutral ``Loop``."""

LogLevelName: TypeAlias = _Level
"""A log level as the level-setting functions take it: by default any
``str`` (real code reads levels from command lines and configuration
files; an unknown name raises ``ValueError`` at run time), in the strict
mode one of :data:`~txaio_typed.LogLevel`'s names."""

FrameworkDelayedCall: TypeAlias = _Call
"""What ``call_later`` returns: by default a :class:`DualDelayedCall` (both
frameworks' handle), in the strict mode an
:class:`~txaio_typed.IDelayedCall` (``cancel()`` only)."""
