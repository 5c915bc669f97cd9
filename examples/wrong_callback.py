"""A deliberate mistake for the demo: a type checker rejects this file.

``lookup`` returns a ``Future[int]``, but ``shout`` expects a ``str``. At run
time this would fail (or worse, misbehave) only when the future resolves; mypy
and pyright report it at the ``add_callbacks`` line.
"""

from __future__ import annotations

import txaio_typed as txaio


def shout(text: str) -> str:
    return text.upper()


def lookup() -> txaio.Future[int]:
    return txaio.create_future_success(3)


txaio.add_callbacks(lookup(), shout, None)
