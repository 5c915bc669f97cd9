"""Helpers for tests of code that uses txaio-typed."""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

import txaio_typed

__all__ = ["replace_loop"]

_Loop = TypeVar("_Loop")


class _HasLoop(Protocol):
    # Any: each backend's Config declares its own loop type.
    loop: Any


@contextmanager
def replace_loop(new_loop: _Loop, config: _HasLoop | None = None) -> Generator[_Loop]:
    """Use ``new_loop`` as the event loop (or reactor) inside the ``with`` block.

    ``config`` defaults to ``txaio_typed.config`` (the selected framework's);
    pass ``aio.config``, ``tx.config`` or a ``with_config(...)`` object's
    ``config`` to swap another. The previous loop is restored when the block
    ends, also when it raises. Yields ``new_loop``::

        with replace_loop(task.Clock()) as clock:
            txaio_typed.call_later(5, handler)
            clock.advance(5)
    """
    target: _HasLoop = txaio_typed.config if config is None else config
    previous = target.loop
    target.loop = new_loop
    try:
        yield new_loop
    finally:
        target.loop = previous
