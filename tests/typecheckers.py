"""The five type checkers the type tests run under, and how cases pin errors.

A must-fail line carries one pin per checker, each in that checker's own
suppression syntax with the expected error code:

- mypy: ``# type: ignore[code]``, unmet pins reported by
  ``warn_unused_ignores``;
- pyright and basedpyright: ``# pyright: ignore[rule]``, reported by
  ``reportUnnecessaryTypeIgnoreComment``;
- pyrefly: ``# pyrefly: ignore[code]``, reported as ``unused-ignore``;
- ty: ``# ty: ignore[rule]``, reported as ``unused-ignore-comment``.

Each checker is configured to honour only its own pins (typecheck/*.toml,
mypy.ini, pyrightconfig.json), so it finishes clean exactly when every error
it is expected to report, and no other, is reported, with the pinned code.

A checker that cannot express a case (a bug or a missing feature of that
checker) has no pin there; instead the comment block just above the line
links that checker's issue, for example
``# Not reported by ty (https://github.com/astral-sh/ty/issues/576).``
Must-pass files carry no pin except, in the same way, for a checker whose
issue is linked just above the line.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent

#: Every checker, in the order the tests report them.
CHECKERS = ("mypy", "pyright", "basedpyright", "pyrefly", "ty")

#: The pin comment each checker reads (basedpyright reads pyright's).
PIN_SYNTAX = {
    "mypy": "type",
    "pyright": "pyright",
    "basedpyright": "pyright",
    "pyrefly": "pyrefly",
    "ty": "ty",
}
PINS = {
    syntax: re.compile(rf"# {syntax}: ignore\[([\w-]+(?:, *[\w-]+)*)\]")
    for syntax in set(PIN_SYNTAX.values())
}
ANY_IGNORE = re.compile(r"#\s*(type|pyright|pyrefly|ty|mypy)\s*:\s*ignore")

#: Where each checker's issues are: a missing pin needs a link there.
ISSUES = {
    "mypy": "python/mypy",
    "pyright": "microsoft/pyright",
    "basedpyright": "DetachHead/basedpyright",
    "pyrefly": "facebook/pyrefly",
    "ty": "astral-sh/ty",
}


def issue_link(checker: str) -> re.Pattern[str]:
    return re.compile(rf"https://github\.com/{ISSUES[checker]}/(issues|pull)/\d+")


def comments(path: Path) -> dict[int, str]:
    """``{line: text}`` of every comment in ``path`` (not docstrings)."""
    found: dict[int, str] = {}
    with path.open("rb") as source:
        for token in tokenize.tokenize(source.readline):
            if token.type == tokenize.COMMENT:
                found[token.start[0]] = token.string
    return found


def pins(path: Path) -> dict[int, dict[str, str]]:
    """``{line: {checker: codes}}`` for every line of ``path`` with a pin."""
    found: dict[int, dict[str, str]] = {}
    for number, text in comments(path).items():
        for checker in CHECKERS:
            match = PINS[PIN_SYNTAX[checker]].search(text)
            if match:
                found.setdefault(number, {})[checker] = match.group(1)
    return found


def note_above(path: Path, number: int) -> str:
    """The comment lines directly above line ``number``, joined."""
    lines = path.read_text().splitlines()
    block: list[str] = []
    index = number - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        block.insert(0, lines[index].strip())
        index -= 1
    return " ".join(block)


def pin_problems(path: Path, *, must_fail: bool) -> Iterator[str]:
    """What is wrong with the pins of ``path``, one message per problem.

    In a must-fail file every pinned line pins every checker, or links the
    issue of each checker it leaves out. In a must-pass file only such a
    linked checker may be pinned. Ignores without a code are refused.
    """
    texts = comments(path)
    for number, text in texts.items():
        spelled = len(ANY_IGNORE.findall(text))
        coded = sum(len(pattern.findall(text)) for pattern in PINS.values())
        if spelled != coded:
            yield f"{path}:{number}: an ignore without an error code"
    for number, pinned in pins(path).items():
        note = note_above(path, number)
        for checker in CHECKERS:
            has_pin = checker in pinned
            linked = bool(issue_link(checker).search(note))
            if must_fail and not has_pin and not linked:
                yield f"{path}:{number}: no {checker} pin and no issue linked"
            if not must_fail and has_pin and not linked:
                yield f"{path}:{number}: must-pass, yet pins {checker} with no issue"


# -- running the checkers ------------------------------------------------------


def tool(name: str) -> str:
    """The executable ``name`` next to this interpreter (the dev venv)."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def run(
    command: Sequence[str | Path], cwd: Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def output(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit status {result.returncode}\n{result.stdout}\n{result.stderr}"


class Configs(NamedTuple):
    """The configuration file of each checker for one suite."""

    mypy: Path
    pyright: Path
    pyrefly: Path
    ty: Path

    @classmethod
    def of(cls, directory: Path) -> Configs:
        """The usual names in ``directory``."""
        return cls(
            directory / "mypy.ini",
            directory / "pyrightconfig.json",
            directory / "pyrefly.toml",
            directory / "ty.toml",
        )


def check(
    checker: str,
    configs: Configs,
    *,
    cwd: Path,
    files: Sequence[str | Path],
    python: str | Path = sys.executable,
    cache: Path | None = None,
) -> tuple[bool, str]:
    """Run one checker once over ``files`` (relative to ``cwd``).

    Returns whether it finished clean (having read ``len(files)`` files where
    the checker says so) and its output.
    """
    if checker == "mypy":
        command: list[str | Path] = [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            configs.mypy,
            "--python-executable",
            python,
        ]
        if cache is not None:
            command += ["--cache-dir", cache]
        result = run([*command, *files], cwd)
        wanted = f"no issues found in {len(files)} source file"
        return result.returncode == 0 and wanted in result.stdout, output(result)
    if checker in ("pyright", "basedpyright"):
        result = run(
            [
                tool(checker),
                "--outputjson",
                "--project",
                configs.pyright,
                "--pythonpath",
                python,
                *files,
            ],
            cwd,
        )
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            return False, output(result)
        lines = [
            f"{entry['file']}:{entry['range']['start']['line'] + 1}: "
            f"{entry['severity']}: {' '.join(entry['message'].split())} "
            f"({entry.get('rule', '-')})"
            for entry in report.get("generalDiagnostics", [])
        ]
        summary = report["summary"]
        lines.append(f"{checker}: {summary}")
        clean = summary["errorCount"] == 0 and summary["warningCount"] == 0
        clean = clean and summary["filesAnalyzed"] == len(files)
        return result.returncode == 0 and clean, "\n".join(lines)
    if checker == "pyrefly":
        result = run(
            [
                tool("pyrefly"),
                "check",
                "--config",
                configs.pyrefly,
                "--python-interpreter-path",
                python,
                "--output-format",
                "min-text",
                "--summary",
                "none",
                *files,
            ],
            cwd,
        )
        return result.returncode == 0, output(result)
    if checker == "ty":
        result = run(
            [
                tool("ty"),
                "check",
                "--config-file",
                configs.ty,
                "--python",
                python,
                "--output-format",
                "concise",
                "--error-on-warning",
                *files,
            ],
            cwd,
        )
        clean = "All checks passed!" in result.stdout + result.stderr
        return result.returncode == 0 and clean, output(result)
    raise ValueError(f"unknown checker {checker!r}")
