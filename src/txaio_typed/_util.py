"""Small helpers shared by the backends; the clocks work before selection."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import Final

time_ns: Final[Callable[[], int]] = time.time_ns
"""Nanoseconds since the epoch (UTC), as ``time.time_ns``."""

perf_counter_ns: Final[Callable[[], int]] = time.perf_counter_ns
"""A monotonic performance counter in nanoseconds, as ``time.perf_counter_ns``."""


def check_delay(delay: float) -> None:
    """Raise ``ValueError`` unless ``delay`` is a finite number of seconds >= 0.

    A value that is not a number raises ``TypeError`` (from the comparison).
    """
    if not 0 <= delay < math.inf:
        raise ValueError(
            f"delay must be a finite number of seconds >= 0, got {delay!r}"
        )


def current_exception() -> BaseException:
    """The exception being handled; ``RuntimeError`` outside ``except``."""
    exc = sys.exception()
    if exc is None:
        raise RuntimeError(
            "no exception is being handled: call create_failure() inside an "
            "'except' block or pass the exception"
        )
    return exc
