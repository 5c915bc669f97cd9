"""The application benchmark on asyncio: Autobahn's asyncio classes.

``serve(...)`` runs an event loop with two servers on 127.0.0.1 (the echo
server and the WAMP router, each on an ephemeral port) and runs each
request's scenario against them (see ``_app_worker.py``).
"""

from __future__ import annotations

import asyncio
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
from autobahn.asyncio.wamp import ApplicationSession
from autobahn.asyncio.websocket import (
    WampWebSocketClientFactory,
    WebSocketClientFactory,
    WebSocketClientProtocol,
    WebSocketServerFactory,
    WebSocketServerProtocol,
)
from autobahn.wamp.serializer import JsonSerializer
from autobahn.wamp.types import ComponentConfig

HOST = "127.0.0.1"


class EchoServer(EchoServerMixin, WebSocketServerProtocol):
    pass


class Router(RouterMixin, WebSocketServerProtocol):
    pass


class Client(ClientMixin, WebSocketClientProtocol):
    pass


class Caller(CallerMixin, ApplicationSession):
    pass


async def _port(factory: Any) -> tuple[asyncio.Server, int]:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, HOST, 0)
    port: int = server.sockets[0].getsockname()[1]
    return server, port


async def _serve(
    requests: Callable[[], Request | None], answer: Answer, timeout: float
) -> None:
    loop = asyncio.get_running_loop()
    txaio.config.loop = loop
    echo_factory = patient(WebSocketServerFactory(loop=loop), client=False)
    echo_factory.protocol = EchoServer
    router_factory = patient(
        WebSocketServerFactory(loop=loop, protocols=[WAMP_JSON]), client=False
    )
    router_factory.protocol = Router
    echo_server, echo_port = await _port(echo_factory)
    router_server, router_port = await _port(router_factory)

    def connector(scenario: Scenario) -> Callable[[], object]:
        if scenario.key == "wamp_call":
            factory: Any = WampWebSocketClientFactory(
                lambda: Caller(ComponentConfig(realm=REALM, extra=scenario)),
                url=f"ws://{HOST}:{router_port}/",
                serializers=[JsonSerializer()],
                loop=loop,
            )
            port = router_port
        else:
            factory = WebSocketClientFactory(url=f"ws://{HOST}:{echo_port}/", loop=loop)
            factory.protocol = Client
            factory.scenario = scenario
            port = echo_port
        patient(factory, client=True)

        def connected(task: asyncio.Task[object]) -> None:
            error = task.exception()
            if error is not None:
                scenario.fail(f"connection failed: {error!r}")

        def connect() -> None:
            task = loop.create_task(loop.create_connection(factory, HOST, port))
            task.add_done_callback(connected)

        return connect

    answer({"ready": sorted(SCENARIOS)})
    while True:
        request = await loop.run_in_executor(None, requests)
        if request is None:
            break
        answer(await _run(request, connector, timeout))
    echo_server.close()
    router_server.close()


async def _run(
    request: Request,
    connector: Callable[[Scenario], Callable[[], object]],
    timeout: float,
) -> dict[str, object]:
    """One run of the scenario ``request`` asks for; its answer."""
    done: asyncio.Future[Scenario] = asyncio.get_running_loop().create_future()

    def finish(scenario: Scenario) -> None:
        if not done.done():  # not after the timeout
            done.set_result(scenario)

    scenario = create(request, finish)
    scenario.begin(connector(scenario))
    try:
        await asyncio.wait_for(done, timeout)
    except TimeoutError:
        scenario.fail(f"not finished after {timeout} s")
    return scenario.answer()


def serve(
    requests: Callable[[], Request | None], answer: Answer, timeout: float
) -> None:
    """Run each request of ``requests()`` (blocking; None: no more) and pass
    its answer to ``answer``; a run not over after ``timeout`` s fails."""
    asyncio.run(_serve(requests, answer, timeout))
