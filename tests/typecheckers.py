"""The five type checkers the type tests run under, how cases pin errors,
the stubtest allowlists, and an environment without Twisted.

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

A stubtest allowlist holds one entry a line; the comment block just above an
entry, or above the run of entries it belongs to, says why it is needed.
"""

from __future__ import annotations

import io
import json
import re
import sys
import tokenize
import venv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from processes import output, run

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
#: Any checker's suppression comment, with an error code or without.
ANY_IGNORE = re.compile(r"#\s*(type|pyright|pyrefly|ty|mypy)\s*:\s*ignore\b")

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


def comments(source: str) -> dict[int, str]:
    """``{line: text}`` of every comment in ``source`` (not docstrings);
    lines count from 1."""
    found: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            found[token.start[0]] = token.string
    return found


def without_pins(text: str) -> str:
    """``text`` up to its first suppression comment (the line as shown
    without its pins)."""
    match = ANY_IGNORE.search(text)
    return text[: match.start()] if match else text


def pins(path: Path) -> dict[int, dict[str, str]]:
    """``{line: {checker: codes}}`` for every line of ``path`` with a pin."""
    found: dict[int, dict[str, str]] = {}
    for number, text in comments(path.read_text()).items():
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
    for number, text in comments(path.read_text()).items():
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


def command(
    checker: str, configs: Configs, python: str | Path, cache: Path | None
) -> list[str | Path]:
    """The command line that runs ``checker`` (files to be appended)."""
    if checker == "mypy":
        cache_dir: list[str | Path] = ["--cache-dir", cache] if cache else []
        return [sys.executable, "-m", "mypy", "--config-file", configs.mypy,
                "--python-executable", python, *cache_dir]  # fmt: skip
    if checker in ("pyright", "basedpyright"):
        return [tool(checker), "--outputjson", "--project", configs.pyright,
                "--pythonpath", python]  # fmt: skip
    if checker == "pyrefly":
        return [tool("pyrefly"), "check", "--config", configs.pyrefly,
                "--python-interpreter-path", python,
                "--output-format", "min-text", "--summary", "none"]  # fmt: skip
    if checker == "ty":
        return [tool("ty"), "check", "--config-file", configs.ty, "--python", python,
                "--output-format", "concise", "--error-on-warning"]  # fmt: skip
    raise ValueError(f"unknown checker {checker!r}")


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
    result = run(
        *command(checker, configs, python, cache),
        *files,
        cwd=cwd,
        env={"NO_COLOR": "1"},
        timeout=300,
    )
    if checker == "mypy":
        wanted = f"no issues found in {len(files)} source file"
        return result.returncode == 0 and wanted in result.stdout, output(result)
    if checker in ("pyright", "basedpyright"):
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
        return result.returncode == 0, output(result)
    clean = "All checks passed!" in result.stdout + result.stderr
    return result.returncode == 0 and clean, output(result)


# -- stubtest allowlists -------------------------------------------------------


@dataclass(frozen=True)
class AllowlistEntry:
    """One entry of a stubtest allowlist."""

    entry: str
    why: str
    """The comment block just above the entry, or above the run of entries
    it belongs to; empty when there is none."""
    grouped: bool
    """The line above is another entry."""


def allowlist(path: Path) -> list[AllowlistEntry]:
    """The entries of the stubtest allowlist ``path``, in order."""
    entries: list[AllowlistEntry] = []
    block: list[str] = []  # the comment block last seen
    previous = ""
    for line in (line.strip() for line in path.read_text().splitlines()):
        if line.startswith("#"):
            block = [*block, line] if previous.startswith("#") else [line]
        elif line:
            if not previous:  # nothing above but a blank line
                block = []
            grouped = bool(previous) and not previous.startswith("#")
            entries.append(AllowlistEntry(line, " ".join(block), grouped))
        previous = line
    return entries


# -- an environment without Twisted --------------------------------------------


def venv_without_twisted(
    home: Path, packages: Iterable[Path], imports: Sequence[str]
) -> Path:
    """A virtual environment in ``home``, without pip, whose site-packages
    holds only links to ``packages`` (package directories or modules).
    Returns its python, checked to import ``imports`` and not Twisted."""
    venv.EnvBuilder(with_pip=False, symlinks=True).create(home)
    python = home / "bin" / "python"
    paths = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    assert paths.returncode == 0, output(paths)
    site_packages = Path(paths.stdout.strip())
    for package in packages:
        (site_packages / package.name).symlink_to(package)
    probe = (
        f"import importlib.util, {', '.join(imports)}\n"
        "assert importlib.util.find_spec('twisted') is None, 'Twisted is there'"
    )
    checked = run(python, "-c", probe)
    assert checked.returncode == 0, output(checked)
    return python
