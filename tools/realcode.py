"""Type-check real code that uses txaio, with and without our types.

Run through ``python3 dev.py realcode`` (which builds its own environment,
``.venv-realcode``). The releases listed in ``realcode/packages.toml`` are
downloaded (cached in ``.realcode/``), unpacked side by side into one tree,
and checked together, each checker in the mode the packages' users would
run it in (mypy ``--check-untyped-defs``, pyright ``basic``), in three
variants:

``plain``
    upstream txaio as installed (untyped): the reference;
``stubs``
    upstream txaio with txaio-stubs (``stubs/txaio-stubs``) ahead of it,
    imports unchanged;
``typed``
    a copy of the tree whose ``import txaio`` lines import txaio-typed
    (``import txaio_typed as txaio``; line numbers unchanged).

An error of ``stubs`` or ``typed`` that ``plain`` does not have (same file,
line and text; an error repeated on one line counts once) is *new*: either
a real bug our types find or a false positive of our types.
``realcode/baseline.json`` gives each reviewed new error its kind, and
``realcode/kinds.toml`` says of each kind whether it is a true positive (a
bug in the checked code) or a false positive, and why. The run prints the
new errors and false positives per variant and checker, and fails when

* a new error is not in the baseline (unreviewed: a new false positive, or
  a bug to classify), or is classified ``unreviewed``;
* a true positive of the baseline is no longer reported (the types stopped
  finding a real bug).

``--update-baseline`` rewrites the baseline from this run, keeping the kinds
of the errors still reported and marking new ones ``unreviewed``.

The six checker runs (three variants, two checkers) share the machine's
cores, the longest first.

    python3 dev.py realcode [--update-baseline] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "realcode" / "packages.toml"
BASELINE = ROOT / "realcode" / "baseline.json"
KINDS = ROOT / "realcode" / "kinds.toml"
WORK = ROOT / ".realcode"
STUBS = ROOT / "stubs" / "txaio-stubs" / "txaio-stubs"
VARIANTS = ("plain", "stubs", "typed")
CHECKERS = ("mypy", "pyright")
#: How the table names the checkers and the variants.
CHECKER_TITLES = {
    "mypy": "mypy --check-untyped-defs",
    "pyright": "pyright basic",
}
VARIANT_TITLES = {
    "stubs": "with txaio-stubs",
    "typed": "with txaio-typed (imports rewritten)",
}
UNREVIEWED = "unreviewed"
VERDICTS = ("true positive", "false positive")

IMPORT_LINE = re.compile(r"^(\s*)(import txaio\b.*|from txaio(\.\w+)? import .*)$")

#: ``{variant: {checker: {error: kind}}}``
Baseline = dict[str, dict[str, dict[str, str]]]
#: ``{variant: {checker: [error, ...]}}``
Results = dict[str, dict[str, list[str]]]


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    #: The import package(s) inside the distribution to check.
    modules: tuple[str, ...]
    #: Files (relative to the tree) left out of the check.
    exclude: tuple[str, ...] = field(default=())


def packages() -> list[Package]:
    config = tomllib.loads(CONFIG.read_text())
    return [
        Package(
            name,
            entry["version"],
            tuple(entry["modules"]),
            tuple(entry.get("exclude", ())),
        )
        for name, entry in config["packages"].items()
    ]


@dataclass(frozen=True)
class Kind:
    verdict: str
    summary: str


def kinds() -> dict[str, Kind]:
    entries = tomllib.loads(KINDS.read_text())["kinds"]
    found = {
        name: Kind(entry["verdict"], entry["summary"])
        for name, entry in entries.items()
    }
    for name, kind in found.items():
        if kind.verdict not in VERDICTS:
            raise SystemExit(f"{KINDS.name}: {name}: verdict must be one of {VERDICTS}")
    return found


# -- the source -------------------------------------------------------------------


def fetch(package: Package, tree: Path) -> None:
    """Download ``package`` (once) and unpack its modules into ``tree``."""
    downloads = WORK / "downloads"
    prefix = package.name.replace("-", "_")
    pattern = f"{prefix}-{package.version}-*.whl"
    if not list(downloads.glob(pattern)):
        downloads.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                "--only-binary", ":all:", f"{package.name}=={package.version}",
                "--dest", str(downloads),
            ],
            check=True,
        )  # fmt: skip
    wheel = sorted(downloads.glob(pattern))[0]
    with zipfile.ZipFile(wheel) as archive:
        members = [
            member
            for member in archive.namelist()
            if member.endswith((".py", ".pyi", "py.typed"))
            and member.split("/", 1)[0] in package.modules
        ]
        archive.extractall(tree, members)


def source_tree(selected: list[Package]) -> Path:
    """The unpacked modules of ``selected``, side by side (reused while the
    versions stay the same)."""
    tree = WORK / "tree"
    stamp = tree / ".versions"
    wanted = " ".join(f"{p.name}=={p.version}" for p in selected)
    if stamp.exists() and stamp.read_text() == wanted:
        return tree
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir(parents=True)
    for package in selected:
        fetch(package, tree)
    stamp.write_text(wanted)
    return tree


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


def typed_copy(source: Path) -> Path:
    """A copy of ``source`` whose txaio imports import txaio-typed."""
    target = source.parent / f"{source.name}-typed"
    shutil.rmtree(target, ignore_errors=True)
    for path in source.rglob("*"):
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


@dataclass(frozen=True)
class Job:
    variant: str
    checker: str
    tree: Path
    modules: tuple[str, ...]
    exclude: tuple[str, ...]
    stubs: Path | None


def run_mypy(job: Job) -> list[str]:
    cache = WORK / "mypy-cache" / job.variant
    command = [
        sys.executable, "-m", "mypy", "--config-file", "", "--cache-dir", str(cache),
        "--check-untyped-defs", "--no-error-summary", "--show-error-codes",
        "--hide-error-context", "--no-pretty", "--show-absolute-path",
        *(f"--exclude=^{re.escape(path)}$" for path in job.exclude),
        *job.modules,
    ]  # fmt: skip
    env = {"MYPYPATH": str(job.stubs)} if job.stubs else {}
    result = subprocess.run(
        command,
        cwd=job.tree,
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
            records.append(record(job.tree, path, number, code or "-", message))
    return records


def run_pyright(job: Job) -> list[str]:
    # One project file per variant: plain and stubs share the tree.
    config: dict[str, object] = {
        "include": list(job.modules),
        "exclude": list(job.exclude),
        "pythonVersion": "3.11",
        "typeCheckingMode": "basic",
    }
    if job.stubs is not None:
        config["stubPath"] = str(job.stubs)
    project = job.tree / f"pyrightconfig-{job.variant}.json"
    project.write_text(json.dumps(config))
    result = subprocess.run(
        [
            sys.executable, "-m", "pyright", "--outputjson",
            "--pythonpath", sys.executable, "--project", str(project),
        ],
        cwd=job.tree,
        capture_output=True,
        text=True,
        check=False,
        env=base_env(),
    )  # fmt: skip
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"pyright failed:\n{result.stdout}\n{result.stderr}") from None
    if report["summary"]["filesAnalyzed"] == 0:
        raise SystemExit(f"pyright checked no file:\n{result.stdout}")
    return [
        record(
            job.tree,
            entry["file"],
            entry["range"]["start"]["line"] + 1,
            entry.get("rule", "-"),
            entry["message"],
        )
        for entry in report["generalDiagnostics"]
        if entry["severity"] == "error"
    ]


RUNNERS = {"mypy": run_mypy, "pyright": run_pyright}
#: Seconds each run takes on a cold cache, for ordering the runs (longest first).
EXPECTED_SECONDS = {"mypy": 10, "pyright": 30}


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("MYPYPATH", None)
    env["NO_COLOR"] = "1"
    return env


def record(tree: Path, path: str, line: object, code: str, message: str) -> str:
    """One error as ``file:line: [code] message``, the same in every variant."""
    try:
        shown = str(Path(path).resolve().relative_to(tree.resolve()))
    except ValueError:  # outside the checked tree (our stubs, for example)
        shown = path
    text = " ".join(message.split()).replace("txaio_typed", "txaio")
    return f"{shown}:{line}: [{code}] {text}"


def error_key(error: str) -> str:
    """What identifies an error: its file, line and text (not its code)."""
    location, _, rest = error.partition(": [")
    return location + ": " + rest.partition("] ")[2]


def check(selected: list[Package], jobs: int) -> tuple[Results, dict[str, float]]:
    """Every variant under every checker: ``{variant: {checker: errors}}``,
    and the seconds each run took."""
    source = source_tree(selected)
    trees = {"plain": source, "stubs": source, "typed": typed_copy(source)}
    stubs = stub_path()
    modules = tuple(module for package in selected for module in package.modules)
    exclude = tuple(path for package in selected for path in package.exclude)
    work = [
        Job(variant, checker, trees[variant], modules, exclude,
            stubs if variant == "stubs" else None)
        for checker in sorted(CHECKERS, key=lambda c: -EXPECTED_SECONDS[c])
        for variant in VARIANTS
    ]  # fmt: skip
    seconds: dict[str, float] = {}

    def run(job: Job) -> list[str]:
        start = time.perf_counter()
        errors = sorted(set(RUNNERS[job.checker](job)))
        seconds[f"{job.variant} {job.checker}"] = time.perf_counter() - start
        return errors

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        found = dict(zip(work, pool.map(run, work), strict=True))
    results: Results = {variant: {} for variant in VARIANTS}
    for job, errors in found.items():
        results[job.variant][job.checker] = errors
    return results, seconds


def new_errors(results: Results) -> Results:
    """The errors of each variant that the plain variant does not have."""
    new: Results = {}
    for variant in VARIANTS[1:]:
        new[variant] = {}
        for checker in CHECKERS:
            reference = {error_key(error) for error in results["plain"][checker]}
            seen: set[str] = set()
            kept: list[str] = []
            for error in results[variant][checker]:
                key = error_key(error)
                if key not in reference and key not in seen:
                    seen.add(key)
                    kept.append(error)
            new[variant][checker] = kept
    return new


# -- the verdict -----------------------------------------------------------------------


def package_of(error: str, selected: list[Package]) -> str:
    top = error.split("/", 1)[0]
    for package in selected:
        if top in package.modules:
            return package.name
    return "(other)"


def table(
    new: Results, baseline: Baseline, known: dict[str, Kind], selected: list[Package]
) -> Iterator[str]:
    """The issue's table: new errors / false positives per variant and checker,
    in total and per package."""

    def cell(errors: list[str], variant: str, checker: str) -> str:
        classified = baseline.get(variant, {}).get(checker, {})
        false = sum(
            1
            for error in errors
            if (kind := known.get(classified.get(error, UNREVIEWED)))
            and kind.verdict == "false positive"
        )
        unreviewed = sum(
            1 for error in errors if classified.get(error, UNREVIEWED) not in known
        )
        text = f"{len(errors)} / {false}"
        return text + (f" (+{unreviewed} unreviewed)" if unreviewed else "")

    titles = [f"{CHECKER_TITLES[c]}: new / false positives" for c in CHECKERS]
    yield "| | " + " | ".join(titles) + " |"
    yield "|---|" + "---|" * len(CHECKERS)
    for variant in VARIANTS[1:]:
        cells = [cell(new[variant][c], variant, c) for c in CHECKERS]
        yield f"| {VARIANT_TITLES[variant]} | " + " | ".join(cells) + " |"
    for package in selected:
        for variant in VARIANTS[1:]:
            cells = [
                cell(
                    [
                        e
                        for e in new[variant][c]
                        if package_of(e, selected) == package.name
                    ],
                    variant,
                    c,
                )
                for c in CHECKERS
            ]
            yield (
                f"| {package.name} {package.version}, {variant} | "
                + " | ".join(cells)
                + " |"
            )


def verdict(
    new: Results, baseline: Baseline, known: dict[str, Kind]
) -> tuple[list[str], list[str], list[str]]:
    """(unreviewed new errors, true positives no longer reported, false
    positives no longer reported)."""
    unreviewed: list[str] = []
    lost: list[str] = []
    fixed: list[str] = []
    for variant in VARIANTS[1:]:
        for checker in CHECKERS:
            classified = baseline.get(variant, {}).get(checker, {})
            errors = new[variant][checker]
            for error in errors:
                if classified.get(error, UNREVIEWED) not in known:
                    unreviewed.append(f"{variant} {checker}: {error}")
            for error, kind in sorted(classified.items()):
                if error in errors or kind not in known:
                    continue
                entry = f"{variant} {checker}: {error}  ({kind})"
                if known[kind].verdict == "true positive":
                    lost.append(entry)
                else:
                    fixed.append(entry)
    return unreviewed, lost, fixed


def updated(new: Results, baseline: Baseline) -> Baseline:
    return {
        variant: {
            checker: {
                error: baseline.get(variant, {}).get(checker, {}).get(error, UNREVIEWED)
                for error in new[variant][checker]
            }
            for checker in CHECKERS
        }
        for variant in VARIANTS[1:]
    }


# -- main ----------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--update-baseline", action="store_true")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--report", type=Path, default=WORK / "report.json")
    options = parser.parse_args(argv)
    WORK.mkdir(exist_ok=True)
    baseline: Baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    known = kinds()
    for by_checker in baseline.values():
        for classified in by_checker.values():
            for error, kind in classified.items():
                if kind != UNREVIEWED and kind not in known:
                    raise SystemExit(f"baseline: unknown kind {kind!r} of {error}")
    selected = packages()
    start = time.perf_counter()
    results, seconds = check(selected, options.jobs)
    elapsed = time.perf_counter() - start
    new = new_errors(results)
    options.report.write_text(
        json.dumps({"results": results, "new": new, "seconds": seconds}, indent=2)
        + "\n"
    )
    checked = ", ".join(f"{p.name} {p.version}" for p in selected)
    print(f"\n{checked}: errors our types add to those of plain txaio\n")
    for line in table(new, baseline, known, selected):
        print(line)
    runs = ", ".join(f"{name} {value:.0f} s" for name, value in seconds.items())
    print(f"\nchecked in {elapsed:.0f} s ({runs})")
    if options.update_baseline:
        BASELINE.write_text(
            json.dumps(updated(new, baseline), indent=2, sort_keys=True) + "\n"
        )
        print(f"wrote {BASELINE.relative_to(ROOT)}")
        return 0
    unreviewed, lost, fixed = verdict(new, baseline, known)
    for entry in fixed:
        print(f"false positive no longer reported (--update-baseline): {entry}")
    if lost:
        print("\ntrue positives no longer reported (the types stopped finding a bug):")
        print("\n".join(f"  {entry}" for entry in lost))
    if unreviewed:
        print(
            f"\nnew errors not reviewed in {BASELINE.relative_to(ROOT)} (a false"
            " positive of our types, or a real bug to classify):"
        )
        print("\n".join(f"  {entry}" for entry in unreviewed))
    if lost or unreviewed:
        return 1
    print("\nevery new error is a reviewed one (realcode/baseline.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
