"""The documentation site builds in strict mode, and its links hold.

``python3 dev.py docs`` runs the same build into ``site/``. MkDocs' strict
mode turns every warning into an error: a page missing from the navigation,
a link to a page or an anchor that does not exist, a reference to a Python
object that mkdocstrings cannot find.
"""

from __future__ import annotations

import importlib
import re
import sys
import tomllib
from pathlib import Path

import pytest
from processes import run

#: Run by ``python3 dev.py test docs``, not by a plain ``pytest``.
pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
URLS: dict[str, str] = PYPROJECT["project"]["urls"]
SITE_URL = URLS["Documentation"]
REPOSITORY = URLS["Repository"]

#: The API reference: module -> the page documenting it.
REFERENCE = {
    "txaio_typed": "reference/txaio_typed",
    "txaio_typed.aio": "reference/aio",
    "txaio_typed.tx": "reference/tx",
    "txaio_typed.interfaces": "reference/interfaces",
    "txaio_typed.testutil": "reference/testutil",
}

#: Where the module-level functions of a backend are documented.
BACKEND_API = {"txaio_typed.aio": "AsyncioApi", "txaio_typed.tx": "TwistedApi"}

#: Documents whose links must hold (the README is the package page).
DOCUMENTS = [
    ROOT / "README.md",
    ROOT / "CHANGELOG.md",
    ROOT / "stubs" / "txaio-stubs" / "README.md",
    *sorted((ROOT / "docs").rglob("*.md")),
]
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|<(https?://[^>\s]+)>")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("site")
    built = run(
        *(sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", directory),
        env={"NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert "WARNING" not in built.stderr, built.stderr
    return directory


def test_the_site_has_every_page(site: Path) -> None:
    pages = {path.relative_to(ROOT / "docs") for path in (ROOT / "docs").rglob("*.md")}
    for page in pages:
        html = "index.html" if page.stem == "index" else f"{page.stem}/index.html"
        assert (site / page.parent / html).is_file(), page
    home = (site / "index.html").read_text()
    # The home page is the README's introduction.
    assert "Three ways to use it" in home
    assert "Changelog" in (site / "changelog" / "index.html").read_text()


@pytest.mark.parametrize("module_name", sorted(REFERENCE))
def test_the_reference_documents_every_public_name(
    module_name: str, site: Path
) -> None:
    module = importlib.import_module(module_name)
    page = (site / REFERENCE[module_name] / "index.html").read_text()
    documented = set(re.findall(r'<h[2-6] id="([\w.]+)"', page))
    missing: list[str] = []
    for name in module.__all__:
        if name.startswith("__"):
            continue
        anchors = {f"{module_name}.{name}"}
        if module_name in BACKEND_API:
            anchors.add(f"{module_name}.{BACKEND_API[module_name]}.{name}")
        if not anchors & documented:
            missing.append(name)
    assert not missing


def test_the_reference_reads_the_front_stub(site: Path) -> None:
    """The front binds its functions at selection; their types and docstrings
    live in ``__init__.pyi``, overloads included."""
    page = (site / "reference" / "txaio_typed" / "index.html").read_text()
    section = page[page.index('id="txaio_typed.create_future"') :]
    section = section[: section.index('id="txaio_typed.create_future_success"')]
    assert section.count('class="doc-signature') >= 3, "one per overload"
    assert "Create a future: pending, or resolved with" in section
    assert ":func:" not in page


def test_the_urls_agree() -> None:
    config = (ROOT / "mkdocs.yml").read_text()
    assert f"site_url: {SITE_URL}\n" in config
    assert f"repo_url: {REPOSITORY}\n" in config
    stubs_pyproject = ROOT / "stubs" / "txaio-stubs" / "pyproject.toml"
    stubs = tomllib.loads(stubs_pyproject.read_text())
    assert stubs["project"]["urls"]["Repository"] == REPOSITORY
    assert stubs["project"]["urls"]["Documentation"].startswith(SITE_URL)


def links() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for pyproject in (
        ROOT / "pyproject.toml",
        ROOT / "stubs/txaio-stubs/pyproject.toml",
    ):
        urls = tomllib.loads(pyproject.read_text())["project"]["urls"]
        found.extend((str(pyproject.relative_to(ROOT)), url) for url in urls.values())
    for document in DOCUMENTS:
        for match in LINK.finditer(document.read_text()):
            found.append((str(document.relative_to(ROOT)), match[1] or match[2]))
    return found


@pytest.mark.parametrize(
    ("document", "url"),
    [link for link in links() if link[1].startswith((SITE_URL, REPOSITORY))],
    ids=lambda value: str(value),
)
def test_links_to_the_site_and_the_repository_exist(
    document: str, url: str, site: Path
) -> None:
    if url.startswith(SITE_URL):
        page, _, anchor = url.removeprefix(SITE_URL).partition("#")
        html = site / page / "index.html"
        assert html.is_file(), f"{document}: no page {page!r} on the site"
        if anchor:
            assert f'id="{anchor}"' in html.read_text(), f"{document}: {url}"
    else:
        path = re.sub(r"^/(blob|tree)/main/", "", url.removeprefix(REPOSITORY))
        if path and path not in ("/issues", "/"):
            assert (ROOT / path).exists(), f"{document}: {url}: no {path}"
