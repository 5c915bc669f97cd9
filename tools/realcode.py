"""Type-check real code that uses txaio, with and without our types.

Run through ``python3 dev.py realcode`` (which builds its own environment,
``.venv-realcode``). For each package in ``realcode/packages.toml`` it
downloads the pinned release, then runs mypy and pyright, each in its
default mode, over the package's own source in three variants:

``plain``
    upstream txaio as installed (untyped): the reference;
``stubs``
    upstream txaio with txaio-stubs (``stubs/txaio-stubs``) ahead of it;
``typed``
    a copy of the source whose ``import txaio`` lines import txaio-typed
    (``import txaio_typed as txaio``; line numbers unchanged).

An error of ``stubs`` or ``typed`` that ``plain`` does not have (same file,
line, code and text) is *new*: either a real bug our types find or a false
positive of our types. The new errors are compared with
``realcode/baseline.json``, where each one that stays is a reviewed true
positive (docs/typing.md lists them): an error missing from the baseline
fails the run. ``--update-baseline`` rewrites the file from this run.

    python3 dev.py realcode [--update-baseline] [--package NAME]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "realcode" / "packages.toml"
BASELINE = ROOT / "realcode" / "baseline.json"
WORK = ROOT / ".realcode"
STUBS = ROOT / "stubs" / "txaio-stubs" / "txaio-stubs"
VARIANTS = ("plain", "stubs", "typed")
CHECKERS = ("mypy", "pyright")

IMPORT_LINE = re.compile(r"^(\s*)(import txaio\b.*|from txaio(\.\w+)? import .*)$")


#: ``{package: {variant: {checker: [error, ...]}}}``
Baseline = dict[str, dict[str, dict[str, list[str]]]]


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    #: The import package(s) inside the distribution to check.
    modules: tuple[str, ...]


def packages() -> list[Package]:
    config = tomllib.loads(CONFIG.read_text())
    return [
        Package(name, entry["version"], tuple(entry["modules"]))
        for name, entry in config["packages"].items()
    ]


# -- the source -------------------------------------------------------------------


def fetch(package: Package) -> Path:
    """Download and unpack ``package``; return the directory holding its
    import packages."""
    target = WORK / f"{package.name}-{package.version}"
    if (target / package.modules[0]).is_dir():
        return target
    downloads = WORK / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    spec = f"{package.name}=={package.version}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            spec,
            "--dest",
            downloads,
        ],
        check=True,
    )
    prefix = package.name.replace("-", "_")
    (wheel,) = downloads.glob(f"{prefix}-{package.version}-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        members = [
            member
            for member in archive.namelist()
            if member.endswith((".py", ".pyi", "py.typed"))
            and member.split("/", 1)[0] in package.modules
        ]
        archive.extractall(target, members)
    return target


def rewrite_line(line: str) -> str:
    """``line`` importing txaio_typed where it imported txaio (same line)."""
    match = IMPORT_LINE.match(line)
    if match is None:
        return line
    indent, statement = match.group(1), match.group(2)
    if statement.startswith("import txaio"):
        names = [name.strip() for name in statement[len("import ") :].split(",")]
        rewritten: list[str] = []
        for name in names:
            module, _, alias = name.partition(" as ")
            new = "txaio_typed" + module.strip()[len("txaio") :]
            rewritten.append(f"{new} as {alias or module.strip()}")
        return indent + "import " + ", ".join(rewritten)
    return indent + "from txaio_typed" + statement[len("from txaio") :]


def typed_copy(source: Path, package: Package) -> Path:
    """A copy of ``source`` whose txaio imports import txaio-typed."""
    target = source.parent / f"{source.name}-typed"
    shutil.rmtree(target, ignore_errors=True)
    for module in package.modules:
        for path in (source / module).rglob("*"):
            destination = target / path.relative_to(source)
            if path.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix in (".py", ".pyi"):
                lines = path.read_text().splitlines(keepends=True)
                destination.write_text(
                    "".join(
                        rewrite_line(line.rstrip("\n")) + "\n"
                        if line.endswith("\n")
                        else rewrite_line(line)
                        for line in lines
                    )
                )
            else:
                shutil.copy(path, destination)
    return target


def stub_path() -> Path:
    """A search-path directory holding txaio-stubs as package ``txaio``
    (stubs on the search path come before the installed package)."""
    target = WORK / "stub-path"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(STUBS, target / "txaio")
    return target


# -- the checkers -------------------------------------------------------------------


def mypy(tree: Path, package: Package, variant: str, stubs: Path | None) -> list[str]:
    cache = WORK / "mypy-cache" / f"{package.name}-{variant}"
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--config-file",
        "",
        "--cache-dir",
        str(cache),
        "--no-error-summary",
        "--show-error-codes",
        "--hide-error-context",
        "--no-pretty",
        "--show-absolute-path",
        *(f"{tree / module}" for module in package.modules),
    ]
    env = {"MYPYPATH": str(stubs)} if stubs else {}
    result = subprocess.run(
        command,
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
        env={**base_env(), **env},
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"mypy failed:\n{result.stdout}\n{result.stderr}")
    records: list[str] = []
    for line in result.stdout.splitlines():
        match = re.match(r"(.+?):(\d+): error: (.*?)(?:  \[([\w-]+)\])?$", line)
        if match:
            path, number, message, code = match.groups()
            records.append(record(tree, path, number, code or "-", message))
    return records


def pyright(
    tree: Path, package: Package, variant: str, stubs: Path | None
) -> list[str]:
    # One project file per variant: plain and stubs share the tree.
    config: dict[str, object] = {
        "include": list(package.modules),
        "pythonVersion": "3.11",
    }
    if stubs is not None:
        config["stubPath"] = str(stubs)
    project = tree / f"pyrightconfig-{variant}.json"
    project.write_text(json.dumps(config))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pyright",
            "--outputjson",
            "--pythonpath",
            sys.executable,
            "--project",
            str(project),
        ],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
        env=base_env(),
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"pyright failed:\n{result.stdout}\n{result.stderr}") from None
    if report["summary"]["filesAnalyzed"] == 0:
        raise SystemExit(f"pyright checked no file:\n{result.stdout}")
    return [
        record(
            tree,
            entry["file"],
            entry["range"]["start"]["line"] + 1,
            entry.get("rule", "-"),
            entry["message"],
        )
        for entry in report["generalDiagnostics"]
        if entry["severity"] == "error"
    ]


def base_env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.pop("MYPYPATH", None)
    env["NO_COLOR"] = "1"
    return env


def record(tree: Path, path: str, line: object, code: str, message: str) -> str:
    """One error as ``file:line: [code] message``, the same in every variant."""
    relative = Path(path).resolve().relative_to(tree.resolve())
    text = " ".join(message.split()).replace("txaio_typed", "txaio")
    return f"{relative}:{line}: [{code}] {text}"


# -- one package ---------------------------------------------------------------------


def check_package(package: Package) -> dict[str, dict[str, list[str]]]:
    """``{variant: {checker: sorted errors}}`` for ``package``."""
    source = fetch(package)
    trees = {"plain": source, "stubs": source, "typed": typed_copy(source, package)}
    stubs = stub_path()
    jobs = {
        (variant, checker): (trees[variant], stubs if variant == "stubs" else None)
        for variant in VARIANTS
        for checker in CHECKERS
    }
    runners = {"mypy": mypy, "pyright": pyright}

    def run(key: tuple[str, str]) -> list[str]:
        variant, checker = key
        tree, stub_dir = jobs[key]
        return sorted(set(runners[checker](tree, package, variant, stub_dir)))

    # Two at a time: mypy and pyright of one variant.
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(jobs, pool.map(run, jobs), strict=True))
    return {
        variant: {checker: results[variant, checker] for checker in CHECKERS}
        for variant in VARIANTS
    }


def new_errors(
    results: dict[str, dict[str, list[str]]],
) -> dict[str, dict[str, list[str]]]:
    """The errors of each variant that the plain variant does not have."""
    return {
        variant: {
            checker: sorted(
                set(results[variant][checker]) - set(results["plain"][checker])
            )
            for checker in CHECKERS
        }
        for variant in VARIANTS[1:]
    }


# -- main ----------------------------------------------------------------------------


def table(
    package: Package,
    results: dict[str, dict[str, list[str]]],
    new: dict[str, dict[str, list[str]]],
) -> Iterator[str]:
    yield f"\n{package.name} {package.version}: errors (new against plain txaio)"
    yield f"  {'variant':8} " + " ".join(f"{checker:>16}" for checker in CHECKERS)
    for variant in VARIANTS:
        cells: list[str] = []
        for checker in CHECKERS:
            total = len(results[variant][checker])
            extra = "" if variant == "plain" else f" ({len(new[variant][checker])} new)"
            cells.append(f"{total}{extra}".rjust(16))
        yield f"  {variant:8} " + " ".join(cells)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--update-baseline", action="store_true")
    parser.add_argument("--package", action="append", default=[])
    parser.add_argument("--report", type=Path, default=WORK / "report.json")
    options = parser.parse_args(argv)
    WORK.mkdir(exist_ok=True)
    baseline: Baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    report: dict[str, object] = {}
    unexpected: list[str] = []
    for package in packages():
        if options.package and package.name not in options.package:
            continue
        results = check_package(package)
        new = new_errors(results)
        report[package.name] = {
            "version": package.version,
            "results": results,
            "new": new,
        }
        for line in table(package, results, new):
            print(line)
        expected = baseline.get(package.name, {})
        for variant, by_checker in new.items():
            for checker, errors in by_checker.items():
                known = set(expected.get(variant, {}).get(checker, []))
                for error in errors:
                    if error not in known:
                        unexpected.append(
                            f"{package.name} {variant} {checker}: {error}"
                        )
                gone = known - set(errors)
                for error in sorted(gone):
                    print(f"  no longer reported ({variant}, {checker}): {error}")
        if options.update_baseline:
            baseline[package.name] = new
    options.report.write_text(json.dumps(report, indent=2) + "\n")
    if options.update_baseline:
        BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n")
        print(f"\nwrote {BASELINE.relative_to(ROOT)}")
        return 0
    if unexpected:
        print(
            "\nnew errors not in realcode/baseline.json (a false positive of our"
            " types, or a real bug to review and add):"
        )
        for error in unexpected:
            print(f"  {error}")
        return 1
    print("\nevery new error is a reviewed one (realcode/baseline.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
