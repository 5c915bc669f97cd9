"""The asyncio backend's futures and ``add_callbacks`` chains.

Every asyncio future given to ``add_callbacks`` carries one chain, as a
Deferred does: the callbacks added to it run in order, each receiving what
the one before returned (or the failure it raised), to the end of the chain
in the loop step in which the future settles; a callback that returns a
future pauses the chain until that future settles.

What ``add_callbacks`` returns is the future that gets the chain's outcome:

* a future this backend made (:class:`ChainFuture`), while it is pending, is
  its own: as a Deferred, it runs its chain as soon as it is settled
  (``resolve``, ``set_result``, ...), and takes the chain's outcome as its
  result (it stays pending while the chain waits for a returned future);
* any other asyncio future (a Task, a future from ``loop.create_future()``
  or uvloop's) keeps its own result for whoever awaits it: its chain runs
  from the done-callback registered on it, into a future of this backend;
  so does the chain of a future that had settled before callbacks were
  added.

A chain belongs to its future and lives as long as it does, without keeping
it alive: the chain never refers to its future.

* A future this backend made holds its chain in a slot.
* Any other future holds it in its done-callback and in its
  ``_cancel_message``, where the chain is also found again: asyncio reads
  that attribute only for a cancelled future, and ``cancel()`` replaces it.
  Once its chain has run, a cancelled future's chain goes into a table from
  which it is removed when the future dies. (In the loop step in which a
  foreign future is cancelled, until its chain has run, the chain cannot be
  found: a callback added then starts a chain of its own.)
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any, Final, TypeAlias, cast

from typing_extensions import TypeVar

from txaio_typed._failure import FailedFuture, failure_of

__all__ = [
    "OK",
    "CancellableFuture",
    "Chain",
    "ChainFuture",
    "chain_of",
    "fire_all",
    "hang",
    "new_future",
    "run_guarded",
    "seen_failure",
    "storable",
]

_T = TypeVar("_T")

_Future: Final = asyncio.Future
_partial: Final = functools.partial
_CancelledError: Final = asyncio.CancelledError
# asyncio's own methods, which settle a future without starting its chain.
_set_result: Final = asyncio.Future[Any].set_result
_set_exception: Final = asyncio.Future[Any].set_exception
_cancel: Final = asyncio.Future[Any].cancel

Callback = Callable[[Any], object]
Errback = Callable[[FailedFuture], object]

#: The message asyncio (3.13+) uses when it wraps a StopIteration that cannot
#: be stored in a future.
STOP_ARGS: Final = (
    "StopIteration interacts badly with generators and cannot be raised into a Future",
)


def seen_failure(exc: BaseException) -> FailedFuture:
    """The failure an errback sees for ``exc`` (a StopIteration unwrapped)."""
    if type(exc) is RuntimeError and exc.args == STOP_ARGS:
        cause = exc.__cause__
        if isinstance(cause, StopIteration):
            exc = cause
    return failure_of(exc)


def storable(exc: BaseException) -> BaseException:
    """``exc``, or, for a ``StopIteration`` (which ``set_exception`` refuses),
    a ``RuntimeError`` caused by it, as asyncio 3.13+ does itself.

    Every exception this backend stores in a future passes through here;
    :func:`seen_failure` undoes it for errbacks.
    """
    if isinstance(exc, StopIteration):
        wrapper = RuntimeError(*STOP_ARGS)
        wrapper.__cause__ = wrapper.__context__ = exc
        return wrapper
    return exc


class ChainFuture(asyncio.Future[_T]):
    """The futures this backend makes: a real ``asyncio.Future`` with a slot
    for its ``add_callbacks`` chain.

    As on a Deferred, a future with a chain runs it as soon as it is
    settled (``set_result``, ``set_exception``, ``cancel``), and takes the
    chain's outcome as its own. Make one with :func:`new_future`.
    ``txaio_busy`` is set while a chain whose outcome this future is to hold
    is running: cancelling it then is too late and does nothing, as on
    Twisted. Its class is named ``Future``:
    asyncio's reports ("Future exception was never retrieved") and
    ``repr()`` show that name.
    """

    __slots__ = ("txaio_busy", "txaio_chain")
    txaio_chain: Chain | None
    txaio_busy: bool

    def set_result(self, result: _T, /) -> None:
        chain = self.txaio_chain
        if chain is None:
            _set_result(self, result)
            return
        more = chain.fire(self, OK, result)
        if more is not None:
            fire_all(more)

    def set_exception(self, exception: type | BaseException, /) -> None:
        chain = self.txaio_chain
        if chain is None:
            _set_exception(self, exception)
            return
        if isinstance(exception, type):
            exception = exception()
        if isinstance(exception, StopIteration):
            raise TypeError(STOP_ARGS[0])
        more = chain.fire(self, _FAILED, exception)
        if more is not None:
            fire_all(more)

    def cancel(self, msg: Any | None = None) -> bool:
        if getattr(self, "txaio_busy", False):
            return False
        chain = self.txaio_chain
        if chain is None:
            return _cancel(self, msg)
        if self.done():
            return False
        if chain.fired:  # waiting: cancel what it waits for, as on Twisted
            waiting = getattr(chain, "waiting", None)
            returned = None if waiting is None else waiting()
            if returned is not None:
                returned.cancel(msg)
            return False
        chain.quiet = True
        error = _CancelledError() if msg is None else _CancelledError(msg)
        more = chain.fire(self, _CANCELLED, error)
        if more is not None:
            fire_all(more)
        return self.cancelled()


class CancellableFuture(ChainFuture[_T]):
    """A future whose canceller runs inside ``cancel()``, as on Twisted.

    The canceller may settle the future itself; then that outcome stands and
    ``cancel()`` returns False. Otherwise the future is cancelled as usual,
    also when the canceller raises: its error goes to the loop's exception
    handler. The canceller runs at most once, so a canceller that cancels
    its own future (directly or through another future) ends.
    """

    def __init__(
        self,
        canceller: Callable[[asyncio.Future[_T]], object],
        *,
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        super().__init__(loop=loop)
        self.txaio_chain = None
        self._txaio_canceller: Callable[[asyncio.Future[_T]], object] | None = canceller

    def cancel(self, msg: Any | None = None) -> bool:
        canceller = self._txaio_canceller
        if canceller is not None and not _called(self):
            self._txaio_canceller = None
            run_guarded(canceller, self)
            if _called(self):  # the canceller settled it: that stands
                return False
        return super().cancel(msg)


def _called(future: ChainFuture[Any]) -> bool:
    """True once ``future`` was settled (its chain may still be running)."""
    chain = future.txaio_chain
    return future.done() or (chain is not None and chain.fired)


ChainFuture.__name__ = ChainFuture.__qualname__ = "Future"
CancellableFuture.__name__ = CancellableFuture.__qualname__ = "Future"


def new_future(loop: asyncio.AbstractEventLoop) -> ChainFuture[Any]:
    """A pending future of this backend on ``loop``, with no chain yet.

    The hot paths of the API inline these two lines: a slot cannot default
    to None, and the call costs about 10% of ``create_future_success``.
    """
    future: ChainFuture[Any] = ChainFuture(loop=loop)
    future.txaio_chain = None
    return future


def run_guarded(
    canceller: Callable[[Any], object], future: asyncio.Future[Any]
) -> None:
    """``canceller(future)``; an ``Exception`` it raises goes to the loop's
    exception handler instead of interrupting the cancellation."""
    try:
        canceller(future)
    except Exception as exc:
        future.get_loop().call_exception_handler(
            {
                "message": f"Exception in the canceller {canceller!r}",
                "exception": exc,
                "future": future,
            }
        )


# The outcome a chain carries from link to link.
OK: Final = 0
_FAILED: Final = 1
_CANCELLED: Final = 2


class Chain:
    """The callbacks added to one future, and the outcome they have reached.

    ``links`` holds ``callback, errback`` (flat) for each ``add_callbacks``
    not yet run; a run that pauses goes on from where it paused.
    ``state``/``value`` is the current outcome (a result, an exception, or a
    cancellation with its ``CancelledError``) once the chain has ``fired``:
    its future settled. ``target`` is the future that is to get the outcome
    at the end of the chain and that ``add_callbacks`` returns: None for the
    chain's own future while it is pending (a future of this backend, as a
    Deferred); else a future of this backend made for the purpose (for a
    foreign future, or once the own one has its outcome). ``active`` is True
    while a run will still reach a newly added link: the chain has not
    fired, or a run is scheduled, running or ``waiting`` for a returned
    future. ``quiet`` is set when the future was cancelled: settling it
    later does nothing. The chain never refers to its own future (``root``
    in the methods).
    """

    __slots__ = (
        "active",
        "fired",
        "links",
        "quiet",
        "state",
        "target",
        "value",
        "waiting",
    )

    def __init__(
        self,
        callback: Callback | None,
        errback: Errback | None,
        target: ChainFuture[Any] | None,
    ) -> None:
        self.links: list[Any] = [callback, errback]
        self.active = True
        self.fired = False
        self.target = target
        # Set when needed, and read only then (or with a default):
        self.state: int
        self.value: Any
        self.quiet: bool
        self.waiting: weakref.ref[asyncio.Future[Any]] | None

    def result_future(self, root: asyncio.Future[Any]) -> ChainFuture[Any]:
        """What ``add_callbacks`` returns: the future that gets the outcome
        at the end of the chain (see the class doc)."""
        old: asyncio.Future[Any]
        if self.target is None:
            if not root.done():
                return cast("ChainFuture[Any]", root)
            old = root
        elif not self.target.done():
            return self.target
        else:
            old = self.target
        if self.fired and self.state == _FAILED and not old.cancelled():
            old.exception()  # passed on along the chain: handled there
        target = new_future(root.get_loop())
        self.target = target
        return target

    def add(
        self,
        root: asyncio.Future[Any],
        callback: Callback | None,
        errback: Errback | None,
    ) -> None:
        """Append a link; run it soon if the chain has come to its end."""
        links = self.links
        links.append(callback)
        links.append(errback)
        if not self.active:
            self.active = True
            root.get_loop().call_soon(self.proceed, root)

    def fire(
        self, root: asyncio.Future[Any], state: int, value: Any
    ) -> deque[_Fire] | None:
        """Run the chain from the outcome its future (``root``, one of this
        backend) was given; what ``run`` returns."""
        if self.fired:
            self.refuse(root)
            return None
        self.fired = True
        self.state = state
        self.value = value
        return self.run(root)

    def refuse(self, root: asyncio.Future[Any]) -> None:
        """``root`` is settled again: nothing happens if it was cancelled,
        else ``InvalidStateError``, as asyncio raises."""
        if not getattr(self, "quiet", False):
            raise asyncio.InvalidStateError(f"invalid state: {root!r} has an outcome")

    def start(self, root: asyncio.Future[Any]) -> None:
        """The done-callback of a future this backend did not make."""
        self._take(root)
        _keep(root, self)
        self.fired = True
        more = self.run(root)
        if more is not None:
            fire_all(more)

    def start_later(self, root: asyncio.Future[Any]) -> None:
        """Run on the next turn of the loop from the outcome ``root``, a
        future of this backend, already has."""
        self._take(root)
        self.fired = True
        root.get_loop().call_soon(self.proceed, root)

    def proceed(self, root: asyncio.Future[Any], index: int = 0) -> None:
        """Run the links added since the chain came to its end (or, after a
        ``KeyboardInterrupt``, the rest)."""
        more = self.run(root, index)
        if more is not None:
            fire_all(more)

    def resume(
        self, root: asyncio.Future[Any], index: int, returned: asyncio.Future[Any]
    ) -> None:
        """Done-callback of the future a callback returned: run on from its
        outcome, from link ``index``."""
        self.waiting = None
        self._take(returned)
        more = self.run(root, index)
        if more is not None:
            fire_all(more)

    def run(self, root: asyncio.Future[Any], index: int = 0) -> deque[_Fire] | None:
        """Run the links from ``index`` on, until the end or a pause; at the
        end, give the target its outcome.

        Returns the futures to fire next, when the target has a chain of its
        own: the caller runs them in a loop, not recursively, so that chains
        of chains of any length work.
        """
        target = self.target
        if target is None:  # its own future, one of this backend's: its
            # chain has fired, so cancel() does nothing while this runs
            target = cast("ChainFuture[Any]", root)
        else:
            target.txaio_busy = True
        links = self.links
        state = self.state
        value: Any = self.value
        try:
            while index < len(links):
                handler: Callable[[Any], object] | None = links[
                    index if state == OK else index + 1
                ]
                index += 2
                if handler is None:
                    continue
                try:
                    result = handler(value if state == OK else seen_failure(value))
                except BaseException as raised:
                    state = _FAILED
                    value = raised
                    if isinstance(raised, (KeyboardInterrupt, SystemExit)):
                        # Propagates, as asyncio lets it; the rest runs later.
                        self.state = state
                        self.value = value
                        root.get_loop().call_soon(self.proceed, root, index)
                        raise
                    continue
                if isinstance(result, _Future):
                    self.state = state
                    self.value = value
                    returned: asyncio.Future[Any] = result  # pyright: ignore[reportUnknownVariableType]
                    self.waiting = weakref.ref(returned)
                    returned.add_done_callback(_partial(self.resume, root, index))
                    return None
                if isinstance(result, FailedFuture):  # as a returned Failure
                    state = _FAILED
                    value = cast("FailedFuture[BaseException]", result).value
                else:
                    state = OK
                    value = result
        finally:
            if target is not root:
                target.txaio_busy = False
        links.clear()
        self.active = False
        self.state = state
        self.value = value
        if target.done():  # its holder settled it (cancelled it) meanwhile
            return None
        chain = target.txaio_chain
        if chain is self or chain is None:
            if state == OK:
                _set_result(target, value)
            else:
                _settle(target, state, value)
            return None
        return deque(((target, chain, state, value),))

    def _take(self, future: asyncio.Future[Any]) -> None:
        """Make ``future``'s outcome the chain's (marks a failure retrieved)."""
        if future.cancelled():
            try:
                future.result()
            except _CancelledError as cancelled:
                # This frame (which refers to the future) is no part of it.
                tb = cancelled.__traceback__
                cancelled.__traceback__ = None if tb is None else tb.tb_next
                self.state = _CANCELLED
                self.value = cancelled
            return
        exc = future.exception()
        if exc is None:
            self.state = OK
            self.value = future.result()
        else:
            self.state = _FAILED
            self.value = exc


_Fire: TypeAlias = tuple[ChainFuture[Any], Chain, int, Any]


def _settle(future: asyncio.Future[Any], state: int, value: Any) -> None:
    """Give ``future`` the outcome, with asyncio's own methods."""
    if state == OK:
        _set_result(future, value)
    elif state == _FAILED:
        _set_exception(future, storable(value))
    else:
        _cancel(future, value.args[0] if value.args else None)


def fire_all(waiting: deque[_Fire]) -> None:
    """Fire the chains in ``waiting``, and those they fire in turn."""
    while waiting:
        future, chain, state, value = waiting.popleft()
        more = chain.fire(future, state, value)
        if more is not None:
            waiting.extend(more)


# -- chains of futures this backend did not make ------------------------------


class _FutureRef(weakref.ref[asyncio.Future[Any]]):
    """A weak reference to a cancelled foreign future with a chain; it knows
    the future's key in ``_cancelled``."""

    __slots__ = ("key",)
    key: int


_cancelled: dict[int, tuple[Chain, _FutureRef]] = {}
"""The chains of cancelled foreign futures, by ``id()``; an entry goes when its
future dies."""


def chain_of(future: asyncio.Future[Any]) -> Chain | None:
    """The chain of a future this backend did not make, if it has one."""
    held = getattr(future, "_cancel_message", None)
    if type(held) is Chain:
        return held
    if future.cancelled():
        entry = _cancelled.get(id(future))
        if entry is not None and entry[1]() is future:
            return entry[0]
    return None


def hang(future: asyncio.Future[Any], chain: Chain) -> None:
    """Make ``chain`` the chain of ``future``, a future this backend did not
    make: see the module doc."""
    if not future.cancelled() and getattr(future, "_cancel_message", None) is None:
        # (A Task asked to cancel holds its message there until it ends.)
        setattr(future, "_cancel_message", chain)  # noqa: B010 - not in typeshed
    future.add_done_callback(chain.start)


def _keep(future: asyncio.Future[Any], chain: Chain) -> None:
    """Let the settled ``future`` hold ``chain``: see the module doc."""
    if future.cancelled():
        key = id(future)
        ref = _FutureRef(future, _forget)
        ref.key = key
        _cancelled[key] = (chain, ref)
    else:
        setattr(future, "_cancel_message", chain)  # noqa: B010 - not in typeshed


def _forget(ref: weakref.ref[asyncio.Future[Any]]) -> None:
    """The future of ``ref`` is gone: so is its entry."""
    key = cast(_FutureRef, ref).key
    entry = _cancelled.get(key)
    if entry is not None and entry[1] is ref:
        del _cancelled[key]
