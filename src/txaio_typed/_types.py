"""Type variables, aliases and sentinels shared by the backends and the front."""

from __future__ import annotations

import enum
from typing import Final, Literal, TypeAlias

from typing_extensions import ParamSpec, TypeVar

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")
E = TypeVar("E", bound=BaseException)


class Unset(enum.Enum):
    """The type of :data:`UNSET`, the "argument not given" marker.

    ``None`` is a legitimate result for a future, so it cannot mean "not given".
    """

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET

FrameworkName: TypeAlias = Literal["asyncio", "twisted"]
