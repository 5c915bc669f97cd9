"""The type tests in typecheck/ hold under mypy --strict, pyright strict,
basedpyright, pyrefly and ty.

typecheck/pass holds correct uses of every public name, with ``assert_type``
on what flows out; typecheck/fail holds the mistakes users make, each pinned
on its line for every checker with that checker's own suppression comment
and the expected error code (see tests/typecheckers.py). So each checker
finishes clean exactly when every expected error, and no other, is reported.
The settings live in typecheck/mypy.ini, pyrightconfig.json, pyrefly.toml
and ty.toml.
"""

from __future__ import annotations

import ast
import importlib
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from processes import run
from typecheckers import (
    CHECKERS,
    Configs,
    check,
    pin_problems,
    pins,
    tool,
    venv_without_twisted,
)

#: Run by ``python3 dev.py test typecheck``, not by a plain ``pytest``.
pytestmark = pytest.mark.typecheck

ROOT = Path(__file__).resolve().parent.parent
TYPECHECK = ROOT / "typecheck"
PASS_DIR = TYPECHECK / "pass"
FAIL_DIR = TYPECHECK / "fail"
NO_TWISTED_FILE = FAIL_DIR / "no_twisted" / "front_no_twisted.py"
CONFIGS = Configs.of(TYPECHECK)

MODULES = (
    "txaio_typed",
    "txaio_typed.aio",
    "txaio_typed.tx",
    "txaio_typed.interfaces",
    "txaio_typed.testutil",
)


def python_files(directory: Path) -> list[Path]:
    return sorted(
        path for path in directory.rglob("*.py") if "no_twisted" not in path.parts
    )


SUITE_FILES = [
    path.relative_to(ROOT)
    for path in [*python_files(PASS_DIR), *python_files(FAIL_DIR)]
]


# -- the suite -----------------------------------------------------------------


@pytest.mark.parametrize("checker", CHECKERS)
def test_checker_agrees_with_every_pin(checker: str, tmp_path: Path) -> None:
    clean, report = check(
        checker,
        CONFIGS,
        cwd=ROOT,
        files=SUITE_FILES,
        cache=ROOT / ".mypy_cache" / "typecheck",
    )
    assert clean, report


# -- the shape of the cases ----------------------------------------------------


def test_must_pass_files_suppress_nothing_without_an_issue() -> None:
    problems: list[str] = []
    for path in python_files(PASS_DIR):
        problems += pin_problems(path, must_fail=False)
        assert "assert_type(" in path.read_text(), path
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "path",
    [*python_files(FAIL_DIR), NO_TWISTED_FILE],
    ids=lambda path: path.name,
)
def test_every_expected_error_is_pinned_for_every_checker(path: Path) -> None:
    assert pins(path), f"{path} expects no error"
    problems = list(pin_problems(path, must_fail=True))
    assert not problems, "\n".join(problems)


# -- coverage: every public name has a must-pass and a must-fail case ----------


def public_names(module_name: str) -> set[str]:
    module = importlib.import_module(module_name)
    names = set(getattr(module, "__all__"))  # noqa: B009
    if module_name == "txaio_typed":
        # The front's types are in its stub, including the names it only
        # binds when a framework is selected (CancelledError).
        stub = ast.parse((ROOT / "src" / "txaio_typed" / "__init__.pyi").read_text())
        for node in stub.body:
            if isinstance(node, ast.FunctionDef):
                names.add(node.name)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
    return {name for name in names if not name.startswith("_") or name == "__version__"}


def module_aliases(tree: ast.Module) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """The local names bound to our modules, and the names imported from them."""
    aliases: dict[str, str] = {}
    imported: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module in MODULES:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                if submodule in MODULES:
                    aliases[alias.asname or alias.name] = submodule
                else:
                    aliases[alias.asname or alias.name] = f"{node.module}:{alias.name}"
                    imported.add((node.module, alias.name))
    return aliases, imported


def uses_in(nodes: Iterable[ast.AST], aliases: dict[str, str]) -> set[tuple[str, str]]:
    """(module, name) for each ``alias.name`` or imported name under ``nodes``."""
    found: set[tuple[str, str]] = set()
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                module = aliases.get(node.value.id)
                if module is not None and ":" not in module:
                    found.add((module, node.attr))
            elif isinstance(node, ast.Name):
                target = aliases.get(node.id)
                if target is not None and ":" in target:
                    module, name = target.split(":")
                    found.add((module, name))
    return found


def case_functions(
    tree: ast.Module,
) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def passing_uses() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in python_files(PASS_DIR):
        tree = ast.parse(path.read_text())
        aliases, _ = module_aliases(tree)
        body = [
            node
            for node in tree.body
            if not isinstance(node, ast.Import | ast.ImportFrom)
        ]
        found |= uses_in(body, aliases)
    return found


def failing_uses() -> set[tuple[str, str]]:
    """Names on a pinned line, or in the signature of the case holding one."""
    found: set[tuple[str, str]] = set()
    for path in python_files(FAIL_DIR):
        tree = ast.parse(path.read_text())
        aliases, _ = module_aliases(tree)
        pinned = pins(path)
        for case in case_functions(tree):
            on_pins: list[ast.AST] = [
                node
                for node in ast.walk(case)
                if isinstance(node, ast.expr | ast.stmt)
                and node.lineno in pinned
                and node is not case
            ]
            if not on_pins and case.lineno not in pinned:
                continue
            signature: list[ast.AST] = [case.args]
            if case.returns is not None:
                signature.append(case.returns)
            found |= uses_in([*on_pins, *signature], aliases)
    return found


def missing(used: set[tuple[str, str]]) -> list[str]:
    return sorted(
        f"{module}.{name}"
        for module in MODULES
        for name in public_names(module)
        if (module, name) not in used
    )


def test_every_public_name_has_a_must_pass_case() -> None:
    uncovered = missing(passing_uses())
    assert not uncovered, "no must-pass case for:\n" + "\n".join(uncovered)


def test_every_public_name_has_a_must_fail_case() -> None:
    uncovered = missing(failing_uses())
    assert not uncovered, "no must-fail case for:\n" + "\n".join(uncovered)


# -- the pins really pin -------------------------------------------------------


PIN_PROBE = """\
import txaio_typed as txaio


def probe(f: txaio.Future[int]) -> None:
    txaio.cancel(f)  {pins[0]}
    txaio.reject(f, "x")  {pins[1]}
"""
PROBE_PINS = (
    "# type: ignore[arg-type]  # pyright: ignore[reportArgumentType]"
    "  # pyrefly: ignore[bad-argument-type]  # ty: ignore[invalid-argument-type]",
    "# type: ignore[call-arg]  # pyright: ignore[reportCallIssue]"
    "  # pyrefly: ignore[missing-argument]  # ty: ignore[missing-argument]",
)
#: (pin not met, error reported instead) as each checker words them.
PROBE_REPORTS = {
    "mypy": ('Unused "type: ignore" comment', r"\[arg-type\]"),
    "pyright": ('Unnecessary "# pyright: ignore" rule', r"\(reportArgumentType\)"),
    "basedpyright": (
        'Unnecessary "# pyright: ignore" rule',
        r"\(reportArgumentType\)",
    ),
    "pyrefly": ("[unused-ignore]", r"\[bad-argument-type\]"),
    "ty": ("[unused-ignore-comment]", r"\[invalid-argument-type\]"),
}


@pytest.mark.parametrize("checker", CHECKERS)
def test_a_missing_or_different_error_fails_the_run(
    checker: str, tmp_path: Path
) -> None:
    """Line 5 is correct and line 6 fails with another error than the one
    pinned: each checker must report both."""
    (tmp_path / "probe.py").write_text(PIN_PROBE.format(pins=PROBE_PINS))
    clean, report = check(
        checker, CONFIGS, cwd=tmp_path, files=["probe.py"], cache=tmp_path / "cache"
    )
    assert not clean, report
    unmet, instead = PROBE_REPORTS[checker]
    by_line = {
        number: [line for line in report.splitlines() if f"probe.py:{number}:" in line]
        for number in (5, 6)
    }
    assert any(unmet in line for line in by_line[5]), report
    assert any(re.search(instead, line) for line in by_line[6]), report
    assert len(by_line[6]) >= 2, f"the unmet pin of line 6 is not reported:\n{report}"


# -- without Twisted -----------------------------------------------------------


def test_the_front_is_checked_without_twisted(tmp_path: Path) -> None:
    """An environment with txaio_typed and typing_extensions but no Twisted:
    the front's result types are still inferred and mistakes still caught
    (typecheck/fail/no_twisted/front_no_twisted.py, whose first pinned error
    is that ``import twisted`` cannot be resolved)."""
    import typing_extensions

    # The environment lives outside pyright's project directory, so that
    # pyright treats it as installed libraries, not as files to check.
    python = venv_without_twisted(
        tmp_path / "venv",
        [ROOT / "src" / "txaio_typed", Path(typing_extensions.__file__)],
        ["txaio_typed", "txaio_typed.aio"],
    )
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(NO_TWISTED_FILE, project)
    failures: list[str] = []
    for checker in CHECKERS:
        clean, report = check(
            checker,
            CONFIGS,
            cwd=project,
            files=[NO_TWISTED_FILE.name],
            python=str(python),
            cache=tmp_path / "cache",
        )
        if not clean:
            failures.append(f"== {checker}\n{report}")
    assert not failures, "\n".join(failures)


# -- the strict mode ------------------------------------------------------------

STRICT_DIR = TYPECHECK / "strict"
#: The checkers that can be told that TXAIO_STRICT is true; pyrefly and ty
#: have no such setting (docs/typing.md).
STRICT_CHECKERS = ("mypy", "pyright", "basedpyright")


@pytest.mark.parametrize("checker", STRICT_CHECKERS)
def test_strict_mode_reports_one_framework_in_neutral_code(checker: str) -> None:
    """typecheck/strict: with TXAIO_STRICT true, the API's results offer no
    framework's own API and levels must be LogLevel names; every such use is
    pinned, and what neutral code does still checks."""
    files = [path.relative_to(ROOT) for path in python_files(STRICT_DIR)]
    clean, report = check(
        checker,
        Configs.of(STRICT_DIR),
        cwd=ROOT,
        files=files,
        cache=ROOT / ".mypy_cache" / "strict",
    )
    assert clean, report


# -- what the checkers say about the three most common mistakes ----------------

MISTAKES = TYPECHECK / "messages" / "common_mistakes.py"

#: The command that prints each checker's messages as a user sees them.
MESSAGE_COMMANDS: dict[str, list[str]] = {
    "mypy": [sys.executable, "-m", "mypy", "--strict", "--no-incremental"],
    "pyright": [tool("pyright")],
    "basedpyright": [tool("basedpyright")],
    "pyrefly": [tool("pyrefly"), "check", "--output-format", "full-text"],
    "ty": [tool("ty"), "check", "--python", sys.executable],
}

#: For each checker, what it says about: a callback of the wrong type, resolve
#: with a value of the wrong type, a level given as the logging module's number.
#: Each names what was expected, except where noted in docs/typing.md (mypy on resolve).
PYRIGHT_SAYS = (
    'Type "(text: str) -> None" is not assignable to type "(int) -> None"',
    '"Literal[\'forty-two\']" is not assignable to "int"',
    '"Literal[30]" cannot be assigned to parameter "level" of type "LogLevelName"',
)
MESSAGES: dict[str, tuple[str, str, str]] = {
    "mypy": (
        'has incompatible type "Callable[[str], None]"; expected "Callable[[int], ',
        'Cannot infer value of type parameter "T" of "resolve"',
        "incompatible type \"Literal[30]\"; expected \"Literal['none', 'critical', "
        "'error', 'warn', 'info', 'debug', 'trace'] | str\"",
    ),
    "pyright": PYRIGHT_SAYS,
    "basedpyright": PYRIGHT_SAYS,
    "pyrefly": (
        "Argument `(text: str) -> None` is not assignable to parameter `callback` "
        "with type `(int) -> Future`",
        "Argument `Literal['forty-two']` is not assignable to parameter `result` "
        "with type `int`",
        "Argument `Literal[30]` is not assignable to parameter `level` with type `str`",
    ),
    "ty": (
        "callback: (T, /) -> R, errback: None",
        "[T](future: Future[T] | DeferredLike[T], result: T) -> None",
        "Expected `str`, found `Literal[30]`",
    ),
}


@pytest.mark.parametrize("checker", CHECKERS)
def test_common_mistakes_read_well(checker: str) -> None:
    result = run(*MESSAGE_COMMANDS[checker], MISTAKES.relative_to(ROOT), timeout=300)
    said = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0, said
    for expected in MESSAGES[checker]:
        assert " ".join(expected.split()) in said, f"{checker}: {expected}\n{said}"


# -- the checkers' limits behind the last errors on real code -------------------

LIMITS = TYPECHECK / "limits"
LIMIT_MARK = re.compile(r"^\s*# (LIMIT|ACCEPTED) (mypy|pyright)(?::\s*(.*))?$")
#: How each checker is run on typecheck/limits, as real code is checked.
LIMIT_COMMANDS: dict[str, list[str]] = {
    "mypy": [
        sys.executable,
        "-m",
        "mypy",
        "--no-incremental",
        "--config-file",
        "mypy.ini",
    ],
    "pyright": [tool("pyright"), "-p", "pyrightconfig.json"],
}


def errors_by_line(output: str) -> dict[int, str]:
    """Each reported line's messages, for mypy's and pyright's text output."""
    found: dict[int, str] = {}
    line = 0
    for text in output.splitlines():
        start = re.match(
            r"\s*(?:\S*real_code_limits\.py):(\d+)(?::\d+)?:? (?:- )?error", text
        )
        if start:
            line = int(start.group(1))
            found[line] = found.get(line, "") + " " + text
        elif line and text != text.lstrip():
            found[line] += " " + text.strip()
        else:
            line = 0
    return found


@pytest.mark.parametrize("checker", sorted(LIMIT_COMMANDS))
def test_the_limits_behind_the_remaining_real_code_errors_still_hold(
    checker: str,
) -> None:
    """typecheck/limits/real_code_limits.py shows, without txaio, why the
    last ``S`` errors on real code remain; when a checker lifts a limit, a
    LIMIT line loses its error and this fails, so the types are revisited."""
    source = LIMITS / "real_code_limits.py"
    result = run(*LIMIT_COMMANDS[checker], source.name, cwd=LIMITS, timeout=300)
    errors = errors_by_line(result.stdout + result.stderr)
    marks = {  # a mark speaks of the line below it
        number + 1: match.groups()
        for number, text in enumerate(source.read_text().splitlines(), 1)
        if (match := LIMIT_MARK.search(text)) and match.group(2) == checker
    }
    assert marks
    problems = [
        f"line {number}: {kind} {expected or ''} -> {errors.get(number, 'no error')}"
        for number, (kind, _, expected) in marks.items()
        if (kind == "ACCEPTED") == (number in errors)
        or (kind == "LIMIT" and expected not in errors[number])
    ]
    assert not problems, "\n".join(problems)
