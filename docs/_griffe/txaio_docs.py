"""Griffe extension for the API reference of txaio-typed.

- Overloads without an implementation (all of ``__init__.pyi``'s, whose
  names the runtime module loads on first use, and the ``Api`` Protocol's)
  become a documented function. Griffe otherwise keeps
  them aside and leaves the name out of the reference.
- Sphinx roles in docstrings (``:func:`with_config```) become code spans,
  as Markdown has no roles.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLES = "func|meth|class|data|attr|mod|exc|obj|const"
_ROLE = re.compile(rf":(?:py:)?(?:{_ROLES}):`~?([^`]+)`")


def _line(member: griffe.Object | griffe.Alias) -> float:
    line = member.alias_lineno if isinstance(member, griffe.Alias) else member.lineno
    return float("inf") if line is None else line


def _function_of(
    name: str, overloads: list[griffe.Function], parent: griffe.Object
) -> griffe.Function:
    """One documented function standing for ``overloads``."""
    first = overloads[0]
    docstring = next((o.docstring for o in overloads if o.docstring), None)
    function = griffe.Function(
        name,
        lineno=first.lineno,
        endlineno=overloads[-1].endlineno,
        parameters=first.parameters,
        returns=first.returns,
        docstring=docstring,
        parent=parent,
    )
    function.overloads = overloads
    return function


class TxaioDocs(griffe.Extension):
    def on_members(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if not isinstance(obj, griffe.Module | griffe.Class):
            return
        for name, overloads in dict(obj.overloads).items():
            if not overloads or name in obj.members:
                continue
            obj.set_member(name, _function_of(name, list(overloads), obj))
            obj.overloads.pop(name, None)
        # Where they were declared (re-exported members are listed in this
        # order, whatever their line numbers).
        members = sorted(obj.members.items(), key=lambda item: _line(item[1]))
        obj.members.clear()
        obj.members.update(members)

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _ROLE.sub(r"`\1`", obj.docstring.value)
