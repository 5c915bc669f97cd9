"""Both distributions build into an sdist and a wheel that are ready to publish.

Each distribution is built the way a release is built: ``python -m build``
makes the sdist and then the wheel *from the sdist*, so a file missing from
the sdist breaks the wheel. The artifacts must pass ``twine check --strict``,
carry the license and the type information, and describe the project on the
package index (summary, license, authors, URLs, Python versions) without
publishing the development tools.
"""

from __future__ import annotations

import email.message
import email.parser
import re
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from processes import run

#: Run by ``python3 dev.py test packaging``, not by a plain ``pytest``.
pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parent.parent
STUBS = ROOT / "stubs" / "txaio-stubs"
LICENSE = (ROOT / "LICENSE").read_text()

PYTHON_VERSIONS = {"3.11", "3.12", "3.13"}
URL_LABELS = {"Documentation", "Repository", "Issues", "Changelog"}


@dataclass(frozen=True)
class Built:
    name: str
    sdist: Path
    wheel: Path

    def metadata(self) -> email.message.Message:
        with zipfile.ZipFile(self.wheel) as wheel:
            (path,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
            return email.parser.Parser().parsestr(wheel.read(path).decode())

    def wheel_names(self) -> set[str]:
        with zipfile.ZipFile(self.wheel) as wheel:
            return set(wheel.namelist())

    def sdist_names(self) -> set[str]:
        with tarfile.open(self.sdist) as sdist:
            # Names relative to the sdist's top directory.
            return {name.partition("/")[2] for name in sdist.getnames()}

    def sdist_text(self, name: str) -> str:
        with tarfile.open(self.sdist) as sdist:
            (member,) = [m for m in sdist.getmembers() if m.name.endswith("/" + name)]
            extracted = sdist.extractfile(member)
            assert extracted is not None
            return extracted.read().decode()


def build(name: str, source: Path, into: Path) -> Built:
    """Build the sdist, then the wheel from the sdist, without network access."""
    built = run(
        *(sys.executable, "-m", "build", "--no-isolation", "--outdir", into, source),
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (sdist,) = into.glob("*.tar.gz")
    (wheel,) = into.glob("*.whl")
    return Built(name, sdist, wheel)


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build("txaio-typed", ROOT, tmp_path_factory.mktemp("txaio-typed"))


@pytest.fixture(scope="module")
def stubs(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build("txaio-stubs", STUBS, tmp_path_factory.mktemp("txaio-stubs"))


@pytest.fixture(params=["txaio-typed", "txaio-stubs"])
def dist(request: pytest.FixtureRequest) -> Built:
    fixture = "typed" if request.param == "txaio-typed" else "stubs"
    built = request.getfixturevalue(fixture)
    assert isinstance(built, Built)
    return built


def test_txaio_typed_wheel_carries_the_types(typed: Built) -> None:
    expected = {
        "txaio_typed/__init__.py",
        "txaio_typed/__init__.pyi",
        "txaio_typed/py.typed",
        "txaio_typed/aio.py",
        "txaio_typed/tx.py",
        "txaio_typed/interfaces.py",
    }
    names = typed.wheel_names()
    assert expected <= names, sorted(expected - names)


def test_txaio_stubs_wheel_carries_the_stubs_and_no_code(stubs: Built) -> None:
    expected = {
        "txaio-stubs/__init__.pyi",
        "txaio-stubs/aio.pyi",
        "txaio-stubs/tx.pyi",
        "txaio-stubs/interfaces.pyi",
        "txaio-stubs/testutil.pyi",
    }
    names = stubs.wheel_names()
    assert expected <= names, sorted(expected - names)
    # A stub-only distribution ships no code (PEP 561).
    assert not [name for name in names if name.endswith(".py")]


def test_twine_check_strict(dist: Built) -> None:
    checked = run(
        *(sys.executable, "-m", "twine", "check", "--strict", dist.sdist, dist.wheel),
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2, checked.stdout


def test_the_license_is_in_the_sdist_and_the_wheel(dist: Built) -> None:
    wheel_license = [n for n in dist.wheel_names() if n.endswith("/licenses/LICENSE")]
    assert len(wheel_license) == 1, sorted(dist.wheel_names())
    with zipfile.ZipFile(dist.wheel) as wheel:
        assert wheel.read(wheel_license[0]).decode() == LICENSE
    assert "LICENSE" in dist.sdist_names()
    assert dist.sdist_text("PKG-INFO").count("License-File: LICENSE") == 1
    metadata = dist.metadata()
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert "MIT License" in LICENSE
    assert "Copyright (c) 2026 the txaio-typed authors" in LICENSE


def test_the_stubs_license_is_the_projects(stubs: Built) -> None:
    assert (STUBS / "LICENSE").read_text() == LICENSE


def test_the_package_page_metadata(dist: Built) -> None:
    metadata = dist.metadata()
    assert metadata["Name"] == dist.name
    assert metadata["Summary"]
    assert metadata["Author"] == "the txaio-typed authors"
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata["Description-Content-Type"] == "text/markdown"
    classifiers = metadata.get_all("Classifier") or []
    versions = {
        c.removeprefix("Programming Language :: Python :: ")
        for c in classifiers
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    }
    assert versions == PYTHON_VERSIONS
    assert "Programming Language :: Python :: 3 :: Only" in classifiers
    # PEP 639: the license is the License-Expression, not a classifier.
    assert not [c for c in classifiers if c.startswith("License ::")]
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL") or [])
    assert set(urls) == URL_LABELS
    for url in urls.values():
        assert url.startswith("https://"), url


def test_the_development_tools_are_not_published(dist: Built) -> None:
    metadata = dist.metadata()
    assert "dev" not in (metadata.get_all("Provides-Extra") or [])
    requirements = metadata.get_all("Requires-Dist") or []
    pinned = [r for r in requirements if "==" in r.partition(";")[0]]
    assert not pinned
    assert not [r for r in requirements if r.startswith(("pytest", "mypy", "mkdocs"))]


MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")


def test_the_package_page_has_no_relative_links(dist: Built) -> None:
    """The long description is shown on the index, where relative links die."""
    description = dist.metadata().get_payload()
    assert isinstance(description, str)
    links = MARKDOWN_LINK.findall(description)
    assert links, "expected the description to link somewhere"
    relative = [link for link in links if not link.startswith("https://")]
    assert not relative
