"""What an ``isinstance`` miss against a Protocol costs, step by step.

    .venv/bin/python benchmarks/isinstance_floor.py [ROUNDS]

A miss against an ABC is one cache lookup in C. A structural miss that gives
the plain Protocol's answer in every case must confirm, at every check, that
what it learnt about the object's class still holds. This times, in one
process with interleaved rounds (best of each), the checks against an ABC, a
plain runtime-checkable Protocol, txaio_typed's IFailedFuture, and each step
txaio_typed's miss on an ordinary object takes, on its own.
"""

from __future__ import annotations

import abc
import builtins
import random
import sys
import time
from collections.abc import Callable
from types import TracebackType

from typing_extensions import Protocol, runtime_checkable

from txaio_typed import aio
from txaio_typed.interfaces import IFailedFuture


@runtime_checkable
class PlainFailedFuture(Protocol):
    """A plain runtime-checkable Protocol with IFailedFuture's members."""

    @property
    def value(self) -> BaseException: ...
    @property
    def type(self) -> builtins.type[BaseException]: ...
    @property
    def tb(self) -> TracebackType | None: ...


class FailureABC(abc.ABC):  # noqa: B024 - an ABC used only for isinstance
    pass


class RawFailure(FailureABC):
    pass


class Request:
    """An ordinary user-defined class."""

    def __init__(self, path: str) -> None:
        self.path = path


class FalseMeta(type):
    def __instancecheck__(cls, instance: object) -> bool:
        return False


class Nothing(metaclass=FalseMeta):
    pass


# txaio_typed registers its failure class with IFailedFuture.
PlainFailedFuture.register(aio.FailedFuture)  # type: ignore[attr-defined]


def timed(statement: str, **names: object) -> Callable[[int], None]:
    """A function that runs ``statement`` n times, in a loop of its own."""
    source = f"def run(n):\n    for _ in range(n):\n        {statement}\n"
    namespace: dict[str, object] = dict(names)
    exec(source, namespace)
    return namespace["run"]  # type: ignore[return-value]


def main(rounds: int) -> None:
    request = Request("/index")
    failure = aio.create_failure(ValueError())
    raw = RawFailure()
    token, mro, proxy = abc.get_cache_token(), Request.__mro__, vars(Request)
    known = {Request: (mro, token, "tb", proxy)}
    for protocol in (FailureABC, PlainFailedFuture, IFailedFuture):
        isinstance(request, protocol)
    checks = {
        ("hit", "ABC"): timed("isinstance(o, P)", o=raw, P=FailureABC),
        ("hit", "Protocol"): timed("isinstance(o, P)", o=failure, P=PlainFailedFuture),
        ("hit", "txaio_typed"): timed("isinstance(o, P)", o=failure, P=IFailedFuture),
    }
    for label, obj in (("miss 42", 42), ("miss user object", request)):
        checks[label, "ABC"] = timed("isinstance(o, P)", o=obj, P=FailureABC)
        checks[label, "Protocol"] = timed(
            "isinstance(o, P)", o=obj, P=PlainFailedFuture
        )
        checks[label, "txaio_typed"] = timed("isinstance(o, P)", o=obj, P=IFailedFuture)
    steps = {
        "a Python __instancecheck__ (as ABCMeta's)": timed(
            "isinstance(o, P)", o=request, P=Nothing
        ),
        "what is known about the class (a dict lookup)": timed(
            "known.get(type(o))", o=request, known=known
        ),
        "the ABC's negative answer stands (cache token)": timed(
            "token == get_token()", token=token, get_token=abc.get_cache_token
        ),
        "the MRO is the same (bases not reassigned)": timed(
            "K.__mro__ is mro", K=Request, mro=mro
        ),
        "the class still lacks the member and __getattribute__": timed(
            "'tb' not in proxy and '__getattribute__' not in proxy", proxy=proxy
        ),
        "the instance's __dict__ lacks it (and is a dict)": timed(
            "type(d := o.__dict__) is dict and 'tb' not in d", o=request
        ),
    }
    runs = {**{" / ".join(key): run for key, run in checks.items()}, **steps}
    runs["empty loop"] = timed("pass")
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for name in random.sample(list(runs), len(runs)):
            calls = 1000 if name.endswith("/ Protocol") else 20000
            for _ in range(3):
                start = time.perf_counter()
                runs[name](calls)
                best[name] = min(best[name], (time.perf_counter() - start) / calls)
    empty = best.pop("empty loop")
    print(f"Python {sys.version.split()[0]}, best of {rounds} interleaved rounds")
    print("\n| check | ABC | plain Protocol | txaio_typed |")
    print("| --- | ---: | ---: | ---: |")
    for label in ("hit", "miss 42", "miss user object"):
        nominal = best[f"{label} / ABC"] - empty
        cells = [
            f"{(best[f'{label} / {impl}'] - empty) * 1e9:.0f} ns "
            f"({(best[f'{label} / {impl}'] - empty) / nominal:.2f}x)"
            for impl in ("ABC", "Protocol", "txaio_typed")
        ]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("\n| step of txaio_typed's miss on a user object | ns |")
    print("| --- | ---: |")
    for name in steps:
        print(f"| {name} | {(best[name] - empty) * 1e9:.0f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 21)
