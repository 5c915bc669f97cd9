"""Application benchmark: Autobahn over loopback, on txaio_typed and upstream.

    python3 dev.py bench                 per-call benchmarks, then this one
    python3 dev.py bench --only app      this one alone
    python benchmarks/app.py [--quick]   the same, run directly

What a user of txaio runs: Autobahn's WebSocket and WAMP client and server,
in one process, talking over 127.0.0.1 (ephemeral ports). Three scenarios
(``_app_scenarios.py``): echo round trips of a small text message over one
WebSocket connection, WebSocket connections opened and closed one after the
other, and WAMP calls in one session against a minimal router. Autobahn
calls txaio for its futures, timers and logging; the scenarios' own code
uses ``txaio.add_callbacks`` for each WAMP call's result.

Each (implementation, framework) pair runs in its own worker process
(``_app_worker.py``): ``typed`` calls ``txaio_typed.install_as_txaio()``
before Autobahn is imported, ``upstream`` imports txaio itself. As in
``run.py`` the workers are driven in interleaved rounds in a shuffled order
after a warm-up; in each round a worker runs a scenario three times in a
row and keeps the best, and the table shows the best (smallest) value per
pair over the rounds.

The time of an event is the CPU time the process spent on it (user and
system, ``time.process_time()``): client and server run in that one
process, so it is the event's whole cost, and unlike wall time it does not
grow while other jobs of a shared machine hold the CPU. The ratio of wall
times is shown beside it.

Autobahn is not one of the development tools: the workers run in the
downstream suites' environment (``.downstream/venv``: Autobahn, Twisted and
upstream txaio pinned in ``downstream/requirements.txt``, and this checkout),
which ``dev.py`` builds on first use.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TypeAlias, cast

from _process import WorkerError, WorkerProcess

HERE: Final = Path(__file__).resolve().parent
ROOT: Final = HERE.parent
#: The key that selects this benchmark in ``run.py --only``.
KEY: Final = "app"

IMPLS: Final = ("typed", "upstream")
FRAMEWORKS: Final = ("asyncio", "twisted")
FRAMEWORK_TITLES: Final = {"asyncio": "asyncio", "twisted": "Twisted"}
#: The module ``import txaio`` must give in each implementation's worker.
TXAIO_MODULE: Final = {"typed": "txaio_typed", "upstream": "txaio"}
Pair: TypeAlias = tuple[str, str]


#: Within a round, each worker runs a scenario this many times in a row and
#: keeps the smallest value (as run.py does for per-call operations).
BEST_OF: Final = 3


@dataclass(frozen=True)
class Scenario:
    """One table row: ``full`` and ``quick`` events per run (``{n}``)."""

    key: str
    label: str
    full: int
    quick: int

    @property
    def counted(self) -> int:
        """The events of the run that counts calls (the same in both modes:
        enough for the first event's extra calls to vanish in the mean)."""
        return self.full // 5


SCENARIOS: Final = (
    Scenario(
        "echo",
        "WebSocket echo round trip, 51-byte text message ({n} on one connection)",
        1_000,
        20,
    ),
    Scenario(
        "connect",
        "WebSocket connection: connect, opening and closing handshakes "
        "({n} one after the other)",
        50,
        3,
    ),
    Scenario(
        "wamp_call",
        "WAMP call and its result, one session ({n} one after the other)",
        500,
        10,
    ),
)


def label(scenario: Scenario, quick: bool) -> str:
    """The row's label, with the number of events per run of this mode."""
    return scenario.label.format(n=f"{scenario.quick if quick else scenario.full:,}")


def autobahn_python() -> Path:
    """The Python of the downstream environment, built or updated if needed
    (``dev.downstream_environment``: pip installs the pinned requirements)."""
    sys.path.insert(0, str(ROOT))
    try:
        import dev
    finally:
        sys.path.remove(str(ROOT))
    return dev.downstream_environment()


class Worker(WorkerProcess):
    """One worker process of ``_app_worker.py``."""

    def __init__(self, python: Path, impl: str, framework: str) -> None:
        self.pair: Pair = (impl, framework)
        argv = [str(python), str(HERE / "_app_worker.py"), impl, framework]
        super().__init__(argv, HERE, "/".join(self.pair), close_timeout=30)
        ready = self.read()
        if ready.get("txaio") != TXAIO_MODULE[impl]:
            raise WorkerError(
                f"worker {self.name}: import txaio gave {ready.get('txaio')!r}, "
                f"not {TXAIO_MODULE[impl]!r}"
            )
        self.versions = cast("dict[str, str]", ready.get("versions", {}))

    def run(self, key: str, size: int, count: bool = False) -> dict[str, float]:
        """The metrics of one run of scenario ``key``: CPU and wall seconds
        per event (``key``, ``key_wall``); with ``count``, an untimed run,
        the calls into txaio's modules per event (``key_calls``)."""
        answer = self.request(key, size=size, count=count)
        return cast("dict[str, float]", answer["metrics"])


Samples: TypeAlias = dict[tuple[str, Pair], list[float]]


def measure(workers: list[Worker], repeats: int, quick: bool, seed: int) -> Samples:
    """Every scenario once per round in every worker (the best of
    :data:`BEST_OF` runs), the workers in a shuffled order, after a warm-up
    run of a tenth of the size; then one run per scenario and worker that
    counts the calls into txaio's modules."""
    rng = random.Random(seed)
    samples: Samples = {}
    started = time.perf_counter()
    for scenario in SCENARIOS:
        size = scenario.quick if quick else scenario.full
        for worker in workers:
            worker.run(scenario.key, max(1, size // 10))
    for round_ in range(1, repeats + 1):
        for scenario in SCENARIOS:
            size = scenario.quick if quick else scenario.full
            order = list(workers)
            rng.shuffle(order)
            for worker in order:
                runs = [worker.run(scenario.key, size) for _ in range(BEST_OF)]
                for metric in runs[0]:
                    value = min(run[metric] for run in runs)
                    samples.setdefault((metric, worker.pair), []).append(value)
        elapsed = time.perf_counter() - started
        print(f"app: round {round_}/{repeats} done ({elapsed:.0f} s)", file=sys.stderr)
    for scenario in SCENARIOS:
        for worker in workers:
            calls = worker.run(scenario.key, scenario.counted, count=True)
            for metric, value in calls.items():
                samples[metric, worker.pair] = [value]
    return samples


def format_time(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.3g} µs"
    return f"{seconds * 1e3:.3g} ms"


def _best(samples: Samples, key: str, pair: Pair) -> float | None:
    return min(samples.get((key, pair), []), default=None)


def _ratio(samples: Samples, key: str, framework: str) -> str:
    typed, upstream = (_best(samples, key, (impl, framework)) for impl in IMPLS)
    return "n/a" if not typed or not upstream else f"{typed / upstream:.2f}x"


def table(samples: Samples, quick: bool) -> str:
    """One row per (scenario, framework): best CPU times per event and
    their ratio, the ratio of the best wall times, and the calls into
    txaio's modules per event."""
    rows = [
        [
            "scenario",
            "framework",
            "txaio_typed",
            "txaio 26.6.1",
            "typed/upstream",
            "wall time typed/upstream",
            "txaio calls per event (typed, upstream)",
        ],
        ["---", "---", "---:", "---:", "---:", "---:", "---:"],
    ]
    for scenario in SCENARIOS:
        for framework in FRAMEWORKS:
            key = scenario.key
            times = (_best(samples, key, (impl, framework)) for impl in IMPLS)
            calls = (_best(samples, f"{key}_calls", (i, framework)) for i in IMPLS)
            rows.append(
                [
                    label(scenario, quick),
                    FRAMEWORK_TITLES[framework],
                    *(format_time(t) for t in times),
                    _ratio(samples, key, framework),
                    _ratio(samples, f"{key}_wall", framework),
                    ", ".join("n/a" if c is None else f"{c:.0f}" for c in calls),
                ]
            )
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


@dataclass
class Outcome:
    """The benchmark's report (a ``###`` section) and its samples."""

    report: str
    samples: Samples


def run(quick: bool, repeats: int, seed: int, python: Path | None = None) -> Outcome:
    """Run the application benchmark; ``python`` defaults to the downstream
    environment's (built if needed). Raises ``WorkerError``."""
    python = python or autobahn_python()
    workers: list[Worker] = []
    try:
        for framework in FRAMEWORKS:
            for impl in IMPLS:
                workers.append(Worker(python, impl, framework))
        samples = measure(workers, repeats, quick, seed)
    finally:
        for worker in workers:
            worker.close()
    versions = workers[0].versions
    mode = "quick" if quick else "full"
    report = "\n".join(
        [
            "### In a real application",
            "",
            f"Autobahn {versions.get('autobahn', '?')} client and server in one "
            f"process over 127.0.0.1, Twisted {versions.get('twisted', '?')} "
            f"({mode} run): CPU time of the process (user and system) per "
            f"event, best of {repeats} interleaved repeats, each the best of "
            f"{BEST_OF} runs, one process per (implementation, framework); "
            "txaio_typed through install_as_txaio().",
            "",
            table(samples, quick),
        ]
    )
    return Outcome(report, samples)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="tiny runs, 3 repeats")
    parser.add_argument(
        "--repeats", type=int, help="interleaved repeats (default: 11, quick: 3)"
    )
    parser.add_argument("--seed", type=int, default=1, help="shuffle seed")
    parser.add_argument(
        "--python",
        type=Path,
        help="a Python with Autobahn (default: the "
        "downstream environment, built if needed)",
    )
    args = parser.parse_args(argv)
    repeats: int = args.repeats or (3 if args.quick else 11)
    started = time.perf_counter()
    try:
        outcome = run(args.quick, repeats, args.seed, args.python)
    except WorkerError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(outcome.report)
    print(f"\n(run took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
