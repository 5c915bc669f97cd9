"""txaio-typed: one codebase on asyncio or Twisted, precisely typed.

Select a framework once at start-up with :func:`use_asyncio` or
:func:`use_twisted` (or import :mod:`txaio_typed.with_asyncio` /
:mod:`txaio_typed.with_twisted`); the API names of this module are then bound
to that framework's functions, so a call costs nothing extra. Before a
framework is selected, those names raise ``RuntimeError`` saying how to select
one; ``time_ns``, ``perf_counter_ns``, logging and the interfaces work at any
time.

Names are bound lazily, as measured (docs/performance.md): importing this
module loads only the generated table of its names (``_generated_front``),
not even ``typing``; each other name is loaded from its module on first
use, and selecting a framework binds them all. Binding every name at import
would make each importer pay for asyncio, while a library that only makes a
logger at import time pays for logging alone.

The static types of this module live in ``__init__.pyi``.
"""

from __future__ import annotations

import sys

from txaio_typed._generated_front import FRONT_ALL as __all__  # noqa: F401
from txaio_typed._generated_front import PROVIDED_BY as _PROVIDED_BY
from txaio_typed._version import __version__

# Type checkers read __init__.pyi, not this file: the block below is for
# editors that read the source (jedi), which take a ``TYPE_CHECKING`` constant
# by its name. Not importing it from ``typing`` spares ``import txaio_typed``
# loading typing (about 6 ms) before anything needs it.
TYPE_CHECKING = False  # pyright: ignore[reportConstantRedefinition] - it reads the name as typing's

if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

    from txaio_typed._frameworks import FrameworkName

    # What editors that read the source (jedi) show for the framework-bound
    # names until a framework is selected: the placeholders' signatures and
    # docstrings, which are the stub's.
    from txaio_typed._generated_unselected import *  # noqa: F403

version = __version__


class _UnselectedConfig:
    """``config`` before a framework is selected.

    A loop set here is carried over to the framework selected later.
    """

    __slots__ = ("loop",)

    def __init__(self) -> None:
        self.loop: object = None


framework: FrameworkName | None = None
#: upstream txaio's name for :data:`framework` (Autobahn reads it).
_explicit_framework: FrameworkName | None = None
using_asyncio = False
using_twisted = False
config: Any = _UnselectedConfig()


def _load(name: str) -> object:
    """Front attribute ``name`` from the module that holds it (and bind it)."""
    module = _PROVIDED_BY.get(name)
    if module is None:
        raise AttributeError(f"module 'txaio_typed' has no attribute {name!r}")
    value = getattr(_submodule(module), name)
    globals()[name] = value
    return value


def _submodule(name: str) -> ModuleType:
    qualified = f"txaio_typed.{name}"
    __import__(qualified)
    return sys.modules[qualified]


def _select(name: FrameworkName) -> None:
    global framework, _explicit_framework, using_asyncio, using_twisted, config
    if framework == name:
        return
    if framework is not None:
        raise RuntimeError(
            f"txaio_typed already uses {framework!r}; a process can select "
            f"only one framework, so it cannot switch to {name!r}"
        )
    from txaio_typed import _log
    from txaio_typed._frameworks import BACKENDS
    from txaio_typed._generated_api import API_NAMES

    backend = _submodule(BACKENDS[name])
    _log.bind_framework(name)
    namespace = globals()
    # The API names come from the backend; the rest (interfaces, types,
    # install_as_txaio) from their modules, unless already loaded.
    for attribute in _PROVIDED_BY.keys() - API_NAMES:
        if attribute not in namespace:
            _load(attribute)
    for attribute in API_NAMES:
        namespace[attribute] = getattr(backend, attribute)
    if config.loop is not None:
        backend.config.loop = config.loop
    config = backend.config
    namespace["CancelledError"] = backend.CancelledError
    # Every name is bound now, and a missing one gets the same AttributeError
    # without __getattr__. Dropping it matters for speed: CPython does not
    # specialise attribute loads on a module that has __getattr__, so each
    # ``txaio.create_future(...)`` would pay a slower lookup.
    del namespace["__getattr__"]
    using_asyncio = name == "asyncio"
    using_twisted = name == "twisted"
    framework = _explicit_framework = name


def use_asyncio() -> None:
    """Use asyncio from now on. Calling it again does nothing.

    Raises ``RuntimeError`` when Twisted was already selected.
    """
    _select("asyncio")


def use_twisted() -> None:
    """Use Twisted from now on. Calling it again does nothing.

    Raises ``RuntimeError`` when asyncio was already selected, and
    ``ImportError`` when Twisted is not installed.
    """
    _select("twisted")


def _use_framework(module: ModuleType) -> None:  # pyright: ignore[reportUnusedFunction] - called as txaio._use_framework
    """Select the framework of backend ``module`` (upstream's internal helper,
    which upstream's own test fixtures call).

    ``aio`` selects asyncio and ``tx`` Twisted, as ``use_asyncio()`` and
    ``use_twisted()`` do; any other module is accepted only while no
    framework is selected. Raises ``RuntimeError`` for a switch.
    """
    from txaio_typed._frameworks import BACKENDS

    for name, backend in BACKENDS.items():
        if module.__name__ == f"txaio_typed.{backend}":
            _select(name)
            return
    if framework is not None:
        raise RuntimeError(
            f"txaio_typed already uses {framework!r}; it cannot return to "
            f"{module.__name__!r}"
        )


#: Submodules that ``txaio_typed.<name>`` imports on first use (as after
#: ``import txaio_typed.<name>``), before a framework is selected.
_SUBMODULES = frozenset({"aio", "tx", "testutil"})


def __getattr__(name: str) -> object:
    if name in _SUBMODULES:
        return _submodule(name)
    if name == "CancelledError":
        raise AttributeError(
            "txaio_typed.CancelledError is the selected framework's "
            "cancellation exception: select a framework first"
        )
    return _load(name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_PROVIDED_BY})
