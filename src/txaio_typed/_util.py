"""Small helpers shared by the backends; the clocks work before selection."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import Final

from txaio_typed._errors import (
    NO_CURRENT_MESSAGE,
    CallbackTypeError,
    NoCurrentExceptionError,
    delay_value_error,
    seconds_type_error,
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
        raise seconds_type_error(delay) from None
    if not valid:
        raise delay_value_error(delay)


def check_canceller(canceller: Callable[..., object] | None) -> None:
    """Raise ``TypeError`` unless ``canceller`` is callable (or None)."""
    if canceller is not None and not callable(canceller):
        raise TypeError(
            f"canceller must be callable or None, not {type(canceller).__name__}"
        )


def check_callbacks(
    callback: Callable[..., object] | None, errback: Callable[..., object] | None
) -> None:
    """Raise unless ``callback`` and ``errback`` are callables or None, and
    not both None.

    The error is a ``TypeError`` that is also an ``AssertionError``, which
    upstream Twisted raised.
    """
    if callback is None:
        if errback is None:
            raise CallbackTypeError("add_callbacks() needs a callback or an errback")
        if not callable(errback):
            raise _not_callable("errback", errback)
    elif not callable(callback):
        raise _not_callable("callback", callback)
    elif errback is not None and not callable(errback):
        raise _not_callable("errback", errback)


def _not_callable(name: str, value: object) -> CallbackTypeError:
    return CallbackTypeError(
        f"add_callbacks() {name} must be callable or None, not {type(value).__name__}"
    )


def current_exception(
    error: type[NoCurrentExceptionError] = NoCurrentExceptionError,
) -> BaseException:
    """The exception being handled; raise ``error`` outside ``except``."""
    exc = sys.exception()
    if exc is None:
        raise error(NO_CURRENT_MESSAGE)
    return exc
