"""Type-check real code that uses txaio, with and without our types.

Run through ``python3 dev.py realcode`` (which builds its own environment,
``.venv-realcode``). The releases listed in ``realcode/packages.toml`` are
downloaded (cached in ``.realcode/``), unpacked side by side into one tree
(``.realcode/tree``: read the checked lines there), and checked together
in three variants:

``plain``
    upstream txaio as installed (untyped): the reference;
``stubs``
    upstream txaio with txaio-stubs (``stubs/txaio-stubs``) ahead of it,
    imports unchanged;
``typed``
    a copy of the tree whose ``import txaio`` lines import txaio-typed
    (``import txaio_typed as txaio``; line numbers unchanged);

each in three modes, as a new user runs the checkers: mypy with its default
flags, mypy ``--check-untyped-defs``, and pyright ``basic``.

How the errors are counted, paired out and judged (T: a real bug found, S:
an error in correct code caused by a txaio type, C: the code's own typing
debt) is written in tools/realcode_count.py. ``realcode/baseline.json``
gives every new error its kind, ``realcode/kinds.toml`` each kind its
verdict and reason. The run prints the T / S / C table and fails when a new
error has no verdict, when a T of the baseline is no longer reported, or
when an S is reported.

``--update-baseline`` rewrites the baseline from this run: errors still
reported keep their kind, a new one gets the kind whose ``match``
expressions it matches (``unreviewed`` when none or several do), and the
errors no longer reported are dropped; it refuses while a T is lost, unless
``--drop-lost`` says that the loss is intended.
Review the difference before committing it. ``--again`` judges the errors
of the last run (saved in ``.realcode/report.json``) without checking
again, for example after an edit of the verdicts.

The nine checker runs share the machine's cores, the longest first.

    python3 dev.py realcode [--update-baseline [--drop-lost]] [--again] [--jobs N]
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python tools/realcode.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.realcode_count import (
    MODE_TITLES,
    MODES,
    VARIANT_TITLES,
    VARIANTS,
    Baseline,
    Comparison,
    Error,
    compare,
    inconsistencies,
    judge,
    kind_table,
    load_kinds,
    table,
    updated_baseline,
)

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "realcode" / "packages.toml"
BASELINE = ROOT / "realcode" / "baseline.json"
KINDS = ROOT / "realcode" / "kinds.toml"
WORK = ROOT / ".realcode"
STUBS = ROOT / "stubs" / "txaio-stubs" / "txaio-stubs"

IMPORT_LINE = re.compile(r"^(\s*)(import txaio\b.*|from txaio(\.\w+)? import .*)$")

#: ``{variant: {mode: errors}}``, the plain run included.
Results = dict[str, dict[str, set[Error]]]


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
    mode: str
    tree: Path
    modules: tuple[str, ...]
    exclude: tuple[str, ...]
    stubs: Path | None


#: mypy's flags per mode, besides those that fix the output's format.
MYPY_FLAGS = {"mypy": (), "mypy-check-untyped-defs": ("--check-untyped-defs",)}


def run_mypy(job: Job) -> list[Error]:
    cache = WORK / "mypy-cache" / f"{job.variant}-{job.mode}"
    command = [
        sys.executable, "-m", "mypy", "--config-file", "", "--cache-dir", str(cache),
        *MYPY_FLAGS[job.mode], "--no-error-summary", "--show-error-codes",
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
    errors: list[Error] = []
    for line in result.stdout.splitlines():
        match = re.match(r"(.+?):(\d+): error: (.*?)(?:  \[([\w-]+)\])?$", line)
        if match:
            path, number, message, code = match.groups()
            errors.append(error(job.tree, path, int(number), code or "-", message))
    return errors


def run_pyright(job: Job) -> list[Error]:
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
        error(
            job.tree,
            entry["file"],
            entry["range"]["start"]["line"] + 1,
            entry.get("rule", "-"),
            entry["message"],
        )
        for entry in report["generalDiagnostics"]
        if entry["severity"] == "error"
    ]


def run_checker(job: Job) -> list[Error]:
    return run_pyright(job) if job.mode == "pyright-basic" else run_mypy(job)


#: Seconds each run takes on a cold cache, for ordering the runs (longest first).
EXPECTED_SECONDS = {"mypy": 15, "mypy-check-untyped-defs": 20, "pyright-basic": 60}


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("MYPYPATH", None)
    env["NO_COLOR"] = "1"
    return env


def error(tree: Path, path: str, line: int, code: str, message: str) -> Error:
    """One error, written the same in every variant: its path relative to the
    tree, its text on one line, ``txaio_typed`` named ``txaio``."""
    try:
        shown = str(Path(path).resolve().relative_to(tree.resolve()))
    except ValueError:  # outside the checked tree (our stubs, for example)
        shown = path
    text = " ".join(message.split()).replace("txaio_typed", "txaio")
    return Error(shown, line, code, text)


def check(selected: list[Package], jobs: int) -> tuple[Results, dict[str, float]]:
    """Every variant in every mode: ``{variant: {mode: errors}}``, and the
    seconds each run took."""
    source = source_tree(selected)
    trees = {"plain": source, "stubs": source, "typed": typed_copy(source)}
    stubs = stub_path()
    modules = tuple(module for package in selected for module in package.modules)
    exclude = tuple(path for package in selected for path in package.exclude)
    work = [
        Job(variant, mode, trees[variant], modules, exclude,
            stubs if variant == "stubs" else None)
        for mode in sorted(MODES, key=lambda m: -EXPECTED_SECONDS[m])
        for variant in ("plain", *VARIANTS)
    ]  # fmt: skip
    seconds: dict[str, float] = {}

    def run(job: Job) -> set[Error]:
        start = time.perf_counter()
        errors = set(run_checker(job))
        seconds[f"{job.variant} {job.mode}"] = time.perf_counter() - start
        return errors

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        found = dict(zip(work, pool.map(run, work), strict=True))
    results: Results = {variant: {} for variant in ("plain", *VARIANTS)}
    for job, errors in found.items():
        results[job.variant][job.mode] = errors
    return results, seconds


def comparisons(results: Results) -> dict[str, dict[str, Comparison]]:
    """``{variant: {mode: the variant's errors against the plain run's}}``."""
    return {
        variant: {
            mode: compare(results["plain"][mode], results[variant][mode])
            for mode in MODES
        }
        for variant in VARIANTS
    }


def counts_table(results: Results, compared: dict[str, dict[str, Comparison]]) -> str:
    """Errors per run: all of them, then new and paired out against plain."""
    lines = [
        "| | " + " | ".join(MODE_TITLES[m] for m in MODES) + " |",
        "|---|" + "---|" * len(MODES),
        "| plain txaio: errors | "
        + " | ".join(str(len(results["plain"][m])) for m in MODES)
        + " |",
    ]
    for variant in VARIANTS:
        cells = [
            f"{len(results[variant][m])} / {len(compared[variant][m].new)}"
            f" / {len(compared[variant][m].paired)}"
            for m in MODES
        ]
        lines.append(
            f"| {VARIANT_TITLES[variant]}: errors / new / paired out | "
            + " | ".join(cells)
            + " |"
        )
    return "\n".join(lines)


def source_line(error: Error) -> str:
    """The checked line ``error`` is on, stripped (for the reviewer)."""
    path = WORK / "tree" / error.path
    try:
        return path.read_text().splitlines()[error.line - 1].strip()
    except (OSError, IndexError):
        return "?"


def write_report(
    path: Path,
    results: Results,
    compared: dict[str, dict[str, Comparison]],
    seconds: dict[str, float],
) -> None:
    """Save every run's errors, the pairs and the times (read by ``--again``)."""
    report = {
        "results": {
            v: {m: sorted(map(str, errors)) for m, errors in by_mode.items()}
            for v, by_mode in results.items()
        },
        "paired": {
            v: {m: [[str(a), str(b)] for a, b in c.paired] for m, c in by_mode.items()}
            for v, by_mode in compared.items()
        },
        "seconds": seconds,
    }
    path.write_text(json.dumps(report, indent=2) + "\n")


def read_report(path: Path) -> tuple[Results, dict[str, float]]:
    """The errors and times :func:`write_report` saved."""
    report = json.loads(path.read_text())
    results: Results = {
        variant: {
            mode: set(map(Error.parse, errors)) for mode, errors in by_mode.items()
        }
        for variant, by_mode in report["results"].items()
    }
    return results, report["seconds"]


# -- main ----------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        epilog="The rules of the count are in tools/realcode_count.py.",
    )
    parser.add_argument(
        "--update-baseline",
        action="store_true",
        help=(
            "rewrite realcode/baseline.json from this run: a new error gets the"
            " kind whose match expressions match it"
        ),
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="checker runs at once (default: up to 2)",
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=WORK / "report.json",
        help="where every run's errors are saved (default: .realcode/report.json)",
    )
    parser.add_argument(
        "--drop-lost",
        action="store_true",
        help="with --update-baseline: drop the T errors no longer reported",
    )
    parser.add_argument(
        "--again",
        action="store_true",
        help="judge the errors of the last run (--report) without checking again",
    )
    options = parser.parse_args(argv)
    WORK.mkdir(exist_ok=True)
    baseline: Baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    try:
        kinds = load_kinds(tomllib.loads(KINDS.read_text())["kinds"])
    except ValueError as problem:
        raise SystemExit(f"{KINDS.relative_to(ROOT)}: {problem}") from None
    selected = packages()
    start = time.perf_counter()
    if options.again:
        results, seconds = read_report(options.report)
    else:
        results, seconds = check(selected, options.jobs)
    elapsed = time.perf_counter() - start
    compared = comparisons(results)
    new = {v: {m: c.new for m, c in by_mode.items()} for v, by_mode in compared.items()}
    if not options.again:
        write_report(options.report, results, compared, seconds)
    if options.update_baseline:
        lost = judge(new, baseline, kinds).lost
        if lost:
            print("T errors no longer reported:")
            print("\n".join(f"  {entry}" for entry in lost))
            if not options.drop_lost:
                print("not updating the baseline (--drop-lost drops them)")
                return 1
        baseline = updated_baseline(new, baseline, kinds)
        BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n")
        print(f"wrote {BASELINE.relative_to(ROOT)}")
    verdict = judge(new, baseline, kinds)
    checked = ", ".join(f"{p.name} {p.version}" for p in selected)
    print(f"\n{checked}: errors of each run, and the new ones against plain txaio\n")
    print(counts_table(results, compared))
    print("\nThe new errors by verdict (T real bug, S caused by a txaio type, C the")
    print("code's own typing debt; realcode/kinds.toml):\n")
    print("\n".join(table(verdict)))
    print(f"\nThe new errors by kind ({' / '.join(VARIANTS)}):\n")
    print("\n".join(kind_table(new, baseline, kinds)))
    runs = ", ".join(f"{name} {value:.0f} s" for name, value in seconds.items())
    if options.again:
        print(f"\njudged the errors saved in {options.report} (runs: {runs})")
    else:
        print(f"\nchecked in {elapsed:.0f} s ({runs})")
    problems = list(inconsistencies(baseline, kinds))
    for entry in verdict.gone:
        print(f"no longer reported (--update-baseline drops it): {entry}")
    unreviewed = [
        f"{where}: {error}\n      {source_line(error)}"
        for where, error in verdict.unreviewed
    ]
    sections = (
        ("entries of the baseline that contradict their kind", problems),
        ("T errors no longer reported (the types stopped finding a bug)", verdict.lost),
        (
            "S errors (correct code rejected because of a txaio type)",
            verdict.suspicious,
        ),
        ("new errors without a verdict (give each a kind in the baseline)", unreviewed),
    )
    for title, entries in sections:
        if entries:
            print(f"\n{title}:")
            print("\n".join(f"  {entry}" for entry in entries))
    if problems or verdict.failed:
        return 1
    print("\nevery new error has a verdict, no T was lost and no S is reported")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
