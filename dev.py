"""Developer entry point: ``python3 dev.py demo`` or ``python3 dev.py test``.

Needs only Python 3.11+. On first use it creates ``.venv`` next to this file
and installs the project (editable) with the pinned tools of the ``dev``
dependency group of ``pyproject.toml``, and the ``txaio-stubs`` distribution
from ``stubs/``; later runs reinstall only when the packaging files change.

    python3 dev.py demo             run the demo on asyncio
    python3 dev.py demo --twisted   run the demo on Twisted
    python3 dev.py test             run every test session below, then print
                                    one line per session and, last, the
                                    total "N passed, N failed"
    python3 dev.py test SESSION...  run the named sessions only:
        unit          the runtime tests (both frameworks, differential tests,
                      doc examples, editors); offline, what a plain ``pytest``
                      in .venv runs
        typecheck     the type-check suites under the five checkers, the
                      static checks, stubtest, type completeness, txaio-stubs
                      (pytest -m typecheck; builds a venv without Twisted)
        docs          the documentation site builds strictly (pytest -m docs)
        packaging     both distributions build and pass twine (pytest -m
                      packaging)
        bench-smoke   ``benchmarks/run.py --quick`` (pytest -m bench_smoke;
                      builds .downstream/venv: needs the network once)
        realcode      ``dev.py realcode`` (downloads the checked packages)
        interpreters  the unit session on every other CPython 3.11+ found
                      (python3.X on PATH or pyenv), each in .venv-pyXY
        downstream    ``dev.py downstream``
    python3 dev.py test ARGS        pytest ARGS, this interpreter only (a test
                                    file named in ARGS runs whatever its
                                    session)
    python3 dev.py bench [ARGS]     run the benchmarks
    python3 dev.py downstream       run upstream txaio's and Autobahn's own test
                                    suites on txaio-typed (install_as_txaio);
                                    --upstream: the same on upstream txaio
    python3 dev.py docs [ARGS]      build the documentation site into site/
                                    (strict: warnings are errors; ARGS go to
                                    ``mkdocs build``)
    python3 dev.py realcode [ARGS]  type-check real code that uses txaio (the
                                    packages in realcode/packages.toml) with
                                    plain txaio, txaio-stubs and txaio-typed,
                                    in its own environment (.venv-realcode);
                                    see tools/realcode.py
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import venv
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP_NAME = ".txaio-typed-installed"
STUBS = ROOT / "stubs" / "txaio-stubs"
PACKAGING_FILES = (ROOT / "pyproject.toml", STUBS / "pyproject.toml")


#: The commands of ``python3 dev.py COMMAND``.
COMMANDS = ("demo", "test", "bench", "docs", "downstream", "realcode")

#: The sessions of ``python3 dev.py test``, in the order it runs them.
SESSIONS = (
    "unit",
    "typecheck",
    "docs",
    "packaging",
    "bench-smoke",
    "realcode",
    "interpreters",
    "downstream",
)

#: The sessions run by pytest on this interpreter other than ``unit``, and
#: the marker (registered in pyproject.toml) that selects each one's tests.
MARKED_SESSIONS = {
    "typecheck": "typecheck",
    "docs": "docs",
    "packaging": "packaging",
    "bench-smoke": "bench_smoke",
}

#: The ``-m`` expression of pyproject.toml's addopts: a plain ``pytest``
#: runs the unit session, which needs no network and builds no environment.
UNIT_MARKEXPR = "not ({})".format(" or ".join(MARKED_SESSIONS.values()))

#: Unit tests that do not depend on the interpreter: the interpreters
#: session leaves them out (test_asyncio_loop runs every interpreter itself).
INTERPRETER_INDEPENDENT = (
    "tests/test_asyncio_loop.py",
    "tests/test_doc_examples.py",
    "tests/test_editors.py",
    "tests/test_realcode.py",
    "tests/test_dev_sessions.py",
)


def venv_python(venv_dir: Path) -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return venv_dir / scripts / ("python.exe" if os.name == "nt" else "python")


def packaging_digest() -> str:
    digest = hashlib.sha256()
    for path in PACKAGING_FILES:
        if path.exists():
            digest.update(path.read_bytes())
    for stub in sorted(STUBS.rglob("*.pyi")):
        digest.update(stub.read_bytes())
    return digest.hexdigest()


def run(*command: str | Path) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], cwd=ROOT, check=True)


def ensure_environment(
    venv_dir: Path = VENV, base_python: str = sys.executable
) -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may run on any python3
        sys.exit("txaio-typed needs Python 3.11 or newer")
    python = venv_python(venv_dir)
    if not python.exists():
        if base_python == sys.executable:
            venv.EnvBuilder(with_pip=True).create(venv_dir)
        else:
            run(base_python, "-m", "venv", venv_dir)
    stamp = venv_dir / STAMP_NAME
    wanted = packaging_digest()
    if stamp.exists() and stamp.read_text() == wanted:
        return python
    # Dependency groups (PEP 735) need pip 25.1 or newer.
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip>=25.1")
    run(python, "-m", "pip", "install", "--quiet", "-e", ".", "--group", "dev")
    if STUBS.exists():
        # Not editable: type checkers find stub-only packages in site-packages.
        run(
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--force-reinstall",
            "--no-deps",
            STUBS,
        )
    stamp.write_text(wanted)
    return python


#: What .venv-realcode holds besides txaio-typed: the pinned checkers and
#: the upstream packages the checked code imports (pins from the dev group).
REALCODE_PINS = ("mypy", "pyright", "twisted", "txaio")
REALCODE_VENV = ROOT / ".venv-realcode"


def dev_pins(names: tuple[str, ...]) -> list[str]:
    """The ``name==version`` pins of ``names`` in pyproject.toml's dev group."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    group = project["dependency-groups"]["dev"]
    pins = [pin for pin in group if isinstance(pin, str)]
    return [pin for pin in pins if pin.split("==")[0].lower() in names]


def ensure_realcode_environment() -> Path:
    python = venv_python(REALCODE_VENV)
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(REALCODE_VENV)
    stamp = REALCODE_VENV / STAMP_NAME
    wanted = packaging_digest()
    if stamp.exists() and stamp.read_text() == wanted:
        return python
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    # Editable: the "typed" variant checks against the working tree's source.
    run(python, "-m", "pip", "install", "--quiet", "-e", ".", *dev_pins(REALCODE_PINS))
    stamp.write_text(wanted)
    return python


def run_realcode(argv: list[str]) -> int:
    """Type-check the real code of realcode/packages.toml (tools/realcode.py)."""
    python = ensure_realcode_environment()
    print("\n== real code type-checked with our types (dev.py realcode)", flush=True)
    return subprocess.run(
        [str(python), str(ROOT / "tools" / "realcode.py"), *argv],
        cwd=ROOT,
        env=activated(python),
    ).returncode


def interpreter_version(python: str) -> tuple[int, int] | None:
    try:
        answer = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except OSError:
        return None
    if answer.returncode != 0:
        return None
    major, minor = answer.stdout.split()
    return int(major), int(minor)


def other_interpreters() -> dict[tuple[int, int], str]:
    """CPython 3.11+ interpreters other than this one, one per version."""
    found: dict[tuple[int, int], str] = {}
    candidates = [shutil.which(f"python3.{minor}") for minor in range(11, 20)]
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += [str(p) for p in sorted(pyenv_root.glob("versions/3.*/bin/python3"))]
    for candidate in candidates:
        if candidate is None:
            continue
        version = interpreter_version(candidate)
        if version is None or version < (3, 11) or version == sys.version_info[:2]:
            continue
        found.setdefault(version, candidate)
    return found


def activated(python: Path) -> dict[str, str]:
    """The environment of a shell that activated ``python``'s venv."""
    return {
        **os.environ,
        "VIRTUAL_ENV": str(python.parent.parent),
        "PATH": os.pathsep.join([str(python.parent), os.environ.get("PATH", "")]),
    }


# -- downstream suites -------------------------------------------------------

DOWNSTREAM = ROOT / "downstream"
DOWNSTREAM_CACHE = ROOT / ".downstream"
#: (suite, framework) runs, in the order they are reported.
DOWNSTREAM_RUNS = (
    ("txaio", "asyncio"),
    ("txaio", "twisted"),
    ("autobahn", "twisted"),
    ("autobahn", "asyncio"),
)
FAILED_OUTCOMES = ("failed", "error")


def downstream_environment() -> Path:
    """The downstream suites' venv: pinned requirements plus this checkout."""
    venv_dir = DOWNSTREAM_CACHE / "venv"
    python = venv_python(venv_dir)
    requirements = DOWNSTREAM / "requirements.txt"
    wanted = hashlib.sha256(
        requirements.read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    ).hexdigest()
    stamp = venv_dir / STAMP_NAME
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(venv_dir)
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(python, "-m", "pip", "install", "--quiet", "-r", requirements, "-e", ".")
    stamp.write_text(wanted)
    return python


def upstream_txaio_tests(python: Path) -> Path:
    """Upstream txaio's sdist, unpacked (its tests are not in the wheel)."""
    pins = (DOWNSTREAM / "requirements.txt").read_text().split()
    version = next(pin.split("==")[1] for pin in pins if pin.startswith("txaio=="))
    unpacked = DOWNSTREAM_CACHE / f"txaio-{version}"
    if (unpacked / "tests").is_dir():
        return unpacked
    sdists = DOWNSTREAM_CACHE / "sdist"
    run(
        python, "-m", "pip", "download", "--quiet", "--no-deps",
        "--no-binary", ":all:", "--dest", sdists, f"txaio=={version}",
    )  # fmt: skip
    with tarfile.open(sdists / f"txaio-{version}.tar.gz") as archive:
        archive.extractall(DOWNSTREAM_CACHE, filter="data")
    return unpacked


def expected_differences() -> dict[tuple[str, str, str], dict[str, str]]:
    """The downstream tests expected to fail, by (suite, framework, test)."""
    with (DOWNSTREAM / "expected-differences.toml").open("rb") as file:
        entries = tomllib.load(file)["expected"]
    return {(e["suite"], e["framework"], e["test"]): e for e in entries}


def count(outcomes: dict[str, str], outcome: str) -> int:
    return sum(1 for value in outcomes.values() if value == outcome)


def run_downstream(argv: list[str]) -> int:
    """Run the downstream suites; fail on a failure not listed as expected and
    on a listed test that did not fail."""
    implementation = "upstream" if "--upstream" in argv else "typed"
    python = downstream_environment()
    txaio_tests = upstream_txaio_tests(python)
    work = DOWNSTREAM_CACHE / "work" / implementation
    work.mkdir(parents=True, exist_ok=True)
    expected = expected_differences()
    problems: list[str] = []
    rows: list[str] = []
    for suite, framework in DOWNSTREAM_RUNS:
        results = work / f"{suite}-{framework}.json"
        log = work / f"{suite}-{framework}.log"
        results.unlink(missing_ok=True)
        print(f"== downstream: {suite} on {framework} ({implementation})", flush=True)
        with log.open("w") as output:
            subprocess.run(
                [
                    str(python), str(DOWNSTREAM / "run_suite.py"), suite,
                    framework, implementation, str(results), str(txaio_tests),
                ],
                cwd=work, stdout=output, stderr=subprocess.STDOUT, check=False,
            )  # fmt: skip
        if not results.exists():
            print(log.read_text()[-5000:])
            problems.append(f"{suite} on {framework}: the run did not finish")
            continue
        outcomes: dict[str, str] = json.loads(results.read_text())
        failed = {test for test, o in outcomes.items() if o in FAILED_OUTCOMES}
        listed = {t for (s, f, t) in expected if (s, f) == (suite, framework)}
        rows.append(
            f"{suite:<9} {framework:<8} {count(outcomes, 'passed'):>7} "
            f"{len(failed):>7} {count(outcomes, 'skipped'):>8} "
            f"{len(failed & listed):>9}"
        )
        if implementation == "upstream":
            continue
        unexpected = sorted(failed - listed)
        stale = sorted(listed - failed)
        if unexpected:
            print(log.read_text()[-20000:])
        problems += [
            f"{suite} on {framework}: unexpected failure: {t}" for t in unexpected
        ]
        problems += [
            f"{suite} on {framework}: listed in expected-differences.toml but "
            f"did not fail (remove the entry): {t}"
            for t in stale
        ]
    header = ("suite", "on", "passed", "failed", "skipped", "expected")
    print("\n{:<9} {:<8} {:>7} {:>7} {:>8} {:>9}".format(*header))
    print("\n".join(rows))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


# -- test sessions -------------------------------------------------------------

#: pytest's closing line: "3 failed, 120 passed, 2 errors in 4.51s".
PYTEST_SUMMARY = re.compile(r"\b(\d+) (passed|failed|errors?)\b.* in [\d.]+s")
PYTEST_COUNT = re.compile(r"\b(\d+) (passed|failed|errors?)\b")


@dataclass
class Outcome:
    """How a session (or one pytest run of it) ended."""

    returncode: int = 0
    passed: int = 0
    failed: int = 0
    """Failed tests and errors; a failed run that reported none counts one."""

    def add(self, other: Outcome) -> None:
        self.returncode = self.returncode or other.returncode
        self.passed += other.passed
        self.failed += other.failed


def pytest_counts(lines: list[str], returncode: int) -> Outcome:
    """The counts of pytest's closing line among ``lines``."""
    outcome = Outcome(returncode)
    summaries = [line for line in lines if PYTEST_SUMMARY.search(line)]
    for number, word in PYTEST_COUNT.findall(summaries[-1] if summaries else ""):
        if word == "passed":
            outcome.passed += int(number)
        else:
            outcome.failed += int(number)
    if returncode and not outcome.failed:
        outcome.failed = 1  # no test failed: collection, usage, no tests ran
    return outcome


def run_pytest(python: Path, arguments: list[str]) -> Outcome:
    """``python -m pytest ARGUMENTS``, its output shown as it comes."""
    print("+ pytest", " ".join(arguments), flush=True)
    with subprocess.Popen(
        [str(python), "-m", "pytest", *arguments],
        cwd=ROOT,
        env=activated(python),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        assert process.stdout is not None
        lines: list[str] = []
        for line in process.stdout:
            print(line, end="", flush=True)
            lines.append(line)
    return pytest_counts(lines[-50:], process.returncode)


def test_other_interpreters() -> Outcome:
    """The unit session on every other CPython 3.11+ found."""
    outcome = Outcome()
    ignored = [f"--ignore={path}" for path in INTERPRETER_INDEPENDENT]
    found = other_interpreters()
    if not found:
        print("no other CPython 3.11+ found (python3.X on PATH, pyenv)")
    for (major, minor), interpreter in sorted(found.items()):
        print(f"\n== runtime tests on Python {major}.{minor} ({interpreter})")
        try:
            python = ensure_environment(ROOT / f".venv-py{major}{minor}", interpreter)
        except subprocess.CalledProcessError as error:
            print(f"Python {major}.{minor}: {error}", flush=True)
            outcome.add(Outcome(1, 0, 1))
            continue
        outcome.add(run_pytest(python, ["-q", "-p", "no:cacheprovider", *ignored]))
    return outcome


def run_session(name: str) -> Outcome:
    """Run one session of ``python3 dev.py test``. The sessions that are not
    pytest runs (realcode, downstream) count as one test each."""
    if name == "interpreters":
        return test_other_interpreters()
    if name in ("realcode", "downstream"):
        returncode = run_realcode([]) if name == "realcode" else run_downstream([])
        return Outcome(returncode, int(not returncode), int(bool(returncode)))
    python = ensure_environment()
    marker = MARKED_SESSIONS.get(name)
    return run_pytest(python, ["-m", marker] if marker else [])


def run_sessions(names: list[str]) -> int:
    """Run ``names`` in order (all of them, whatever fails), then print a
    line per session and, last, the total ``N passed, N failed``."""
    rows: list[tuple[str, Outcome, float]] = []
    total = Outcome()
    for name in names:
        print(f"\n===== session {name}", flush=True)
        started = time.monotonic()
        try:
            outcome = run_session(name)
        except (OSError, subprocess.CalledProcessError) as error:
            print(f"session {name}: {error}", flush=True)
            outcome = Outcome(1, 0, 1)
        rows.append((name, outcome, time.monotonic() - started))
        total.add(outcome)
    print("\n===== sessions")
    for name, outcome, seconds in rows:
        verdict = "FAILED" if outcome.returncode else "passed"
        print(
            f"{name:<13} {verdict:<7} {outcome.passed:>6} passed "
            f"{outcome.failed:>4} failed {seconds:>8.1f} s"
        )
    print(f"{total.passed} passed, {total.failed} failed", flush=True)
    return total.returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "realcode":
        return run_realcode(rest)
    if command == "downstream":
        return run_downstream(rest)
    if command == "test" and (not rest or rest[0] in SESSIONS):
        unknown = [name for name in rest if name not in SESSIONS]
        if unknown:
            print("not a session:", *unknown, "(sessions:", *SESSIONS, end=")\n")
            return 2
        return run_sessions(rest or list(SESSIONS))
    python = ensure_environment()
    if command == "demo":
        script = ROOT / "examples" / "demo.py"
    elif command == "bench":
        script = ROOT / "benchmarks" / "run.py"
    elif command == "docs":
        # The theme's notice about its successor is not about this site.
        env = {**activated(python), "NO_MKDOCS_2_WARNING": "1"}
        return subprocess.run(
            [str(python), "-m", "mkdocs", "build", "--strict", *rest],
            cwd=ROOT,
            env=env,
        ).returncode
    else:
        # A selection of tests: pytest ARGS, this interpreter only.
        return subprocess.run(
            [str(python), "-m", "pytest", *rest], cwd=ROOT, env=activated(python)
        ).returncode
    return subprocess.run(
        [str(python), str(script), *rest], cwd=ROOT, env=activated(python)
    ).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
