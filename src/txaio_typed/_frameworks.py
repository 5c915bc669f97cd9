"""The frameworks txaio-typed runs on, and the backend module of each."""

from __future__ import annotations

from typing import Final, Literal, TypeAlias

__all__ = ["BACKENDS", "FrameworkName"]

FrameworkName: TypeAlias = Literal["asyncio", "twisted"]
"""The name of a framework: ``"asyncio"`` or ``"twisted"``."""

BACKENDS: Final[dict[FrameworkName, str]] = {"asyncio": "aio", "twisted": "tx"}
"""Each framework's backend: ``txaio_typed.<backend>`` is its public module
and ``txaio_typed._log_<backend>`` its logging."""
