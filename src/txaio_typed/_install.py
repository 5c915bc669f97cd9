"""``install_as_txaio()``: make ``import txaio`` give txaio-typed.

``sys.modules["txaio"]`` becomes the :mod:`txaio_typed` module itself, and a
finder on ``sys.meta_path`` answers ``import txaio.<name>`` with the module
``txaio_typed.<name>`` (imported on first use, so ``txaio.tx`` still imports
Twisted only when asked for). Both names are then the same module object:
an attribute read or written through one is seen through the other.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Final, cast

if TYPE_CHECKING:
    import importlib.abc
    from collections.abc import Sequence

__all__ = ["install_as_txaio"]

_ALIAS: Final = "txaio"
_TARGET: Final = "txaio_typed"


# The finder and the loader implement the import protocols by their methods
# alone: subclassing importlib.abc's classes would import it (milliseconds).


class _AliasLoader:
    """Loads ``txaio.<name>`` as the already imported ``txaio_typed.<name>``."""

    def __init__(self, module: ModuleType) -> None:
        self._module = module
        self._spec = module.__spec__

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return self._module

    def exec_module(self, module: ModuleType) -> None:
        # The import system stored the alias's spec on the module; the
        # module keeps its own (its real name and location).
        module.__spec__ = self._spec


class _AliasFinder:
    """Finds ``txaio.<name>`` as ``txaio_typed.<name>``."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith(_ALIAS + "."):
            return None
        real_name = _TARGET + fullname[len(_ALIAS) :]
        try:
            module = importlib.import_module(real_name)
        except ModuleNotFoundError as exc:
            if exc.name != real_name:
                raise  # the module exists; something it imports is missing
            return None
        loader = cast("importlib.abc.Loader", _AliasLoader(module))
        return importlib.machinery.ModuleSpec(fullname, loader)


def install_as_txaio() -> None:
    """Make ``import txaio`` (and ``import txaio.<submodule>``) give txaio-typed.

    For applications whose dependencies (Autobahn, for instance) import
    upstream ``txaio``: call it once at start-up, before anything imports
    ``txaio``. From then on ``txaio`` is this very module for the rest of the
    process, and ``txaio.aio``, ``txaio.tx``, ``txaio.interfaces``,
    ``txaio.testutil``, ``txaio.with_asyncio`` ... are txaio-typed's modules
    of the same names: ``txaio.config.loop = ...`` and ``txaio.use_twisted()``
    act on txaio-typed. Calling it again does nothing.

    Raises ``RuntimeError`` when upstream ``txaio`` was imported already
    (its users would keep their reference to it, so two implementations
    would run side by side).
    """
    current = sys.modules.get(_ALIAS)
    target = sys.modules[_TARGET]
    if current is target:
        return
    if current is not None:
        raise RuntimeError(
            "install_as_txaio() must run before anything imports 'txaio': "
            f"{getattr(current, '__file__', current)!r} is imported already, "
            "and the modules that imported it would keep using it"
        )
    for name, module in list(sys.modules.items()):
        if name.startswith(_TARGET + "."):
            alias = _ALIAS + name[len(_TARGET) :]
            sys.modules.setdefault(alias, module)
    sys.meta_path.insert(0, _AliasFinder())
    sys.modules[_ALIAS] = target
