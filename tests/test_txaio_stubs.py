"""txaio-stubs: the stub-only distribution for code that imports upstream txaio.

Checked three ways, against the installed upstream txaio:

1. ``mypy.stubtest`` compares the stubs with the runtime, once with asyncio
   and once with Twisted selected (``stubs/txaio-stubs/run_stubtest.py``);
2. the caller suite in ``typecheck/upstream`` passes mypy ``--strict``,
   pyright strict, basedpyright, pyrefly and ty: ``pass/`` without any
   error, ``fail/`` with exactly the errors pinned on its lines (see
   tests/typecheckers.py); the framework-neutral and asyncio part again in
   an environment where Twisted cannot be imported;
3. the ``pass/`` programs run for real on asyncio and on Twisted.

The stubs must be installed, not editable:
``pip install ./stubs/txaio-stubs`` (``dev.py`` does it). Nothing is
installed here.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
from processes import output, run, run_all
from typecheckers import (
    CHECKERS,
    Configs,
    allowlist,
    check,
    pin_problems,
    pins,
    venv_without_twisted,
)

#: Run by ``python3 dev.py test typecheck``, not by a plain ``pytest``.
pytestmark = pytest.mark.typecheck

ROOT = Path(__file__).resolve().parent.parent
STUBS = ROOT / "stubs" / "txaio-stubs"
STUB_FILES = STUBS / "txaio-stubs"
SUITE = ROOT / "typecheck" / "upstream"
FRAMEWORKS = ("asyncio", "twisted")

PASS_FILES = sorted((SUITE / "pass").glob("*.py"))
FAIL_FILES = sorted((SUITE / "fail").glob("*.py"))
# What can be checked without Twisted: everything not importing it.
NO_TWISTED_FILES = [
    path for path in [*PASS_FILES, *FAIL_FILES] if not path.name.startswith("tx_")
] + sorted((SUITE / "no_twisted").glob("*.py"))


REINSTALL = "pip install --force-reinstall --no-deps ./stubs/txaio-stubs"


def installed_stubs() -> Path:
    try:
        distribution = metadata.distribution("txaio-stubs")
    except metadata.PackageNotFoundError:
        pytest.fail(f"txaio-stubs is not installed; run: {REINSTALL}")
    return Path(str(distribution.locate_file("txaio-stubs")))


def rel(path: Path) -> str:
    return str(path.relative_to(SUITE))


# -- the installed distribution ----------------------------------------------


def test_installed_stubs_are_the_checkout() -> None:
    installed = installed_stubs()
    ours = {path.name: path.read_text() for path in STUB_FILES.glob("*.pyi")}
    theirs = {path.name: path.read_text() for path in installed.glob("*.pyi")}
    assert set(theirs) == set(ours), f"stale install; run: {REINSTALL}"
    stale = sorted(name for name in ours if ours[name] != theirs[name])
    assert not stale, f"installed {stale} differ from the checkout; run: {REINSTALL}"
    assert not (installed / "__init__.py").exists()
    assert metadata.version("txaio-stubs").startswith(metadata.version("txaio"))


def test_every_public_upstream_name_is_stubbed() -> None:
    source = (STUB_FILES / "__init__.pyi").read_text()
    declared = set(re.findall(r"^(?:def |class )?(\w+)", source, re.MULTILINE))
    declared |= set(re.findall(r"import (\w+) as \1", source))
    script = "import txaio; print(' '.join(txaio.__all__))"
    result = run(sys.executable, "-c", script, cwd=SUITE, timeout=120)
    assert result.returncode == 0, output(result)
    missing = set(result.stdout.split()) - declared
    assert not missing, f"not in txaio-stubs/__init__.pyi: {sorted(missing)}"


# -- 1. stubtest ---------------------------------------------------------------

STUBTEST_UNUSED = re.compile(r"^note: unused allowlist entry (\S+)$", re.MULTILINE)


ALLOWLIST = allowlist(STUBS / "stubtest-allowlist.txt")


def test_allowlist_entries_are_explained() -> None:
    for entry in ALLOWLIST:
        assert entry.why and not entry.grouped, (
            f"allowlist entry {entry.entry!r} needs a comment saying why"
        )


def test_stubtest_with_each_framework(tmp_path: Path) -> None:
    # Both runs at once (one per core); outside the repository so that no
    # project mypy configuration applies, each in its own directory so that
    # they do not share (and lock) one mypy cache.
    for framework in FRAMEWORKS:
        (tmp_path / framework).mkdir()
    finished = run_all(
        {
            framework: [sys.executable, STUBS / "run_stubtest.py", framework]
            for framework in FRAMEWORKS
        },
        cwd={framework: tmp_path / framework for framework in FRAMEWORKS},
        timeout=180,
    )
    unused_by: dict[str, set[str]] = {}
    for framework, process in finished.items():
        text = process.stdout + process.stderr
        errors = [line for line in text.splitlines() if line.startswith("error")]
        assert not errors, f"stubtest with {framework}:\n{text}"
        unused = set(STUBTEST_UNUSED.findall(text))
        unused_by[framework] = unused
        if unused:
            noun = "error" if len(unused) == 1 else "errors"
            assert f"Found {len(unused)} {noun} " in text, text
        else:
            assert process.returncode == 0 and "Success" in text, text
    needed_by_none = unused_by["asyncio"] & unused_by["twisted"]
    assert not needed_by_none, f"allowlist entries nobody needs: {needed_by_none}"
    entries = {entry.entry for entry in ALLOWLIST}
    assert entries >= unused_by["asyncio"] | unused_by["twisted"]


# -- 2. the caller suite under every type checker -----------------------------


def test_must_fail_cases_are_pinned_for_every_checker() -> None:
    cases = 0
    problems: list[str] = []
    for path in FAIL_FILES:
        lines = path.read_text().splitlines()
        problems += pin_problems(path, must_fail=True)
        for number in pins(path):
            where = f"{rel(path)}:{number}: {lines[number - 1].strip()}"
            comment = lines[number - 2].strip()
            assert comment.startswith("#"), f"say what is wrong above: {where}"
            cases += 1
    assert not problems, "\n".join(problems)
    assert cases >= 50, cases


def test_must_pass_files_suppress_nothing_without_an_issue() -> None:
    problems: list[str] = []
    for path in PASS_FILES:
        problems += pin_problems(path, must_fail=False)
        assert "assert_type(" in path.read_text(), rel(path)
    assert not problems, "\n".join(problems)


CONFIGS = Configs.of(SUITE)
ALL_SUITE_FILES = [*PASS_FILES, *FAIL_FILES, SUITE / "run_pass.py"]


@pytest.mark.parametrize("checker", CHECKERS)
def test_suite_under_each_checker(checker: str) -> None:
    clean, report = check(
        checker,
        CONFIGS,
        cwd=SUITE,
        files=[rel(path) for path in ALL_SUITE_FILES],
        cache=ROOT / ".mypy_cache" / "txaio-stubs",
    )
    assert clean, report


@pytest.fixture(scope="module")
def python_without_twisted(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A virtualenv holding only txaio, txaio-stubs, txaio_typed (which one
    case uses next to them) and typing_extensions, linked from the current
    environment."""
    import txaio
    import typing_extensions

    import txaio_typed

    packages = [
        Path(txaio.__file__).parent,
        installed_stubs(),
        Path(txaio_typed.__file__).parent,
        Path(typing_extensions.__file__),
    ]
    home = tmp_path_factory.mktemp("without-twisted")
    return str(venv_without_twisted(home, packages, ["txaio"]))


#: Without Twisted, the futures the functions return by default have an
#: unknown base (``Deferred``), which mypy takes for anything and pyrefly
#: awaits to Unknown: a project without Twisted uses the strict mode, where
#: they are the neutral ``Future[T]``. pyrefly and ty cannot be told the
#: strict mode, so they are not run here (docs/txaio-stubs.md says so).
STRICT_CONFIGS = Configs(
    SUITE / "strict" / "mypy.ini",
    SUITE / "strict" / "pyrightconfig.json",
    SUITE / "pyrefly.toml",
    SUITE / "ty.toml",
)


@pytest.mark.parametrize("checker", ["mypy", "pyright", "basedpyright"])
def test_suite_without_twisted(
    checker: str, python_without_twisted: str, tmp_path: Path
) -> None:
    clean, report = check(
        checker,
        STRICT_CONFIGS,
        cwd=SUITE,
        files=[rel(path) for path in NO_TWISTED_FILES],
        python=python_without_twisted,
        cache=tmp_path / "mypy-cache",
    )
    assert clean, report


@pytest.mark.parametrize("checker", ["mypy", "pyright", "basedpyright"])
def test_strict_mode(checker: str, tmp_path: Path) -> None:
    """typecheck/upstream/strict: with TXAIO_STRICT true the functions'
    results offer no framework's own API and levels must be names; each such
    use is pinned."""
    clean, report = check(
        checker,
        STRICT_CONFIGS,
        cwd=SUITE,
        files=[rel(path) for path in sorted((SUITE / "strict").glob("*.py"))],
        cache=tmp_path / "mypy-cache",
    )
    assert clean, report


# -- 3. the must-pass programs, run for real ----------------------------------


def runtime_cases() -> list[tuple[str, Path]]:
    cases: list[tuple[str, Path]] = []
    for path in PASS_FILES:
        prefix = path.name.split("_", 1)[0]
        frameworks = {"neutral": FRAMEWORKS, "aio": ("asyncio",), "tx": ("twisted",)}
        cases.extend((framework, path) for framework in frameworks[prefix])
    return cases


@pytest.mark.parametrize(
    ("framework", "program"),
    runtime_cases(),
    ids=[f"{framework}-{path.stem}" for framework, path in runtime_cases()],
)
def test_pass_program_runs(framework: str, program: Path) -> None:
    result = run(
        sys.executable, "run_pass.py", framework, rel(program), cwd=SUITE, timeout=60
    )
    assert result.returncode == 0, output(result)
    for trouble in (
        "Traceback",
        "Unhandled error in Deferred",
        "exception was never retrieved",
        "Exception in callback",
    ):
        assert trouble not in result.stdout + result.stderr, output(result)
