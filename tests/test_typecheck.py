"""The type tests in typecheck/ hold under mypy --strict and pyright strict.

typecheck/pass holds correct uses of every public name, with ``assert_type``
on what flows out; typecheck/fail holds the mistakes users make, each pinned
on its line with ``# type: ignore[code]`` (mypy, ``warn_unused_ignores``) and
``# pyright: ignore[rule]`` (pyright, ``reportUnnecessaryTypeIgnoreComment``).
So both checkers finish clean exactly when every expected error, and no
other, is reported. The settings live in typecheck/mypy.ini and
typecheck/pyrightconfig.json.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import shutil
import subprocess
import sys
import textwrap
import tokenize
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
TYPECHECK = ROOT / "typecheck"
PASS_DIR = TYPECHECK / "pass"
FAIL_DIR = TYPECHECK / "fail"
NO_TWISTED_FILE = FAIL_DIR / "no_twisted" / "front_no_twisted.py"
MYPY_INI = TYPECHECK / "mypy.ini"
PYRIGHT_CONFIG = TYPECHECK / "pyrightconfig.json"

MODULES = (
    "txaio_typed",
    "txaio_typed.aio",
    "txaio_typed.tx",
    "txaio_typed.interfaces",
    "txaio_typed.testutil",
)

MYPY_PIN = re.compile(r"# type: ignore\[([a-z, -]+)\]")
PYRIGHT_PIN = re.compile(r"# pyright: ignore\[([A-Za-z, ]+)\]")


def run(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def run_mypy(*arguments: str) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "mypy", "--config-file", str(MYPY_INI), *arguments)


def run_pyright(*arguments: str) -> tuple[dict[str, Any], str]:
    """Run pyright with ``--outputjson``; return the report and the raw output."""
    result = run(sys.executable, "-m", "pyright", "--outputjson", *arguments)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"pyright printed no report:\n{result.stdout}\n{result.stderr}")
    return report, result.stdout + result.stderr


def pyright_diagnostics(report: dict[str, Any]) -> list[str]:
    """``file:line: rule: message`` for every diagnostic in ``report``."""
    entries: list[dict[str, Any]] = report.get("generalDiagnostics", [])
    return [
        f"{entry['file']}:{entry['range']['start']['line'] + 1}: "
        f"{entry.get('rule', '-')}: {entry['message']}"
        for entry in entries
    ]


def python_files(directory: Path) -> list[Path]:
    return sorted(
        path for path in directory.rglob("*.py") if "no_twisted" not in path.parts
    )


# -- the suite -----------------------------------------------------------------


def test_mypy_agrees_with_every_pin() -> None:
    result = run_mypy()
    assert result.returncode == 0, result.stdout + result.stderr
    checked = len(python_files(PASS_DIR)) + len(python_files(FAIL_DIR))
    assert f"Success: no issues found in {checked} source files" in result.stdout


def test_pyright_agrees_with_every_pin() -> None:
    report, output = run_pyright("-p", str(PYRIGHT_CONFIG))
    summary = report["summary"]
    assert summary["errorCount"] == 0, "\n".join(pyright_diagnostics(report))
    assert summary["warningCount"] == 0, output
    checked = len(python_files(PASS_DIR)) + len(python_files(FAIL_DIR))
    assert summary["filesAnalyzed"] == checked, output


# -- the shape of the cases ----------------------------------------------------


def comments(path: Path) -> Iterator[tuple[int, str]]:
    """``(line, text)`` of every comment in ``path`` (not docstrings)."""
    with path.open("rb") as source:
        for token in tokenize.tokenize(source.readline):
            if token.type == tokenize.COMMENT:
                yield token.start[0], token.string


def pinned_lines(path: Path) -> dict[int, tuple[str, str]]:
    """``{line: (mypy codes, pyright rules)}`` for the pinned lines of ``path``."""
    pins: dict[int, tuple[str, str]] = {}
    for number, comment in comments(path):
        mypy = MYPY_PIN.search(comment)
        pyright = PYRIGHT_PIN.search(comment)
        if mypy or pyright:
            pins[number] = (
                mypy.group(1) if mypy else "",
                pyright.group(1) if pyright else "",
            )
    return pins


def test_must_pass_files_suppress_nothing() -> None:
    for path in python_files(PASS_DIR):
        for number, comment in comments(path):
            assert "ignore" not in comment, f"{path}:{number}"
        assert "assert_type(" in path.read_text(), path


@pytest.mark.parametrize(
    "path",
    [*python_files(FAIL_DIR), NO_TWISTED_FILE],
    ids=lambda path: path.name,
)
def test_every_expected_error_is_pinned_for_both_checkers(path: Path) -> None:
    pins = pinned_lines(path)
    assert pins, f"{path} expects no error"
    for number, (mypy, pyright) in pins.items():
        assert mypy, f"{path}:{number}: no mypy error code pinned"
        assert pyright, f"{path}:{number}: no pyright rule pinned"
    # Only the two pinned forms: a bare ignore would accept any error.
    for number, comment in comments(path):
        assert comment.count("type: ignore") == len(MYPY_PIN.findall(comment)), (
            f"{path}:{number}: an ignore without an error code"
        )
        assert comment.count("pyright: ignore") == len(PYRIGHT_PIN.findall(comment)), (
            f"{path}:{number}: an ignore without a rule"
        )


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
        pins = pinned_lines(path)
        for case in case_functions(tree):
            on_pins: list[ast.AST] = [
                node
                for node in ast.walk(case)
                if isinstance(node, ast.expr | ast.stmt)
                and node.lineno in pins
                and node is not case
            ]
            if not on_pins and case.lineno not in pins:
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
    txaio.resolve(f, 1)  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
    txaio.reject(f, "x")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
"""


def test_a_missing_or_different_error_fails_the_run(tmp_path: Path) -> None:
    """The first line is correct, the second fails with another error than
    the one pinned: both checkers must say so."""
    probe = tmp_path / "probe.py"
    probe.write_text(PIN_PROBE)

    result = run_mypy("--cache-dir", str(tmp_path / "cache"), str(probe))
    assert result.returncode == 1, result.stdout
    assert 'probe.py:5: error: Unused "type: ignore" comment' in result.stdout
    assert "probe.py:6: error: Argument 2 to " in result.stdout
    assert '"arg-type" not covered by "type: ignore[call-arg]"' in result.stdout

    config = json.loads(PYRIGHT_CONFIG.read_text())
    config.update(include=["probe.py"], venvPath=str(ROOT), exclude=[])
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config))
    report, _ = run_pyright("-p", str(tmp_path / "pyrightconfig.json"))
    found = "\n".join(pyright_diagnostics(report))
    assert re.search(
        r"probe.py:5: reportUnnecessaryTypeIgnoreComment: .*reportArgumentType", found
    ), found
    assert "probe.py:6: reportArgumentType:" in found, found
    assert re.search(
        r"probe.py:6: reportUnnecessaryTypeIgnoreComment: .*reportCallIssue", found
    ), found


# -- without Twisted -----------------------------------------------------------


def test_the_front_is_checked_without_twisted(tmp_path: Path) -> None:
    """An environment with txaio_typed and typing_extensions but no Twisted:
    the front's result types are still inferred and mistakes still caught
    (typecheck/fail/no_twisted/front_no_twisted.py, whose first pinned error
    is that ``import twisted`` cannot be resolved)."""
    import typing_extensions

    # The environment lives outside pyright's project directory, so that
    # pyright treats it as installed libraries, not as files to check.
    project = tmp_path / "project"
    project.mkdir()
    deps = tmp_path / "deps"
    deps.mkdir()
    (deps / "txaio_typed").symlink_to(ROOT / "src" / "txaio_typed")
    (deps / "typing_extensions.py").symlink_to(typing_extensions.__file__)
    venv = tmp_path / "venv"
    created = run(sys.executable, "-m", "venv", "--without-pip", str(venv))
    assert created.returncode == 0, created.stderr
    python = venv / "bin" / "python"
    site_packages = run(
        str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"
    ).stdout.strip()
    (Path(site_packages) / "txaio_typed_deps.pth").write_text(f"{deps}\n")
    env_check = run(
        str(python),
        "-c",
        textwrap.dedent(
            """
            import importlib.util
            import txaio_typed, txaio_typed.aio
            assert importlib.util.find_spec("twisted") is None
            """
        ),
    )
    assert env_check.returncode == 0, env_check.stderr

    result = run_mypy(
        "--python-executable",
        str(python),
        "--cache-dir",
        str(tmp_path / "cache"),
        str(NO_TWISTED_FILE),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found in 1 source file" in result.stdout

    shutil.copy(NO_TWISTED_FILE, project)
    config = json.loads(PYRIGHT_CONFIG.read_text())
    config.update(
        include=[NO_TWISTED_FILE.name],
        exclude=[],
        venvPath=str(tmp_path),
        venv="venv",
    )
    (project / "pyrightconfig.json").write_text(json.dumps(config))
    report, output = run_pyright("-p", str(project / "pyrightconfig.json"))
    summary = report["summary"]
    assert summary["filesAnalyzed"] == 1, output
    assert summary["errorCount"] == 0, "\n".join(pyright_diagnostics(report))
