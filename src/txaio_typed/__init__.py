"""txaio-typed: one codebase on asyncio or Twisted, precisely typed.

Select a framework once at start-up with :func:`use_asyncio` or
:func:`use_twisted` (or import :mod:`txaio_typed.with_asyncio` /
:mod:`txaio_typed.with_twisted`); the API names of this module are then bound
to that framework's functions, so a call costs nothing extra. Before a
framework is selected, those names raise ``RuntimeError`` saying how to select
one; ``time_ns``, ``perf_counter_ns``, logging and the interfaces work at any
time.

Importing this module imports nothing else until a name is used (typing and
asyncio alone take tens of milliseconds to import): each name is loaded from
its module on first use, and selecting a framework binds them all.

The static types of this module live in ``__init__.pyi``.
"""

from __future__ import annotations

import sys

from txaio_typed._version import __version__

# False at run time (sys.modules is never empty). Type checkers take any
# name TYPE_CHECKING as true; editors that evaluate it (jedi) cannot, so they
# follow these imports to the functions' sources and docstrings.
TYPE_CHECKING = not sys.modules
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

    # What the front offers before a framework is selected. At run time each
    # name is loaded from its module on first use: tools/gen_front.py derives
    # _PROVIDED_BY from these imports.
    from txaio_typed._api import Api
    from txaio_typed._install import install_as_txaio
    from txaio_typed._log import (
        add_log_categories,
        get_global_log_level,
        make_logger,
        set_global_log_level,
        start_logging,
    )
    from txaio_typed._types import (
        Config,
        DeferredLike,
        FrameworkDelayedCall,
        FrameworkFuture,
        FrameworkLoop,
        FrameworkName,
        Future,
        ReactorTime,
    )
    from txaio_typed._util import perf_counter_ns, time_ns
    from txaio_typed.interfaces import (
        IBatchedTimer,
        IDelayedCall,
        IFailedFuture,
        ILogger,
        LogLevel,
        LogLevelName,
        is_failure,
        is_log_level,
        log_levels,
    )

__all__ = [
    "Api",
    "Config",
    "DeferredLike",
    "FrameworkDelayedCall",
    "FrameworkFuture",
    "FrameworkLoop",
    "FrameworkName",
    "Future",
    "IBatchedTimer",
    "IDelayedCall",
    "IFailedFuture",
    "ILogger",
    "LogLevel",
    "LogLevelName",
    "ReactorTime",
    "__version__",
    "add_callbacks",
    "add_log_categories",
    "as_future",
    "call_later",
    "cancel",
    "config",
    "create_failure",
    "create_future",
    "create_future_error",
    "create_future_success",
    "failure_format_traceback",
    "failure_message",
    "failure_traceback",
    "framework",
    "gather",
    "get_global_log_level",
    "install_as_txaio",
    "is_called",
    "is_failure",
    "is_future",
    "is_log_level",
    "log_levels",
    "make_batched_timer",
    "make_logger",
    "perf_counter_ns",
    "reject",
    "resolve",
    "set_global_log_level",
    "sleep",
    "start_logging",
    "time_ns",
    "use_asyncio",
    "use_twisted",
    "using_asyncio",
    "using_twisted",
    "version",
    "with_config",
]

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

# The framework-bound functions until a framework is selected are
# placeholders generated from __init__.pyi into _unselected. Where each name
# offered before selection lives; generated, as __all__ is, by
# tools/gen_front.py (which the test suite runs with --test).
if TYPE_CHECKING:
    from txaio_typed._unselected import (
        add_callbacks,
        as_future,
        call_later,
        cancel,
        create_failure,
        create_future,
        create_future_error,
        create_future_success,
        failure_format_traceback,
        failure_message,
        failure_traceback,
        gather,
        is_called,
        is_future,
        make_batched_timer,
        reject,
        resolve,
        sleep,
        with_config,
    )

_PROVIDED_BY: dict[str, str] = {
    "Api": "_api",
    "Config": "_types",
    "DeferredLike": "_types",
    "FrameworkDelayedCall": "_types",
    "FrameworkFuture": "_types",
    "FrameworkLoop": "_types",
    "FrameworkName": "_types",
    "Future": "_types",
    "IBatchedTimer": "interfaces",
    "IDelayedCall": "interfaces",
    "IFailedFuture": "interfaces",
    "ILogger": "interfaces",
    "LogLevel": "interfaces",
    "LogLevelName": "interfaces",
    "ReactorTime": "_types",
    "add_callbacks": "_unselected",
    "add_log_categories": "_log",
    "as_future": "_unselected",
    "call_later": "_unselected",
    "cancel": "_unselected",
    "create_failure": "_unselected",
    "create_future": "_unselected",
    "create_future_error": "_unselected",
    "create_future_success": "_unselected",
    "failure_format_traceback": "_unselected",
    "failure_message": "_unselected",
    "failure_traceback": "_unselected",
    "gather": "_unselected",
    "get_global_log_level": "_log",
    "install_as_txaio": "_install",
    "is_called": "_unselected",
    "is_failure": "interfaces",
    "is_future": "_unselected",
    "is_log_level": "interfaces",
    "log_levels": "interfaces",
    "make_batched_timer": "_unselected",
    "make_logger": "_log",
    "perf_counter_ns": "_util",
    "reject": "_unselected",
    "resolve": "_unselected",
    "set_global_log_level": "_log",
    "sleep": "_unselected",
    "start_logging": "_log",
    "time_ns": "_util",
    "with_config": "_unselected",
}


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
    from txaio_typed._api import API_NAMES
    from txaio_typed._types import BACKENDS

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
    from txaio_typed._types import BACKENDS

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
