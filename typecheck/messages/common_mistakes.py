"""The three most common mistakes, checked for what each checker says.

tests/test_typecheck.py runs every checker on this file without pins and
compares the messages (not only the codes) with what is expected: each must
name what was expected in the caller's terms. Nothing here runs.
"""

from __future__ import annotations

import logging

import txaio_typed as txaio


def callback_of_the_wrong_type(future: txaio.Future[int]) -> None:
    def on_text(text: str) -> None:
        print(text)

    txaio.add_callbacks(future, on_text, None)


def resolve_with_the_wrong_type(future: txaio.Future[int]) -> None:
    txaio.resolve(future, "forty-two")


def log_level_of_the_logging_module() -> None:
    txaio.start_logging(level=logging.WARNING)
