"""The type variables of the API's signatures, shared by the contract
(``__init__.pyi``) and both backends so that each is declared once.

``T`` is a future's result type, ``R`` and ``R2`` what a callback and an
errback return, ``P`` the parameters of a function given to the API and
``E`` an exception type.
"""

from typing import ParamSpec, TypeVar

__all__ = ["R2", "E", "P", "R", "T"]

T = TypeVar("T")
R = TypeVar("R")
R2 = TypeVar("R2")
P = ParamSpec("P")
E = TypeVar("E", bound=BaseException)
