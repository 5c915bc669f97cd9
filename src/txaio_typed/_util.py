"""Small helpers shared by the backends; the clocks work before selection."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import Final

from txaio_typed._errors import (
    NO_CURRENT_MESSAGE,
    DelayValueError,
    NoCurrentExceptionError,
    delay_type_error,
)

time_ns: Final[Callable[[], int]] = time.time_ns
"""Nanoseconds since the epoch (UTC), as ``time.time_ns``."""

perf_counter_ns: Final[Callable[[], int]] = time.perf_counter_ns
"""A monotonic performance counter in nanoseconds, as ``time.perf_counter_ns``."""


def check_delay(delay: float) -> None:
    """Raise unless ``delay`` is a finite number of seconds >= 0.

    ``TypeError`` when it is not a number, ``ValueError`` (also an
    ``AssertionError``, which upstream Twisted's reactor raised) when it is
    negative, infinite or NaN.
    """
    try:
        valid = 0 <= delay < math.inf
    except TypeError:
        raise delay_type_error(delay) from None
    if not valid:
        raise DelayValueError(
            f"delay must be a finite number of seconds >= 0, got {delay!r}"
        )


def current_exception(
    error: type[NoCurrentExceptionError] = NoCurrentExceptionError,
) -> BaseException:
    """The exception being handled; raise ``error`` outside ``except``."""
    exc = sys.exception()
    if exc is None:
        raise error(NO_CURRENT_MESSAGE)
    return exc
