"""Generate what is derived from the front's contract, ``__init__.pyi``.

The stub ``src/txaio_typed/__init__.pyi`` is the one place where the neutral
API's signatures and docstrings are written. Until a framework is selected,
the front binds its framework-bound names to placeholders that raise
``RuntimeError``; this script writes those placeholders, with the stub's
signatures and docstrings, into ``src/txaio_typed/_unselected.py``, so that
``help()`` and editors that read the source (jedi) show the real thing.

    python tools/gen_front.py          rewrite the generated files
    python tools/gen_front.py --test   exit 1 when they differ from the stub

The contract is read once (:func:`load_contract`); each generated file is one
writer over it, so further copies (the ``Api`` protocol, the API docs) can be
derived the same way.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "txaio_typed"
STUB = PACKAGE / "__init__.pyi"
FRONT = PACKAGE / "__init__.py"
UNSELECTED = PACKAGE / "_unselected.py"
UNSELECTED_MODULE = "txaio_typed._unselected"


@dataclass(frozen=True)
class Function:
    """One function of the contract: its overloads (or its one signature)."""

    name: str
    signatures: tuple[ast.FunctionDef, ...]
    docstring: str


@dataclass(frozen=True)
class Contract:
    """The functions of the stub, the imports their annotations use and the
    type variables it defines."""

    functions: dict[str, Function]
    imports: dict[str, ast.ImportFrom | ast.Import]
    type_vars: dict[str, ast.Assign]


def load_contract(stub: Path = STUB) -> Contract:
    """Read the functions (with overloads grouped) and imports of ``stub``."""
    tree = ast.parse(stub.read_text())
    signatures: dict[str, list[ast.FunctionDef]] = {}
    imports: dict[str, ast.ImportFrom | ast.Import] = {}
    type_vars: dict[str, ast.Assign] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            signatures.setdefault(node.name, []).append(node)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                imports[alias.asname or alias.name.split(".")[0]] = node
        elif is_type_var(node):
            assert isinstance(node, ast.Assign)
            (target,) = node.targets
            assert isinstance(target, ast.Name)
            type_vars[target.id] = node
    functions: dict[str, Function] = {}
    for name, defs in signatures.items():
        docstring = next(
            (doc for doc in map(ast.get_docstring, defs) if doc is not None), None
        )
        if docstring is None:
            raise SystemExit(f"{stub.name}: {name} has no docstring")
        functions[name] = Function(name, tuple(defs), docstring)
    return Contract(functions, imports, type_vars)


def is_type_var(node: ast.stmt) -> bool:
    """True for ``_T = TypeVar("_T", ...)`` (or ``ParamSpec``)."""
    return (
        isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id in ("TypeVar", "ParamSpec")
    )


def placeholder_names(front: Path = FRONT) -> list[str]:
    """The names the front imports from the generated placeholder module."""
    for node in ast.parse(front.read_text()).body:
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "txaio_typed._unselected"
        ):
            return [alias.name for alias in node.names]
    raise SystemExit(f"{front.name} imports nothing from txaio_typed._unselected")


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


def names_in(nodes: list[ast.AST]) -> set[str]:
    return {
        node.id
        for root in nodes
        for node in ast.walk(root)
        if isinstance(node, ast.Name)
    }


def import_lines(contract: Contract, used: set[str]) -> list[str]:
    """The stub's imports of the names in ``used``, one name per statement."""
    lines: list[str] = []
    for name, statement in contract.imports.items():
        if name not in used or name == "UNSET":
            continue
        if isinstance(statement, ast.ImportFrom):
            lines.append(f"from {statement.module} import {name}")
        else:
            lines.append(f"import {name}")
    return sorted(lines)


def docstring_source(text: str, indent: str) -> str:
    lines = text.splitlines()
    body = "\n".join(f"{indent}{line}" if line else "" for line in lines[1:])
    if len(lines) == 1:
        return f'{indent}"""{lines[0]}"""'
    return f'{indent}"""{lines[0]}\n{body}\n{indent}"""'


def type_var_lines(contract: Contract, used: set[str]) -> tuple[set[str], list[str]]:
    """The definitions of the stub's type variables in ``used``, and the names
    those definitions use."""
    definitions = [
        statement for name, statement in contract.type_vars.items() if name in used
    ]
    return names_in(list(definitions)), [ast.unparse(d) for d in definitions]


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
    return format_source("".join(parts))


def format_source(source: str) -> str:
    """``source`` with its imports sorted and laid out as ``ruff format``
    writes it (the project's linter and formatter)."""
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
                str(UNSELECTED),
                "-",
            ],
            input=source,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return source


# -- main -----------------------------------------------------------------------


def generated() -> dict[Path, str]:
    """Every generated file and the text it must have."""
    contract = load_contract()
    return {UNSELECTED: render_unselected(contract, placeholder_names())}


def main(argv: list[str]) -> int:
    test = argv == ["--test"]
    if argv and not test:
        print(__doc__)
        return 2
    stale = [
        path
        for path, text in generated().items()
        if not path.exists() or path.read_text() != text
    ]
    if test:
        for path in stale:
            print(f"{path.relative_to(ROOT)} differs from __init__.pyi")
        if stale:
            print("run: python tools/gen_front.py")
        return 1 if stale else 0
    for path, text in generated().items():
        path.write_text(text)
    for path in stale:
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
