"""Failures: create_failure and the failure_* helpers, on both backends."""

from __future__ import annotations

import sys
from types import TracebackType

import pytest
from conftest import Framework
from twisted.python.failure import Failure

from txaio_typed.interfaces import IFailedFuture


class Falsy(Exception):
    """An exception that is false in a boolean context."""

    def __bool__(self) -> bool:
        return False


class Unprintable(Exception):
    """An exception whose ``str()`` raises."""

    def __str__(self) -> str:
        raise RuntimeError("no str for you")


def raising_function_name_xyz() -> None:
    raise ValueError("from a named function")


def caught_failure(framework: Framework) -> IFailedFuture:
    try:
        raising_function_name_xyz()
    except ValueError:
        return framework.api.create_failure()
    raise AssertionError("not reached")


# -- create_failure ----------------------------------------------------------


def test_create_failure_from_exception(framework: Framework) -> None:
    error = ValueError("v")
    fail = framework.api.create_failure(error)
    assert isinstance(fail, IFailedFuture)
    assert fail.value is error
    assert fail.type is ValueError


def test_create_failure_is_a_real_failure_on_twisted(framework: Framework) -> None:
    fail = framework.api.create_failure(ValueError())
    assert isinstance(fail, Failure) is (framework.name == "twisted")


def test_create_failure_with_falsy_exception_uses_it(framework: Framework) -> None:
    error = Falsy("falsy")
    assert not error
    try:
        raise KeyError("a different exception being handled")
    except KeyError:
        fail = framework.api.create_failure(error)
    assert fail.value is error
    assert fail.type is Falsy


def test_create_failure_with_falsy_exception_outside_except(
    framework: Framework,
) -> None:
    error = Falsy()
    fail = framework.api.create_failure(error)
    assert fail.value is error


def test_create_failure_inside_except_captures_current(framework: Framework) -> None:
    fail = caught_failure(framework)
    assert isinstance(fail.value, ValueError)
    assert fail.type is ValueError
    assert isinstance(fail.tb, TracebackType)
    assert isinstance(framework.api.failure_traceback(fail), TracebackType)


def test_create_failure_inside_nested_except_captures_innermost(
    framework: Framework,
) -> None:
    inner = KeyError("inner")
    try:
        raise ValueError("outer")
    except ValueError:
        try:
            raise inner
        except KeyError:
            fail = framework.api.create_failure()
    assert fail.value is inner


def test_create_failure_outside_except_is_a_runtime_error(
    framework: Framework,
) -> None:
    assert sys.exception() is None
    with pytest.raises(RuntimeError, match="except"):
        framework.api.create_failure()


def test_create_failure_with_non_exception_is_a_type_error(
    framework: Framework,
) -> None:
    with pytest.raises(TypeError, match="str"):
        framework.api.create_failure("text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_create_failure_of_unraised_exception_has_no_traceback(
    framework: Framework,
) -> None:
    fail = framework.api.create_failure(ValueError("never raised"))
    assert fail.tb is None
    assert framework.api.failure_traceback(fail) is None


def test_create_failure_of_base_exception(framework: Framework) -> None:
    error = KeyboardInterrupt()
    fail = framework.api.create_failure(error)
    assert fail.value is error
    assert fail.type is KeyboardInterrupt


# -- failure_message ---------------------------------------------------------


def test_failure_message_format(framework: Framework) -> None:
    api = framework.api
    assert api.failure_message(api.create_failure(ValueError("msg"))) == (
        "ValueError: msg"
    )


def test_failure_message_of_caught_failure(framework: Framework) -> None:
    assert framework.api.failure_message(caught_failure(framework)) == (
        "ValueError: from a named function"
    )


def test_failure_message_custom_class(framework: Framework) -> None:
    class MyError(Exception):
        pass

    api = framework.api
    assert api.failure_message(api.create_failure(MyError("x", 1))) == (
        "MyError: ('x', 1)"
    )


def test_failure_message_empty_message(framework: Framework) -> None:
    api = framework.api
    assert api.failure_message(api.create_failure(KeyError())) == "KeyError: "


def test_failure_message_is_one_line(framework: Framework) -> None:
    api = framework.api
    message = api.failure_message(
        api.create_failure(ValueError("first line\nsecond line\r\nthird"))
    )
    assert "\n" not in message
    assert "\r" not in message
    assert message.startswith("ValueError: first line")
    assert "second line" in message
    assert "third" in message


def test_failure_message_never_raises(framework: Framework) -> None:
    api = framework.api
    message = api.failure_message(api.create_failure(Unprintable()))
    assert isinstance(message, str)
    assert "Unprintable" in message
    assert "\n" not in message


def test_failure_message_of_errback_failure(framework: Framework) -> None:
    api = framework.api
    messages: list[str] = []
    out = api.add_callbacks(
        api.create_future_error(ValueError("in chain")),
        None,
        lambda fail: messages.append(api.failure_message(fail)),
    )
    framework.result(out)
    assert messages == ["ValueError: in chain"]


# -- failure_format_traceback / failure_traceback ----------------------------


def test_failure_format_traceback_names_type_and_function(
    framework: Framework,
) -> None:
    text = framework.api.failure_format_traceback(caught_failure(framework))
    assert isinstance(text, str)
    assert "ValueError" in text
    assert "raising_function_name_xyz" in text
    assert "from a named function" in text


def test_failure_format_traceback_of_errback_failure(framework: Framework) -> None:
    api = framework.api
    texts: list[str] = []
    f = api.as_future(raising_function_name_xyz)
    out = api.add_callbacks(
        f, None, lambda fail: texts.append(api.failure_format_traceback(fail))
    )
    framework.result(out)
    assert len(texts) == 1
    assert "ValueError" in texts[0]
    assert "raising_function_name_xyz" in texts[0]


def test_failure_format_traceback_without_traceback(framework: Framework) -> None:
    api = framework.api
    text = api.failure_format_traceback(api.create_failure(ValueError("bare")))
    assert "ValueError" in text
    assert "bare" in text


def test_failure_format_traceback_never_raises(framework: Framework) -> None:
    api = framework.api
    text = api.failure_format_traceback(api.create_failure(Unprintable()))
    assert isinstance(text, str)
    assert "Unprintable" in text


def test_failure_traceback_returns_traceback(framework: Framework) -> None:
    fail = caught_failure(framework)
    tb = framework.api.failure_traceback(fail)
    assert isinstance(tb, TracebackType)
    names: list[str] = []
    walk: TracebackType | None = tb
    while walk is not None:
        names.append(walk.tb_frame.f_code.co_name)
        walk = walk.tb_next
    assert "raising_function_name_xyz" in names


# -- errbacks get failures ----------------------------------------------------


def test_errback_failure_is_ifailedfuture_with_value(framework: Framework) -> None:
    api = framework.api
    error = ValueError("e")
    seen: list[IFailedFuture] = []
    f = api.create_future()
    out = api.add_callbacks(f, None, seen.append)
    api.reject(f, api.create_failure(error))
    assert framework.result(out) is None
    assert len(seen) == 1
    assert isinstance(seen[0], IFailedFuture)
    assert seen[0].value is error
    assert seen[0].type is ValueError
    if framework.name == "twisted":
        assert isinstance(seen[0], Failure)


def test_errback_sees_as_future_error(framework: Framework) -> None:
    api = framework.api
    seen: list[str] = []
    out = api.add_callbacks(
        api.as_future(raising_function_name_xyz),
        None,
        lambda fail: seen.append(api.failure_message(fail)),
    )
    framework.result(out)
    assert seen == ["ValueError: from a named function"]


def test_failure_passed_to_reject_keeps_its_value(framework: Framework) -> None:
    api = framework.api
    fail = caught_failure(framework)
    f = api.create_future()
    api.reject(f, fail)
    assert framework.failure(f) is fail.value
