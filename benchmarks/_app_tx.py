"""The application benchmark on Twisted: Autobahn's Twisted classes.

``serve(...)`` runs the reactor (the platform's default) with two servers on
127.0.0.1 (the echo server and the WAMP router, each on an ephemeral port)
and runs each request's scenario against them (see ``_app_worker.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import txaio
from _app_protocols import (
    WAMP_JSON,
    CallerMixin,
    ClientMixin,
    EchoServerMixin,
    RouterMixin,
    patient,
)
from _app_scenarios import REALM, SCENARIOS, Answer, Request, Scenario, create
from autobahn.twisted.wamp import ApplicationSession
from autobahn.twisted.websocket import (
    WampWebSocketClientFactory,
    WebSocketClientFactory,
    WebSocketClientProtocol,
    WebSocketServerFactory,
    WebSocketServerProtocol,
)
from autobahn.wamp.serializer import JsonSerializer
from autobahn.wamp.types import ComponentConfig
from twisted.internet import defer, task, threads

HOST = "127.0.0.1"


class EchoServer(EchoServerMixin, WebSocketServerProtocol):
    pass


class Router(RouterMixin, WebSocketServerProtocol):
    pass


class Client(ClientMixin, WebSocketClientProtocol):
    pass


class Caller(CallerMixin, ApplicationSession):
    pass


def _client_factory(scenario: Scenario, base: Any, *args: Any, **kwargs: Any) -> Any:
    """A client factory that fails the run when a connection attempt fails."""

    class Factory(base):  # type: ignore[misc]
        def clientConnectionFailed(self, connector: object, reason: Any) -> None:
            scenario.fail(f"connection failed: {reason.getErrorMessage()}")

    return Factory(*args, **kwargs)


async def _serve(
    reactor: Any,
    requests: Callable[[], Request | None],
    answer: Answer,
    timeout: float,
) -> None:
    txaio.config.loop = reactor
    echo_factory = patient(WebSocketServerFactory(reactor=reactor), client=False)
    echo_factory.protocol = EchoServer
    router_factory = patient(
        WebSocketServerFactory(reactor=reactor, protocols=[WAMP_JSON]), client=False
    )
    router_factory.protocol = Router
    echo = reactor.listenTCP(0, echo_factory, interface=HOST)
    router = reactor.listenTCP(0, router_factory, interface=HOST)
    echo_port: int = echo.getHost().port
    router_port: int = router.getHost().port

    def connector(scenario: Scenario) -> Callable[[], object]:
        if scenario.key == "wamp_call":
            factory = _client_factory(
                scenario,
                WampWebSocketClientFactory,
                lambda: Caller(ComponentConfig(realm=REALM, extra=scenario)),
                url=f"ws://{HOST}:{router_port}/",
                serializers=[JsonSerializer()],
                reactor=reactor,
            )
            port = router_port
        else:
            factory = _client_factory(
                scenario,
                WebSocketClientFactory,
                url=f"ws://{HOST}:{echo_port}/",
                reactor=reactor,
            )
            factory.protocol = Client
            factory.scenario = scenario
            port = echo_port
        patient(factory, client=True)
        return lambda: reactor.connectTCP(HOST, port, factory)

    answer({"ready": sorted(SCENARIOS)})
    while True:
        request = await threads.deferToThread(requests)
        if request is None:
            break
        answer(await _run(reactor, request, connector, timeout))
    await echo.stopListening()
    await router.stopListening()


async def _run(
    reactor: Any,
    request: Request,
    connector: Callable[[Scenario], Callable[[], object]],
    timeout: float,
) -> dict[str, object]:
    """One run of the scenario ``request`` asks for; its answer."""
    done: defer.Deferred[Scenario] = defer.Deferred()

    def finish(scenario: Scenario) -> None:
        if not done.called:  # not after the timeout
            done.callback(scenario)

    scenario = create(request, finish)
    done.addTimeout(timeout, reactor)
    scenario.begin(connector(scenario))
    try:
        await done
    except defer.TimeoutError:
        scenario.fail(f"not finished after {timeout} s")
    return scenario.answer()


def serve(
    requests: Callable[[], Request | None], answer: Answer, timeout: float
) -> None:
    """Run each request of ``requests()`` (blocking; None: no more) and pass
    its answer to ``answer``; a run not over after ``timeout`` s fails."""
    task.react(
        lambda reactor: defer.ensureDeferred(_serve(reactor, requests, answer, timeout))
    )
