"""The exception classes txaio-typed raises where upstream txaio raised another.

txaio-typed reports bad input with a precise ``TypeError`` or ``ValueError``.
Where upstream txaio 26.x raised a different class for the same input, the
error is an instance of that class too, so ``except`` clauses written for
upstream keep catching it. Each class below names both in its bases; the
backends and the batched timer raise them, and nothing else defines such a
class.
"""

from __future__ import annotations

from typing import Final, cast

__all__ = [
    "NO_CURRENT_MESSAGE",
    "AsyncGeneratorError",
    "BatchedCallsError",
    "CallbackTypeError",
    "DelayValueError",
    "ErrorTypeError",
    "FutureTypeError",
    "LogLevelError",
    "NoCurrentExceptionError",
    "delay_type_error",
    "twisted_no_current_class",
]


class ErrorTypeError(TypeError, RuntimeError):
    """A value given as a future's error is neither an exception nor a
    failure (``reject``, ``create_future(error=...)``,
    ``create_future_error``). Upstream raised ``RuntimeError``."""


class CallbackTypeError(TypeError, AssertionError):
    """``add_callbacks`` got neither a callback nor an errback, or one that
    is not callable. Upstream Twisted failed an ``assert``."""


class FutureTypeError(TypeError, AttributeError, AssertionError):
    """A value that should be a future of the selected framework is not
    (``add_callbacks``, ``gather``). Upstream failed later with an
    ``AttributeError`` (or an ``assert`` on Twisted)."""


class AsyncGeneratorError(TypeError, RuntimeError):
    """``as_future`` got an async generator, which cannot be awaited.
    Upstream asyncio raised ``RuntimeError``."""


class DelayValueError(ValueError, AssertionError):
    """A delay that is negative, infinite or NaN. Upstream Twisted's reactor
    failed an ``assert`` for a negative one."""


class LogLevelError(ValueError, RuntimeError):
    """An unknown log level. Upstream's ``start_logging`` raised
    ``RuntimeError``."""


class NoCurrentExceptionError(RuntimeError, TypeError):
    """No exception is being handled where one was needed
    (``create_failure()``, ``reject(f)``, ``create_future_error()``).
    Upstream asyncio failed with ``TypeError`` there; the Twisted backend
    raises a subclass that is also Twisted's ``NoCurrentExceptionError``
    (see :func:`twisted_no_current_class`), which upstream Twisted raised."""


class BatchedCallsError(ExceptionGroup[Exception], RuntimeError):
    """The exceptions raised by the calls of one batched-timer bucket.

    An ``ExceptionGroup`` of the original exceptions (``except*`` works),
    and a ``RuntimeError``, which upstream raised for them.
    """


def delay_type_error(delay: object) -> TypeError:
    """The error for a delay that is not a number of seconds."""
    return TypeError(
        f"delay must be a number of seconds (int or float), not {type(delay).__name__}"
    )


NO_CURRENT_MESSAGE: Final = (
    "no exception is being handled: call this inside an 'except' block or "
    "pass the exception"
)


def twisted_no_current_class(
    twisted_class: type[Exception],
) -> type[NoCurrentExceptionError]:
    """A :class:`NoCurrentExceptionError` that is also ``twisted_class``
    (Twisted's ``NoCurrentExceptionError``); the Twisted backend makes it
    once, at import."""
    return cast(
        "type[NoCurrentExceptionError]",
        type(
            "NoCurrentExceptionError",
            (NoCurrentExceptionError, twisted_class),
            {"__module__": __name__, "__doc__": NoCurrentExceptionError.__doc__},
        ),
    )
