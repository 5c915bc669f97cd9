"""The asyncio backend: the txaio API typed with ``asyncio.Future[T]``.

Import it directly (``from txaio_typed import aio``) in asyncio-only code, or
select it for the neutral front with ``txaio_typed.use_asyncio()``. Every
function is also available on the object returned by :func:`with_config`,
which uses its own event loop.

The loop is looked up on every call: ``config.loop`` when it is set,
otherwise the running loop, otherwise the loop set for the current thread.
In the main thread a loop is created and set when there is none (with no
``DeprecationWarning``); in any other thread a ``RuntimeError`` says that no
loop is available rather than installing one behind the caller's back.
"""

# ruff: noqa: F405 - the framework-bound names come from the star import

from txaio_typed._aio import (
    AsyncioApi,
    CancelledError,
    Canceller,
    Config,
    config,
    using_asyncio,
    using_twisted,
)
from txaio_typed._failure import FailedFuture

# The framework-bound API functions: the methods of the module-wide API
# object, which uses ``config`` (generated from __init__.pyi).
from txaio_typed._generated_aio import *  # noqa: F403
from txaio_typed._log_aio import (
    add_log_categories,
    get_global_log_level,
    make_logger,
    set_global_log_level,
    start_logging,
)
from txaio_typed._util import perf_counter_ns, time_ns
from txaio_typed.interfaces import IFailedFuture, ILogger, log_levels

__all__ = [
    "AsyncioApi",
    "CancelledError",
    "Canceller",
    "Config",
    "FailedFuture",
    "IFailedFuture",
    "ILogger",
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
