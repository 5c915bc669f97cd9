"""Generate what is derived from the front's contract, ``__init__.pyi``.

The stub ``src/txaio_typed/__init__.pyi`` is the one place where the API's
names, signatures and docstrings are written. The API is every function of
the stub except the front's own (:data:`FRONT_ONLY`). This script derives
from it:

- ``_unselected.py``: the placeholders the front binds until a framework is
  selected, with the stub's signatures (overloads merged into one) and
  docstrings, so that ``help()`` and editors that read the source (jedi)
  show the real thing;
- ``_api.py``: the ``Api`` Protocol (what ``with_config`` returns), a
  method per API function with the stub's signatures, and ``API_NAMES``;
- in ``__init__.py``: the import of the placeholders (for editors), the
  ``_PROVIDED_BY`` table of the module that holds each name it loads on
  first use, and ``__all__``;
- in ``__init__.pyi``: ``__all__``, the public names the stub binds;
- in each backend module (``aio.py``, ``tx.py``, from ``_types.BACKENDS``):
  the API functions bound to the module-wide API object, and ``__all__``.

What hand-written modules hold decides the rest: the API functions the front
offers itself (what its ``if TYPE_CHECKING:`` imports name: the clocks and
logging, which work before a framework is selected) get no placeholder and
are static methods of ``Api``; a backend module binds to its API object the
API functions it does not import.

    python tools/gen_front.py          rewrite the generated files and parts
    python tools/gen_front.py --test   exit 1 when they differ from the stub
"""

from __future__ import annotations

import ast
import copy
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TypeVar

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "txaio_typed"
STUB = PACKAGE / "__init__.pyi"
FRONT = PACKAGE / "__init__.py"
UNSELECTED = PACKAGE / "_unselected.py"
API = PACKAGE / "_api.py"
TYPES = PACKAGE / "_frameworks.py"
PACKAGE_NAME: Final = "txaio_typed"
UNSELECTED_MODULE: Final = "txaio_typed._unselected"
#: The front's table of the module that holds each name it offers before a
#: framework is selected (placeholders included).
PROVIDED_BY: Final = "_PROVIDED_BY"

#: The stub's functions that belong to the front alone: no backend has them.
FRONT_ONLY: Final = frozenset({"use_asyncio", "use_twisted", "install_as_txaio"})

#: Names the stub declares that the front binds only once a framework is
#: selected, so they are not in ``__all__``.
BOUND_AT_SELECTION: Final = frozenset({"CancelledError"})

#: The name a backend module gives its module-wide API object.
DEFAULT_API: Final = "_default_api"

_Node = TypeVar("_Node", bound=ast.AST)


@dataclass(frozen=True)
class Function:
    """One function of the contract: its overloads (or its one signature)."""

    name: str
    signatures: tuple[ast.FunctionDef, ...]
    docstring: str
    #: The comment at the end of each signature's first line ("" if none).
    comments: tuple[str, ...]


@dataclass(frozen=True)
class Contract:
    """The functions of the stub, the imports their annotations use, the type
    variables it defines and the public names it binds."""

    functions: dict[str, Function]
    imports: dict[str, ast.ImportFrom | ast.Import]
    type_vars: dict[str, ast.Assign]
    exported: list[str]

    @property
    def api(self) -> list[str]:
        """The API's functions, sorted."""
        return sorted(name for name in self.functions if name not in FRONT_ONLY)


def load_contract(stub: Path = STUB) -> Contract:
    """Read the functions (with overloads grouped), imports, type variables
    and public names of ``stub``."""
    source = stub.read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    signatures: dict[str, list[ast.FunctionDef]] = {}
    imports: dict[str, ast.ImportFrom | ast.Import] = {}
    type_vars: dict[str, ast.Assign] = {}
    exported: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            signatures.setdefault(node.name, []).append(node)
            exported.append(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                imports[alias.asname or alias.name.split(".")[0]] = node
                submodule = (
                    isinstance(node, ast.ImportFrom) and node.module == "txaio_typed"
                )
                if alias.asname == alias.name and not submodule:
                    exported.append(alias.name)
        elif is_type_var(node):
            assert isinstance(node, ast.Assign)
            (target,) = node.targets
            assert isinstance(target, ast.Name)
            type_vars[target.id] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            exported.append(node.target.id)
    functions: dict[str, Function] = {}
    for name, defs in signatures.items():
        docstring = next(
            (doc for doc in map(ast.get_docstring, defs) if doc is not None), None
        )
        if docstring is None:
            raise SystemExit(f"{stub.name}: {name} has no docstring")
        comments = tuple(comment_of(lines[d.lineno - 1]) for d in defs)
        functions[name] = Function(name, tuple(defs), docstring, comments)
    public = {
        name
        for name in exported
        if not name.startswith("_") or (name.startswith("__") and name.endswith("__"))
    }
    return Contract(functions, imports, type_vars, sorted(public - BOUND_AT_SELECTION))


def comment_of(line: str) -> str:
    """The comment at the end of a line of the stub ("" if none)."""
    return line[line.index("#") :] if "#" in line else ""


def is_type_var(node: ast.stmt) -> bool:
    """True for ``_T = TypeVar("_T", ...)`` (or ``ParamSpec``)."""
    return (
        isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id in ("TypeVar", "ParamSpec")
    )


def hand_imported(path: Path) -> set[str]:
    """The names ``path`` binds with top-level imports."""
    names: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom):
            names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.asname or alias.name.split(".")[0] for alias in node.names}
    return names


def type_checking_imports(path: Path) -> list[ast.ImportFrom]:
    """The ``from ... import`` statements of ``path``'s top-level
    ``if TYPE_CHECKING:`` blocks."""
    return [
        statement
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
        for statement in node.body
        if isinstance(statement, ast.ImportFrom)
    ]


def provided_by_front(path: Path = FRONT) -> dict[str, str]:
    """What the front itself offers before a framework is selected, by the
    package's module that holds it: the names its ``if TYPE_CHECKING:``
    blocks import from the package (it loads them on first use)."""
    provided: dict[str, str] = {}
    for statement in type_checking_imports(path):
        module = statement.module or ""
        if module.startswith(f"{PACKAGE_NAME}.") and module != UNSELECTED_MODULE:
            for alias in statement.names:
                provided[alias.asname or alias.name] = module.split(".", 1)[1]
    return provided


def is_generated_in_front(node: ast.stmt) -> bool:
    """True for the front's import of the placeholders (under
    ``if TYPE_CHECKING:``) and its ``_PROVIDED_BY`` table."""
    if isinstance(node, ast.If):
        return [s.module for s in node.body if isinstance(s, ast.ImportFrom)] == [
            UNSELECTED_MODULE
        ]
    return (
        isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == PROVIDED_BY
    )


def backend_modules(types: Path = TYPES) -> list[Path]:
    """The public backend modules, from the one map ``_types.BACKENDS``."""
    for node in ast.parse(types.read_text()).body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "BACKENDS"
            and isinstance(node.value, ast.Dict)
        ):
            return [
                PACKAGE / f"{ast.literal_eval(value)}.py" for value in node.value.values
            ]
    raise SystemExit(f"{types.name} has no BACKENDS map")


# -- one signature for the overloads -------------------------------------------


def members(annotation: ast.expr) -> list[ast.expr]:
    """The members of a ``A | B`` annotation (the annotation itself if none)."""
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return [*members(annotation.left), *members(annotation.right)]
    return [annotation]


def union(annotations: list[ast.expr]) -> ast.expr:
    """``A | B | ...`` of the distinct members, in order of appearance."""
    distinct: list[ast.expr] = []
    for annotation in annotations:
        for member in members(annotation):
            if all(ast.dump(member) != ast.dump(seen) for seen in distinct):
                distinct.append(member)
    result = distinct[0]
    for annotation in distinct[1:]:
        result = ast.BinOp(left=result, op=ast.BitOr(), right=annotation)
    return result


def default_of(
    function: Function, parameter: str, defaults: list[ast.expr], annotation: ast.expr
) -> ast.expr:
    """A parameter's run-time default: the one the overloads spell out, or
    ``UNSET`` where they write ``...`` for an ``Unset`` parameter."""
    spelled = [
        default
        for default in defaults
        if not (isinstance(default, ast.Constant) and default.value is ...)
    ]
    if spelled:
        return spelled[0]
    if "Unset" in names_in([annotation]):
        return ast.Name("UNSET")
    raise SystemExit(f"{function.name}({parameter}=...): no run-time default")


def merged_arguments(function: Function) -> ast.arguments:
    """The parameters of the overloads as one signature (each annotated with
    the union of the overloads' annotations)."""
    first = function.signatures[0].args
    if len(function.signatures) == 1:
        return first
    merged = ast.arguments(
        posonlyargs=[],
        args=[],
        vararg=first.vararg,
        kwonlyargs=[],
        kw_defaults=[],
        kwarg=first.kwarg,
        defaults=[],
    )
    positional: list[str] = []
    keyword_only: list[str] = []
    for signature in function.signatures:
        for argument in signature.args.args:
            if argument.arg not in positional:
                positional.append(argument.arg)
    for signature in function.signatures:
        for argument in signature.args.kwonlyargs:
            if argument.arg not in positional + keyword_only:
                keyword_only.append(argument.arg)
    for kind, names in (("args", positional), ("kwonlyargs", keyword_only)):
        for name in names:
            annotations: list[ast.expr] = []
            defaults: list[ast.expr] = []
            for signature in function.signatures:
                for argument, default in [
                    *parameters(signature.args, "args"),
                    *parameters(signature.args, "kwonlyargs"),
                ]:
                    if argument.arg == name:
                        assert argument.annotation is not None
                        annotations.append(argument.annotation)
                        if default is not None:
                            defaults.append(default)
            annotation = union(annotations)
            getattr(merged, kind).append(ast.arg(arg=name, annotation=annotation))
            default = None
            if defaults:
                default = default_of(function, name, defaults, annotation)
            if kind == "args":
                if default is not None:
                    merged.defaults.append(default)
                elif merged.defaults:
                    raise SystemExit(f"{function.name}: {name} needs a default")
            else:
                merged.kw_defaults.append(default)
    return merged


def parameters(
    arguments: ast.arguments, kind: str
) -> list[tuple[ast.arg, ast.expr | None]]:
    """``(parameter, default)`` pairs of ``arguments.<kind>``."""
    if kind == "kwonlyargs":
        return list(zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True))
    names = arguments.args
    defaults: list[ast.expr | None] = [None] * (len(names) - len(arguments.defaults))
    return list(zip(names, [*defaults, *arguments.defaults], strict=True))


def returns(function: Function) -> ast.expr:
    annotations = [signature.returns for signature in function.signatures]
    assert all(annotation is not None for annotation in annotations)
    return union([annotation for annotation in annotations if annotation is not None])


# -- shared by the writers --------------------------------------------------------


def names_in(nodes: list[ast.AST]) -> set[str]:
    return {
        node.id
        for root in nodes
        for node in ast.walk(root)
        if isinstance(node, ast.Name)
    }


def import_lines(
    contract: Contract, used: set[str], renamed: dict[str, str] | None = None
) -> list[str]:
    """The stub's imports of the names in ``used``, one name per statement;
    a name in ``renamed`` is imported under its new name."""
    renamed = renamed or {}
    lines: list[str] = []
    for name, statement in contract.imports.items():
        if name not in used or name == "UNSET":
            continue
        alias = f" as {renamed[name]}" if name in renamed else ""
        if isinstance(statement, ast.ImportFrom):
            lines.append(f"from {statement.module} import {name}{alias}")
        else:
            lines.append(f"import {name}{alias}")
    return sorted(lines)


def type_var_lines(contract: Contract, used: set[str]) -> tuple[set[str], list[str]]:
    """The definitions of the stub's type variables in ``used``, and the names
    those definitions use."""
    definitions = [
        statement for name, statement in contract.type_vars.items() if name in used
    ]
    return names_in(list(definitions)), [ast.unparse(d) for d in definitions]


def docstring_source(text: str, indent: str) -> str:
    lines = text.splitlines()
    body = "\n".join(f"{indent}{line}" if line else "" for line in lines[1:])
    if len(lines) == 1:
        return f'{indent}"""{lines[0]}"""'
    return f'{indent}"""{lines[0]}\n{body}\n{indent}"""'


def list_source(name: str, values: list[str]) -> str:
    items = "".join(f"    {value!r},\n" for value in values)
    return f"{name} = [\n{items}]\n".replace("'", '"')


def format_source(source: str, path: Path) -> str:
    """``source`` with its imports sorted and laid out as ``ruff format``
    writes it (the project's linter and formatter), as the file ``path``."""
    for command in (
        ["check", "--fix", "--exit-zero", "--quiet"],
        ["format", "--quiet"],
    ):
        source = subprocess.run(
            [
                sys.executable,
                "-m",
                "ruff",
                *command,
                "--stdin-filename",
                str(path),
                "-",
            ],
            input=source,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return source


def replace_statements(
    path: Path, source: str, selected: Callable[[ast.stmt], bool], new: str
) -> str:
    """``source`` with the run of top-level statements ``selected`` picks
    replaced by ``new``."""
    body = ast.parse(source).body
    chosen = [index for index, node in enumerate(body) if selected(node)]
    if not chosen or chosen != list(range(chosen[0], chosen[-1] + 1)):
        raise SystemExit(f"{path.name}: no single run of generated statements")
    first, last = body[chosen[0]], body[chosen[-1]]
    assert last.end_lineno is not None
    lines = source.splitlines(keepends=True)
    return "".join([*lines[: first.lineno - 1], new, *lines[last.end_lineno :]])


def is_all(node: ast.stmt) -> bool:
    """True for ``__all__ = [...]``."""
    return isinstance(node, ast.Assign) and any(
        isinstance(target, ast.Name) and target.id == "__all__"
        for target in node.targets
    )


# -- the placeholder module -----------------------------------------------------

UNSELECTED_HEADER = '''\
"""The front's framework-bound functions before a framework is selected.

Generated by tools/gen_front.py from __init__.pyi: do not edit. Each function
has the signature and docstring of the stub (overloads merged into one) and
raises ``RuntimeError`` saying how to select a framework.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from txaio_typed._types import UNSET

if TYPE_CHECKING:
{imports}


def _not_selected(name: str) -> NoReturn:
    raise RuntimeError(
        f"txaio_typed.{{name}}() needs a framework: call "
        "txaio_typed.use_asyncio() or txaio_typed.use_twisted() first "
        "(or import txaio_typed.with_asyncio / txaio_typed.with_twisted)"
    )
'''


def render_unselected(contract: Contract, names: list[str]) -> str:
    functions = [contract.functions[name] for name in names]
    signatures = [(merged_arguments(f), returns(f)) for f in functions]
    used = names_in([node for pair in signatures for node in pair])
    type_var_names, type_vars = type_var_lines(contract, used)
    lines = [*import_lines(contract, used | type_var_names), "", *type_vars]
    imports = "\n".join(f"    {line}" if line else "" for line in lines)
    parts = [UNSELECTED_HEADER.format(imports=imports)]
    for function, (arguments, result) in zip(functions, signatures, strict=True):
        parts.append(
            f"\n\ndef {function.name}({ast.unparse(arguments)})"
            f" -> {ast.unparse(result)}:\n"
            f"{docstring_source(function.docstring, '    ')}\n"
            f"    _not_selected({function.name!r})\n"
        )
    return format_source("".join(parts), UNSELECTED)


# -- the Api Protocol -------------------------------------------------------------

API_HEADER = '''\
"""The type of the objects ``with_config`` returns: the API on one loop.

Generated by tools/gen_front.py from __init__.pyi: do not edit. :class:`Api`
has a method for each function of the API, with the stub's signatures;
:data:`API_NAMES` names them.
"""

from __future__ import annotations

from typing import Any, Final, overload

from typing_extensions import Protocol, runtime_checkable

from txaio_typed._types import UNSET, Config
from txaio_typed.interfaces import IFailedFuture as _IFailedFuture
from txaio_typed.interfaces import ILogger as _ILogger
{imports}

__all__ = ["API_NAMES", "Api"]

{type_vars}

API_NAMES: Final = ({names})
"""The API's functions: the methods of :class:`Api`, the module-level
functions of each backend, and the names the front binds to the selected
backend's."""


@runtime_checkable
class Api(Protocol):
    """The object returned by :func:`with_config`: this module's API on its
    own loop. Each method is the module function of the same name."""

    # Each overloaded method ends with its implementation's signature: run-time
    # checkers (typeguard) compare that one with the object's methods. The
    # functions that do not depend on the loop are static methods, as on the
    # backends' API classes.

    config: Config
    """This object's configuration."""

    @property
    def using_asyncio(self) -> bool:
        """True on asyncio."""
        ...

    @property
    def using_twisted(self) -> bool:
        """True on Twisted."""
        ...

    @property
    def CancelledError(self) -> type[BaseException]:
        """The framework's cancellation exception."""
        ...

    @property
    def IFailedFuture(self) -> type[_IFailedFuture]:
        """The failure interface."""
        ...

    @property
    def ILogger(self) -> type[_ILogger]:
        """The logger interface."""
        ...
'''

#: Names the Api Protocol's members shadow in its body, imported renamed.
API_RENAMED: Final = {"IFailedFuture": "_IFailedFuture", "ILogger": "_ILogger"}


class _Rename(ast.NodeTransformer):
    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self.names.get(node.id, node.id)  # on a copy: see renamed()
        return node


def renamed(node: _Node, names: dict[str, str]) -> _Node:
    """A copy of ``node`` with the names in ``names`` replaced."""
    result: _Node = _Rename(names).visit(copy.deepcopy(node))
    return result


def erased(node: _Node, contract: Contract) -> _Node:
    """``node`` with the stub's type variables (not its ParamSpecs) replaced
    by ``Any`` and the unions that then repeat a member simplified."""
    type_vars = {
        name: "Any"
        for name, statement in contract.type_vars.items()
        if ast.unparse(statement.value).startswith("TypeVar(")
    }
    result: _Node = _Simplify().visit(renamed(node, type_vars))
    return result


class _Simplify(ast.NodeTransformer):
    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        self.generic_visit(node)
        if isinstance(node.op, ast.BitOr):
            return union([node])
        return node


def with_self(arguments: ast.arguments) -> ast.arguments:
    arguments = copy.deepcopy(arguments)
    arguments.args.insert(0, ast.arg(arg="self"))
    return arguments


def method_source(contract: Contract, function: Function, static: bool) -> list[str]:
    """The Protocol method(s) for ``function``: its overloads (the first
    with a docstring pointing to the front's function) and, when there are
    several, the implementation's signature."""
    doc = docstring_source(f"See :func:`txaio_typed.{function.name}`.", "        ")
    overloaded = len(function.signatures) > 1
    decorators = "    @staticmethod\n" if static else ""
    if overloaded:
        decorators += "    @overload\n"
    defs: list[str] = []
    for index, signature in enumerate(function.signatures):
        arguments = signature.args if static else with_self(signature.args)
        assert signature.returns is not None
        result = renamed(signature.returns, API_RENAMED)
        comment = function.comments[index]
        opening = f"(  {comment}\n" if comment else "("
        body = f"\n{doc}\n        ...\n" if index == 0 else " ...\n"
        defs.append(
            f"{decorators}    def {function.name}{opening}"
            f"{ast.unparse(renamed(arguments, API_RENAMED))}"
            f") -> {ast.unparse(result)}:{body}"
        )
    if overloaded:
        arguments = merged_arguments(function)
        if not static:
            arguments = with_self(arguments)
        arguments = erased(renamed(arguments, API_RENAMED), contract)
        result = erased(renamed(returns(function), API_RENAMED), contract)
        static_decorator = "    @staticmethod\n" if static else ""
        defs.append(
            f"{static_decorator}    def {function.name}({ast.unparse(arguments)})"
            f" -> {ast.unparse(result)}: ...\n"
        )
    return defs


def render_api(contract: Contract, static: set[str]) -> str:
    api = [contract.functions[name] for name in contract.api]
    in_stub_order = [f for f in contract.functions.values() if f in api]
    used: set[str] = set()
    for function in api:
        for signature in function.signatures:
            used |= names_in([signature.args])
            if signature.returns is not None:
                used |= names_in([signature.returns])
    used -= {"Api", "UNSET", "Config", "Any", *API_RENAMED}
    type_var_names, type_vars = type_var_lines(contract, used)
    imports = import_lines(contract, (used | type_var_names) - {"Any"})
    parts = [
        API_HEADER.format(
            imports="\n".join(imports),
            type_vars="\n".join(type_vars),
            names=", ".join(repr(name) for name in contract.api),
        )
    ]
    for function in in_stub_order:
        parts.append("\n")
        parts.extend(method_source(contract, function, function.name in static))
    return format_source("".join(parts), API)


# -- the parts of hand-written modules ---------------------------------------------


def rewrite_front(
    contract: Contract,
    before_selection: dict[str, str],
    placeholders: list[str],
    source: str,
) -> str:
    """``__init__.py``: the import of the placeholders (for tools that read
    the source), the table of where each name lives, and ``__all__``."""
    short = UNSELECTED_MODULE.split(".", 1)[1]
    provided = {**before_selection, **dict.fromkeys(placeholders, short)}
    table = "".join(f"    {name!r}: {provided[name]!r},\n" for name in sorted(provided))
    new = (
        f"if TYPE_CHECKING:\n"
        f"    from {UNSELECTED_MODULE} import ({', '.join(placeholders)})\n\n"
        f"{PROVIDED_BY}: dict[str, str] = {{\n{table}}}\n"
    )
    source = replace_statements(FRONT, source, is_generated_in_front, new)
    source = replace_statements(
        FRONT, source, is_all, list_source("__all__", contract.exported)
    )
    return format_source(source, FRONT)


def rewrite_stub(contract: Contract, source: str) -> str:
    """``__init__.pyi``: ``__all__``."""
    new = list_source("__all__", contract.exported)
    return format_source(replace_statements(STUB, source, is_all, new), STUB)


def is_binding(node: ast.stmt) -> bool:
    """True for ``name: _Final = _default_api.name``."""
    return (
        isinstance(node, ast.AnnAssign)
        and isinstance(node.value, ast.Attribute)
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id == DEFAULT_API
    )


def is_generated_in_backend(node: ast.stmt) -> bool:
    return is_binding(node) or is_all(node)


def hand_written_names(source: str) -> set[str]:
    """The public names a backend module binds itself at its top level,
    outside ``if`` blocks (the names a type checker and an editor see)."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        if is_generated_in_backend(node):
            continue
        if isinstance(node, ast.ImportFrom | ast.Import):
            names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return {name for name in names if not name.startswith("_")}


def rewrite_backend(contract: Contract, path: Path, source: str) -> str:
    """A backend module: the API functions it does not import, bound to its
    module-wide API object, and ``__all__``."""
    imported = hand_imported(path)
    bound = [name for name in contract.api if name not in imported]
    bindings = "".join(f"{name}: _Final = {DEFAULT_API}.{name}\n" for name in bound)
    exported = sorted(hand_written_names(source) | set(bound))
    new = f"{bindings}\n{list_source('__all__', exported)}"
    source = replace_statements(path, source, is_generated_in_backend, new)
    return format_source(source, path)


# -- main -----------------------------------------------------------------------


def generated() -> dict[Path, str]:
    """Every generated file and the text it must have."""
    contract = load_contract()
    before_selection = provided_by_front()
    placeholders = [name for name in contract.api if name not in before_selection]
    static = {name for name in contract.api if name in before_selection}
    files = {
        UNSELECTED: render_unselected(contract, placeholders),
        API: render_api(contract, static),
        FRONT: rewrite_front(
            contract, before_selection, placeholders, FRONT.read_text()
        ),
        STUB: rewrite_stub(contract, STUB.read_text()),
    }
    for path in backend_modules():
        files[path] = rewrite_backend(contract, path, path.read_text())
    return files


def main(argv: list[str]) -> int:
    test = argv == ["--test"]
    if argv and not test:
        print(__doc__)
        return 2
    files = generated()
    stale = [
        path
        for path, text in files.items()
        if not path.exists() or path.read_text() != text
    ]
    if test:
        for path in stale:
            print(f"{path.relative_to(ROOT)} differs from what __init__.pyi gives")
        if stale:
            print("run: python tools/gen_front.py")
        return 1 if stale else 0
    for path in stale:
        path.write_text(files[path])
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
