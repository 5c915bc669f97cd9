"""Child processes for the tests: one runner, and fresh Python interpreters.

:func:`run_all` starts commands at once and waits for all of them;
:func:`run` is the same for one command. Both capture the output as text and
never raise for an exit status: the caller asserts on it (:func:`output`
formats a result for an assertion message).

A fresh interpreter (:func:`python_command`, :func:`run_python`,
:func:`python_json`) runs with ``-W error`` and with this checkout's ``src/``
first on ``PYTHONPATH``, so that it imports the working tree even where
txaio-typed is not installed (the other CPythons that ``dev.py`` finds).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TypeAlias, TypeVar

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

Command: TypeAlias = Sequence[str | Path]
Result: TypeAlias = "subprocess.CompletedProcess[str]"
Key = TypeVar("Key")


def environment(changes: Mapping[str, str | None] | None) -> dict[str, str]:
    """This process's environment with ``changes`` (None removes a name)."""
    env = dict(os.environ)
    for name, value in (changes or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_all(
    commands: Mapping[Key, Command],
    *,
    cwd: Path | Mapping[Key, Path] = ROOT,
    env: Mapping[str, str | None] | None = None,
    timeout: float = 600,
) -> dict[Key, Result]:
    """Start all of ``commands`` at once, then wait for each; ``cwd`` is one
    directory or one per command, ``env`` changes the inherited environment.
    A command still running after ``timeout`` seconds is killed and the test
    fails."""
    processes: dict[Key, subprocess.Popen[str]] = {}
    deadline = time.monotonic() + timeout
    try:
        for key, command in commands.items():
            processes[key] = subprocess.Popen(
                [str(part) for part in command],
                cwd=cwd[key] if isinstance(cwd, Mapping) else cwd,
                env=environment(env),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        results: dict[Key, Result] = {}
        for key, process in processes.items():
            left = max(deadline - time.monotonic(), 0)
            stdout, stderr = process.communicate(timeout=left)
            results[key] = subprocess.CompletedProcess(
                process.args, process.returncode, stdout, stderr
            )
        return results
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.communicate()


def run(
    *command: str | Path,
    cwd: Path = ROOT,
    env: Mapping[str, str | None] | None = None,
    timeout: float = 600,
) -> Result:
    """Run one command; see :func:`run_all`."""
    return run_all({0: command}, cwd=cwd, env=env, timeout=timeout)[0]


def output(result: Result) -> str:
    """``result`` as an assertion message: exit status, stdout, stderr."""
    return f"exit status {result.returncode}\n{result.stdout}\n{result.stderr}"


# -- fresh interpreters --------------------------------------------------------


def python_env(extra_path: Iterable[str] = ()) -> dict[str, str | None]:
    """The environment changes for a child Python: ``src/`` (then
    ``extra_path``) first on ``PYTHONPATH``; ``PYTHONWARNINGS`` unset, so
    that ``-W error`` holds."""
    inherited = filter(None, [os.environ.get("PYTHONPATH")])
    path = os.pathsep.join([str(SRC), *extra_path, *inherited])
    return {"PYTHONPATH": path, "PYTHONWARNINGS": None}


def python_command(*arguments: str | Path, python: str = sys.executable) -> Command:
    """``python -W error ARGUMENTS``."""
    return [python, "-W", "error", *arguments]


def run_python(
    *arguments: str | Path,
    python: str = sys.executable,
    extra_path: Iterable[str] = (),
    timeout: float = 60,
) -> str:
    """Run a fresh interpreter with ``arguments`` (``"-c", code`` or a script
    and its arguments); return its stdout; fail the test when it fails."""
    result = run(
        *python_command(*arguments, python=python),
        env=python_env(extra_path),
        timeout=timeout,
    )
    assert result.returncode == 0, output(result)
    return result.stdout


def python_json(
    code: str,
    *argv: str,
    python: str = sys.executable,
    extra_path: Iterable[str] = (),
) -> object:
    """Run ``code`` (dedented) in a fresh interpreter, ``argv`` as its
    arguments; return the JSON it printed last."""
    code = textwrap.dedent(code)
    stdout = run_python("-c", code, *argv, python=python, extra_path=extra_path)
    return json.loads(stdout.strip().splitlines()[-1])
