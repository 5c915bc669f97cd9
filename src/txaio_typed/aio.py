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

# Every name of this module, the API's functions bound to its module-wide API
# object (which uses ``config``), is generated from __init__.pyi.
from txaio_typed._generated_aio import *  # noqa: F403
from txaio_typed._generated_aio import __all__ as __all__
