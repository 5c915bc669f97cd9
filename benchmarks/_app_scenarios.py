"""The application benchmark's scenarios, written once for both frameworks.

Imported by a worker of ``app.py`` (``_app_worker.py``) after it has chosen
the txaio implementation and the framework. The scenarios call nothing but
Autobahn's framework-neutral API and ``txaio``; the protocols that report
to them are in ``_app_protocols.py``.

A *scenario* is one measured run: the driver creates it with the number of
events to time and a function to call when the run is over, and starts it
with a function that opens one client connection; the client protocol
reports every event of a connection to it. The timed events are driven
from the protocols' own callbacks (the next message is sent from
``onMessage``, the next connection opened from ``onClose``), as an
application would, so the harness adds no future or task of its own per
event.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from time import perf_counter, process_time
from types import FrameType
from typing import Any, Final, Protocol, TypeAlias

import txaio

#: The message echoed: a small text message, as a chat or a status update.
PAYLOAD: Final = b'{"type": "ping", "seq": 1, "text": "hello, world"}'
#: The WAMP realm and the procedure the client calls.
REALM: Final = "bench"
PROCEDURE: Final = "bench.echo"
#: A request: the scenario's key, the number of events to time, and whether
#: to count the calls into txaio's modules per event instead.
Request: TypeAlias = tuple[str, int, bool]
#: Writes one answer: ``{"metrics": {name: value per event}}`` or
#: ``{"error": text}``.
Answer: TypeAlias = Callable[[dict[str, object]], object]


class Sender(Protocol):
    """What a scenario needs of a client connection (Autobahn's methods)."""

    def sendMessage(self, payload: bytes, isBinary: bool = False) -> None: ...
    def sendClose(self) -> None: ...


class CallCounter:
    """Counts the calls of Python functions defined under ``directory``
    (with ``sys.setprofile``) between ``start()`` and ``stop()``."""

    def __init__(self, directory: str) -> None:
        self.prefix = os.path.join(directory, "")
        self.calls = 0

    def _profile(self, frame: FrameType, event: str, arg: object) -> None:
        if event == "call" and frame.f_code.co_filename.startswith(self.prefix):
            self.calls += 1

    def start(self) -> None:
        sys.setprofile(self._profile)

    def stop(self) -> None:
        sys.setprofile(None)


def _not_started() -> None:
    raise RuntimeError("the scenario was not started")


class Scenario:
    """One measured run: counts events up to ``size``, then calls ``finish``.

    ``cpu`` is the process's CPU time (user and system, all threads) from
    the first timed event to the last, ``elapsed`` the wall time, ``error``
    says what went wrong (the run then finishes at once).
    """

    #: The scenario's name and its metric: CPU seconds per event (and
    #: ``KEY_wall``: wall seconds per event, ``KEY_calls``: calls per event).
    key: str = ""

    def __init__(self, size: int, finish: Callable[[Scenario], object]) -> None:
        self.size = size
        self.count = 0
        self.connect: Callable[[], object] = _not_started
        self._finish = finish
        self.started = 0.0
        self.elapsed = 0.0
        self.cpu_started = 0.0
        self.cpu = 0.0
        #: With a counter, the run counts calls instead of measuring time.
        self.counter: CallCounter | None = None
        self.error: str | None = None
        self._finished = False

    def start_clock(self) -> None:
        """The first timed event is about to happen."""
        if self.counter is not None:
            self.counter.start()
        self.cpu_started = process_time()
        self.started = perf_counter()

    def stop_clock(self) -> None:
        """The last timed event has happened."""
        self.elapsed = perf_counter() - self.started
        self.cpu = process_time() - self.cpu_started
        if self.counter is not None:
            self.counter.stop()

    def begin(self, connect: Callable[[], object]) -> None:
        """Start the run; ``connect()`` opens one client connection."""
        self.connect = connect
        self.connect()

    def opened(self, client: Sender) -> None:
        """A client connection completed its opening handshake."""

    def received(self, client: Sender, payload: bytes) -> None:
        """A client connection received a message."""
        self.fail(f"unexpected message {payload[:80]!r}")

    def closed(self, was_clean: bool, reason: object) -> None:
        """A client connection is closed."""
        if not was_clean:
            self.fail(f"connection closed uncleanly: {reason}")
        elif self.count < self.size:
            self.fail(f"connection closed after {self.count} of {self.size}")
        else:
            self.finish()

    def fail(self, error: str) -> None:
        """Record the first error and end the run."""
        if self.error is None:
            self.error = error
        if self.counter is not None:
            self.counter.stop()
        self.finish()

    def finish(self) -> None:
        if not self._finished:
            self._finished = True
            self._finish(self)

    def metrics(self) -> dict[str, float]:
        """CPU and wall seconds per event, or calls per event when counting;
        raises ``RuntimeError`` if the run failed."""
        if self.error is not None:
            raise RuntimeError(f"{self.key}: {self.error}")
        if self.count != self.size:
            raise RuntimeError(f"{self.key}: {self.count} of {self.size} events")
        if self.counter is not None:
            return {f"{self.key}_calls": self.counter.calls / self.size}
        return {
            self.key: self.cpu / self.size,
            f"{self.key}_wall": self.elapsed / self.size,
        }

    def answer(self) -> dict[str, object]:
        """The worker's answer for this run: its metrics or its error."""
        try:
            return {"metrics": self.metrics()}
        except RuntimeError as exc:
            return {"error": str(exc)}


class Echo(Scenario):
    """``size`` echo round trips of :data:`PAYLOAD` over one connection."""

    key = "echo"

    def opened(self, client: Sender) -> None:
        self.start_clock()
        client.sendMessage(PAYLOAD)

    def received(self, client: Sender, payload: bytes) -> None:
        if payload != PAYLOAD:
            self.fail(f"echo returned {payload[:80]!r}")
            return
        self.count += 1
        if self.count < self.size:
            client.sendMessage(PAYLOAD)
        else:
            self.stop_clock()
            client.sendClose()


class Connect(Scenario):
    """``size`` connections one after the other: open, close at once."""

    key = "connect"

    def begin(self, connect: Callable[[], object]) -> None:
        self.start_clock()
        super().begin(connect)

    def opened(self, client: Sender) -> None:
        client.sendClose()

    def closed(self, was_clean: bool, reason: object) -> None:
        if not was_clean:
            self.fail(f"connection closed uncleanly: {reason}")
            return
        self.count += 1
        if self.count < self.size:
            self.connect()
        else:
            self.stop_clock()
            self.finish()


class WampCalls(Scenario):
    """``size`` WAMP calls, one after the other, in one session.

    The client is Autobahn's ``ApplicationSession``; each call's result is
    taken with ``txaio.add_callbacks``, as framework-neutral code does.
    """

    key = "wamp_call"

    def joined(self, session: Any) -> None:
        self.start_clock()
        self._call(session)

    def _call(self, session: Any) -> None:
        result = session.call(PROCEDURE, self.count)
        txaio.add_callbacks(
            result, lambda value: self._returned(session, value), self._failed
        )

    def _returned(self, session: Any, value: object) -> None:
        if value != self.count:
            self.fail(f"call {self.count} returned {value!r}")
            return
        self.count += 1
        if self.count < self.size:
            self._call(session)
        else:
            self.stop_clock()
            session.leave()

    def _failed(self, failure: Any) -> None:
        self.fail(txaio.failure_message(failure))


SCENARIOS: Final[dict[str, type[Scenario]]] = {
    cls.key: cls for cls in (Echo, Connect, WampCalls)
}


def create(request: Request, finish: Callable[[Scenario], object]) -> Scenario:
    """The scenario a request asks for; a counting one counts the calls of
    functions in the package ``import txaio`` gives."""
    key, size, count = request
    scenario = SCENARIOS[key](size, finish)
    if count:
        scenario.counter = CallCounter(os.path.dirname(txaio.__file__))
    return scenario
