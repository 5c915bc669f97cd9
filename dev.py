"""Developer entry point: ``python3 dev.py demo`` or ``python3 dev.py test``.

Needs only Python 3.11+. On first use it creates ``.venv`` next to this file
and installs the project with its ``dev`` extra (and the ``txaio-stubs``
distribution from ``stubs/``); later runs reinstall only when the packaging
files change.

    python3 dev.py demo             run the demo on asyncio
    python3 dev.py demo --twisted   run the demo on Twisted
    python3 dev.py test [ARGS]      run the whole test suite (pytest ARGS)
    python3 dev.py bench [ARGS]     run the benchmarks
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".txaio-typed-installed"
STUBS = ROOT / "stubs" / "txaio-stubs"
PACKAGING_FILES = (ROOT / "pyproject.toml", STUBS / "pyproject.toml")


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


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


def ensure_environment() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may run on any python3
        sys.exit("txaio-typed needs Python 3.11 or newer")
    python = venv_python()
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = packaging_digest()
    if STAMP.exists() and STAMP.read_text() == wanted:
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
    STAMP.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "bench"}:
        print(__doc__)
        return 2
    python = ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "demo":
        script = ROOT / "examples" / "demo.py"
    elif command == "bench":
        script = ROOT / "benchmarks" / "run.py"
    else:
        return subprocess.run([str(python), "-m", "pytest", *rest], cwd=ROOT).returncode
    return subprocess.run([str(python), str(script), *rest], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
