"""Benchmarks: txaio_typed against upstream txaio and the raw framework.

    python3 dev.py bench            full run (about 4 minutes on 2 cores)
    python3 dev.py bench --quick    smoke run (well under a minute)

After the per-call operations it runs the application benchmark (``app.py``:
Autobahn over loopback, in the downstream suites' environment, built on
first use); ``--only app`` runs that alone, ``--only`` without ``app``
leaves it out.

Each (implementation, framework) pair runs in its own worker process (upstream
txaio selects its framework process-wide). The workers are driven in rounds:
in every round each operation runs once in every worker, in a shuffled order,
so slow phases of a noisy machine hit all pairs alike; the table reports the
best (smallest) value over the rounds: on a shared machine, slow phases only
ever add time, and they can last long enough to cover most of one pair's
rounds, which a median would report. Within a round, a per-call operation
runs as the best of three short runs. Ratios are txaio_typed / raw (1.00 is
the limit) and txaio_typed / upstream (below 1.00 is faster than upstream).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TypeAlias, cast

import app
from _process import WorkerError, WorkerProcess
from _spec import (
    BUCKET_SECONDS,
    FRAMEWORKS,
    IMPL_TITLES,
    IMPLS,
    METRICS,
    OPERATIONS,
    OPERATIONS_BY_KEY,
    TIMER_SPAN,
    Framework,
    Impl,
    Metric,
    Operation,
    label,
)

HERE: Final = Path(__file__).resolve().parent
Pair: TypeAlias = tuple[Impl, Framework]
PAIRS: Final[tuple[Pair, ...]] = tuple(
    (impl, framework) for framework in FRAMEWORKS for impl in IMPLS
)
FRAMEWORK_TITLES: Final[dict[Framework, str]] = {
    "asyncio": "asyncio",
    "twisted": "Twisted",
}

#: Operations on the hot path, where a thin wrapper can come close to raw.
HOT_PATH: Final = (
    "roundtrip",
    "roundtrip_uvloop",
    "success",
    "error",
    "as_future_plain",
    "as_future_coro",
    "gather",
    "call_later",
)
HOT_PATH_LIMIT: Final = 1.10
#: Hot-path rows with their own limit of typed/raw: where raw is a single
#: call into the framework's C code, the layer's own steps are most of the
#: time (docs/performance.md shows the measured floor).
ROW_LIMITS: Final[dict[tuple[str, Framework], float]] = {
    ("error", "asyncio"): 2.0,
    ("as_future_plain", "asyncio"): 2.0,
    ("as_future_plain", "twisted"): 1.5,
}
FOREIGN_LIMIT: Final = 1.2
"""add_callbacks on a future txaio_typed did not make, against its own: the
round trip with ``loop.create_future()`` over the one with ``create_future``."""
LOG_LIMIT: Final = 1.5
ISINSTANCE_LIMIT: Final = 2.0
ISINSTANCE_ROWS: Final = ("isinstance_hit", "isinstance_miss", "isinstance_miss_object")
#: Rows not held to "never slower than upstream": the reference call, and the
#: miss on a user-defined object, whose target is relative to an ABC check
#: (upstream's interfaces are plain ABCs: the raw mechanism).
NOT_AGAINST_UPSTREAM: Final = frozenset({"empty_call", "isinstance_miss_object"})
IMPORT_LIMIT: Final = 0.005
"""Seconds for ``import txaio_typed`` before a framework is selected."""
NOISE: Final = 0.05
"""Ratios within this much of a limit are flagged as within noise."""

TARGETS: Final = (
    f"hot-path operations within {HOT_PATH_LIMIT:.2f}x of raw ("
    + ", ".join(
        f"{FRAMEWORK_TITLES[framework]} {key} {limit:.1f}x"
        for (key, framework), limit in ROW_LIMITS.items()
    )
    + f"); a foreign future's round trip within {FOREIGN_LIMIT:.1f}x of "
    "txaio_typed's own; never slower than upstream txaio; batched "
    "timer: one underlying delayed call per bucket and less memory than raw "
    f"timers; disabled log call within {LOG_LIMIT}x of an empty function "
    f"call; isinstance against the Protocol, hit or miss, within "
    f"{ISINSTANCE_LIMIT:.0f}x of an ABC check; import before selecting a "
    f"framework within {IMPORT_LIMIT * 1000:.0f} ms"
)


class Worker(WorkerProcess):
    """One worker process (see ``_worker.py``)."""

    def __init__(self, impl: Impl, framework: Framework) -> None:
        self.pair: Pair = (impl, framework)
        argv = [sys.executable, str(HERE / "_worker.py"), impl, framework]
        super().__init__(argv, HERE, "/".join(self.pair), close_timeout=10)
        self.operations = set(cast("list[str]", self.read()["ready"]))

    def run(self, op: str, size: int, best_of: int = 1) -> dict[str, object]:
        return self.request(op, size=size, best_of=best_of)


@dataclass
class Results:
    """Samples per (metric, pair); reasons for metrics a pair cannot measure."""

    samples: dict[tuple[str, Pair], list[float]] = field(
        default_factory=dict[tuple[str, Pair], list[float]]
    )
    missing: dict[tuple[str, Pair], str] = field(
        default_factory=dict[tuple[str, Pair], str]
    )

    def add(self, op: Operation, pair: Pair, answer: dict[str, object]) -> None:
        if "metrics" in answer:
            metrics = cast("dict[str, float]", answer["metrics"])
            for key, value in metrics.items():
                self.samples.setdefault((key, pair), []).append(value)
        else:
            for metric in op.metrics:
                self.missing[metric.key, pair] = str(answer.get("missing"))

    def best(self, key: str, pair: Pair) -> float | None:
        """The smallest value over the rounds (counts are the same in all)."""
        values = self.samples.get((key, pair))
        return min(values) if values else None

    def ratio(self, key: str, framework: Framework, other: Impl) -> float | None:
        typed = self.best(key, ("typed", framework))
        reference = self.best(key, (other, framework))
        if typed is None or reference is None or reference == 0:
            return None
        return typed / reference


def measure(
    workers: Sequence[Worker],
    operations: Sequence[Operation],
    repeats: int,
    quick: bool,
    seed: int,
) -> Results:
    results = Results()
    rng = random.Random(seed)
    started = time.perf_counter()
    # Warm-up: a small run of every operation in every worker, not recorded.
    for op in operations:
        if op.key != "import":
            size = max(1, (op.quick if quick else op.full) // 10)
            for worker in workers:
                if op.only in (None, worker.pair[1]):
                    worker.run(op.key, size)
    for round_ in range(1, repeats + 1):
        for op in operations:
            size = op.quick if quick else op.full
            order = [w for w in workers if op.only in (None, w.pair[1])]
            rng.shuffle(order)
            for worker in order:
                answer = worker.run(op.key, size, op.best_of)
                results.add(op, worker.pair, answer)
        elapsed = time.perf_counter() - started
        print(f"round {round_}/{repeats} done ({elapsed:.0f} s)", file=sys.stderr)
    return results


# -- formatting -------------------------------------------------------------------


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "bytes":
        return f"{value / 2**20:.1f} MiB"
    for scale, suffix in ((1e-6, "ns"), (1e-3, "µs"), (1.0, "ms")):
        if value < scale:
            return f"{value / scale * 1e3:.3g} {suffix}"
    return f"{value:.3g} s"


def format_ratio(ratio: float | None) -> str:
    return "n/a" if ratio is None else f"{ratio:.2f}x"


def table(
    results: Results, framework: Framework, metrics: Iterable[Metric], quick: bool
) -> str:
    head = [
        "operation",
        *(IMPL_TITLES[impl] for impl in IMPLS),
        "typed/raw",
        "typed/upstream",
    ]
    rows = [head, ["---", *("---:" for _ in head[1:])]]
    for metric in metrics:
        if metric.only not in (None, framework):
            continue
        rows.append(
            [
                label(metric, quick),
                *(
                    format_value(
                        results.best(metric.key, (impl, framework)), metric.unit
                    )
                    for impl in IMPLS
                ),
                format_ratio(results.ratio(metric.key, framework, "raw")),
                format_ratio(results.ratio(metric.key, framework, "upstream")),
            ]
        )
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def verdict(value: float | None, limit: float) -> str:
    """Judged at the precision the table shows (two decimals)."""
    if value is None:
        return "n/a"
    if round(value, 2) <= limit:
        return "met"
    if value <= limit * (1 + NOISE):
        return "MISSED (within noise)"
    return "MISSED"


def targets(results: Results, measured: set[str]) -> list[str]:
    """One line per target and framework: the measured value and the verdict."""
    lines: list[str] = []
    time_metrics = [m for m in METRICS if m.unit == "time" and m.key in measured]
    for framework in FRAMEWORKS:
        name = FRAMEWORK_TITLES[framework]
        for key in HOT_PATH:
            if key in measured and OPERATIONS_BY_KEY[key].only in (None, framework):
                ratio = results.ratio(key, framework, "raw")
                limit = ROW_LIMITS.get((key, framework), HOT_PATH_LIMIT)
                lines.append(
                    f"{name}: {key}: typed/raw {format_ratio(ratio)} "
                    f"(<= {limit:.2f}x): {verdict(ratio, limit)}"
                )
        if "roundtrip_foreign" in measured and "roundtrip" in measured:
            foreign = results.best("roundtrip_foreign", ("typed", framework))
            own = results.best("roundtrip", ("typed", framework))
            ratio = None if foreign is None or not own else foreign / own
            lines.append(
                f"{name}: roundtrip_foreign / roundtrip (typed) "
                f"{format_ratio(ratio)} (<= {FOREIGN_LIMIT:.2f}x): "
                f"{verdict(ratio, FOREIGN_LIMIT)}"
            )
        for metric in time_metrics:
            if metric.key in NOT_AGAINST_UPSTREAM or metric.only not in (
                None,
                framework,
            ):
                continue
            ratio = results.ratio(metric.key, framework, "upstream")
            if verdict(ratio, 1.0) != "met":
                lines.append(
                    f"{name}: {metric.key}: typed/upstream {format_ratio(ratio)} "
                    f"(<= 1.00x): {verdict(ratio, 1.0)}"
                )
        if "batched_memory" in measured:
            calls = results.best("batched_delayed_calls", ("typed", framework))
            buckets = int(TIMER_SPAN / BUCKET_SECONDS) + 1
            ok = calls is not None and calls <= buckets
            lines.append(
                f"{name}: batched timer: {format_value(calls, 'count')} underlying "
                f"delayed calls for at most {buckets} buckets: "
                f"{'met' if ok else 'MISSED'}"
            )
            ratio = results.ratio("batched_memory", framework, "raw")
            less = ratio is not None and ratio < 1.0
            lines.append(
                f"{name}: batched timer: memory typed/raw {format_ratio(ratio)} "
                f"(< 1.00x): {'met' if less else 'MISSED'}"
            )
        if "log_disabled" in measured:
            log = results.best("log_disabled", ("typed", framework))
            call = results.best("empty_call", ("typed", framework))
            ratio = None if log is None or not call else log / call
            lines.append(
                f"{name}: disabled log call / empty call {format_ratio(ratio)} "
                f"(<= {LOG_LIMIT}x): {verdict(ratio, LOG_LIMIT)}"
            )
        for key in ISINSTANCE_ROWS:
            if key in measured:
                ratio = results.ratio(key, framework, "raw")
                lines.append(
                    f"{name}: {key}, Protocol / ABC {format_ratio(ratio)} "
                    f"(<= {ISINSTANCE_LIMIT:.1f}x): "
                    f"{verdict(ratio, ISINSTANCE_LIMIT)}"
                )
        if "import" in measured:
            seconds = results.best("import", ("typed", framework))
            met = seconds is not None and seconds <= IMPORT_LIMIT
            lines.append(
                f"{name}: import before selection "
                f"{format_value(seconds, 'time')} "
                f"(<= {IMPORT_LIMIT * 1000:.0f} ms): {'met' if met else 'MISSED'}"
            )
    return lines


def report(
    results: Results, operations: Sequence[Operation], repeats: int, quick: bool
) -> str:
    measured = {m.key for op in operations for m in op.metrics}
    metrics = [m for m in METRICS if m.key in measured]
    mode = "quick" if quick else "full"
    parts = [
        f"txaio_typed benchmarks ({mode} run): best of {repeats} interleaved "
        "repeats (per-call operations: each repeat the best of 3 short runs), "
        "one process per (implementation, framework)",
        f"Python {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs",
        f"Targets: {TARGETS}.",
    ]
    for framework in FRAMEWORKS:
        parts += [
            "",
            f"### {FRAMEWORK_TITLES[framework]}",
            "",
            table(results, framework, metrics, quick),
        ]
    parts += ["", "### Targets", ""]
    parts += [f"- {line}" for line in targets(results, measured)]
    if results.missing:
        parts += ["", "Not measured:"]
        parts += [
            f"- {key} ({'/'.join(pair)}): {reason}"
            for (key, pair), reason in sorted(results.missing.items())
        ]
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="smaller sizes and 3 repeats"
    )
    parser.add_argument(
        "--repeats", type=int, help="interleaved repeats (default: 11, quick: 3)"
    )
    parser.add_argument(
        "--only",
        help="comma-separated operation keys: "
        + ", ".join(op.key for op in OPERATIONS)
        + f", {app.KEY} (the application benchmark, app.py)",
    )
    parser.add_argument("--seed", type=int, default=1, help="shuffle seed")
    parser.add_argument("--json", type=Path, help="also write every sample here")
    args = parser.parse_args(argv)
    repeats: int = args.repeats or (3 if args.quick else 11)
    keys = args.only.split(",") if args.only else None
    with_app = keys is None or app.KEY in keys
    operations = list(OPERATIONS)
    if keys is not None:
        try:
            operations = [OPERATIONS_BY_KEY[key] for key in keys if key != app.KEY]
        except KeyError as exc:
            parser.error(f"unknown operation {exc}")
    started = time.perf_counter()
    results = Results()
    if operations:
        workers = [Worker(impl, framework) for impl, framework in PAIRS]
        try:
            results = measure(workers, operations, repeats, args.quick, args.seed)
        except WorkerError as exc:
            print(exc, file=sys.stderr)
            return 1
        finally:
            for worker in workers:
                worker.close()
        print(report(results, operations, repeats, args.quick), flush=True)
    app_samples: app.Samples = {}
    if with_app:
        try:
            outcome = app.run(args.quick, repeats, args.seed)
        except (WorkerError, subprocess.CalledProcessError) as exc:
            print(f"application benchmark: {exc}", file=sys.stderr)
            return 1
        app_samples = outcome.samples
        print(("\n" if operations else "") + outcome.report)
    print(f"\n(run took {time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "samples": [
                        {"metric": key, "impl": impl, "framework": fw, "values": v}
                        for (key, (impl, fw)), v in sorted(results.samples.items())
                    ],
                    "missing": {
                        f"{key} {impl}/{fw}": reason
                        for (key, (impl, fw)), reason in results.missing.items()
                    },
                    "app": [
                        {"metric": key, "impl": impl, "framework": fw, "values": v}
                        for (key, (impl, fw)), v in sorted(app_samples.items())
                    ],
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
