"""The Twisted backend's ``call_later`` handles: a ``cancel()`` that may repeat.

Twisted's ``DelayedCall.cancel()`` raises ``AlreadyCalled`` once the call ran
and ``AlreadyCancelled`` once it was cancelled; asyncio's ``Handle.cancel()``
does nothing then. So that neutral code may cancel a timeout whenever it
likes, the backend turns the reactor's own ``DelayedCall`` into
:class:`DelayedCall` (a subclass whose ``cancel()`` does nothing in those
cases) by changing its class: the object the reactor keeps in its list is
the one returned, and its ``func`` stays the caller's function.

Imported at the first ``call_later``, so that selecting Twisted does not
import ``twisted.internet.base``.
"""

from __future__ import annotations

from typing import Final

from twisted.internet import base

__all__ = ["PLAIN", "DelayedCall"]

PLAIN: Final = base.DelayedCall
"""The class of the delayed calls every reactor and ``task.Clock`` return:
the backend changes the class of those (and only those) to
:class:`DelayedCall`. Another object (a test double's handle) is left as
it is."""
_cancel: Final = base.DelayedCall.cancel


class DelayedCall(base.DelayedCall):
    """A reactor's ``DelayedCall`` whose ``cancel()`` may be called again.

    Everything else (``active()``, ``reset()``, ``delay()``, ``getTime()``,
    ``func``, ``args``, ``kw``, the ``repr``) is Twisted's.
    """

    __slots__ = ()

    def cancel(self) -> None:
        """Stop the call; does nothing when it already ran, is running, or
        was cancelled."""
        if not (self.cancelled or self.called):
            _cancel(self)
