"""What editors and the REPL show: jedi's completions, signatures and
docstrings, ``help()``, and the names the front's stub makes visible.

jedi reads the source (and stubs where a package ships them), as editors
built on it do; pyright (Pylance) reads ``__init__.pyi``. The front's
framework-bound names are placeholders until a framework is selected: they
are generated from the stub (tools/gen_front.py), so both show the same
signatures and docstrings.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import txaio_typed
from txaio_typed import _generated_unselected, aio, tx
from txaio_typed._generated_api import API_NAMES

# jedi ships no type information: used through Any.
jedi: Any = importlib.import_module("jedi")

ROOT = Path(__file__).resolve().parent.parent
STUB = ROOT / "src" / "txaio_typed" / "__init__.pyi"
PLACEHOLDERS = [
    name
    for name, value in vars(_generated_unselected).items()
    if inspect.isfunction(value) and value.__module__ == _generated_unselected.__name__
]


def script(source: str) -> tuple[Any, int, int]:
    lines = source.splitlines()
    return jedi.Script(source, path=ROOT / "editor.py"), len(lines), len(lines[-1])


def completions(source: str) -> list[str]:
    code, line, column = script(source)
    return [completion.name for completion in code.complete(line, column)]


def shown(source: str) -> tuple[list[str], str]:
    """The signatures (as jedi prints them) and docstring of the name at the
    end of ``source``."""
    code, line, column = script(source)
    (name,) = code.infer(line, column - 1)
    signatures = [signature.to_string() for signature in name.get_signatures()]
    return signatures, name.docstring(raw=True)


def stub_functions() -> dict[str, ast.FunctionDef]:
    """The first definition of each function in the front's stub."""
    found: dict[str, ast.FunctionDef] = {}
    for node in ast.parse(STUB.read_text()).body:
        if isinstance(node, ast.FunctionDef):
            found.setdefault(node.name, node)
    return found


# -- the generated placeholders (tools/gen_front.py: tests/test_contract.py) ------


def test_there_is_a_placeholder_for_each_framework_bound_function() -> None:
    assert len(PLACEHOLDERS) == 19
    bound_later = set(API_NAMES)
    assert set(PLACEHOLDERS) <= bound_later
    for name in bound_later - set(PLACEHOLDERS):
        # The logging functions work before selection: they are not placeholders.
        assert not getattr(txaio_typed, name).__module__.endswith(
            "_generated_unselected"
        )


@pytest.mark.parametrize("name", PLACEHOLDERS)
def test_help_shows_the_stub(name: str) -> None:
    function = getattr(_generated_unselected, name)
    stub = stub_functions()[name]
    assert inspect.getdoc(function) == ast.get_docstring(stub)
    parameters = list(inspect.signature(function).parameters)
    stub_parameters = [
        argument.arg
        for argument in [*stub.args.args, *stub.args.kwonlyargs]
        if argument.arg != "self"
    ]
    assert parameters[: len(stub_parameters)] == stub_parameters
    required = [
        parameter
        for parameter in inspect.signature(function).parameters.values()
        if parameter.default is inspect.Parameter.empty
        and parameter.kind is not inspect.Parameter.VAR_POSITIONAL
        and parameter.kind is not inspect.Parameter.VAR_KEYWORD
    ]
    with pytest.raises(
        RuntimeError, match=rf"txaio_typed\.{name}\(\) needs a framework"
    ):
        function(*[None] * len(required))


# -- jedi: the front ---------------------------------------------------------------


def test_front_completions() -> None:
    names = completions("import txaio_typed as txaio\ntxaio.")
    public = set(txaio_typed.__all__) - {"CancelledError"}
    assert public <= set(names)
    assert {"aio", "tx", "interfaces"} <= set(names)


@pytest.mark.parametrize("name", PLACEHOLDERS)
def test_front_signatures_and_docstrings(name: str) -> None:
    signatures, docstring = shown(f"import txaio_typed as txaio\ntxaio.{name}")
    stub = stub_functions()[name]
    first_line = (ast.get_docstring(stub) or "").splitlines()[0]
    assert docstring.splitlines()[0] == first_line
    assert len(signatures) == 1
    assert signatures[0].startswith(f"{name}(")
    for argument in stub.args.args:
        assert f"{argument.arg}:" in signatures[0], signatures
    assert "*args: object" not in signatures[0]


# -- jedi: the backends, a logger, upstream txaio with txaio-stubs ----------------


@pytest.mark.parametrize("module", [aio, tx], ids=["aio", "tx"])
def test_backend_completions_and_docstrings(module: ModuleType) -> None:
    name = module.__name__.rsplit(".", 1)[1]
    source = f"from txaio_typed import {name}\n{name}."
    public: set[str] = set(vars(module)["__all__"])
    offered = set(completions(source))
    assert public <= offered
    # No internal import (asyncio, Callable, ...) is offered: every name
    # without a leading underscore is public.
    assert {n for n in offered if not n.startswith("_")} == public
    for function in sorted(public):
        if not callable(getattr(module, function)) or function[0].isupper():
            continue
        signatures, docstring = shown(source + function)
        if inspect.isbuiltin(getattr(module, function)):
            continue  # the stdlib's own clocks: jedi reads typeshed for them
        assert signatures, function
        assert all(s.startswith(f"{function}(") for s in signatures), signatures
        assert docstring.strip(), f"{name}.{function} has no docstring"


def test_logger_methods() -> None:
    source = "import txaio_typed as txaio\nlog = txaio.make_logger()\nlog."
    methods = {"critical", "error", "warn", "info", "debug", "trace", "failure"}
    assert methods | {"emit", "set_log_level"} <= set(completions(source))
    signatures, docstring = shown(source + "info")
    assert signatures == ['info(message: str="", /, **kwargs: object) -> None']
    assert docstring == "Log at level ``info``."


UPSTREAM = {
    "create_future": "Create a new future, pending, resolved or failed.",
    "resolve": "Resolve ``future`` with ``result`` (``None`` by default).",
    "add_callbacks": "Call ``callback(result)`` or ``errback(failure)`` when",
    "make_logger": "Create a logger whose namespace is the calling module,",
}


@pytest.mark.parametrize("name", sorted(UPSTREAM))
def test_upstream_txaio_with_txaio_stubs(name: str) -> None:
    signatures, docstring = shown(f"import txaio\ntxaio.{name}")
    assert signatures and all(s.startswith(f"{name}(") for s in signatures)
    assert docstring.startswith(UPSTREAM[name])


def test_upstream_completions_come_from_the_stubs() -> None:
    names = completions("import txaio\ntxaio.")
    assert {"create_future", "add_callbacks", "make_logger", "IFailedFuture"} <= set(
        names
    )


# -- pyright: what the stub makes visible ----------------------------------------


def visible_in_stub() -> set[str]:
    """Names a stub exports (PEP 484: imports only as ``import X as X``)."""
    names: set[str] = set()
    for node in ast.parse(STUB.read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign) and not is_type_var(node):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {a.name for a in node.names if a.asname == a.name}
    return names


def is_type_var(node: ast.Assign) -> bool:
    """``_T = TypeVar("_T")``: private by its name, as in typeshed."""
    call = node.value
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id in ("TypeVar", "ParamSpec")
        and all(isinstance(t, ast.Name) and t.id.startswith("_") for t in node.targets)
    )


#: Private names the stub declares on purpose: upstream's, which downstream
#: code reads (Autobahn reads txaio._explicit_framework).
UPSTREAM_PRIVATE_NAMES = {"_explicit_framework"}


def test_the_stub_shows_no_private_names() -> None:
    private = {
        name
        for name in visible_in_stub()
        if name.startswith("_") and not (name.startswith("__") and name.endswith("__"))
    }
    assert private == UPSTREAM_PRIVATE_NAMES
    assert {"aio", "tx", "interfaces"} <= visible_in_stub()
