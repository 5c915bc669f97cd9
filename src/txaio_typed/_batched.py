"""Batched timers (placeholder: being implemented)."""

from __future__ import annotations

from collections.abc import Callable

from txaio_typed._types import P
from txaio_typed.interfaces import IDelayedCall


class BatchedTimer:
    """Groups delayed calls into time buckets (placeholder)."""

    def __init__(
        self,
        bucket_seconds: float,
        chunk_size: int,
        *,
        seconds: Callable[[], float],
        call_later: Callable[[float, Callable[[], object]], IDelayedCall],
    ) -> None:
        self._bucket_seconds = bucket_seconds
        self._chunk_size = chunk_size
        self._seconds = seconds
        self._call_later = call_later

    def call_later(
        self,
        delay: float,
        func: Callable[P, object],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> IDelayedCall:
        """Call ``func(*args, **kwargs)`` about ``delay`` seconds from now."""
        raise NotImplementedError("placeholder")
