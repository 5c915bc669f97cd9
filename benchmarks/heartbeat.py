"""A heartbeat on a batched timer, on a real event loop: does it keep its period?

    .venv/bin/python benchmarks/heartbeat.py asyncio
    .venv/bin/python benchmarks/heartbeat.py twisted --periods 30
    .venv/bin/python benchmarks/heartbeat.py twisted --upstream

The heartbeat re-arms itself from its own callback with
``timer.call_later(period, beat)`` (1 s on 0.25 s buckets by default), as a
keep-alive ping does. The script prints the intervals between beats,
measured with ``time.monotonic()``: their mean, smallest and largest, and
the drift (last beat minus first, minus the periods in between). Each run
takes about ``periods x period`` seconds of wall time.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import statistics
import time
from collections.abc import Callable
from typing import Any


def measure(
    framework: str, periods: int, period: float, bucket: float, upstream: bool
) -> list[float]:
    """The times (``time.monotonic()``) of ``periods + 1`` beats."""
    txaio: Any = importlib.import_module("txaio" if upstream else "txaio_typed")
    beats: list[float] = []
    stop: Callable[[], object]
    if framework == "asyncio":
        import asyncio

        txaio.use_asyncio()
        loop = asyncio.new_event_loop()
        txaio.config.loop = loop
        stop = loop.stop
        run: Callable[[], object] = loop.run_forever
    else:
        from twisted.internet import reactor

        txaio.use_twisted()
        txaio.config.loop = reactor
        stop = reactor.stop  # type: ignore[attr-defined]
        run = reactor.run  # type: ignore[attr-defined]
    timer = txaio.make_batched_timer(bucket)

    def beat() -> None:
        beats.append(time.monotonic())
        if len(beats) > periods:
            stop()
        else:
            timer.call_later(period, beat)

    timer.call_later(period, beat)
    run()
    return beats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("framework", choices=("asyncio", "twisted"))
    parser.add_argument("--periods", type=int, default=20)
    parser.add_argument("--period", type=float, default=1.0)
    parser.add_argument("--bucket", type=float, default=0.25)
    parser.add_argument(
        "--upstream", action="store_true", help="run upstream txaio instead"
    )
    args = parser.parse_args()
    beats = measure(
        args.framework, args.periods, args.period, args.bucket, args.upstream
    )
    intervals = [b - a for a, b in itertools.pairwise(beats)]
    drift = beats[-1] - beats[0] - args.period * len(intervals)
    impl = "upstream txaio" if args.upstream else "txaio_typed"
    print(
        f"{impl} {args.framework}: {len(intervals)} intervals of a "
        f"{args.period:g} s heartbeat on {args.bucket:g} s buckets: "
        f"mean {statistics.fmean(intervals):.4f} s, "
        f"min {min(intervals):.4f} s, max {max(intervals):.4f} s, "
        f"drift {drift:+.4f} s"
    )


if __name__ == "__main__":
    main()
