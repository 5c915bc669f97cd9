"""Clock helpers that work before a framework is selected."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

time_ns: Final[Callable[[], int]] = time.time_ns
"""Nanoseconds since the epoch (UTC), as ``time.time_ns``."""

perf_counter_ns: Final[Callable[[], int]] = time.perf_counter_ns
"""A monotonic performance counter in nanoseconds, as ``time.perf_counter_ns``."""
