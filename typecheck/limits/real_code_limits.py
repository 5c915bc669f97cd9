"""Why the last errors on real code remain: the checkers, shown without txaio.

``A`` stands for ``asyncio.Future``, ``B`` for ``Deferred`` and ``Both`` for
the futures txaio-typed returns (``FrameworkFuture``, which has both APIs).
``tests/test_typecheck.py`` runs mypy and pyright (basic, as real code is
checked) on this file and asserts what each says on the marked lines, so a
checker release that lifts one of these limits is noticed. A ``# LIMIT``
or ``# ACCEPTED`` comment speaks of the line below it. docs/typing.md,
"Errors our types cause in correct code (S)", explains each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
R = TypeVar("R")


class A(Generic[T]):
    def set_result(self, value: T) -> None: ...


class B(Generic[T]):
    def callback(self, value: T) -> None: ...


class Both(A[T], B[T]):
    pass


def both() -> Both[int]:
    return Both()


def both_or_any() -> Both[int] | Any:
    return Both()


def resolve(future: A[T] | B[T], value: T) -> None:
    pass


# 1. mypy types a variable by its first assignment. No declared type other
#    than Any is both a ``Both`` (for the methods) and a supertype of ``B``.
def first_assignment(flag: bool) -> None:
    if flag:  # noqa: SIM108 - two branches, as in the real code
        d = both()
    else:
        # LIMIT mypy: expression has type "B[Never]", variable has type "Both[int]"
        d = B()
    print(d)


# 2. The way out typeshed uses for such returns, ``X | Any``, takes the B,
#    but mypy then solves T as Any: the wrong value is no longer caught.
def any_trick(flag: bool) -> None:
    if flag:  # noqa: SIM108 - two branches, as in the real code
        d = both_or_any()
    else:
        # ACCEPTED mypy
        d = B()
    print(d)
    # ACCEPTED mypy
    resolve(both_or_any(), "not an int")
    # LIMIT mypy: Cannot infer value of type parameter "T" of "resolve"
    resolve(both(), "not an int")


# 3. pyright declares an unannotated method by its inferred type, so a test
#    that replaces it with a function returning a plain B is rejected.
class Session:
    def on_leave(self):
        return both()


def replace(session: Session) -> None:
    # LIMIT pyright: is not assignable to type "() -> Both[int]"
    session.on_leave = lambda: B[int]()


# 4. pyright solves no T for a union of B[int] and B[str] given to a plain
#    function; an overloaded one has the union expanded. But on the neutral
#    union A[int] | B[int], mypy types no lambda parameter of an overloaded
#    function, so txaio-stubs keeps its add_callbacks plain.
def add_callbacks(future: A[T] | B[T], callback: Callable[[T], object]) -> None:
    pass


@overload
def add_callbacks_overloaded(
    future: A[T] | B[T], callback: Callable[[T], object]
) -> None: ...
@overload
def add_callbacks_overloaded(future: A[T] | B[T], callback: None) -> None: ...
def add_callbacks_overloaded(future: Any, callback: Any) -> None:
    pass


def mixed(future: B[int] | B[str], neutral: A[int] | B[int]) -> None:
    # LIMIT pyright: "B[str]" is not assignable to "B[int]"
    add_callbacks(future, print)
    # ACCEPTED pyright
    add_callbacks_overloaded(future, print)
    # LIMIT mypy: "int" has no attribute "upper"
    add_callbacks(neutral, lambda value: value.upper())
    # ACCEPTED mypy
    add_callbacks_overloaded(neutral, lambda value: value.upper())


# 5. When no overload matches, mypy reports against the first whose arguments
#    have the right shape, and every callable has the shape of every Callable:
#    a callback with the wrong parameter is compared with the form for
#    callbacks that return a future. One form for both kinds of callback
#    instead (``Callable[[T], A[R] | B[R] | R]``) leaves R unsolved for a
#    callback that returns a future.
@overload
def then(future: A[T] | B[T], callback: Callable[[T], A[R] | B[R]]) -> A[R]: ...
@overload
def then(future: A[T] | B[T], callback: Callable[[T], R]) -> A[R]: ...
def then(future: Any, callback: Any) -> Any:
    pass


def then_one_form(
    future: A[T] | B[T], callback: Callable[[T], A[R] | B[R] | R]
) -> A[R]:
    return A()


def text_only(text: str) -> str:
    return text


def later(number: int) -> B[str]:
    return B()


def callbacks(neutral: A[int] | B[int]) -> None:
    # LIMIT mypy: expected "Callable[[int], A[Never] | B[Never]]"
    then(neutral, text_only)
    # LIMIT mypy: "then_one_form" has incompatible type "Callable[[int], B[str]]"
    then_one_form(neutral, later)
