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

from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Final as _Final

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
from txaio_typed._tx import default_api as _default_api
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

# The API functions not imported above are the methods of the module-wide
# TwistedApi, which uses ``config``. This part is generated from __init__.pyi by
# tools/gen_front.py (run by the test suite with --test): do not edit it.
# -- generated -----------------------------------------------------------------

add_callbacks: _Final = _default_api.add_callbacks
as_future: _Final = _default_api.as_future
call_later: _Final = _default_api.call_later
cancel: _Final = _default_api.cancel
create_failure: _Final = _default_api.create_failure
create_future: _Final = _default_api.create_future
create_future_error: _Final = _default_api.create_future_error
create_future_success: _Final = _default_api.create_future_success
failure_format_traceback: _Final = _default_api.failure_format_traceback
failure_message: _Final = _default_api.failure_message
failure_traceback: _Final = _default_api.failure_traceback
gather: _Final = _default_api.gather
is_called: _Final = _default_api.is_called
is_future: _Final = _default_api.is_future
make_batched_timer: _Final = _default_api.make_batched_timer
reject: _Final = _default_api.reject
resolve: _Final = _default_api.resolve
sleep: _Final = _default_api.sleep
with_config: _Final = _default_api.with_config

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

# -- end of generated code ----------------------------------------------------
