"""A worker of the application benchmark: one (implementation, framework).

Started by ``app.py`` with a Python that has Autobahn (the downstream
suites' environment) as ``python _app_worker.py IMPL FRAMEWORK``, IMPL being
``typed`` (``txaio_typed.install_as_txaio()`` runs first, so Autobahn's
``import txaio`` gives txaio-typed) or ``upstream`` (txaio itself).

It answers with one JSON line, ``{"ready": [scenario keys], "txaio": NAME,
"versions": {...}}`` (NAME: the module ``import txaio`` gave; the versions
of Autobahn, Twisted and txaio), then reads one JSON request per
line on stdin (``{"op": KEY, "size": N}``) and answers each with one line:
``{"metrics": {KEY: CPU seconds per event, KEY_wall: wall seconds per
event}}`` or ``{"error": TEXT}``. With
``"count": true`` in the request, the run is not timed: it counts the calls
of functions in txaio's modules, ``{"metrics": {KEY_calls: calls per
event}}``. The
answers go to the original stdout; anything else goes to stderr.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from typing import Final

IMPLS: Final = ("typed", "upstream")
FRAMEWORKS: Final = ("asyncio", "twisted")
#: Seconds a run may take before it fails (a full run takes about one).
TIMEOUT: Final = 60.0


def _select(impl: str, framework: str) -> str:
    """Make ``import txaio`` give ``impl``, select ``framework``, and
    return the name of the module ``import txaio`` gives."""
    if impl == "typed":
        import txaio_typed

        txaio_typed.install_as_txaio()
    import txaio

    if framework == "twisted":
        txaio.use_twisted()
    else:
        txaio.use_asyncio()
    # Autobahn logs through txaio; an application starts logging at "info".
    txaio.start_logging(out=sys.stderr, level="info")
    return txaio.__name__


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("autobahn", "twisted", "txaio")}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in IMPLS or argv[1] not in FRAMEWORKS:
        print(f"usage: _app_worker.py {{{','.join(IMPLS)}}} {{{','.join(FRAMEWORKS)}}}")
        return 2
    impl, framework = argv
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    name = _select(impl, framework)

    def answer(message: dict[str, object]) -> None:
        if "ready" in message:
            message = {**message, "txaio": name, "versions": _versions()}
        answers.write(json.dumps(message) + "\n")

    def requests() -> tuple[str, int, bool] | None:
        line = sys.stdin.readline()
        if not line:
            return None
        request = json.loads(line)
        return str(request["op"]), int(request["size"]), bool(request.get("count"))

    # The drivers import Autobahn, which imports txaio: only now.
    driver = importlib.import_module(
        "_app_tx" if framework == "twisted" else "_app_aio"
    )
    driver.serve(requests, answer, TIMEOUT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
