"""Griffe extension for the API reference of txaio-typed.

- Overloads without an implementation (all of ``__init__.pyi``'s, including
  those of names the runtime module binds to generated placeholders, and the
  ``Api`` Protocol's) become a documented function. Griffe otherwise keeps
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
        # A stub's overloads are merged into the runtime module later (and
        # into the placeholders its names are bound to: see on_package).
        stub = str(obj.filepath).endswith(".pyi")
        pending = {} if stub else dict(obj.overloads)
        for name, overloads in pending.items():
            if not overloads or name in obj.members:
                continue
            obj.set_member(name, _function_of(name, list(overloads), obj))
            obj.overloads.pop(name, None)
        # Where they were declared (re-exported members are listed in this
        # order, whatever their line numbers).
        members = sorted(obj.members.items(), key=lambda item: _line(item[1]))
        obj.members.clear()
        obj.members.update(members)

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        # The front's framework-bound names are aliases of generated
        # placeholders at run time; the stub's overloads come with them.
        for name, member in list(pkg.members.items()):
            if not isinstance(member, griffe.Alias):
                continue
            try:
                target = member.final_target
            except griffe.AliasResolutionError:
                continue
            overloads = getattr(target, "overloads", None)
            if isinstance(target, griffe.Function) and overloads:
                function = _function_of(name, list(overloads), pkg)
                if function.docstring is None:
                    function.docstring = target.docstring
                pkg.members[name] = function  # in the alias's place

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _ROLE.sub(r"`\1`", obj.docstring.value)
