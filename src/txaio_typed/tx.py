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

# Every name of this module, the API's functions bound to its module-wide API
# object (which uses ``config``), is generated from __init__.pyi. ``Logger``
# (the class of the loggers make_logger returns), ``LogLevel`` (Twisted's) and
# ``log_levels`` are upstream txaio.tx's names, which Twisted applications
# import from here.
from txaio_typed._generated_tx import *  # noqa: F403
from txaio_typed._generated_tx import __all__ as __all__

if not _TYPE_CHECKING:
    # Names upstream txaio.tx has from Twisted, for code written against it.
    # Typed code imports them from Twisted.
    from twisted.internet.defer import Deferred as Deferred
    from twisted.internet.defer import fail as fail
    from twisted.internet.defer import succeed as succeed
    from twisted.python.failure import Failure as Failure
