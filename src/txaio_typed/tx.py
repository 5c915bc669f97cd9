"""The Twisted backend: the txaio API typed with ``Deferred[T]``.

Import it directly (``from txaio_typed import tx``) in Twisted-only code, or
select it for the neutral front with ``txaio_typed.use_twisted()``. Every
function is also available on the object returned by :func:`with_config`,
which uses its own reactor (for tests, a ``twisted.internet.task.Clock``).

The reactor is looked up on every call: ``config.loop`` when it is set,
otherwise the global reactor, imported on first use (so a custom reactor can
still be installed before then) and stored in ``config.loop``. Errbacks get
real ``twisted.python.failure.Failure`` objects.
"""

# ruff: noqa: F405 - the framework-bound names come from the star import

from typing import TYPE_CHECKING as _TYPE_CHECKING

from twisted.logger import LogLevel

from txaio_typed._log_core import Logger
from txaio_typed._log_tx import (
    add_log_categories,
    get_global_log_level,
    make_logger,
    set_global_log_level,
    start_logging,
)
from txaio_typed._tx import (
    CancelledError,
    Canceller,
    Config,
    TwistedApi,
    config,
    using_asyncio,
    using_twisted,
)
from txaio_typed._types import ReactorTime
from txaio_typed._util import perf_counter_ns, time_ns
from txaio_typed.interfaces import IFailedFuture, ILogger, log_levels

# ``Logger`` (the class of the loggers make_logger returns), ``LogLevel``
# (Twisted's) and ``log_levels`` are upstream txaio.tx's names, imported from
# here by Twisted applications.

if not _TYPE_CHECKING:
    # Names upstream txaio.tx has from Twisted, for code written against it.
    # Typed code imports them from Twisted.
    from twisted.internet.defer import Deferred as Deferred
    from twisted.internet.defer import fail as fail
    from twisted.internet.defer import succeed as succeed
    from twisted.python.failure import Failure as Failure


# The framework-bound API functions: the methods of the module-wide API
# object, which uses ``config`` (generated from __init__.pyi).
from txaio_typed._generated_tx import *  # noqa: F403

__all__ = [
    "CancelledError",
    "Canceller",
    "Config",
    "IFailedFuture",
    "ILogger",
    "LogLevel",
    "Logger",
    "ReactorTime",
    "TwistedApi",
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
    "gather",
    "get_global_log_level",
    "is_called",
    "is_future",
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
    "using_asyncio",
    "using_twisted",
    "with_config",
]
