"""Event loops whose clock only moves when a test moves it.

Both loops keep ``now`` (what ``time()`` returns), know which of their timers
are still pending (``pending()``), and run one turn at a time
(``has_work()``, ``run_once()``), so that the ``framework`` harness drives
them alike:

- :class:`FakeClockLoop`: the standard library's selector event loop;
- :class:`FakeClockUVLoop`: uvloop. uvloop keeps its timers in libuv, on the
  real clock, so this subclass keeps them on the fake one:
  ``call_later``/``call_at`` still return uvloop's own ``TimerHandle`` (a
  real one, set far in the future, so that cancelling and ``isinstance``
  checks see what uvloop hands out), and the loop runs the callback through
  ``call_soon`` once the fake clock reaches its time. Ready callbacks,
  futures and tasks are uvloop's own.
"""

from __future__ import annotations

import asyncio
import itertools
import selectors
from collections import deque
from collections.abc import Callable
from typing import Any, cast

import uvloop

#: Where the real libuv timers are set: never reached during a test.
_FAR = 1e9


class FakeClockLoop(asyncio.SelectorEventLoop):
    """A selector event loop whose ``time()`` only moves when a test sets
    ``now``. Its timers are asyncio's own, untouched."""

    def __init__(self) -> None:
        super().__init__(selectors.DefaultSelector())
        self.now = 0.0

    def time(self) -> float:
        return self.now

    def pending(self) -> list[asyncio.TimerHandle]:
        """The timers that have neither run nor been cancelled."""
        scheduled = cast("list[asyncio.TimerHandle]", getattr(self, "_scheduled"))  # noqa: B009
        return [handle for handle in scheduled if not handle.cancelled()]

    def has_work(self) -> bool:
        """True while callbacks are ready or a live timer is due."""
        ready = cast("deque[object]", getattr(self, "_ready"))  # noqa: B009
        return bool(ready) or any(h.when() <= self.now for h in self.pending())

    def run_once(self) -> None:
        """Run one iteration of the loop."""
        self.call_soon(self.stop)
        self.run_forever()


class PendingTimer:
    """A timer of the fake clock: its time and uvloop's handle."""

    __slots__ = ("callback", "context", "handle", "released", "serial", "time")

    def __init__(
        self,
        time: float,
        serial: int,
        handle: Any,
        callback: Callable[..., object],
        context: Any,
    ) -> None:
        self.time = time
        self.serial = serial
        self.handle = handle
        self.callback = callback
        self.context = context
        self.released = False

    def when(self) -> float:
        return self.time

    def cancelled(self) -> bool:
        return bool(self.handle.cancelled())


class FakeClockUVLoop(uvloop.Loop):
    """A uvloop loop whose ``time()`` only moves when a test sets ``now``."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 0.0
        self._serial = itertools.count()
        self._timers: dict[int, PendingTimer] = {}
        self._idle = False

    def time(self) -> float:
        return self.now

    def call_soon(
        self, callback: Callable[..., object], *args: object, context: Any = None
    ) -> Any:
        self._idle = False
        return super().call_soon(callback, *args, context=context)

    def call_later(
        self,
        delay: float,
        callback: Callable[..., object],
        *args: object,
        context: Any = None,
    ) -> Any:
        return self.call_at(self.now + delay, callback, *args, context=context)

    def call_at(
        self,
        when: float,
        callback: Callable[..., object],
        *args: object,
        context: Any = None,
    ) -> Any:
        handle = super().call_later(_FAR, callback, *args, context=context)
        serial = next(self._serial)
        timer = PendingTimer(when, serial, handle, _with_args(callback, args), context)
        self._timers[serial] = timer
        if when <= self.now:
            # Due already: it runs on the next turn, as on asyncio's loop.
            self._release(timer)
        return handle

    def _release(self, timer: PendingTimer) -> None:
        timer.released = True
        self.call_soon(self._fire, timer, context=timer.context)

    def _fire(self, timer: PendingTimer) -> None:
        self._timers.pop(timer.serial, None)
        if not timer.cancelled():
            timer.handle.cancel()  # the real libuv timer, far in the future
            timer.callback()

    def pending(self) -> list[PendingTimer]:
        """The timers that have neither run nor been cancelled."""
        for serial, timer in list(self._timers.items()):
            if timer.cancelled():
                del self._timers[serial]
        return list(self._timers.values())

    def _due(self) -> list[PendingTimer]:
        due = [t for t in self.pending() if not t.released and t.time <= self.now]
        due.sort(key=lambda t: (t.time, t.serial))
        return due

    def has_work(self) -> bool:
        """True while callbacks are ready or a live timer is due."""
        return not self._idle or bool(self._due())

    def run_once(self) -> None:
        """Make the due timers ready, then run one iteration of the loop."""
        for timer in self._due():
            self._release(timer)
        self._idle = True
        super().call_soon(self.stop)
        self.run_forever()

    def close(self) -> None:
        for timer in self._timers.values():
            timer.handle.cancel()
        self._timers.clear()
        super().close()


def _with_args(
    callback: Callable[..., object], args: tuple[object, ...]
) -> Callable[[], object]:
    if not args:
        return callback
    return lambda: callback(*args)
