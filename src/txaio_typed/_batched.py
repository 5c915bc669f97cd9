"""Batched timers: many delayed calls, one event-loop timer per time bucket.

The timer is backend-neutral. A backend supplies three hooks: ``loop()``
returns the current event loop or reactor (looked up on every call, so a
loop swapped in later is followed), ``seconds(loop)`` reads its clock and
``call_later(loop, delay, fn)`` schedules a zero-argument function on it.

Time is handled in integer nanoseconds. A call due at ``due`` belongs to the
bucket ``(end - bucket, end]`` with ``end`` the first multiple of the bucket
length at or after ``due``; the bucket's one underlying delayed call fires at
``end``. So a call never fires before its due time and at most one bucket
after it, and a call due exactly on a boundary fires at that boundary.

A call made while a bucket of the same timer and loop is firing counts its
delay from the time that bucket was due (its ``end``), not from the clock,
which reads a little later: a timer re-armed from its own callback keeps its
period instead of slipping a bucket every time. When that due time has
already passed (the loop was held up for longer than the delay), the delay
counts from the clock, so a stalled loop does not make re-armed timers fire
in a burst.

When a bucket fires, its calls run ``chunk_size`` at a time; each further
chunk is scheduled with a zero delay, so it runs on a later turn of the loop
(after the loop has handled I/O) at the same clock time. Exceptions raised by
the calls are collected, and after the last chunk they are raised together as
one :class:`ExceptionGroup` (a ``BatchedCallsError``, also a ``RuntimeError``
as upstream raised) from that chunk's delayed call, so the framework
reports them: asyncio passes them to the loop's exception handler, the
Twisted reactor logs an unhandled error, and ``task.Clock.advance`` raises
the group to its caller.
"""

from __future__ import annotations

import math
import numbers
import operator
import sys
from collections.abc import Callable
from typing import Any, Final, Generic

from typing_extensions import ParamSpec, TypeVar

from txaio_typed._errors import (
    BatchedCallsError,
    delay_value_error,
    seconds_type_error,
)
from txaio_typed.interfaces import IBatchedTimerABC, IDelayedCall, IDelayedCallABC

__all__ = ["BatchedTimer"]

_L = TypeVar("_L")
_P = ParamSpec("_P")

_NS_PER_S: Final = 1_000_000_000
_INF: Final = math.inf
_MAX_FLOAT: Final = sys.float_info.max
# A pending bucket's list of calls is compacted once more than half of it is
# cancelled calls, and only when it is at least this long.
_COMPACT_MIN: Final = 64


def _ns(seconds: float) -> int:
    """``seconds`` (finite, >= 0) in integer nanoseconds, without overflow."""
    scaled = seconds * _NS_PER_S
    if scaled < _INF:
        return round(scaled)
    return int(seconds) * _NS_PER_S  # beyond 1.8e299 s: whole seconds suffice


def _seconds(ns: int) -> float:
    """``ns`` in seconds, the largest float for a count beyond it."""
    try:
        return ns / _NS_PER_S
    except OverflowError:
        return _MAX_FLOAT


def _real(value: object, name: str) -> float:
    """``value`` as a float; ``TypeError`` naming ``name`` unless it is a real."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise seconds_type_error(value, name)
    return float(value)


class _BatchedCall:
    """The handle of one batched call: ``cancel()`` stops it.

    It stores the function and its arguments (no closure). ``bucket`` is None
    once the call has run or been cancelled; ``func`` is None once it has been
    cancelled or has started to run.
    """

    __slots__ = ("args", "bucket", "func", "kwargs")

    def __init__(
        self,
        bucket: _Bucket[Any],
        func: Callable[..., object],
        args: tuple[object, ...],
        kwargs: dict[str, object] | None,
    ) -> None:
        self.bucket: _Bucket[Any] | None = bucket
        self.func: Callable[..., object] | None = func
        self.args = args
        self.kwargs = kwargs

    def cancel(self) -> None:
        """Stop the call from running.

        Does nothing when the call has already run or been cancelled. Takes
        constant (amortised) time. Cancelling the last pending call of a
        bucket cancels the bucket's underlying delayed call.
        """
        bucket = self.bucket
        if bucket is None:
            return
        self.bucket = None
        self.func = None
        self.args = ()
        self.kwargs = None
        bucket.live -= 1
        if bucket.live == 0:
            bucket.empty()
        elif bucket.pos < 0 and _COMPACT_MIN <= len(bucket.calls) > bucket.live * 2:
            bucket.calls = [c for c in bucket.calls if c.func is not None]

    def __repr__(self) -> str:
        state = "pending" if self.bucket is not None else "done or cancelled"
        return f"<batched call {self.func!r} {state}>"


class _Bucket(Generic[_L]):
    """The calls due in one time span on one loop, and their delayed call.

    ``pos`` is -1 until the bucket fires, then the index of the next call to
    consider. ``delayed`` is the pending underlying call (the first firing or
    the next chunk), None while a chunk runs or after the last one.
    """

    __slots__ = (
        "calls",
        "delayed",
        "due",
        "end_ns",
        "errors",
        "fire_at",
        "home",
        "inside_hi",
        "inside_lo",
        "live",
        "loop",
        "pos",
        "timer",
    )

    def __init__(
        self,
        timer: BatchedTimer[_L],
        loop: _L,
        home: dict[int, _Bucket[_L]],
        end_ns: int,
    ) -> None:
        self.timer: BatchedTimer[_L] = timer
        self.loop: _L = loop
        self.home: dict[int, _Bucket[_L]] | None = home
        self.end_ns: int = end_ns
        # A float due time strictly between these lies inside the bucket
        # however the float arithmetic rounded: the margin (1 us, more at
        # large clock values) is far above the rounding error of ``now +
        # delay``. Buckets under 2 us get an empty range.
        end = _seconds(end_ns)
        self.due: float = end
        margin = 1e-6 + abs(end) * 1e-15
        self.inside_lo: float = _seconds(end_ns - timer.bucket_ns) + margin
        self.inside_hi: float = end - margin
        self.calls: list[_BatchedCall] = []
        self.live: int = 0
        self.pos: int = -1
        self.fire_at: float = 0.0
        self.delayed: IDelayedCall | None = None
        self.errors: list[Exception] | None = None

    def schedule(self, delay: float) -> None:
        """(Re)arm the underlying delayed call ``delay`` seconds from now."""
        self.delayed = self.timer.hook_call_later(self.loop, delay, self.fire)

    def detach(self) -> None:
        """Stop accepting new calls: forget the bucket in its timer."""
        home = self.home
        if home is None:
            return
        self.home = None
        timer = self.timer
        if timer.hint is self:
            timer.hint = None
        del home[self.end_ns]
        if not home:
            by_loop = timer.by_loop
            key = id(self.loop)
            if by_loop.get(key) is home:
                del by_loop[key]

    def empty(self) -> None:
        """Every call is cancelled or has run: cancel the underlying call."""
        delayed = self.delayed
        if self.pos < 0:
            self.detach()
        elif self.errors:
            # The pending chunk call will find nothing to run and report the
            # errors of the earlier chunks.
            return
        if delayed is not None:
            self.delayed = None
            self.calls = []
            delayed.cancel()

    def fire(self) -> None:
        """Run the next chunk; after the last one, raise collected errors."""
        if self.pos < 0:
            self.pos = 0
            self.detach()
        self.delayed = None
        timer = self.timer
        outer = timer.firing
        timer.firing = self
        calls = self.calls
        n = len(calls)
        i = self.pos
        budget = timer.chunk_size
        done = returned = False
        try:
            while budget and i < n and self.live:
                call = calls[i]
                i += 1
                func = call.func
                if func is None:
                    continue
                args = call.args
                kwargs = call.kwargs
                call.bucket = None
                call.func = None
                call.args = ()
                call.kwargs = None
                self.live -= 1
                budget -= 1
                try:
                    if kwargs is None:
                        func(*args)
                    else:
                        func(*args, **kwargs)
                except Exception as exc:
                    if self.errors is None:
                        self.errors = [exc]
                    else:
                        self.errors.append(exc)
            returned = True
        finally:
            timer.firing = outer
            self.pos = i
            if self.live or (self.errors and not returned):
                # Also when a BaseException escapes: the rest still runs,
                # and the errors collected so far are still reported.
                self.schedule(0.0)
            else:
                done = True
                self.calls = []
        if done and self.errors:
            errors = self.errors
            self.errors = None
            count = len(errors)
            raise BatchedCallsError(
                # "Error(s) processing call_later bucket" is upstream's wording.
                f"Error(s) processing call_later bucket: {count} "
                f"call{'s' if count > 1 else ''} raised",
                errors,
            )


class BatchedTimer(Generic[_L]):
    """Schedules calls into time buckets: one delayed call per bucket.

    Made by ``make_batched_timer(bucket_seconds, chunk_size)`` of either
    backend; it provides :class:`~txaio_typed.interfaces.IBatchedTimer`.

    ``bucket_seconds`` is the length of a bucket (any positive number of
    seconds, sub-second values included, at least one nanosecond);
    ``chunk_size`` is how many calls run in one turn of the loop when a
    bucket fires. The keyword-only hooks connect the timer to a backend:
    ``loop()`` returns the current event loop or reactor (called every time),
    ``seconds(loop)`` its clock in seconds, and ``call_later(loop, delay,
    fn)`` schedules ``fn()`` and returns a handle with ``cancel()``.

    Raises ``TypeError`` when ``bucket_seconds`` is not a real number or
    ``chunk_size`` is not an integer, and ``ValueError`` when
    ``bucket_seconds`` is not positive and finite or shorter than a
    nanosecond, or ``chunk_size`` is less than 1.
    """

    # "__dict__": applications' tests replace methods on a timer object
    # (timer.call_later = Mock()); the per-call handles keep their slots.
    __slots__ = (
        "__dict__",
        "bucket_ns",
        "by_loop",
        "chunk_size",
        "firing",
        "hint",
        "hook_call_later",
        "hook_loop",
        "hook_seconds",
    )

    def __init__(
        self,
        bucket_seconds: float,
        chunk_size: int = 100,
        *,
        loop: Callable[[], _L],
        seconds: Callable[[_L], float],
        call_later: Callable[[_L, float, Callable[[], object]], IDelayedCall],
    ) -> None:
        bucket = _real(bucket_seconds, "bucket_seconds")
        if not 0 < bucket < _INF:
            raise ValueError(
                f"bucket_seconds must be a positive number of seconds, "
                f"got {bucket_seconds!r}"
            )
        bucket_ns = _ns(bucket)
        if bucket_ns < 1:
            raise ValueError(
                f"bucket_seconds must be at least one nanosecond, "
                f"got {bucket_seconds!r}"
            )
        if isinstance(chunk_size, bool):
            raise TypeError("chunk_size must be an int, not bool")
        try:
            chunk = operator.index(chunk_size)
        except TypeError:
            raise TypeError(
                f"chunk_size must be an int, not {type(chunk_size).__name__}"
            ) from None
        if chunk < 1:
            raise ValueError(f"chunk_size must be at least 1, got {chunk_size!r}")
        self.bucket_ns: Final[int] = bucket_ns
        """The bucket length in nanoseconds."""
        self.chunk_size: Final[int] = chunk
        """How many calls run in one turn of the loop when a bucket fires."""
        self.hook_loop: Final = loop
        """The hook that returns the current loop (or reactor)."""
        self.hook_seconds: Final = seconds
        """The hook that reads a loop's clock, in seconds."""
        self.hook_call_later: Final = call_later
        """The hook that schedules a zero-argument function on a loop."""
        self.by_loop: Final[dict[int, dict[int, _Bucket[_L]]]] = {}
        """Pending buckets, by ``id(loop)`` and then by end time (ns)."""
        self.firing: _Bucket[_L] | None = None
        """The bucket whose calls are running, if any: calls made meanwhile on
        its loop count their delay from the time it was due."""
        self.hint: _Bucket[_L] | None = None
        """The pending bucket used last: a call due well inside its span (see
        ``_Bucket.inside_lo``) joins it without the exact computation."""

    def call_later(
        self,
        delay: float,
        func: Callable[_P, object],
        /,
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> IDelayedCall:
        """Call ``func(*args, **kwargs)`` about ``delay`` seconds from now.

        The call runs when the bucket holding its due time fires: never
        before ``delay`` seconds have passed on the loop's clock, at most
        one bucket later. A call made while one of this timer's buckets is
        firing (from a call of that bucket, say) counts ``delay`` from the
        time that bucket was due, so a timer re-armed from its own callback
        keeps its period (from the clock when that time has already
        passed). Returns a
        handle whose ``cancel()`` stops the call (doing nothing when it
        already ran or was cancelled).

        Raises ``TypeError`` when ``delay`` is not a real number or ``func``
        is not callable, ``ValueError`` (also an ``AssertionError``, as for
        the backends' ``call_later``) when ``delay`` is negative, infinite or
        NaN.
        """
        kind = type(delay)
        if kind is not float and kind is not int:
            delay = _real(delay, "delay")
        if not 0 <= delay < _INF:
            raise delay_value_error(delay)
        if not callable(func):
            raise TypeError(f"func must be callable, not {type(func).__name__}")
        loop = self.hook_loop()
        now = self.hook_seconds(loop)
        due = now + delay
        since_ns: int | None = None
        firing = self.firing
        if firing is not None and firing.loop is loop:
            since_ns = firing.end_ns
            due = firing.due + delay
            if due < now:
                due = now + delay
        bucket = self.hint
        if (
            bucket is None
            or bucket.loop is not loop
            or not bucket.inside_lo < due < bucket.inside_hi
        ):
            bucket = self._bucket_for(loop, now, delay, since_ns)
        call = _BatchedCall(bucket, func, args, kwargs or None)
        bucket.calls.append(call)
        bucket.live += 1
        return call

    def _bucket_for(
        self, loop: _L, now: float, delay: float, since_ns: int | None
    ) -> _Bucket[_L]:
        """The pending bucket for a call due ``delay`` after ``since_ns``, or
        after ``now`` (the clock's reading) when that is None or already past,
        on ``loop``; made (and scheduled) when there is none. Exact: integer
        nanoseconds."""
        now_ns = round(now * _NS_PER_S)
        # from_now: the due time is ``now + delay``, as the caller computed it
        # (so that a test clock advanced by exactly ``delay`` reaches it).
        from_now = since_ns is None or since_ns == now_ns
        if since_ns is None or from_now:
            due_ns = now_ns + _ns(delay)
        else:
            due_ns = since_ns + _ns(delay)
            if due_ns < now_ns:
                due_ns = now_ns + _ns(delay)
        size = self.bucket_ns
        end_ns = -(-due_ns // size) * size
        key = id(loop)
        buckets = self.by_loop.get(key)
        if buckets is None:
            buckets = self.by_loop[key] = {}
        bucket = buckets.get(end_ns)
        if bucket is None:
            bucket = _Bucket(self, loop, buckets, end_ns)
            # On a boundary, use the caller's own delay, so that a clock
            # advanced by exactly ``delay`` reaches the bucket.
            on_boundary = from_now and due_ns == end_ns
            wait = delay if on_boundary else _seconds(end_ns - now_ns)
            bucket.schedule(wait)  # first: if it raises, nothing is left behind
            bucket.fire_at = now + wait
            buckets[end_ns] = bucket
        elif from_now and due_ns == end_ns and now + delay < bucket.fire_at:
            # Float rounding put the bucket's timer a hair after this call's
            # due time (which is exactly the boundary): move it earlier.
            delayed = bucket.delayed
            bucket.schedule(delay)
            if delayed is not None:
                delayed.cancel()
            bucket.fire_at = now + delay
        self.hint = bucket
        return bucket

    def __repr__(self) -> str:
        pending = sum(len(b) for b in self.by_loop.values())
        return (
            f"<BatchedTimer bucket={_seconds(self.bucket_ns)}s "
            f"chunk_size={self.chunk_size} pending_buckets={pending}>"
        )


IBatchedTimerABC.register(BatchedTimer)
IDelayedCallABC.register(_BatchedCall)
