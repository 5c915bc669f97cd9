"""The application benchmark's protocols, written once for both frameworks.

Mixins that sit in front of Autobahn's framework-specific classes in the
bases (``_app_aio.py`` and ``_app_tx.py`` make the concrete classes): the
echo server, the client that reports its events to the scenario of its
factory, a minimal WAMP router and the WAMP client session.
"""

from __future__ import annotations

import json
from typing import Any, Final

#: The WebSocket subprotocol of WAMP with the JSON serializer.
WAMP_JSON: Final = "wamp.2.json"
#: Seconds the handshakes may take (Autobahn's defaults, 1 s to 5 s, are
#: too short for a machine whose other jobs hold the CPU for seconds). The
#: timers are still set and cancelled on every connection.
HANDSHAKE_TIMEOUT: Final = 30.0


def patient(factory: Any, client: bool) -> Any:
    """``factory`` with :data:`HANDSHAKE_TIMEOUT` for its handshakes."""
    options = {
        "openHandshakeTimeout": HANDSHAKE_TIMEOUT,
        "closeHandshakeTimeout": HANDSHAKE_TIMEOUT,
    }
    if client:
        options["serverConnectionDropTimeout"] = HANDSHAKE_TIMEOUT
    factory.setProtocolOptions(**options)
    return factory


class EchoServerMixin:
    """The server: sends every message back as it came."""

    def onMessage(self, payload: bytes, isBinary: bool) -> None:
        self.sendMessage(payload, isBinary)  # type: ignore[attr-defined]


class ClientMixin:
    """The client: reports its events to ``factory.scenario``."""

    factory: Any

    def onOpen(self) -> None:
        self.factory.scenario.opened(self)

    def onMessage(self, payload: bytes, isBinary: bool) -> None:
        self.factory.scenario.received(self, payload)

    def onClose(self, wasClean: bool, code: int | None, reason: str | None) -> None:
        self.factory.scenario.closed(wasClean, reason)


class RouterMixin:
    """A minimal WAMP router for one caller: the callee is the router itself.

    It answers ``HELLO`` with ``WELCOME``, a ``CALL`` with a ``RESULT``
    holding the call's arguments, and ``GOODBYE`` with ``GOODBYE``. A real
    router forwards the call to a callee; this one keeps the benchmark to
    Autobahn's client session and WebSocket code on both ends.
    """

    def onConnect(self, request: Any) -> str:
        if WAMP_JSON not in request.protocols:
            raise ValueError(f"client offers {request.protocols}, not {WAMP_JSON}")
        return WAMP_JSON

    def onMessage(self, payload: bytes, isBinary: bool) -> None:
        message = json.loads(payload)
        kind = message[0]
        reply: list[object]
        if kind == 1:  # HELLO
            reply = [2, 1, {"roles": {"dealer": {}, "broker": {}}}]
        elif kind == 48:  # CALL [48, request, options, procedure, args?, kwargs?]
            arguments = message[4] if len(message) > 4 else []
            reply = [50, message[1], {}, arguments]
        elif kind == 6:  # GOODBYE
            reply = [6, {}, "wamp.close.goodbye_and_out"]
        else:
            raise ValueError(f"unexpected WAMP message {message!r}")
        self.sendMessage(json.dumps(reply).encode())  # type: ignore[attr-defined]


class CallerMixin:
    """The WAMP client session: reports to the scenario in ``config.extra``."""

    config: Any

    def onJoin(self, details: object) -> None:
        self.config.extra.joined(self)

    def onDisconnect(self) -> None:
        self.config.extra.closed(True, None)
