"""One contract, written once: every copy of the API agrees with it.

The front's stub, ``src/txaio_typed/__init__.pyi``, is where the API's
names, signatures and docstrings are written. ``tools/gen_front.py``
generates from it the modules named ``_generated_*.py``: the front's
placeholders, the ``Api`` Protocol and ``API_NAMES``, the front's
``__all__`` and lazy-loading table, and the backends' module-level
functions. The copies that are written by hand are checked here against it:
the backends' API classes (their parameters, and the types of their
overloads), the test harness's ``Api`` and the per-function rows of
``docs/api.md``.
"""

from __future__ import annotations

import ast
import builtins
import copy
import importlib
import inspect
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import conftest
import pytest
from processes import output, run

import txaio_typed
from txaio_typed import interfaces, testutil
from txaio_typed._generated_api import API_NAMES, Api
from txaio_typed._types import BACKENDS

ROOT = Path(__file__).resolve().parent.parent
STUB = ROOT / "src" / "txaio_typed" / "__init__.pyi"
API_DOC = ROOT / "docs" / "api.md"

BACKEND_MODULES: list[ModuleType] = [
    importlib.import_module(f"txaio_typed.{name}") for name in BACKENDS.values()
]

#: Names upstream's txaio.tx has from Twisted, kept at run time only (typed
#: code imports them from Twisted): not part of the typed module.
RUN_TIME_ONLY = {"txaio_typed.tx": {"Deferred", "Failure", "fail", "succeed"}}

Shape = list[tuple[str, str, object]]


def stub_docstrings() -> dict[str, str]:
    """Every function of the contract, in the stub's order, and its
    docstring (on the first of its overloads)."""
    docstrings: dict[str, str] = {}
    for node in ast.parse(STUB.read_text()).body:
        if isinstance(node, ast.FunctionDef) and node.name not in docstrings:
            docstrings[node.name] = ast.get_docstring(node) or ""
    return docstrings


def stub_functions() -> list[str]:
    return list(stub_docstrings())


def shape(function: Callable[..., object]) -> Shape:
    """The parameters of ``function``: name, kind and default (``self``
    left out)."""
    try:
        signature = inspect.signature(function)
    except ValueError:
        # The clocks are the time module's, which take no arguments (and
        # have no signature to read before Python 3.13).
        assert function in (time.time_ns, time.perf_counter_ns), function
        return []
    return [
        (parameter.name, parameter.kind.name, parameter.default)
        for parameter in signature.parameters.values()
        if parameter.name != "self"
    ]


def contract_of(name: str) -> Callable[..., object]:
    """The contract's signature of ``name``: the ``Api`` method (generated
    from the stub, overloads merged) or, for the front's own functions, the
    front's."""
    function: Callable[..., object] = getattr(
        Api if name in API_NAMES else txaio_typed, name
    )
    return function


# -- the generated code ---------------------------------------------------------


def test_the_generated_code_matches_the_stub() -> None:
    result = run(sys.executable, ROOT / "tools" / "gen_front.py", "--test")
    assert result.returncode == 0, output(result)


def test_the_api_is_the_stubs_functions_but_selection() -> None:
    own = {"use_asyncio", "use_twisted", "install_as_txaio"}
    assert sorted(set(stub_functions()) - own) == list(API_NAMES)


# -- the public modules: every name in __all__, and no other ----------------------


@pytest.mark.parametrize("module", BACKEND_MODULES, ids=lambda m: m.__name__)
def test_a_backend_module_has_the_whole_api(module: ModuleType) -> None:
    assert set(API_NAMES) <= set(module.__all__)
    api = module.with_config()
    for name in API_NAMES:
        function = getattr(module, name)
        assert callable(function), name
        assert shape(function) == shape(getattr(api, name)), name


@pytest.mark.parametrize(
    "module",
    [txaio_typed, *BACKEND_MODULES, interfaces, testutil],
    ids=lambda m: m.__name__,
)
def test_every_name_in_all_exists(module: ModuleType) -> None:
    for name in module.__all__:
        assert hasattr(module, name), name


@pytest.mark.parametrize("module", BACKEND_MODULES, ids=lambda m: m.__name__)
def test_a_backend_module_has_no_public_name_beyond_all(module: ModuleType) -> None:
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
    }
    extra = RUN_TIME_ONLY.get(module.__name__, set())
    assert public - set(module.__all__) == extra


# -- the hand-written copies ------------------------------------------------------


@pytest.mark.parametrize("module", BACKEND_MODULES, ids=lambda m: m.__name__)
@pytest.mark.parametrize("name", API_NAMES)
def test_the_backend_api_classes_take_the_contracts_parameters(
    module: ModuleType, name: str
) -> None:
    api: object = module.with_config()
    api_class = type(api)
    own = shape(getattr(api_class, name))
    contract = shape(contract_of(name))
    assert own[: len(contract)] == contract
    # A backend may add keyword-only parameters of its own, with defaults.
    for _, kind, default in own[len(contract) :]:
        assert kind == "KEYWORD_ONLY"
        assert default is not inspect.Parameter.empty


# -- the backends' types ------------------------------------------------------------

#: How each backend spells the stub's names in what it takes (its parameters)
#: and in what it gives (its results, and the arguments it passes to
#: callbacks): its own future, failure, delayed call and timer classes.
SPELLINGS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "aio": (
        {
            "Future": "asyncio.Future",
            "Error": "BaseException | IFailedFuture",
            "Loop": "asyncio.AbstractEventLoop",
        },
        {
            "FrameworkFuture": "asyncio.Future",
            "Future": "asyncio.Future",
            "IFailedFuture": "FailedFuture",
            "FrameworkDelayedCall": "asyncio.TimerHandle",
            "IBatchedTimer": "BatchedTimer[asyncio.AbstractEventLoop]",
            "Api": "Self",
        },
    ),
    "tx": (
        {
            "Future": "Deferred",
            "Error": "BaseException | IFailedFuture | Failure",
            "IFailedFuture": "IFailedFuture | Failure",
            "Loop": "ReactorTime",
        },
        {
            "FrameworkFuture": "Deferred",
            "Future": "Deferred",
            "IFailedFuture": "Failure",
            "FrameworkDelayedCall": "DelayedCall",
            "IBatchedTimer": "BatchedTimer[ReactorTime]",
            "Api": "Self",
        },
    ),
}

#: Where a backend's signature is wider than the stub's on purpose, as text
#: replaced in the translated stub.
WIDER: dict[str, dict[str, str]] = {
    # asyncio's gather takes any awaitable, as asyncio.gather does.
    "aio": {"asyncio.Future[_T] | Coroutine[Any, Any, _T]": "Awaitable[_T]"},
    "tx": {},
}

#: Functions a backend writes as one signature where the stub has overloads.
NOT_OVERLOADED = {
    # Twisted's Failure is not generic: there is no Failure[E] to return.
    "tx": {"create_failure"},
}


class _Spelled(ast.NodeTransformer):
    """Translates a stub annotation into a backend's names; the arguments of
    a ``Callable`` are what the backend gives."""

    def __init__(self, taken: dict[str, str], given: dict[str, str]) -> None:
        self.names = taken
        self.given = given

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if node.id in self.names:
            return ast.parse(self.names[node.id], mode="eval").body
        return node

    def visit_Subscript(self, node: ast.Subscript) -> ast.expr:
        callable_ = isinstance(node.value, ast.Name) and node.value.id == "Callable"
        if callable_ and isinstance(node.slice, ast.Tuple):
            arguments, *rest = node.slice.elts
            gives = _Spelled(self.given, self.given).visit(arguments)
            node.slice.elts = [gives, *(self.visit(r) for r in rest)]
            return node
        self.generic_visit(node)
        return node


def public_signatures(
    tree: ast.Module, owner: str | None = None
) -> dict[str, list[ast.FunctionDef]]:
    """The overloads (or the one definition) of each function of ``tree``
    (or of its class ``owner``)."""
    body = tree.body
    if owner is not None:
        (cls,) = [n for n in body if isinstance(n, ast.ClassDef) and n.name == owner]
        body = cls.body
    found: dict[str, list[ast.FunctionDef]] = {}
    for node in body:
        if isinstance(node, ast.FunctionDef):
            found.setdefault(node.name, []).append(node)
    return {
        name: [d for d in defs if "overload" in map(ast.unparse, d.decorator_list)]
        or defs
        for name, defs in found.items()
    }


def signature_text(
    function: ast.FunctionDef,
    spelling: tuple[dict[str, str], dict[str, str]] | None = None,
) -> str:
    """The parameters (``self`` left out) and result of ``function`` as
    normalised text, translated by ``spelling``."""
    arguments = copy.deepcopy(function.args)
    arguments.args = [a for a in arguments.args if a.arg != "self"]
    returns = copy.deepcopy(function.returns)
    assert returns is not None
    if spelling is not None:
        taken, given = spelling
        arguments = _Spelled(taken, given).visit(arguments)
        returns = _Spelled(given, given).visit(returns)
    return f"({ast.unparse(arguments)}) -> {ast.unparse(returns)}"


STUB_SIGNATURES = public_signatures(ast.parse(STUB.read_text()))


@pytest.mark.parametrize("backend", BACKENDS.values())
@pytest.mark.parametrize("name", conftest.FRAMEWORK_BOUND)
def test_the_backends_signatures_are_the_stubs_in_their_own_types(
    backend: str, name: str
) -> None:
    implementation = ROOT / "src" / "txaio_typed" / f"_{backend}.py"
    owner = "AsyncioApi" if backend == "aio" else "TwistedApi"
    own = public_signatures(ast.parse(implementation.read_text()), owner)
    if name in NOT_OVERLOADED.get(backend, set()):
        assert len(own[name]) == 1 < len(STUB_SIGNATURES[name])
        return
    expected: list[str] = []
    for signature in STUB_SIGNATURES[name]:
        text = signature_text(signature, SPELLINGS[backend])
        for stub_text, wider in WIDER[backend].items():
            text = text.replace(stub_text, wider)
        expected.append(text)
    assert [signature_text(s) for s in own[name]] == expected


def test_the_backend_api_objects_are_apis() -> None:
    for module in BACKEND_MODULES:
        api = module.with_config()
        assert isinstance(api, txaio_typed.Api)
        for member in conftest.API_MEMBERS:
            assert hasattr(api, member), member


def test_the_harness_api_follows_the_contract() -> None:
    members = vars(conftest.Api)
    methods = {
        name
        for name, value in members.items()
        if inspect.isfunction(value) and not name.startswith("_")
    }
    assert set(conftest.FRAMEWORK_BOUND) <= methods <= set(API_NAMES)
    for name in methods:
        harness = shape(members[name])
        contract = shape(contract_of(name))
        # The harness writes "..." where the contract has a sentinel default.
        assert [(n, k) for n, k, _ in harness] == [(n, k) for n, k, _ in contract]
        for (_, _, own), (_, _, default) in zip(harness, contract, strict=True):
            assert (own is inspect.Parameter.empty) == (
                default is inspect.Parameter.empty
            ), name
            if own is not Ellipsis:
                assert own == default, name
    attributes = set(conftest.Api.__annotations__) | {
        name for name, value in members.items() if isinstance(value, property)
    }
    assert attributes <= set(conftest.API_MEMBERS)


# -- docs/api.md --------------------------------------------------------------------

_CALL = re.compile(r"`([a-z_]+)\(([^`]*)\)`")
_BUILTIN_ERRORS = {
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
}


def doc_rows() -> dict[str, list[tuple[str, list[str]]]]:
    """The table rows of docs/api.md by contract function: the call written
    in a row's first cell (``name(arguments)``) and the row's cells."""
    functions = set(stub_functions())
    rows: dict[str, list[tuple[str, list[str]]]] = {}
    for line in API_DOC.read_text().splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        for name, arguments in _CALL.findall(cells[0]):
            if name in functions:
                rows.setdefault(name, []).append((arguments, cells))
    return rows


def errors_in(text: str) -> set[str]:
    return set(re.findall(r"\w+", text)) & _BUILTIN_ERRORS


def test_every_function_of_the_contract_has_a_row_in_the_api_docs() -> None:
    assert set(doc_rows()) == set(stub_functions())


@pytest.mark.parametrize("name", stub_functions())
def test_the_api_docs_call_each_function_as_the_contract_does(name: str) -> None:
    parameters = inspect.signature(contract_of(name)).parameters.values()
    by_name = {p.name: p for p in parameters if p.name != "self"}
    positional = [
        p.name
        for p in by_name.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    for arguments, _ in doc_rows()[name]:
        written = [a.strip() for a in arguments.split(",") if a.strip()]
        bare = [a for a in written if re.fullmatch(r"\w+", a)]
        assert bare == [p for p in positional if p in bare], (name, arguments)
        for argument in written:
            if argument == "...":
                continue
            star = re.fullmatch(r"(\*\*?)(\w+)", argument)
            if star:
                kind = "VAR_POSITIONAL" if star[1] == "*" else "VAR_KEYWORD"
                assert by_name[star[2]].kind.name == kind, (name, argument)
                continue
            parameter, _, value = argument.partition("=")
            assert parameter in by_name, (name, argument)
            default = by_name[parameter].default
            if value and isinstance(default, str | int | float | None):
                # A default the docs spell out is the contract's.
                try:
                    written_value: Any = ast.literal_eval(value)
                except ValueError:
                    continue
                assert written_value == default, (name, argument)
        required = [
            p.name
            for p in by_name.values()
            if p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD,)
        ]
        if "..." not in written:
            assert all(any(a.startswith(r) for a in written) for r in required), (
                name,
                arguments,
            )


@pytest.mark.parametrize("name", stub_functions())
def test_the_api_docs_name_the_errors_the_docstring_names(name: str) -> None:
    docstring = stub_docstrings()[name]
    rows = doc_rows()[name]
    raised_in_docs: set[str] = set()
    in_docs: set[str] = set()
    for _, cells in rows:
        in_docs |= errors_in(" ".join(cells))
        if len(cells) > 2:  # a table with a "raises" column
            raised_in_docs |= errors_in(cells[2])
    raised: set[str] = set()
    for sentence in re.split(r"(?<=\.)\s", docstring):
        if "aise" in sentence or "propagate" in sentence:
            raised |= errors_in(sentence)
    assert raised_in_docs <= errors_in(docstring), name
    assert raised <= in_docs, name
