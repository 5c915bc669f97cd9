"""Developer entry point: ``python3 dev.py demo`` or ``python3 dev.py test``.

Needs only Python 3.11+. On first use it creates ``.venv`` next to this file
and installs the project with its ``dev`` extra (and the ``txaio-stubs``
distribution from ``stubs/``); later runs reinstall only when the packaging
files change.

    python3 dev.py demo             run the demo on asyncio
    python3 dev.py demo --twisted   run the demo on Twisted
    python3 dev.py test [ARGS]      run the whole test suite (pytest ARGS), then
                                    the runtime tests on every other CPython
                                    3.11+ found (python3.X on PATH or pyenv)
    python3 dev.py bench [ARGS]     run the benchmarks
    python3 dev.py realcode [ARGS]  type-check real code that uses txaio (the
                                    packages in realcode/packages.toml) with
                                    plain txaio, txaio-stubs and txaio-typed,
                                    in its own environment (.venv-realcode);
                                    see tools/realcode.py
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP_NAME = ".txaio-typed-installed"
STUBS = ROOT / "stubs" / "txaio-stubs"
PACKAGING_FILES = (ROOT / "pyproject.toml", STUBS / "pyproject.toml")


#: Checks that do not depend on the interpreter (linters, type checkers,
#: stubtest, the benchmark smoke run) run once, on the main environment.
INTERPRETER_INDEPENDENT = (
    "tests/test_static.py",
    "tests/test_typecheck.py",
    "tests/test_type_completeness.py",
    "tests/test_stubtest.py",
    "tests/test_txaio_stubs.py",
    "tests/test_benchmarks_smoke.py",
    "tests/test_packaging.py",
    "tests/test_asyncio_loop.py",
    "tests/test_editors.py",
    "tests/test_realcode.py",
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
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(python, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
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
#: the upstream packages the checked code imports (pins from the dev extra).
REALCODE_PINS = ("mypy", "pyright", "twisted", "txaio")
REALCODE_VENV = ROOT / ".venv-realcode"


def dev_pins(names: tuple[str, ...]) -> list[str]:
    """The ``name==version`` pins of ``names`` in pyproject.toml's dev list."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = project["project"]["optional-dependencies"]["dev"]
    groups = project.get("dependency-groups", {}).get("dev", [])
    pins = [pin for pin in [*listed, *groups] if isinstance(pin, str)]
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


def test_other_interpreters() -> int:
    worst = 0
    ignored = [f"--ignore={path}" for path in INTERPRETER_INDEPENDENT]
    for (major, minor), interpreter in sorted(other_interpreters().items()):
        print(f"\n== runtime tests on Python {major}.{minor} ({interpreter})")
        python = ensure_environment(ROOT / f".venv-py{major}{minor}", interpreter)
        result = subprocess.run(
            [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *ignored],
            cwd=ROOT,
            env=activated(python),
        )
        worst = worst or result.returncode
    return worst


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "bench", "realcode"}:
        print(__doc__)
        return 2
    if argv[0] == "realcode":
        python = ensure_realcode_environment()
        return subprocess.run(
            [str(python), str(ROOT / "tools" / "realcode.py"), *argv[1:]],
            cwd=ROOT,
            env=activated(python),
        ).returncode
    python = ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "demo":
        script = ROOT / "examples" / "demo.py"
    elif command == "bench":
        script = ROOT / "benchmarks" / "run.py"
    else:
        main_run = subprocess.run(
            [str(python), "-m", "pytest", *rest], cwd=ROOT, env=activated(python)
        )
        if rest:  # a selection of tests: this interpreter only
            return main_run.returncode
        return main_run.returncode or test_other_interpreters()
    return subprocess.run(
        [str(python), str(script), *rest], cwd=ROOT, env=activated(python)
    ).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
