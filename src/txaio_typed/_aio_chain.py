"""The asyncio backend's futures and ``add_callbacks`` chains.

Every asyncio future given to ``add_callbacks`` carries one chain, as a
Deferred does: the callbacks added to it run in order, each receiving what
the one before returned (or the failure it raised), all in the loop step in
which the future settles; a callback that returns a future pauses the chain
until that future settles. Each ``add_callbacks`` returns a future of its
own link's outcome.

A chain belongs to its future and lives exactly as long as it does, without
keeping it alive: the chain never refers to its future.

* A future this backend made (:class:`ChainFuture`) holds its chain in a
  slot.
* Any other asyncio future (a Task, a future from ``loop.create_future()``
  or uvloop's) holds it in the done-callback registered on it while it is
  pending. Once it has a result or an exception, in its ``_cancel_message``:
  asyncio reads that attribute only for a cancelled future, and a settled
  future can no longer be cancelled. A cancelled future keeps its message,
  so its chain goes into a table from which it is removed when the future
  dies. Such chains are found again through a table of weak references
  keyed by the future's ``id()``, from which an entry goes when its chain
  dies, which is no sooner than its future.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from typing import Any, Final

from typing_extensions import TypeVar

from txaio_typed._failure import FailedFuture, failure_of

__all__ = [
    "CancellableFuture",
    "Chain",
    "ChainFuture",
    "chain_of",
    "hang",
    "run_guarded",
    "seen_failure",
    "storable",
]

_T = TypeVar("_T")

_Future: Final = asyncio.Future
_CancelledError: Final = asyncio.CancelledError

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
    a ``RuntimeError`` caused by it, as asyncio 3.13+ does itself."""
    if isinstance(exc, StopIteration):
        wrapper = RuntimeError(*STOP_ARGS)
        wrapper.__cause__ = wrapper.__context__ = exc
        return wrapper
    return exc


class ChainFuture(asyncio.Future[_T]):
    """The futures this backend makes: a real ``asyncio.Future`` with a slot
    for its ``add_callbacks`` chain.

    Every creator sets ``txaio_chain`` to None right after construction, so
    that making one costs no more than ``loop.create_future()``.
    ``txaio_busy`` is set while the callback whose outcome this future holds
    is running: cancelling it then is too late and does nothing, as on
    Twisted. Its class is named ``Future``: asyncio's reports ("Future
    exception was never retrieved") and ``repr()`` show that name.
    """

    __slots__ = ("txaio_busy", "txaio_chain")
    txaio_chain: Chain | None
    txaio_busy: bool

    def cancel(self, msg: Any | None = None) -> bool:
        if getattr(self, "txaio_busy", False):
            return False
        return super().cancel(msg)


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
        if canceller is not None and not self.done():
            self._txaio_canceller = None
            run_guarded(canceller, self)
        return super().cancel(msg)


ChainFuture.__name__ = ChainFuture.__qualname__ = "Future"
CancellableFuture.__name__ = CancellableFuture.__qualname__ = "Future"


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
_OK: Final = 0
_FAILED: Final = 1
_CANCELLED: Final = 2


class Chain:
    """The callbacks added to one future, and the outcome they have reached.

    ``links`` holds ``(callback, errback, outcome)`` for each
    ``add_callbacks`` not yet run, from ``position`` on; ``outcome`` is the
    future that call returned. ``state``/``value`` is the current outcome
    (a result, an exception, or a cancellation with its ``CancelledError``);
    ``tail`` the future that holds it, once a link has run. ``active`` is
    True while a run will still reach a newly added link: the future is
    pending, a run is scheduled or running, or a returned future is awaited.
    """

    __slots__ = (
        "__weakref__",
        "active",
        "links",
        "loop",
        "position",
        "state",
        "tail",
        "value",
    )

    def __init__(
        self, loop: asyncio.AbstractEventLoop, link: tuple[Any, Any, ChainFuture[Any]]
    ) -> None:
        self.loop = loop
        self.links: list[tuple[Any, Any, ChainFuture[Any]]] = [link]
        self.position = 0
        self.active = True
        self.state = _OK
        self.value: Any = None
        self.tail: asyncio.Future[Any] | None = None

    def add(self, link: tuple[Any, Any, ChainFuture[Any]]) -> None:
        """Append a link; run it soon if the chain has come to its end."""
        self.links.append(link)
        if not self.active:
            self.active = True
            self.loop.call_soon(self.proceed)

    def start(self, future: asyncio.Future[Any]) -> None:
        """The done-callback of the chain's future: run from its outcome."""
        self._take(future)
        if not isinstance(future, ChainFuture):
            _keep(future, self)
        self.proceed()

    def resume(self, returned: asyncio.Future[Any]) -> None:
        """Done-callback of a future a callback returned: settle that link's
        outcome with it, then run on."""
        tail = self.tail
        assert tail is not None
        if tail.done():  # its holder settled it meanwhile (cancelled it)
            self._take(tail)
            _retrieved(returned)
        else:
            self._take(returned)
            self._settle(tail)
        self.proceed()

    def proceed(self) -> None:
        """Run the links from ``position`` on, until the end or a pause."""
        links = self.links
        index = self.position
        while index < len(links):
            callback, errback, outcome = links[index]
            index += 1
            if self.state == _FAILED and self.tail is not None:
                # Passed on to this link: the previous outcome's holder
                # need not hear of it.
                _retrieved(self.tail)
            self.tail = outcome
            if outcome.done():  # its holder settled it first (cancelled it)
                self._take(outcome)
                continue
            handler = callback if self.state == _OK else errback
            if handler is None:
                self._settle(outcome)
                continue
            argument = self.value if self.state == _OK else seen_failure(self.value)
            outcome.txaio_busy = True
            try:
                result = handler(argument)
            except BaseException as raised:
                outcome.txaio_busy = False
                self.state, self.value = _FAILED, raised
                outcome.set_exception(storable(raised))
                if isinstance(raised, (KeyboardInterrupt, SystemExit)):
                    self.position = index
                    self.loop.call_soon(self.proceed)
                    raise
                continue
            outcome.txaio_busy = False
            if isinstance(result, _Future):
                self.position = index
                returned: asyncio.Future[Any] = result  # pyright: ignore[reportUnknownVariableType]
                returned.add_done_callback(self.resume)
                return
            self.state, self.value = _OK, result
            outcome.set_result(result)
        links.clear()
        self.position = 0
        self.active = False

    def _take(self, future: asyncio.Future[Any]) -> None:
        """Make ``future``'s outcome the chain's (marks a failure retrieved)."""
        if future.cancelled():
            try:
                future.result()
            except _CancelledError as cancelled:
                # This frame (which refers to the future) is no part of it.
                tb = cancelled.__traceback__
                cancelled.__traceback__ = None if tb is None else tb.tb_next
                self.state, self.value = _CANCELLED, cancelled
            return
        exc = future.exception()
        if exc is None:
            self.state, self.value = _OK, future.result()
        else:
            self.state, self.value = _FAILED, exc

    def _settle(self, outcome: asyncio.Future[Any]) -> None:
        """Give ``outcome`` the chain's outcome."""
        state = self.state
        if state == _OK:
            outcome.set_result(self.value)
        elif state == _FAILED:
            outcome.set_exception(storable(self.value))
        else:
            outcome.cancel()


def _retrieved(future: asyncio.Future[Any]) -> None:
    """Mark a failure of ``future`` as retrieved."""
    if not future.cancelled():
        future.exception()


# -- chains of futures this backend did not make ------------------------------


_found: dict[int, tuple[weakref.KeyedRef[int, asyncio.Future[Any]], weakref.ref[Chain]]]
_found = {}
"""Per foreign future with a chain, by ``id()``: a weak reference to the
future (whose death removes the entry) and one to its chain."""

_cancelled: dict[int, Chain] = {}
"""The chains of cancelled foreign futures, by ``id()``, while they live."""


def chain_of(future: asyncio.Future[Any]) -> Chain | None:
    """The chain of a future this backend did not make, if it has one."""
    entry = _found.get(id(future))
    if entry is None or entry[0]() is not future:
        return None
    return entry[1]()


def hang(future: asyncio.Future[Any], chain: Chain) -> None:
    """Make ``chain`` the chain of ``future``, a future this backend did not
    make; ``future`` holds it in a done-callback from now on."""
    key = id(future)
    _found[key] = (weakref.KeyedRef(future, _forget, key), weakref.ref(chain))
    future.add_done_callback(chain.start)


def _keep(future: asyncio.Future[Any], chain: Chain) -> None:
    """Let the settled ``future`` hold ``chain``: see the module doc."""
    if future.cancelled():
        _cancelled[id(future)] = chain
    else:
        # typeshed does not declare the attribute.
        setattr(future, "_cancel_message", chain)  # noqa: B010


def _forget(ref: weakref.KeyedRef[int, asyncio.Future[Any]]) -> None:
    """The future of ``ref`` is gone: so is its entry."""
    key = ref.key
    entry = _found.get(key)
    if entry is not None and entry[0] is ref:
        del _found[key]
        _cancelled.pop(key, None)
