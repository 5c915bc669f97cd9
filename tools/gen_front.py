"""Generate the modules derived from the contract, ``__init__.pyi``: from its
functions, overloads, docstrings, imports and ``__all__``, the tables below,
``txaio_typed._frameworks.BACKENDS`` and the type variables of
``txaio_typed._typevars`` (erased in ``Api``'s implementation signatures),
write ``_generated_api`` (the ``Api`` Protocol), ``_generated_unselected``
(the front's placeholders), ``_generated_front`` (the front's ``__all__`` and
where the names it loads on first use live) and one ``_generated_<backend>``
per backend (every name of its public module).

    python tools/gen_front.py          write the generated modules
    python tools/gen_front.py --test   exit 1 when one differs from its inputs
"""

from __future__ import annotations

import ast
import re
import runpy
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TypeVar

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "txaio_typed"
STUB = PACKAGE / "__init__.pyi"

#: The stub's functions that work before a framework is selected, by the
#: module of the package that holds them. The API's among them are static
#: methods of ``Api``; the others belong to the front alone.
BEFORE_SELECTION: Final = {
    "install_as_txaio": "_install",
    "add_log_categories": "_log",
    "get_global_log_level": "_log",
    "make_logger": "_log",
    "set_global_log_level": "_log",
    "start_logging": "_log",
    "perf_counter_ns": "_util",
    "time_ns": "_util",
}

#: The stub's functions that only the front has.
FRONT_ONLY: Final = frozenset({"use_asyncio", "use_twisted", "install_as_txaio"})

#: The names the front binds only at selection, so not in ``__all__``.
BOUND_AT_SELECTION: Final = frozenset({"CancelledError"})

#: What each backend module exports besides the API's functions, by the
#: module that holds each name (``{backend}``: ``aio`` or ``tx``).
BACKEND_EXPORTS: Final = {
    "txaio_typed._{backend}": (
        "CancelledError", "Canceller", "Config", "config",
        "using_asyncio", "using_twisted",
    ),
    "txaio_typed.interfaces": ("IFailedFuture", "ILogger", "log_levels"),
}  # fmt: skip

#: The names that only one backend module exports, by the module that holds
#: each (``Logger``, ``LogLevel`` and ``ReactorTime`` are upstream txaio.tx's).
OWN_EXPORTS: Final = {
    "aio": {
        "txaio_typed._aio": ("AsyncioApi",), "txaio_typed._failure": ("FailedFuture",),
    },
    "tx": {
        "txaio_typed._tx": ("TwistedApi",), "txaio_typed._log_core": ("Logger",),
        "twisted.logger": ("LogLevel",), "txaio_typed._types": ("ReactorTime",),
    },
}  # fmt: skip


@dataclass(frozen=True)
class Contract:
    """What the generated modules take from the stub."""

    #: Each function's overloads (or its one signature), by name.
    functions: dict[str, list[ast.FunctionDef]]
    #: Each function's docstring (its first overload's).
    docstrings: dict[str, str]
    #: Each imported name and the module it comes from.
    imports: dict[str, str]
    #: The names the stub re-exports (``import X as X``) and their modules.
    reexported: dict[str, str]
    exported: list[str]
    #: The API's functions, sorted, and those among them that need a framework.
    api: list[str]
    framework_bound: list[str]


def load_contract() -> Contract:
    """The stub's contract; exit when a function has no docstring or the
    stub's ``__all__`` is not the names it binds."""
    functions: dict[str, list[ast.FunctionDef]] = {}
    imports: dict[str, str] = {}
    reexported: dict[str, str] = {}
    bound: set[str] = set()
    written: list[str] = []
    for node in ast.parse(STUB.read_text()).body:
        if isinstance(node, ast.FunctionDef):
            functions.setdefault(node.name, []).append(node)
            bound.add(node.name)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                imports[alias.asname or alias.name] = node.module or ""
                if alias.asname == alias.name and node.module != "txaio_typed":
                    reexported[alias.name] = node.module or ""
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            bound.add(node.target.id)
        elif isinstance(node, ast.Assign):
            written = ast.literal_eval(node.value)
    docstrings = {n: ast.get_docstring(defs[0]) or "" for n, defs in functions.items()}
    if missing := [name for name, text in docstrings.items() if not text]:
        raise SystemExit(f"{STUB.name}: no docstring for {', '.join(missing)}")
    public = {
        n for n in bound | set(reexported) if not n.startswith("_") or n[:2] == "__"
    }
    exported = sorted(public - BOUND_AT_SELECTION)
    if written != exported:
        raise SystemExit(f"{STUB.name}: __all__ must be {exported}")
    api = sorted(set(functions) - FRONT_ONLY)
    framework_bound = [name for name in api if name not in BEFORE_SELECTION]
    return Contract(
        functions, docstrings, imports, reexported, exported, api, framework_bound
    )


def union(annotations: list[ast.expr | None]) -> str:
    """The distinct ``annotations`` joined by ``|``; ruff then drops the
    members they repeat (see :func:`formatted`)."""
    return " | ".join(dict.fromkeys(ast.unparse(a) for a in annotations if a))


def signature(defs: list[ast.FunctionDef]) -> tuple[str, str]:
    """The text of the parameters and of the return annotation of ``defs``,
    one function's signature or its overloads merged into one: each parameter
    annotated with the union of the overloads' annotations, with the run-time
    default (``UNSET`` where the overloads write ``...`` for an ``Unset``
    parameter)."""
    name, first = defs[0].name, defs[0].args
    returns = union([d.returns for d in defs])
    if len(defs) == 1:
        return ast.unparse(first), returns
    found: dict[str, list[tuple[ast.expr | None, ast.expr | None]]] = {}
    for args in (d.args for d in defs):
        padded = [None] * (len(args.args) - len(args.defaults)) + args.defaults
        values = padded + args.kw_defaults
        for arg, value in zip(args.args + args.kwonlyargs, values, strict=True):
            found.setdefault(arg.arg, []).append((arg.annotation, value))
    keyword = {arg.arg for d in defs for arg in d.args.kwonlyargs}
    positional: list[str] = []
    keyword_only: list[str] = []
    optional = False  # whether a positional parameter before has a default
    for parameter, entries in found.items():
        annotation = union([a for a, _ in entries])
        defaults = [ast.unparse(v) for _, v in entries if v]
        default = next((d for d in defaults if d != "..."), "UNSET" if defaults else "")
        if default == "UNSET" and not re.search(r"\bUnset\b", annotation):
            raise SystemExit(f"{name}({parameter}=...): no run-time default")
        text = f"{parameter}: {annotation}" + (f" = {default}" if default else "")
        if parameter in keyword:
            keyword_only.append(text)
            continue
        if optional and not default:
            raise SystemExit(f"{name}: {parameter} needs a default")
        optional = bool(default)
        positional.append(text)
    star = [f"*{ast.unparse(first.vararg)}"] if first.vararg else []
    if keyword_only and not star:
        star = ["*"]
    kwarg = [f"**{ast.unparse(first.kwarg)}"] if first.kwarg else []
    return ", ".join([*positional, *star, *keyword_only, *kwarg]), returns


# -- rendering -------------------------------------------------------------------


def header(purpose: str, future: bool = True) -> str:
    """The docstring that opens every generated module (and the
    ``__future__`` import, except where a star import would show it)."""
    imports = "\nfrom __future__ import annotations\n" if future else ""
    return (
        f'"""{purpose}\n\nGenerated by tools/gen_front.py from __init__.pyi: '
        f'do not edit.\n"""\n{imports}'
    )


def imports_of(contract: Contract, used: set[str], indent: str = "") -> str:
    """The stub's imports of the names in ``used``."""
    return "\n".join(
        sorted(
            f"{indent}from {module} import {name}"
            for name, module in contract.imports.items()
            if name in used
        )
    )


def docstring(text: str, indent: str) -> str:
    """``text`` as a docstring indented by ``indent``."""
    first, *rest = text.splitlines()
    if not rest:
        return f'{indent}"""{first}"""'
    body = "".join(f"\n{indent}{line}" if line else "\n" for line in rest)
    return f'{indent}"""{first}{body}\n{indent}"""'


def formatted(source: str, name: str) -> str:
    """``source`` as ``ruff check --fix`` and ``ruff format`` leave it; the
    fix of PYI016 drops the members a union repeats (the overloads' merged
    annotations, and those that erasing type variables makes equal)."""
    check = ["check", "--fix", "--extend-select", "PYI016", "--exit-zero", "--quiet"]
    for command in (check, ["format", "-q"]):
        source = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--stdin-filename", name, "-"],
            input=source, capture_output=True, text=True, check=True, cwd=ROOT,
        ).stdout  # fmt: skip
    return source


UNSELECTED = """
from typing import TYPE_CHECKING

from txaio_typed._errors import framework_not_selected
from txaio_typed._unset import UNSET

if TYPE_CHECKING:
{imports}
"""


def render_unselected(contract: Contract) -> str:
    """``_generated_unselected``: the framework-bound functions' placeholders."""
    defs: dict[str, str] = {}
    for name in contract.framework_bound:
        parameters, returns = signature(contract.functions[name])
        defs[name] = f"def {name}({parameters}) -> {returns}:"
    used = set(re.findall(r"\w+", "".join(defs.values())))
    return (
        header(
            "The front's framework-bound functions before a framework is selected.\n\n"
            "Each has the stub's signature (overloads merged into one) and docstring,\n"
            "and raises ``RuntimeError`` saying how to select a framework."
        )
        + UNSELECTED.format(imports=imports_of(contract, used, indent="    "))
        + "".join(
            f"\n\n{line}\n{docstring(contract.docstrings[name], '    ')}\n"
            f"    raise framework_not_selected({name!r})\n"
            for name, line in defs.items()
        )
    )


API = '''
# The stub's overloads, which pyright checks there:
# pyright: reportOverlappingOverload=false

from typing import Any, Final, overload

from typing_extensions import Protocol, runtime_checkable

from txaio_typed._types import ApiAttributes
from txaio_typed._unset import UNSET
{imports}

__all__ = ["API_NAMES", "Api"]

API_NAMES: Final = ({names})
"""The API's functions: the methods of :class:`Api`, the module-level
functions of each backend, and the names the front binds to the selected
backend's."""


@runtime_checkable
class Api(ApiAttributes, Protocol):
    """The object returned by :func:`with_config`: this module's API on its
    own loop. Each method is the module function of the same name."""

    # Each overloaded method ends with its implementation's signature: run-time
    # checkers (typeguard) compare that one with the object's methods. The
    # functions that do not depend on the loop are static methods, as on the
    # backends' API classes.
'''


def methods(defs: list[ast.FunctionDef], typevars: str) -> str:
    """The overloads ``defs`` as methods of ``Api`` (the first with a
    docstring) and, when there are several, the implementation's signature,
    where the type variables (the regular expression ``typevars``) are
    ``Any``."""
    name = defs[0].name
    static = "    @staticmethod\n" if name in BEFORE_SELECTION else ""
    start = f"{static}    def {name}(" + ("" if static else "self, ")
    overload = "    @overload\n" if len(defs) > 1 else ""
    body = f"\n{docstring(f'See :func:`txaio_typed.{name}`.', ' ' * 8)}\n        ...\n"
    text = ""
    for one in defs:
        parameters, returns = signature([one])
        text += f"{overload}{start}{parameters}) -> {returns}:{body}"
        body = " ...\n"
    if overload:
        parameters, returns = signature(defs)
        text += re.sub(typevars, "Any", f"{start}{parameters}) -> {returns}: ...\n")
    return "\n" + text


def render_api(contract: Contract) -> str:
    """``_generated_api``: the ``Api`` Protocol and ``API_NAMES``."""
    variables = runpy.run_path(str(PACKAGE / "_typevars.py"))
    typevars = "|".join(n for n, v in variables.items() if isinstance(v, TypeVar))
    code = "".join(
        methods(contract.functions[name], rf"\b({typevars})\b")
        for name in contract.functions
        if name not in FRONT_ONLY
    )
    used = set(re.findall(r"\w+", code)) - {"Api"}  # which this module defines
    return (
        header(
            "The type of the objects ``with_config`` returns: the API on one loop.\n\n"
            ":class:`Api` has a method for each function of the API, with the stub's\n"
            "signatures; :data:`API_NAMES` names them."
        )
        + API.format(
            imports=imports_of(contract, used), names=", ".join(map(repr, contract.api))
        )
        + code
    )


def render_front(contract: Contract) -> str:
    """``_generated_front``: the front's ``__all__`` and where each name it
    loads on first use lives."""
    provided = {
        **contract.reexported,
        **BEFORE_SELECTION,
        **dict.fromkeys(contract.framework_bound, "txaio_typed._generated_unselected"),
    }
    table = "".join(
        f"    {name!r}: {module.removeprefix('txaio_typed.')!r},\n"
        for name, module in sorted(provided.items())
    )
    return (
        header(
            "The front's public names, and the module that holds each of those it\n"
            "loads on first use."
        )
        + f"\nFRONT_ALL = {contract.exported!r}\n"
        + '"""The front\'s ``__all__``: the stub\'s."""\n\n'
        + f"PROVIDED_BY = {{\n{table}}}\n"
        + '"""Each name the front offers before a framework is selected, by the\n'
        'module of the package that holds it."""\n'
    )


def render_backend(contract: Contract, backend: str) -> str:
    """``_generated_<backend>``: every name of the backend's public module."""
    # The functions that need no framework come from their modules (logging
    # from the backend's own), the others from the module-wide API object;
    # ruff merges the imports from one module.
    own_module = {"_log": f"_log_{backend}"}
    tables = [*BACKEND_EXPORTS.items(), *OWN_EXPORTS[backend].items()] + [
        (f"txaio_typed.{own_module.get(module, module)}", (n,))
        for n in contract.api
        if (module := BEFORE_SELECTION.get(n))
    ]
    imports = "".join(
        f"from {module.format(backend=backend)} import {', '.join(names)}\n"
        for module, names in tables
    )
    bindings = "".join(
        f"{name}: _Final = _default_api.{name}\n" for name in contract.framework_bound
    )
    exported = sorted([*contract.framework_bound, *(n for _, ns in tables for n in ns)])
    return (
        header(
            f"Every name of :mod:`txaio_typed.{backend}`, which star-imports this\n"
            "module: the API's functions, bound to its module-wide API object (which\n"
            "uses its ``config``), and the names of the backend's own modules.",
            future=False,
        )
        + "\nfrom typing import Final as _Final\n\n"
        + f"from txaio_typed._{backend} import default_api as _default_api\n"
        + f"{imports}\n__all__ = {exported!r}\n\n{bindings}"
    )


def generated() -> dict[Path, str]:
    """Every generated file and the text it must have."""
    # Run as a file: the package's __init__ imports a generated module.
    frameworks = runpy.run_path(str(PACKAGE / "_frameworks.py"))
    contract = load_contract()
    sources = {
        "_generated_api.py": render_api(contract),
        "_generated_unselected.py": render_unselected(contract),
        "_generated_front.py": render_front(contract),
    }
    for backend in frameworks["BACKENDS"].values():
        sources[f"_generated_{backend}.py"] = render_backend(contract, backend)
    return {
        PACKAGE / name: formatted(text, f"src/txaio_typed/{name}")
        for name, text in sources.items()
    }


def main(argv: list[str]) -> int:
    """The exit code: 1 when ``--test`` finds a stale module, 2 on bad usage."""
    if argv not in ([], ["--test"]):
        print(__doc__)
        return 2
    stale = {
        p: t for p, t in generated().items() if not p.exists() or p.read_text() != t
    }
    for path, text in stale.items():
        if argv:
            print(f"{path.relative_to(ROOT)} is stale: run python tools/gen_front.py")
        else:
            path.write_text(text)
    return 1 if argv and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
