"""Property tests (hypothesis) on both backends: gather and callback chains."""

from __future__ import annotations

from typing import Literal, TypeAlias, cast

import pytest
from conftest import AnyFuture, FrameworkName, open_framework
from hypothesis import given, settings
from hypothesis import strategies as st

from txaio_typed.interfaces import IFailedFuture

BACKENDS: list[FrameworkName] = ["asyncio", "twisted"]
PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, database=None)


class Failed(Exception):
    """The error of input or link ``number``."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


# -- gather ------------------------------------------------------------------


@st.composite
def gather_inputs(
    draw: st.DrawFn,
) -> tuple[list[bool], list[int], bool]:
    """(succeeds? per input, settle order, consume_exceptions)."""
    succeeds = draw(st.lists(st.booleans(), max_size=6))
    order = draw(st.permutations(range(len(succeeds))))
    return succeeds, list(order), draw(st.booleans())


@pytest.mark.parametrize("name", BACKENDS)
@PROPERTY_SETTINGS
@given(case=gather_inputs())
def test_gather_matches_model(
    name: FrameworkName, case: tuple[list[bool], list[int], bool]
) -> None:
    succeeds, order, consume = case
    errors = [Failed(i) for i in range(len(succeeds))]
    first_failure = next((i for i in order if not succeeds[i]), None)
    with open_framework(name) as fw:
        api = fw.api
        inputs = [api.create_future() for _ in succeeds]
        gathered = api.gather(inputs, consume_exceptions=consume)
        failed_fast = False  # consume_exceptions=False and an input failed
        for index in order:
            # pending until every input settled, or until the first failure
            assert fw.is_pending(gathered) is not failed_fast
            if succeeds[index]:
                api.resolve(inputs[index], index * 10)
            else:
                api.reject(inputs[index], errors[index])
                failed_fast = failed_fast or not consume
            fw.flush()
        if not consume and first_failure is not None:
            assert fw.failure(gathered) is errors[first_failure]
            return
        results = cast("list[object]", fw.result(gathered))
        assert len(results) == len(succeeds)
        for index, (ok, slot) in enumerate(zip(succeeds, results, strict=True)):
            if ok:
                assert slot == index * 10
            else:
                assert isinstance(slot, IFailedFuture)
                assert cast(IFailedFuture, slot).value is errors[index]


# -- callback chains ---------------------------------------------------------

Action: TypeAlias = Literal["return", "raise"] | None
Link: TypeAlias = tuple[Action, Action]
"""(what the callback does, what the errback does); None: not given."""

links = st.tuples(
    st.sampled_from([None, "return", "raise"]),
    st.sampled_from([None, "return", "raise"]),
).filter(lambda link: link != (None, None))


def model(initial_ok: bool, chain: list[Link]) -> tuple[list[object], object]:
    """Twisted's callback chain: the trace and the final (ok, value)."""
    trace: list[object] = []
    ok, value = initial_ok, cast(object, "initial" if initial_ok else -1)
    for number, (callback, errback) in enumerate(chain):
        action = callback if ok else errback
        if action is None:
            continue
        trace.append(("cb" if ok else "eb", number, value))
        if action == "return":
            ok, value = True, f"value {number}"
        else:
            ok, value = False, number
    return trace, (ok, value)


@pytest.mark.parametrize("name", BACKENDS)
@PROPERTY_SETTINGS
@given(
    initial_ok=st.booleans(),
    chain=st.lists(links, min_size=1, max_size=8),
    settle_after=st.integers(min_value=0, max_value=8),
)
def test_callback_chain_matches_twisted_model(
    name: FrameworkName, initial_ok: bool, chain: list[Link], settle_after: int
) -> None:
    expected_trace, expected_final = model(initial_ok, chain)
    with open_framework(name) as fw:
        api = fw.api
        trace: list[object] = []
        root = api.create_future()
        outcomes: list[AnyFuture] = []

        def settle() -> None:
            if initial_ok:
                api.resolve(root, "initial")
            else:
                api.reject(root, Failed(-1))

        for number, (callback_action, errback_action) in enumerate(chain):
            if number == settle_after:
                settle()

            def callback(
                value: object, number: int = number, action: Action = callback_action
            ) -> object:
                trace.append(("cb", number, value))
                if action == "raise":
                    raise Failed(number)
                return f"value {number}"

            def errback(
                fail: IFailedFuture,
                number: int = number,
                action: Action = errback_action,
            ) -> object:
                assert isinstance(fail, IFailedFuture)
                assert isinstance(fail.value, Failed)
                trace.append(("eb", number, fail.value.number))
                if action == "raise":
                    raise Failed(number)
                return f"value {number}"

            outcomes.append(
                api.add_callbacks(
                    root,
                    None if callback_action is None else callback,
                    None if errback_action is None else errback,
                )
            )
            fw.flush()
        if settle_after >= len(chain):
            settle()
        fw.flush()
        assert trace == expected_trace
        final_ok, final_value = cast("tuple[bool, object]", expected_final)
        if final_ok:
            assert fw.result(outcomes[-1]) == final_value
        else:
            error = fw.failure(outcomes[-1])
            assert isinstance(error, Failed)
            assert error.number == final_value
