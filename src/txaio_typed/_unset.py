"""The "argument not given" sentinel, in a module that imports nothing else.

Logging takes it at import time (libraries make loggers when they are
imported), so it must not bring asyncio along with it.
"""

from __future__ import annotations

import enum
from typing import Final

__all__ = ["UNSET", "Unset"]


class Unset(enum.Enum):
    """The type of :data:`UNSET`, the "argument not given" marker.

    ``None`` is a legitimate result for a future, so it cannot mean "not given".
    """

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET
