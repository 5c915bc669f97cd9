"""What the benchmarks measure: the operations, their metrics and sizes.

Shared by the orchestrator (``run.py``) and the worker processes
(``_worker.py``). An *operation* is what a worker runs once per repeat; it
reports one or more *metrics* (a table row each). Every metric is measured
for the three implementations on both frameworks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, TypeAlias

Impl: TypeAlias = Literal["typed", "upstream", "raw"]
Framework: TypeAlias = Literal["asyncio", "twisted"]
Unit: TypeAlias = Literal["time", "bytes", "count"]

IMPLS: Final[tuple[Impl, ...]] = ("typed", "upstream", "raw")
FRAMEWORKS: Final[tuple[Framework, ...]] = ("asyncio", "twisted")

IMPL_TITLES: Final[dict[Impl, str]] = {
    "typed": "txaio_typed",
    "upstream": "txaio 26.6.1",
    "raw": "raw",
}

#: The number of timers in the timer operations (``call_later`` + ``cancel``
#: and the batched timer) in a full run, and the span their delays are spread
#: over. A quick run uses fewer timers.
TIMERS: Final = 100_000
QUICK_TIMERS: Final = 10_000
TIMER_SPAN: Final = 10.0
#: The bucket length of the batched timer.
BUCKET_SECONDS: Final = 1.0
#: The number of resolved futures passed to one ``gather``.
GATHER_SIZE: Final = 1_000
#: The number of callbacks added to one future in the long-chain operation.
CHAIN_LINKS: Final = 10_000
#: How many round trips on uvloop run between two turns of its loop.
UVLOOP_BATCH: Final = 100


@dataclass(frozen=True)
class Metric:
    """One table row; ``{n}`` in the label stands for the operation's size."""

    key: str
    label: str
    unit: Unit
    group: str
    only: Framework | None = None
    """The one framework the row is measured on (None: both)."""


@dataclass(frozen=True)
class Operation:
    """What a worker runs once per repeat.

    ``full`` and ``quick`` are the operation's size per repeat in the two
    modes: the number of iterations (the time reported is per iteration), or
    for the timer operations the number of timers (the time reported is for
    all of them). A repeat of an operation with ``best_of`` > 1 runs it that
    many times, on an equal share of the iterations each, and keeps the
    smallest value, as the table keeps the smallest over the repeats.
    """

    key: str
    metrics: tuple[Metric, ...]
    full: int
    quick: int
    best_of: int = 3
    only: Framework | None = None
    """The one framework the operation runs on (None: both)."""


def _op(
    key: str,
    label: str,
    group: str,
    full: int,
    quick: int,
    unit: Unit = "time",
    best_of: int = 3,
    only: Framework | None = None,
) -> Operation:
    return Operation(
        key, (Metric(key, label, unit, group, only),), full, quick, best_of, only
    )


FUTURES = "futures"
TIMERS_GROUP = "timers"
LOGGING = "logging"
INTERFACES = "interfaces"
IMPORT = "import"

OPERATIONS: Final[tuple[Operation, ...]] = (
    _op(
        "roundtrip",
        "create_future + add_callbacks + resolve (callback ran)",
        FUTURES,
        20_000,
        4_000,
    ),
    _op(
        "roundtrip_foreign",
        "loop.create_future() [Twisted: Deferred()] + add_callbacks + resolve "
        "(callback ran) [raw: as above]",
        FUTURES,
        20_000,
        4_000,
    ),
    _op(
        "roundtrip_uvloop",
        f"create_future + add_callbacks + resolve on uvloop, {UVLOOP_BATCH} per "
        "turn of the loop (callbacks ran)",
        FUTURES,
        20_000,
        4_000,
        only="asyncio",
    ),
    _op(
        "chain",
        f"add_callbacks {CHAIN_LINKS:,} times on one future, resolve, all ran "
        "(per callback) [raw: add_done_callback/addCallback]",
        FUTURES,
        3 * 2 * CHAIN_LINKS,
        3 * CHAIN_LINKS,
    ),
    _op("success", "create_future_success(x)", FUTURES, 50_000, 10_000),
    _op(
        "error",
        "create_future_error(create_failure(exc)), error consumed",
        FUTURES,
        20_000,
        4_000,
    ),
    _op("as_future_plain", "as_future(plain function)", FUTURES, 50_000, 10_000),
    _op(
        "as_future_coro",
        "as_future(coroutine function), coroutine ran",
        FUTURES,
        20_000,
        4_000,
    ),
    _op("gather", f"gather({GATHER_SIZE:,} resolved futures)", FUTURES, 40, 8),
    _op(
        "call_later",
        "{n} x (call_later + cancel)",
        TIMERS_GROUP,
        TIMERS,
        QUICK_TIMERS,
        best_of=1,
    ),
    _op(
        "batched",
        f"batched timer: {{n}} x (call_later + cancel) over {TIMER_SPAN:g} s "
        "[raw: plain timers]",
        TIMERS_GROUP,
        TIMERS,
        QUICK_TIMERS,
        best_of=1,
    ),
    Operation(
        "batched_memory",
        (
            Metric(
                "batched_memory",
                "batched timer: peak memory, {n} calls pending [raw: timers]",
                "bytes",
                TIMERS_GROUP,
            ),
            Metric(
                "batched_delayed_calls",
                "batched timer: underlying delayed calls, {n} calls pending",
                "count",
                TIMERS_GROUP,
            ),
        ),
        TIMERS,
        QUICK_TIMERS,
        best_of=1,
    ),
    _op(
        "empty_call",
        "empty function call f(msg, n=i) (reference)",
        LOGGING,
        200_000,
        40_000,
    ),
    _op(
        "log_disabled",
        "log call at a disabled level [raw: framework's logger]",
        LOGGING,
        100_000,
        20_000,
    ),
    _op(
        "log_enabled",
        "log call at an enabled level, to a StringIO [raw: framework's logger]",
        LOGGING,
        20_000,
        4_000,
    ),
    _op(
        "isinstance_hit",
        "isinstance(failure, IFailedFuture) hit [raw: ABC]",
        INTERFACES,
        200_000,
        40_000,
    ),
    _op(
        "isinstance_miss",
        "isinstance(42, IFailedFuture) miss [raw: ABC]",
        INTERFACES,
        200_000,
        40_000,
    ),
    _op(
        "isinstance_miss_object",
        "isinstance(user-class object, IFailedFuture) miss [raw: ABC]",
        INTERFACES,
        200_000,
        40_000,
    ),
    Operation(
        "import",
        (
            Metric(
                "import",
                "import, no framework selected (fresh interpreter)",
                "time",
                IMPORT,
            ),
            Metric(
                "import_select",
                "import + use_<framework>() (fresh interpreter)",
                "time",
                IMPORT,
            ),
        ),
        1,
        1,
        best_of=1,
    ),
)

OPERATIONS_BY_KEY: Final = {op.key: op for op in OPERATIONS}
METRICS: Final[tuple[Metric, ...]] = tuple(m for op in OPERATIONS for m in op.metrics)
OPERATION_OF_METRIC: Final = {m.key: op for op in OPERATIONS for m in op.metrics}


def label(metric: Metric, quick: bool) -> str:
    """The metric's table label, with the size of this mode's run."""
    op = OPERATION_OF_METRIC[metric.key]
    return metric.label.format(n=f"{op.quick if quick else op.full:,}")
