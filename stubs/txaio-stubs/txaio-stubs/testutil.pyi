"""Helpers for tests of code that uses txaio."""

# The stub-only names (``_Loop``...) are shared between the modules of this
# package.
# pyright: reportPrivateUsage=false

from contextlib import AbstractContextManager
from typing import TypeVar

from txaio import _Loop

_LoopT = TypeVar("_LoopT", bound=_Loop)

def replace_loop(new_loop: _LoopT) -> AbstractContextManager[_LoopT, None]:
    """Set ``txaio.config.loop`` to ``new_loop`` for the ``with`` block.

    The block gets ``new_loop``. The previous loop is put back when the block
    ends normally; if the block raises, ``new_loop`` stays configured.
    """
