"""Must-fail cases for ``txaio_typed.testutil``.

Pinned as in front_fail.py: one pin per checker on the line of the mistake.
"""

from __future__ import annotations

from twisted.internet import task

from txaio_typed.testutil import replace_loop


def config_without_a_loop() -> None:
    with replace_loop(task.Clock(), config=object()):  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]
        pass


def the_loop_keeps_its_type() -> None:
    with replace_loop(task.Clock()) as clock:
        clock.run_until_complete()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]


def replace_loop_is_a_context_manager() -> None:
    replace_loop(task.Clock()).advance(1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # pyrefly: ignore[missing-attribute]  # ty: ignore[missing-attribute]
