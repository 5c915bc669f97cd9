"""``isinstance`` against the interfaces gives the plain Protocol's answer.

The interfaces answer ``isinstance`` from what they learnt about an object's
class (src/txaio_typed/_protocol_check.py). Each is compared here with a twin:
a plain runtime-checkable ``typing_extensions.Protocol`` with the same
members, given exactly the same checks in the same order, so that the ABC
caches the plain check builds (which make its answers depend on earlier
checks) are built alike. They must agree on every kind of object, on the
first check and later ones, and after classes and instances change in every
way Python allows: a property-based test drives random sequences of changes
and checks.
"""

from __future__ import annotations

import abc
import asyncio
import builtins
import gc
import inspect
import logging
import types
import weakref
from collections.abc import Callable, Generator
from contextlib import contextmanager, suppress
from types import TracebackType
from typing import Any, cast
from unittest import mock

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)
from twisted.python.failure import Failure
from typing_extensions import Protocol, get_protocol_members, runtime_checkable

from txaio_typed import aio
from txaio_typed._protocol_check import PROOF_LIMIT
from txaio_typed.interfaces import (
    IBatchedTimer,
    IDelayedCall,
    IFailedFuture,
    ILogger,
    is_failure,
)

# -- the twins -------------------------------------------------------------------


@runtime_checkable
class PlainFailedFuture(Protocol):
    @property
    def value(self) -> BaseException: ...
    @property
    def type(self) -> builtins.type[BaseException]: ...
    @property
    def tb(self) -> TracebackType | None: ...


@runtime_checkable
class PlainDelayedCall(Protocol):
    def cancel(self) -> None: ...


@runtime_checkable
class PlainBatchedTimer(Protocol):
    def call_later(self, delay: float, func: Callable[..., object], /) -> object: ...


@runtime_checkable
class PlainLogger(Protocol):
    def critical(self, message: str = "", /) -> None: ...
    def error(self, message: str = "", /) -> None: ...
    def warn(self, message: str = "", /) -> None: ...
    def info(self, message: str = "", /) -> None: ...
    def debug(self, message: str = "", /) -> None: ...
    def trace(self, message: str = "", /) -> None: ...
    def failure(self, format: str | None = None, /) -> None: ...
    def emit(self, level: str, message: str = "", /) -> None: ...
    def set_log_level(self, level: str, keep: bool = True) -> None: ...


TWINS: list[tuple[type, type]] = [
    (IFailedFuture, PlainFailedFuture),
    (IDelayedCall, PlainDelayedCall),
    (IBatchedTimer, PlainBatchedTimer),
    (ILogger, PlainLogger),
]
MEMBERS = sorted({name for proven, _ in TWINS for name in get_protocol_members(proven)})

# The library registers its failure classes with IFailedFuture.
cast("abc.ABCMeta", PlainFailedFuture).register(Failure)
cast("abc.ABCMeta", PlainFailedFuture).register(aio.FailedFuture)


def _cancel(self: object) -> None:
    pass


def put(target: object, name: str, value: object) -> None:
    """Give a class or an object a member, as code that patches them does."""
    setattr(target, name, value)


def remove(target: object, name: str) -> None:
    delattr(target, name)


def register(cls: type, index: int) -> None:
    """Register ``cls`` with interface ``index`` and with its twin."""
    for protocol in TWINS[index]:
        cast("abc.ABCMeta", protocol).register(cls)


class Claimed:
    """What objects with a lying ``__class__`` claim to be: registered with
    every interface and twin."""


for _index in range(len(TWINS)):
    register(Claimed, _index)


@pytest.mark.parametrize("proven, plain", TWINS, ids=lambda p: p.__name__)
def test_each_twin_has_the_same_members(proven: type, plain: type) -> None:
    assert get_protocol_members(proven) == get_protocol_members(plain)
    for name in get_protocol_members(proven):
        assert callable(getattr(proven, name)) == callable(getattr(plain, name))
    assert type(proven) is not type(plain)


def disagreements(objects: list[object]) -> list[str]:
    """Each check of every object whose answer differs from the twin's."""
    wrong: list[str] = []
    for obj in objects:
        for proven, plain in TWINS:
            got, want = isinstance(obj, proven), isinstance(obj, plain)
            if got != want:
                wrong.append(f"{obj!r} vs {proven.__name__}: {got}, plain {want}")
    return wrong


# -- every kind of object, cold and warm -------------------------------------------


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


class AbstractBase(abc.ABC):  # noqa: B024 - a class with ABCMeta, nothing abstract
    pass


class Concrete(AbstractBase):
    pass


class DictShadowed:
    @property
    def __dict__(self) -> dict[str, object]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleVariableOverride]
        return {"cancel": print}


class OwnError(Exception):
    pass


def with_members(obj: object, **members: object) -> object:
    for name, value in members.items():
        setattr(obj, name, value)
    return obj


def a_function() -> None:
    pass


FAILURE_MEMBERS: dict[str, object] = {
    "value": ValueError(),
    "type": ValueError,
    "tb": None,
}


PROXIED = Bare()


def every_kind_of_object() -> list[object]:
    return [
        42,
        "text",
        None,
        (1, 2),
        object(),
        ValueError(),
        with_members(ValueError(), **FAILURE_MEMBERS),
        OwnError(),
        with_members(OwnError(), cancel=print),
        Bare(),
        with_members(Bare(), **FAILURE_MEMBERS),
        with_members(Bare(), value=ValueError()),
        with_members(Bare(), cancel=print),
        with_members(Bare(), cancel=None),
        with_members(Bare(), call_later=print),
        Slotted(),
        SlottedWithDict(),
        with_members(SlottedWithDict(), **FAILURE_MEMBERS),
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
        Concrete(),
        with_members(Concrete(), cancel=print),
        DictShadowed(),
        a_function,
        with_members(lambda: None, **FAILURE_MEMBERS),
        with_members(types.ModuleType("with_members"), **FAILURE_MEMBERS),
        types.ModuleType("bare"),
        Bare,
        FailureProperties,
        with_members(type("ClassWithMembers", (), {}), **FAILURE_MEMBERS),
        mock.Mock(),
        mock.Mock(spec=Failure),
        weakref.proxy(PROXIED),
        Failure(ValueError()),
        aio.create_failure(ValueError()),
        logging.getLogger("stdlib"),
    ]


def test_every_kind_of_object_gets_the_plain_answer_cold_and_warm() -> None:
    objects = every_kind_of_object()
    for _ in range(3):  # the first round learns the classes, the others use them
        assert disagreements(objects) == []
    answers = {isinstance(obj, proven) for obj in objects for proven, _ in TWINS}
    assert answers == {True, False}


# -- classes and instances that change after a first check -------------------------


@pytest.fixture
def fresh() -> type:
    """A new ordinary class: nothing has learnt it yet."""

    class Fresh:
        pass

    return Fresh


def test_a_class_that_gains_a_member_becomes_an_instance(fresh: type) -> None:
    call = fresh()
    assert disagreements([call]) == []
    assert not isinstance(call, IDelayedCall)
    put(fresh, "cancel", _cancel)
    assert isinstance(call, IDelayedCall)
    assert disagreements([call]) == []


def test_a_base_that_gains_a_member_makes_its_subclasses_instances() -> None:
    class Base:
        pass

    class Derived(Base):
        pass

    assert not isinstance(Derived(), IDelayedCall)
    put(Base, "cancel", _cancel)
    assert isinstance(Derived(), IDelayedCall)


def test_a_member_deleted_after_a_check_is_answered_as_the_plain_protocol() -> None:
    """The plain check is sticky here: the ABC caches a class that matched."""

    class Cancellable:
        def cancel(self) -> None:
            pass

    class Other:
        pass

    assert disagreements([Cancellable(), Other()]) == []
    del Cancellable.cancel
    put(Other, "cancel", _cancel)
    assert disagreements([Cancellable(), Other()]) == []
    remove(Other, "cancel")
    assert disagreements([Cancellable(), Other()]) == []
    assert isinstance(Cancellable(), IDelayedCall) is isinstance(
        Cancellable(), PlainDelayedCall
    )


def test_reassigned_bases_are_seen() -> None:
    class Plain:
        pass

    class Cancellable:
        def cancel(self) -> None:
            pass

    class Moving(Plain):
        pass

    moving = Moving()
    assert not isinstance(moving, IDelayedCall)
    Moving.__bases__ = (Cancellable,)
    assert isinstance(moving, IDelayedCall)
    assert disagreements([moving]) == []


def test_an_instance_gaining_and_losing_members_is_checked_each_time(
    fresh: type,
) -> None:
    bare: object = fresh()
    complete = with_members(fresh(), **FAILURE_MEMBERS)
    assert not isinstance(bare, IFailedFuture)
    assert is_failure(complete)
    assert not isinstance(bare, IFailedFuture)
    remove(complete, "tb")
    assert not isinstance(complete, IFailedFuture)
    assert disagreements([bare, complete]) == []


class ClaimsEverything(dict[str, object]):
    def __contains__(self, key: object) -> bool:
        return True


class ClaimsNothing(dict[str, object]):
    def __contains__(self, key: object) -> bool:
        return False


def shapes() -> list[type]:
    """Classes of the shapes of proof that read an instance's ``__dict__``:
    an ordinary class, one with a base, an exception (new classes), and a
    built-in exception."""

    class Ordinary:
        pass

    class Derived(Ordinary):
        pass

    class Error(Exception):
        pass

    return [Ordinary, Derived, Error, ValueError]


@pytest.mark.parametrize(
    "shape", [0, 1, 2, 3], ids=["ordinary", "derived", "error", "builtin"]
)
@pytest.mark.parametrize("mapping", [ClaimsEverything, ClaimsNothing])
def test_an_instance_dict_of_a_dict_subclass_is_read_as_a_dict(
    shape: int, mapping: type[dict[str, object]]
) -> None:
    obj = shapes()[shape]()
    assert not isinstance(obj, IDelayedCall)
    obj.__dict__ = mapping(cancel=print)
    assert disagreements([obj]) == []
    assert isinstance(obj, IDelayedCall)


def test_a_class_registered_later_is_an_instance(fresh: type) -> None:
    assert not isinstance(fresh(), IDelayedCall)
    register(fresh, 1)
    assert isinstance(fresh(), IDelayedCall)


def test_an_immutable_builtin_class_registered_later_is_an_instance() -> None:
    assert not isinstance(..., IBatchedTimer)
    register(types.EllipsisType, 2)
    assert isinstance(..., IBatchedTimer)


def test_a_builtin_exception_registered_later_is_an_instance() -> None:
    error = BufferError()
    assert not isinstance(error, IBatchedTimer)
    register(BufferError, 2)
    assert isinstance(error, IBatchedTimer)
    assert disagreements([error]) == []


def test_registering_a_base_class_later_covers_its_subclasses() -> None:
    class Base:
        pass

    class Derived(Base):
        pass

    assert not isinstance(Derived(), IFailedFuture)
    register(Base, 0)
    assert isinstance(Derived(), IFailedFuture)


def test_an_abc_registered_with_an_interface_covers_what_is_registered_with_it(
    fresh: type,
) -> None:
    class Family(abc.ABC):  # noqa: B024 - only registered with
        pass

    register(Family, 1)
    assert not isinstance(fresh(), IDelayedCall)
    Family.register(fresh)
    assert isinstance(fresh(), IDelayedCall)
    assert disagreements([fresh()]) == []


def test_a_class_that_gains_getattribute_is_checked_in_full(fresh: type) -> None:
    obj = fresh()
    assert not isinstance(obj, IFailedFuture)

    def lying(self: object, name: str) -> object:
        return Claimed if name == "__class__" else object.__getattribute__(self, name)

    put(fresh, "__getattribute__", lying)
    assert disagreements([obj]) == []
    assert isinstance(obj, IFailedFuture)


def test_reassigned_bases_of_a_class_over_a_builtin_are_seen() -> None:
    class Start(asyncio.Future[None]):
        pass

    class Logging(asyncio.Future[None]):
        critical = error = warn = info = debug = trace = LoggerMethods.critical
        emit = failure = set_log_level = LoggerMethods.critical

    loop = asyncio.new_event_loop()
    try:
        start = Start(loop=loop)
        assert not isinstance(start, ILogger)
        Start.__bases__ = (Logging,)
        assert isinstance(start, ILogger)
        assert disagreements([start]) == []
    finally:
        loop.close()


def test_an_error_reading_class_is_raised_as_by_the_plain_protocol(
    fresh: type,
) -> None:
    register(fresh, 3)
    obj = fresh()
    assert isinstance(obj, ILogger)

    def failing(self: object, name: str) -> object:
        if name == "__class__":
            raise RuntimeError("no class today")
        return object.__getattribute__(self, name)

    put(fresh, "__getattribute__", failing)
    for protocol in TWINS[3]:
        with pytest.raises(RuntimeError, match="no class today"):
            isinstance(obj, protocol)


@pytest.mark.parametrize("shape", [0, 1, 2], ids=["ordinary", "derived", "error"])
def test_a_gained_getattribute_is_called_as_by_the_plain_protocol(shape: int) -> None:
    kind = shapes()[shape]
    obj = kind()
    assert not isinstance(obj, IDelayedCall)
    reads: list[str] = []

    def recording(self: object, name: str) -> object:
        reads.append(name)
        return object.__getattribute__(self, name)

    put(kind, "__getattribute__", recording)
    for protocol in TWINS[1]:
        for _ in range(2):
            reads.clear()
            assert not isinstance(obj, protocol)
            assert reads == ["__class__"], protocol


def test_a_replaced_metaclass_is_seen() -> None:
    class Meta(type):
        pass

    class Shown(metaclass=Meta):
        pass

    reads: list[str] = []

    class Hiding(Meta):
        def __getattribute__(cls, name: str) -> object:
            reads.append(name)
            if name == "__dict__":
                return {"cancel": print}
            return type.__getattribute__(cls, name)

    shown = Shown()
    assert disagreements([shown]) == []
    put(Shown, "__class__", Hiding)
    proven, plain = TWINS[1]
    for _ in range(2):
        reads.clear()
        assert isinstance(shown, plain)
        plain_reads = list(reads)
        reads.clear()
        assert isinstance(shown, proven)
        assert reads == plain_reads
        assert "__dict__" in reads


def test_a_cleared_abc_cache_is_seen() -> None:
    class Cancellable:
        def cancel(self) -> None:
            pass

    assert disagreements([Cancellable()]) == []
    del Cancellable.cancel
    for proven, plain in TWINS:
        for protocol in (proven, plain):
            cast("Any", protocol)._abc_caches_clear()
    assert disagreements([Cancellable()]) == []
    assert not isinstance(Cancellable(), IDelayedCall)


# -- what is learnt ---------------------------------------------------------------


@contextmanager
def counting_static_lookups() -> Generator[list[str]]:
    """Records the names the plain check looks up with getattr_static."""
    looked_up: list[str] = []
    original = inspect.getattr_static

    def counting(obj: object, attr: str, *default: object) -> object:
        looked_up.append(attr)
        return original(obj, attr, *default)

    with mock.patch.object(inspect, "getattr_static", counting):
        yield looked_up


@pytest.mark.parametrize(
    "make",
    [Bare, Slotted, OwnError, Concrete, lambda: 42, lambda: "text", lambda: None],
    ids=["ordinary", "slotted", "exception", "abc", "int", "str", "None"],
)
def test_a_miss_on_a_learnt_class_skips_the_member_lookups(
    make: Callable[[], object],
) -> None:
    assert not isinstance(make(), ILogger)  # learns the class
    with counting_static_lookups() as looked_up:
        assert not isinstance(make(), ILogger)
        assert not isinstance(make(), ILogger)
    assert looked_up == []


def test_a_hit_on_a_registered_class_skips_the_member_lookups() -> None:
    failures = [Failure(ValueError()), aio.create_failure(ValueError())]
    assert all(isinstance(fail, IFailedFuture) for fail in failures)
    with counting_static_lookups() as looked_up:
        assert all(isinstance(fail, IFailedFuture) for fail in failures)
    assert looked_up == []


def test_a_class_that_changed_is_checked_in_full_once() -> None:
    class Start:
        pass

    class Moving(Start):
        pass

    class Elsewhere:
        pass

    assert not isinstance(Moving(), IDelayedCall)
    put(Moving, "unrelated", 1)
    with counting_static_lookups() as looked_up:
        assert not isinstance(Moving(), IDelayedCall)
    assert looked_up == []
    Moving.__bases__ = (Elsewhere,)
    with counting_static_lookups() as looked_up:
        assert not isinstance(Moving(), IDelayedCall)
        assert not isinstance(Moving(), IDelayedCall)
    assert looked_up == ["cancel"]


def test_classes_made_at_run_time_are_not_kept_alive() -> None:
    made = type("Made", (), {})
    assert not isinstance(made(), ILogger)
    gone = weakref.ref(made)
    del made
    for index in range(PROOF_LIMIT + 1):
        assert not isinstance(type(f"Other{index}", (), {})(), ILogger)
    gc.collect()
    assert gone() is None


# -- random sequences of changes and checks -------------------------------------------


class _RaisingDescriptor:
    """A member whose every read raises AttributeError."""

    def __get__(self, obj: object, owner: type | None = None) -> object:
        raise AttributeError("never there")


def _pass_through(self: object, name: str) -> object:
    return object.__getattribute__(self, name)


def _claims_registered(self: object, name: str) -> object:
    if name == "__class__":
        return Claimed
    return object.__getattribute__(self, name)


VALUES: dict[str, Callable[[], object]] = {
    "method": lambda: _cancel,
    "None": lambda: None,
    "property": lambda: property(lambda self: 1),
    "number": lambda: 7,
    "raising descriptor": _RaisingDescriptor,
    "staticmethod(None)": lambda: staticmethod(cast("Any", None)),
}


class ClassesChanging(RuleBasedStateMachine):
    """Classes and instances change; every check agrees with the twins."""

    @initialize()
    def make_classes(self) -> None:
        class Base:
            pass

        class Middle(Base):
            pass

        class Leaf(Middle):
            pass

        class Other:
            pass

        class Abstract(abc.ABC):  # noqa: B024 - a class with ABCMeta
            pass

        class Implemented(Abstract):
            pass

        class Slots:
            __slots__ = ("cancel",)

        self.classes: list[type] = [Base, Middle, Leaf, Other, Abstract, Implemented]
        self.objects: list[object] = [
            Base(),
            Middle(),
            Leaf(),
            Leaf(),
            Other(),
            Implemented(),
            Slots(),
        ]

    @rule(
        which=st.integers(0, 5),
        name=st.sampled_from(MEMBERS),
        value=st.sampled_from(sorted(VALUES)),
    )
    def set_class_member(self, which: int, name: str, value: str) -> None:
        setattr(self.classes[which], name, VALUES[value]())

    @rule(which=st.integers(0, 5), name=st.sampled_from(MEMBERS))
    def delete_class_member(self, which: int, name: str) -> None:
        if name in vars(self.classes[which]):
            delattr(self.classes[which], name)

    @rule(
        which=st.integers(0, 6),
        name=st.sampled_from(MEMBERS),
        value=st.sampled_from(sorted(VALUES)),
    )
    def set_instance_member(self, which: int, name: str, value: str) -> None:
        # A slotted object, or a read-only member of its class, refuses.
        with suppress(AttributeError):
            setattr(self.objects[which], name, VALUES[value]())

    @rule(which=st.integers(0, 6), name=st.sampled_from(MEMBERS))
    def delete_instance_member(self, which: int, name: str) -> None:
        with suppress(AttributeError):
            delattr(self.objects[which], name)

    @rule(which=st.integers(1, 5), base=st.integers(0, 5))
    def reassign_bases(self, which: int, base: int) -> None:
        with suppress(TypeError):  # a cycle, or an incompatible layout
            self.classes[which].__bases__ = (self.classes[base],)

    @rule(which=st.integers(0, 6), to=st.integers(0, 5))
    def reassign_instance_class(self, which: int, to: int) -> None:
        with suppress(TypeError):
            self.objects[which].__class__ = self.classes[to]

    @rule(which=st.integers(0, 5), interface=st.integers(0, 3))
    def register_class(self, which: int, interface: int) -> None:
        register(self.classes[which], interface)

    @rule(
        which=st.integers(0, 5),
        access=st.sampled_from([_pass_through, _claims_registered, None]),
    )
    def set_getattribute(
        self, which: int, access: Callable[[object, str], object] | None
    ) -> None:
        cls = self.classes[which]
        if access is None:
            if "__getattribute__" in vars(cls):
                remove(cls, "__getattribute__")
        else:
            put(cls, "__getattribute__", access)

    @rule(which=st.integers(0, 5), interface=st.sampled_from([1, 2, 3]))
    def check_class(self, which: int, interface: int) -> None:
        # issubclass fills the same ABC caches as isinstance does.
        proven, plain = TWINS[interface]
        cls = self.classes[which]
        assert issubclass(cls, proven) == issubclass(cls, plain)

    @rule(which=st.integers(0, 6), interface=st.integers(0, 3))
    def check_one(self, which: int, interface: int) -> None:
        proven, plain = TWINS[interface]
        obj = self.objects[which]
        assert isinstance(obj, proven) == isinstance(obj, plain)

    @invariant()
    def every_check_agrees(self) -> None:
        if hasattr(self, "objects"):
            assert disagreements(self.objects) == []


ClassesChanging.TestCase.settings = settings(
    max_examples=150, stateful_step_count=30, deadline=None, database=None
)
test_classes_changing = ClassesChanging.TestCase
