"""``isinstance`` against a runtime-checkable Protocol: the same answer, sooner.

A runtime-checkable Protocol answers ``isinstance(obj, P)`` in two steps, every
time: the ABC check of ``abc.ABCMeta`` (subclasses, registered classes and
classes that provide ``P``'s members; ``abc`` caches its answers per class),
then ``inspect.getattr_static`` for every member on the object, which takes
microseconds. :func:`answer_from_proofs` gives a Protocol a metaclass that
gives the same answer in every case, from what one plain check taught it
about the object's class, and that checks at every call that what it learnt
still holds. Per class it keeps one of:

- ``True``: the class is in the ABC's cache of subclasses, which never
  forgets a class (the ABC check answers True for it from then on, whatever
  happens to the class). Every instance that reports that class as its
  ``__class__`` is an instance.
- an absence: the ABC check said False, so ``abc`` holds the class in its
  negative cache until a class is registered with any ABC (which moves
  ``abc.get_cache_token()``), and a member is defined by no class of the MRO.
  An instance is not an instance while the token, the MRO, the metaclasses
  and that absence hold and its own ``__dict__`` lacks the member too. For
  the everyday class (one class that can change, a plain ``__dict__``) it
  is a tuple ``(mro, token, name, class __dict__)`` checked in place; for
  others a function made for the class (:func:`_absent_from_classes`,
  :func:`_absent_from_builtin` for built-in exceptions); for an immutable
  class (``int``, ``str``, ``NoneType``: its MRO and members cannot change)
  whose instances have no ``__dict__``, just the cache token, an ``int``.
- ``False``: every check is the plain check. This is the case for classes,
  for classes that define ``__class__`` or their own Python
  ``__getattribute__`` (proxies, mocks) or an unusual ``__dict__``, for
  metaclasses that change attribute access, and for classes that define
  every member (their instances' answer depends on the members' values).

Whenever a proof does not hold or does not decide, the plain check answers,
and a class whose proof no longer holds is learnt again. Everything is read
as the plain check reads it: a class's own ``__dict__``, the cache token, the
instance's ``__dict__``, and ``instance.__class__``, which the ABC check reads
first too. (An instance whose ``__class__`` is not its class is read twice:
once here, once by the plain check that then answers.)
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from types import GetSetDescriptorType, MappingProxyType
from typing import Any, Final, TypeAlias, cast

from typing_extensions import Protocol, get_protocol_members

__all__ = ["PROOF_LIMIT", "answer_from_proofs"]

_PlainMeta: Final = cast("type[abc.ABCMeta]", type(Protocol))
_plain_check: Final = _PlainMeta.__instancecheck__
_cache_token: Final = abc.get_cache_token
_CLASS_DICT: Final = type.__dict__["__dict__"]
_CLASS_MRO: Final = type.__dict__["__mro__"]
_object_getattribute: Final = object.__getattribute__

#: ``type.__flags__`` bit of a class whose attributes cannot be set.
_IMMUTABLE: Final = 1 << 8

PROOF_LIMIT: Final = 512
"""How many classes a Protocol keeps proofs for; the table is emptied when it
is full, so classes made at run time are not kept alive for ever."""

#: The ``__dict__`` of an instance that has none, as getattr_static sees it.
_NOTHING: Final[dict[str, object]] = {}
_NO_DICT: Final = 0
_PLAIN_DICT: Final = 1
_SLOT_DICT: Final = 2


#: What a proof function answers: the instance is not an instance (False),
#: the proof holds but cannot tell (the plain check answers), or the proof
#: no longer holds (None: the class is learnt again).
_CANNOT_TELL: Final = True

_Check: TypeAlias = Callable[[object, type], "bool | None"]


def _absent_from_builtin(token: object, name: str) -> _Check:
    """The proof for a class that cannot change (a built-in one, such as an
    exception) whose instances have a ``__dict__``: ``name`` must be missing
    from it."""

    def check(instance: object, kind: type) -> bool | None:
        if token != _cache_token():
            return None
        own = _object_getattribute(instance, "__dict__")
        if type(own) is dict and name not in own and instance.__class__ is kind:
            return False
        return _CANNOT_TELL

    return check


def _absent_from_classes(
    mro: tuple[type, ...],
    token: object,
    name: str,
    proxies: tuple[MappingProxyType[str, object], ...],
    has_dict: bool,
    metaclasses: tuple[type, ...] | None,
) -> _Check:
    """The proof for a class whose MRO lacks ``name``.

    ``proxies`` are the ``__dict__`` of every class and metaclass that can
    change; ``metaclasses`` those of ``mro``, where one could be replaced
    (``C.__class__ = M``), else None.
    """

    def check(instance: object, kind: type) -> bool | None:
        # The metaclasses first: reading __mro__ goes through them.
        if (
            (metaclasses is not None and tuple(map(type, mro)) != metaclasses)
            or kind.__mro__ is not mro
            or token != _cache_token()
        ):
            return None
        for proxy in proxies:
            if name in proxy:
                return None
        # Read as getattr_static reads it: no __getattribute__ of the class
        # runs, and __class__ is read once, as the ABC check reads it.
        own = _object_getattribute(instance, "__dict__") if has_dict else _NOTHING
        if type(own) is dict and name not in own and instance.__class__ is kind:
            return False
        return _CANNOT_TELL

    return check


def answer_from_proofs(protocol: type) -> None:
    """Give ``protocol`` (a runtime-checkable ``typing_extensions.Protocol``)
    a metaclass that answers ``isinstance`` from proofs.

    Type checkers keep seeing the plain Protocol; ``register``, subclassing
    and the rest of the ABC machinery are unchanged.
    """
    proofs: dict[type, Any] = {}
    find = proofs.get
    members = tuple(sorted(get_protocol_members(protocol)))

    def learn(cls: abc.ABCMeta, instance: object, kind: type) -> bool:
        token = _cache_token()
        answer: bool = _plain_check(cls, instance)
        # Had the check registered a class with an ABC (code it runs can),
        # _prove could make the ABC compute what it has not cached.
        if token == _cache_token():
            if len(proofs) >= PROOF_LIMIT:
                proofs.clear()
            proofs[kind] = _prove(cls, members, instance, kind, token)
        return answer

    def __instancecheck__(cls: abc.ABCMeta, instance: object) -> bool:
        kind = type(instance)
        proof = find(kind)
        if proof is True:
            if instance.__class__ is kind:
                return True
        elif type(proof) is tuple:
            # The everyday class: see the module's docstring.
            mro: tuple[type, ...]
            token: object
            name: str
            proxy: MappingProxyType[str, object]
            mro, token, name, proxy = proof  # pyright: ignore[reportUnknownVariableType]
            if (
                kind.__mro__ is mro
                and token == _cache_token()
                and name not in proxy
                and "__getattribute__" not in proxy
            ):
                own = instance.__dict__
                if type(own) is dict and name not in own:
                    return False
                return _plain_check(cls, instance)
        elif type(proof) is int:
            if proof == _cache_token() and instance.__class__ is kind:
                return False
        elif proof:
            answer = proof(instance, kind)
            if answer is False:
                return False
            if answer:
                return _plain_check(cls, instance)
        elif proof is not None:
            return _plain_check(cls, instance)
        return learn(cls, instance, kind)

    def _abc_caches_clear(cls: abc.ABCMeta) -> None:
        abc.ABCMeta._abc_caches_clear(cls)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue,reportUnknownMemberType]
        proofs.clear()

    # Made with type() rather than a class statement: a class defined in a
    # function would look like a module attribute to stubtest.
    metaclass = type(
        f"{type(protocol).__name__}[proofs]",
        (_PlainMeta,),
        {
            "__instancecheck__": __instancecheck__,
            "_abc_caches_clear": _abc_caches_clear,
            "__module__": __name__,
        },
    )
    protocol.__class__ = metaclass


def _prove(
    protocol: abc.ABCMeta,
    members: tuple[str, ...],
    instance: object,
    kind: type,
    token: object,
) -> Any:
    """What a plain check of ``instance``, just made at ``token``, proves."""
    mro = _real_mro(kind)
    if type in mro or not _plain_access(kind, mro):
        return False
    if not _builtin_access(mro) and instance.__class__ is not kind:
        return False
    # The plain check has just put ``kind`` in one of the ABC's caches; with
    # the token unchanged, this reads it back without computing anything.
    if abc.ABCMeta.__subclasscheck__(protocol, kind):
        return True
    missing = [name for name in members if not any(name in _class_dict(c) for c in mro)]
    reads = _instance_reads(mro)
    if not missing or reads is None:
        return False
    proxies = tuple(
        _class_dict(c)
        for c in (*mro, *_metaclasses(mro))
        if not c.__flags__ & _IMMUTABLE
    )
    if not proxies and reads == _NO_DICT:
        return token
    if not proxies:
        return _absent_from_builtin(token, missing[0])
    metaclasses = tuple(map(type, mro))
    fixed = all(meta is type for meta in metaclasses)
    if fixed and reads == _PLAIN_DICT and len(proxies) == 1:
        return (mro, token, missing[0], proxies[0])
    return _absent_from_classes(
        mro,
        token,
        missing[0],
        proxies,
        reads != _NO_DICT,
        None if fixed else metaclasses,
    )


def _class_dict(cls: type) -> MappingProxyType[str, object]:
    """The class's own ``__dict__``, whatever its metaclass does."""
    return cast("MappingProxyType[str, object]", _CLASS_DICT.__get__(cls))


def _real_mro(cls: type) -> tuple[type, ...]:
    """The class's MRO, whatever its metaclass does."""
    return cast("tuple[type, ...]", _CLASS_MRO.__get__(cls))


def _metaclasses(mro: tuple[type, ...]) -> list[type]:
    """Every class in the MROs of the metaclasses of ``mro``."""
    found: list[type] = []
    for entry in mro:
        found.extend(c for c in _real_mro(type(entry)) if c not in found)
    return found


def _plain_access(kind: type, mro: tuple[type, ...]) -> bool:
    """True when reading ``kind``'s instances and classes runs no Python code.

    No class of the MRO but ``object`` defines ``__class__``, no Python class
    defines ``__getattribute__``, and the metaclasses leave attribute access
    and classes' ``__dict__`` alone. (``__class__`` and ``__dict__`` cannot
    be set on a class after it is made; ``__getattribute__`` can, and the
    proofs look for it at every check.)
    """
    for entry in mro[:-1]:
        own = _class_dict(entry)
        if "__class__" in own:
            return False
        if "__getattribute__" in own and not entry.__flags__ & _IMMUTABLE:
            return False
    plain_metaclasses = not any(
        "__getattribute__" in _class_dict(meta) or "__dict__" in _class_dict(meta)
        for meta in _metaclasses(mro)
        if meta is not type and meta is not object
    )
    return plain_metaclasses and kind.__mro__ is mro


def _builtin_access(mro: tuple[type, ...]) -> bool:
    """True when ``object.__getattribute__`` serves every attribute."""
    return not any("__getattribute__" in _class_dict(c) for c in mro[:-1])


def _instance_reads(mro: tuple[type, ...]) -> int | None:
    """How ``getattr_static`` reads an instance's own attributes, or None when
    a class of the MRO has an unusual ``__dict__`` member."""
    has_dict = False
    for entry in mro:
        own = _class_dict(entry)
        if "__dict__" in own:
            member = own["__dict__"]
            if not (
                type(member) is GetSetDescriptorType
                and member.__name__ == "__dict__"
                and member.__objclass__ is entry
            ):
                return None
            has_dict = True
    if not has_dict:
        return _NO_DICT
    return _PLAIN_DICT if _builtin_access(mro) else _SLOT_DICT
