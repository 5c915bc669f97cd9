"""The errors txaio-typed raises for bad input: their classes and messages.

txaio-typed reports bad input with a precise ``TypeError`` or ``ValueError``.
Where upstream txaio 26.x raised a different class for the same input, the
error is an instance of that class too, so ``except`` clauses written for
upstream keep catching it. Each class below names both in its bases, and
nothing else defines such a class. The functions below build the errors
that both backends (or the batched timer) raise, each with its message, so
that they say the same thing for the same mistake; the checks that both
use live in ``_util``.
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
    "async_generator_error",
    "delay_value_error",
    "error_type_error",
    "exception_type_error",
    "framework_not_selected",
    "future_type_error",
    "result_and_error",
    "seconds_type_error",
    "twisted_logger_error",
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


def seconds_type_error(value: object, name: str = "delay") -> TypeError:
    """``name`` (a delay or a bucket length) is not a number of seconds."""
    return TypeError(
        f"{name} must be a number of seconds (int or float), not {type(value).__name__}"
    )


def delay_value_error(delay: object) -> DelayValueError:
    """A delay that is negative, infinite or NaN."""
    return DelayValueError(
        f"delay must be a finite number of seconds >= 0, got {delay!r}"
    )


def framework_not_selected(name: str) -> RuntimeError:
    """The error of the front's framework-bound function ``name`` called
    before a framework is selected."""
    return RuntimeError(
        f"txaio_typed.{name}() needs a framework: call "
        "txaio_typed.use_asyncio() or txaio_typed.use_twisted() first "
        "(or import txaio_typed.with_asyncio / txaio_typed.with_twisted)"
    )


def result_and_error() -> ValueError:
    """``create_future`` got both ``result`` and ``error``."""
    return ValueError("create_future() takes result or error, not both")


def error_type_error(error: object) -> ErrorTypeError:
    """A future's ``error`` is neither an exception nor a failure."""
    return ErrorTypeError(
        f"error must be an exception or an IFailedFuture, not {type(error).__name__}"
    )


def exception_type_error(exception: object) -> TypeError:
    """``create_failure`` got something that is not an exception."""
    return TypeError(
        f"create_failure() takes an exception, not {type(exception).__name__}"
    )


def future_type_error(
    function: str, value: object, expected: str, hint: str = ""
) -> FutureTypeError:
    """``function`` (``add_callbacks``, ``gather``) got ``value`` where it
    takes ``expected``; ``hint`` says what the value probably is."""
    return FutureTypeError(
        f"{function}() takes {expected}, not {type(value).__name__}{hint}"
    )


def twisted_logger_error(remedy: str) -> TypeError:
    """``make_logger`` got Twisted's ``logger`` or ``observer`` where Twisted
    is not the framework; ``remedy`` says what to do."""
    return TypeError(
        "make_logger(logger=..., observer=...) takes Twisted's logger and "
        f"observer: {remedy}"
    )


def async_generator_error(fun: object) -> AsyncGeneratorError:
    """``as_future``'s ``fun`` returned an async generator."""
    return AsyncGeneratorError(
        f"as_future() got an async generator from {fun!r}: an 'async def' "
        "containing 'yield' cannot be awaited (did you mean 'await' instead "
        "of 'yield'?)"
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
