"""``isinstance`` against the interfaces, for every object the library hands out.

The Protocols of :mod:`txaio_typed.interfaces` are runtime-checkable: an
object handed out by either backend (failures, loggers, batched timers and
their handles, ``call_later`` handles) passes ``isinstance`` against its
Protocol and its ABC twin, and unrelated objects do not. The backends are
used through ``with_config`` objects; the neutral front is checked in
subprocesses, since a process selects only one framework.
"""

from __future__ import annotations

import abc
import asyncio
import logging
import textwrap
import types
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import cast
from unittest import mock

import pytest
import typeguard
import uvloop
from beartype import beartype
from beartype.roar import BeartypeCallHintViolation
from processes import python_json
from twisted.internet import task
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

import txaio_typed as txaio
from txaio_typed import aio, interfaces, tx
from txaio_typed.interfaces import (
    IBatchedTimer,
    IBatchedTimerABC,
    IDelayedCall,
    IDelayedCallABC,
    IFailedFuture,
    IFailedFutureABC,
    ILogger,
    ILoggerABC,
    is_failure,
)

PROTOCOLS: dict[str, tuple[type, type]] = {
    "failure": (IFailedFuture, IFailedFutureABC),
    "logger": (ILogger, ILoggerABC),
    "batched timer": (IBatchedTimer, IBatchedTimerABC),
    "delayed call": (IDelayedCall, IDelayedCallABC),
}
"""What each kind of handed-out object provides: (Protocol, ABC twin)."""


class Unrelated:
    """Has none of the interfaces' members."""

    warning = value = callLater = None


UNRELATED: list[object] = [
    object(),
    42,
    "text",
    None,
    {"value": 1, "type": ValueError, "tb": None},
    ValueError("an exception is not a failure"),
    Unrelated(),
]


@dataclass
class Handed:
    """Objects a backend handed out, by kind (the keys of PROTOCOLS)."""

    objects: dict[str, list[object]]


@pytest.fixture(params=["default loop", "uvloop"])
def asyncio_objects(request: pytest.FixtureRequest) -> Generator[Handed]:
    loop = (
        uvloop.new_event_loop()
        if request.param == "uvloop"
        else asyncio.new_event_loop()
    )
    api = aio.with_config(loop=loop)
    try:
        errback_got: list[aio.FailedFuture] = []
        outcome = api.add_callbacks(
            api.create_future_error(ValueError("errback")), None, errback_got.append
        )
        gathered = api.gather([api.create_future_error(KeyError("slot"))])
        loop.run_until_complete(outcome)
        slots = loop.run_until_complete(gathered)
        call = api.call_later(10, print)
        call.cancel()
        timer = api.make_batched_timer(1)
        batched = timer.call_later(5, print, "batched")
        batched.cancel()
        yield Handed(
            {
                "failure": [
                    api.create_failure(ValueError("made")),
                    errback_got[0],
                    slots[0],
                ],
                "logger": [api.make_logger(), aio.make_logger("debug")],
                "batched timer": [timer, aio.make_batched_timer(0.5)],
                "delayed call": [call, batched],
            }
        )
    finally:
        loop.close()


@pytest.fixture
def twisted_objects() -> Handed:
    clock = task.Clock()
    api = tx.with_config(loop=clock)
    errback_got: list[Failure] = []
    api.add_callbacks(
        api.create_future_error(ValueError("errback")), None, errback_got.append
    )
    slots: list[object] = []
    gathered = api.gather([api.create_future_error(KeyError("slot"))])
    gathered.addCallback(slots.extend)
    try:
        raise OSError("current")
    except OSError:
        current = api.create_failure()
    call = api.call_later(10, print)
    timer = api.make_batched_timer(1)
    batched = timer.call_later(5, print, "batched")
    handed = Handed(
        {
            "failure": [
                api.create_failure(ValueError("made")),
                current,
                errback_got[0],
                slots[0],
            ],
            "logger": [api.make_logger(), tx.make_logger("debug")],
            "batched timer": [timer, tx.make_batched_timer(0.5)],
            "delayed call": [call, batched],
        }
    )
    call.cancel()
    batched.cancel()
    assert clock.getDelayedCalls() == []
    return handed


def check_handed(handed: Handed) -> None:
    for kind, (protocol, twin) in PROTOCOLS.items():
        assert handed.objects[kind], kind
        for thing in handed.objects[kind]:
            assert isinstance(thing, protocol), f"{kind}: {thing!r}"
            assert isinstance(thing, twin), f"{kind} (ABC twin): {thing!r}"
            assert is_failure(thing) == (kind == "failure"), f"{kind}: {thing!r}"


def test_asyncio_objects_provide_their_interfaces(asyncio_objects: Handed) -> None:
    check_handed(asyncio_objects)
    failures = asyncio_objects.objects["failure"]
    assert all(isinstance(fail, aio.FailedFuture) for fail in failures)
    call = asyncio_objects.objects["delayed call"][0]
    # the loop's own handle: asyncio's, or uvloop's (which is not a subclass)
    assert isinstance(call, asyncio.TimerHandle) or type(call).__module__ == (
        "uvloop.loop"
    )


def test_twisted_objects_provide_their_interfaces(twisted_objects: Handed) -> None:
    check_handed(twisted_objects)
    # Errbacks and gather slots hold real Failures.
    failures = twisted_objects.objects["failure"]
    assert all(isinstance(fail, Failure) for fail in failures)


@pytest.mark.parametrize("thing", UNRELATED, ids=repr)
def test_unrelated_objects_provide_no_interface(thing: object) -> None:
    for protocol, twin in PROTOCOLS.values():
        assert not isinstance(thing, protocol)
        assert not isinstance(thing, twin)
    assert not is_failure(thing)


def test_futures_are_not_failures() -> None:
    loop = asyncio.new_event_loop()
    try:
        future = aio.with_config(loop=loop).create_future_success(1)
        assert not isinstance(future, IFailedFuture)
        assert not isinstance(future, ILogger)
        assert not isinstance(tx.create_future_success(1), IFailedFuture)
        assert not isinstance(Deferred[None](), IBatchedTimer)
    finally:
        loop.close()


def test_a_stdlib_or_twisted_logger_is_not_an_ilogger() -> None:
    import logging

    from twisted.logger import Logger

    assert not isinstance(logging.getLogger("x"), ILogger)
    assert not isinstance(Logger(), ILogger)


# -- the neutral front -----------------------------------------------------------

FRONT_SCRIPT = """\
import json
import sys

import txaio_typed as txaio
from txaio_typed import interfaces

getattr(txaio, "use_" + sys.argv[1])()
if txaio.using_asyncio:
    import asyncio

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
else:
    from twisted.internet import task

    loop = task.Clock()
txaio.config.loop = loop
got = []
txaio.add_callbacks(txaio.create_future_error(ValueError("x")), None, got.append)
gathered = txaio.gather([txaio.create_future_error(KeyError("y"))])
slots = []
txaio.add_callbacks(gathered, slots.extend, None)
if txaio.using_asyncio:
    loop.run_until_complete(txaio.sleep(0))
timer = txaio.make_batched_timer(1)
handed = {
    "failure": [txaio.create_failure(ValueError("z")), got[0], slots[0]],
    "logger": [txaio.make_logger()],
    "batched timer": [timer],
    "delayed call": [txaio.call_later(5, print), timer.call_later(5, print)],
}
checks = {
    "failure": ("IFailedFuture", "IFailedFutureABC"),
    "logger": ("ILogger", "ILoggerABC"),
    "batched timer": ("IBatchedTimer", "IBatchedTimerABC"),
    "delayed call": ("IDelayedCall", "IDelayedCallABC"),
}
results = {}
for kind, things in handed.items():
    for index, thing in enumerate(things):
        for name in checks[kind]:
            results[f"{kind}[{index}] {name}"] = isinstance(
                thing, getattr(interfaces, name)
            )
for thing in handed["delayed call"]:
    thing.cancel()
# The front re-exports the Protocols themselves.
results["front exports"] = all(
    getattr(txaio, name) is getattr(interfaces, name)
    for name in ("IFailedFuture", "ILogger", "IBatchedTimer", "IDelayedCall")
)
results["unrelated"] = not any(
    isinstance(thing, getattr(txaio, name))
    for thing in (object(), 1, "s", ValueError())
    for name in ("IFailedFuture", "ILogger", "IBatchedTimer", "IDelayedCall")
)
print(json.dumps(results))
"""


@pytest.mark.parametrize("framework", ["asyncio", "twisted"])
def test_front_objects_provide_their_interfaces(framework: str) -> None:
    results = cast("dict[str, bool]", python_json(FRONT_SCRIPT, framework))
    failed = sorted(name for name, ok in results.items() if not ok)
    assert not failed, textwrap.indent("\n".join(failed), "  ")
    assert len(results) == 2 + 2 * (3 + 1 + 1 + 2)


# -- the isinstance() cache gives the same answers as the plain Protocol ----
#
# The interfaces learn once per class what the class contributes; the plain
# Protocol check (the metaclass the cache replaces) looks at everything every
# time. Both must agree on every kind of object, cold and warm, and after an
# instance gains or loses members.


def plain_answer(protocol: type, obj: object) -> bool:
    """``isinstance`` as the Protocol answers it without the cache."""
    uncached: type[abc.ABCMeta] = vars(interfaces)["_ProtocolMeta"]
    return uncached.__instancecheck__(cast("abc.ABCMeta", protocol), obj)


class Bare:
    pass


class Slotted:
    __slots__ = ()


class SlottedWithDict:
    __slots__ = ("__dict__",)


class FailureProperties:
    value = property(lambda self: ValueError())
    type = property(lambda self: ValueError)
    tb = None


class OnlyValue:
    value = ValueError()


class Dynamic:
    def __getattr__(self, name: str) -> object:
        return None


class Disguised:
    """Claims another class, as proxies do."""

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # pyright: ignore[reportIncompatibleMethodOverride]
        return Failure


class CustomAccess:
    def __getattribute__(self, name: str) -> object:
        if name == "__dict__":
            return {"value": 1, "type": 2, "tb": None}
        return object.__getattribute__(self, name)


class DisabledMethods:
    critical = error = warn = info = debug = trace = None
    failure = emit = set_log_level = cancel = call_later = None


class LoggerMethods:
    def critical(self, message: str = "", /, **kwargs: object) -> None:
        pass

    error = warn = info = debug = trace = emit = failure = critical

    def set_log_level(self, level: str, keep: bool = True) -> None:
        pass


def with_members(obj: object, **members: object) -> object:
    for name, value in members.items():
        setattr(obj, name, value)
    return obj


def a_function() -> None:
    pass


def tricky_objects() -> list[object]:
    failure_members = {"value": ValueError(), "type": ValueError, "tb": None}
    module_with_members = with_members(
        types.ModuleType("with_members"), **failure_members
    )
    return [
        42,
        "text",
        None,
        (1, 2),
        object(),
        ValueError(),
        Bare(),
        with_members(Bare(), **failure_members),
        with_members(Bare(), value=ValueError()),
        with_members(Bare(), cancel=print),
        with_members(Bare(), cancel=None),
        with_members(Bare(), call_later=print),
        Slotted(),
        SlottedWithDict(),
        with_members(SlottedWithDict(), **failure_members),
        FailureProperties(),
        OnlyValue(),
        with_members(OnlyValue(), type=ValueError, tb=None),
        Dynamic(),
        Disguised(),
        CustomAccess(),
        DisabledMethods(),
        with_members(DisabledMethods(), cancel=print),
        LoggerMethods(),
        with_members(LoggerMethods(), info=None),
        a_function,
        with_members(lambda: None, **failure_members),
        module_with_members,
        types.ModuleType("bare"),
        Bare,
        FailureProperties,
        with_members(type("ClassWithMembers", (), {}), **failure_members),
        mock.Mock(),
        mock.Mock(spec=Failure),
        Failure(ValueError()),
        aio.create_failure(ValueError()),
        logging.getLogger("stdlib"),
    ]


INTERFACES = (IFailedFuture, ILogger, IBatchedTimer, IDelayedCall)


@pytest.mark.parametrize("protocol", INTERFACES, ids=lambda p: p.__name__)
def test_cached_answers_match_the_plain_protocol(protocol: type) -> None:
    objects = tricky_objects()
    expected = [plain_answer(protocol, obj) for obj in objects]
    for _ in range(3):  # the first round learns the classes, the others use them
        answers = [isinstance(obj, protocol) for obj in objects]
        wrong = [
            repr(obj)
            for obj, ok, want in zip(objects, answers, expected, strict=True)
            if ok != want
        ]
        assert not wrong, f"isinstance(x, {protocol.__name__}) differs for {wrong}"
    assert True in expected and False in expected


def test_an_instance_gaining_and_losing_members_is_checked_each_time() -> None:
    class Sometimes:
        pass

    bare = Sometimes()
    assert not isinstance(bare, IFailedFuture)
    complete = Sometimes()
    complete.value = ValueError()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
    complete.type = ValueError  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
    complete.tb = None  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
    assert isinstance(complete, IFailedFuture)
    assert not isinstance(bare, IFailedFuture)
    del complete.tb  # pyright: ignore[reportAttributeAccessIssue]
    assert not isinstance(complete, IFailedFuture)


def test_a_class_registered_later_is_an_instance() -> None:
    class Registered:
        pass

    assert not isinstance(Registered(), IDelayedCall)
    IDelayedCall.register(Registered)  # pyright: ignore[reportAttributeAccessIssue,reportUnknownMemberType]
    assert isinstance(Registered(), IDelayedCall)


def test_registering_a_base_class_later_covers_its_subclasses() -> None:
    class Base:
        pass

    class Derived(Base):
        pass

    assert not isinstance(Derived(), IFailedFuture)
    IFailedFuture.register(Base)  # pyright: ignore[reportAttributeAccessIssue,reportUnknownMemberType]
    assert isinstance(Derived(), IFailedFuture)


def test_the_table_of_classes_stays_bounded() -> None:
    known: dict[type, object] = vars(ILogger)["_known"]
    limit: int = vars(interfaces)["_KNOWN_LIMIT"]
    made = [type(f"Made{index}", (), {}) for index in range(limit + 10)]
    for cls in made:
        assert not isinstance(cls(), ILogger)
    assert 0 < len(known) <= limit
    assert made[-1] in known


def test_failures_of_both_backends_are_answered_from_the_cache() -> None:
    assert isinstance(Failure(ValueError()), IFailedFuture)
    assert isinstance(aio.create_failure(ValueError()), IFailedFuture)
    known: dict[type, object] = vars(IFailedFuture)["_known"]
    assert known[Failure] is True
    assert known[aio.FailedFuture] is True


def test_objects_without_a_dict_are_answered_from_the_cache() -> None:
    values: tuple[object, ...] = (42, "text", None, Slotted())
    for value in values:
        assert not isinstance(value, IFailedFuture)
    known: dict[type, object] = vars(IFailedFuture)["_known"]
    assert all(known[type(value)] is False for value in values)


# -- run-time type checkers ----------------------------------------------------
#
# Users annotate with these types and decorate with beartype or typeguard: each
# public type must be usable there, accept what the backends hand out and
# reject what is not one.


def accepting(hint: object, checker: str) -> Callable[[object], object]:
    """A function that checks its argument against ``hint`` with ``checker``:
    a parameter annotated ``hint`` under ``@beartype``, or typeguard's
    ``check_type`` (what its instrumentation calls for an annotation)."""
    if checker == "typeguard":
        return lambda value: typeguard.check_type(value, hint)

    def take(value: object) -> object:
        return value

    take.__annotations__ = {"value": hint, "return": object}
    return beartype(take)


CHECK_ERRORS = (BeartypeCallHintViolation, typeguard.TypeCheckError)


def runtime_cases(
    asyncio_objects: Handed, twisted_objects: Handed
) -> dict[str, tuple[object, list[object], list[object]]]:
    """``{name: (hint, right objects, wrong objects)}``, both frameworks."""
    loop = asyncio.new_event_loop()
    clock = task.Clock()
    aio_api = aio.with_config(loop=loop)
    tx_api = tx.with_config(loop=clock)
    handed = {
        kind: asyncio_objects.objects[kind] + twisted_objects.objects[kind]
        for kind in PROTOCOLS
    }
    deferred: Deferred[int] = Deferred()
    asyncio_future = aio_api.create_future()
    loop.close()
    return {
        # mypy refuses a subscripted type alias as a value; it is one at run time.
        "Future": (txaio.Future[int], [asyncio_future, deferred], ["text", 42]),  # type: ignore[misc]
        "DeferredLike": (
            txaio.DeferredLike[int],
            [deferred],
            [asyncio_future, "text"],
        ),
        "Api": (txaio.Api, [aio_api, tx_api], [object(), aio_api.config]),
        "Config": (
            txaio.Config,
            [aio_api.config, tx_api.config, aio.config, tx.config],
            [object(), 42],
        ),
        "ReactorTime": (txaio.ReactorTime, [clock], [loop, object()]),
        "IFailedFuture": (
            txaio.IFailedFuture,
            handed["failure"],
            ["text", 42, ValueError("an exception is not a failure")],
        ),
        "ILogger": (
            txaio.ILogger,
            handed["logger"],
            [logging.getLogger("stdlib"), "text"],
        ),
        "IBatchedTimer": (txaio.IBatchedTimer, handed["batched timer"], [object()]),
        "IDelayedCall": (txaio.IDelayedCall, handed["delayed call"], [object(), 42]),
        "LogLevel": (txaio.LogLevel, ["warn", "none"], ["warning", 3]),
        # At run time a level given to a function may be any str.
        "LogLevelName": (txaio.LogLevelName, ["warn", "warning"], [3, None]),
        # What the API returns and config.loop holds: at run time the
        # neutral Future and Loop.
        "FrameworkFuture": (
            txaio.FrameworkFuture[int],
            [asyncio_future, deferred],
            ["text", 42],
        ),
        "FrameworkLoop": (txaio.FrameworkLoop, [loop, clock], [object(), 42]),
        "FrameworkDelayedCall": (
            txaio.FrameworkDelayedCall,
            handed["delayed call"],
            [object(), 42],
        ),
        "FrameworkName": (txaio.FrameworkName, ["asyncio", "twisted"], ["trio", 1]),
    }


@pytest.mark.parametrize("checker", ["beartype", "typeguard"])
def test_public_types_under_runtime_checkers(
    checker: str, asyncio_objects: Handed, twisted_objects: Handed
) -> None:
    cases = runtime_cases(asyncio_objects, twisted_objects)
    assert set(cases) >= {
        name
        for name in txaio.__all__
        if name[0].isupper() and name not in {"CancelledError"}
    }
    for name, (hint, right, wrong) in cases.items():
        take = accepting(hint, checker)
        for value in right:
            assert take(value) is value, f"{checker} rejects {value!r} as {name}"
        for value in wrong:
            with pytest.raises(CHECK_ERRORS):
                take(value)
                pytest.fail(f"{checker} accepts {value!r} as {name}")
