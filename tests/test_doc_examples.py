"""Every code block of the README and of docs/ runs as pasted and says true.

Each fenced block needs a language, one of:

``python``
    A complete program. It is run in a fresh interpreter and must exit
    cleanly with nothing on stderr. A line ``txaio.use_asyncio()`` whose
    comment names ``use_twisted()`` (or the other way round) makes it run on
    both frameworks: once as written, once with the other call. The program
    is also checked with mypy ``--strict`` and pyright strict, and its
    comments are held to their word:

    - ``# error: ...``: both checkers report an error on this line, and on
      no line without such a comment;
    - ``# name: Type`` on an assignment to ``name``: ``assert_type(name,
      Type)`` holds (for the checkers and at run time);
    - ``# SomeError: text``: the statement raises ``SomeError`` (or a
      subclass) whose ``str()`` or ``repr()`` holds ``text``, where ``...``
      stands for anything; such a line may be a type error too.

    A block whose first line is a comment naming a file of the repository
    (``# typecheck/pass/front_pass.py``) is an excerpt of that file instead:
    its lines must appear in the file in the same order (a further
    ``# path`` line starts an excerpt of another file). The file itself is
    checked by its own tests.

    A fragment, a piece of a program that uses names made elsewhere, is
    preceded by an HTML comment (invisible on the rendered page) holding the
    lines that make them: ``<!-- fragment; setup:``, code lines, ``-->``.
    The setup and the block then run, and are checked, as one program. A
    fragment that uses ``await`` runs inside a coroutine, driven by
    ``asyncio.run`` or by ``Deferred.fromCoroutine``.

``sh``
    Shell commands. They are not run (they install packages or run the
    whole suite), but what they name must exist: ``dev.py`` commands and
    their options, local paths, our distributions and their extras.

``text``
    Output or file contents shown to the reader.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
import sys
import textwrap
import tokenize
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

import processes
import pytest
from typecheckers import ANY_IGNORE, comments, without_pins

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").rglob("*.md")),
    ROOT / "stubs" / "txaio-stubs" / "README.md",
]
LANGUAGES = ("python", "sh", "text")

Framework: TypeAlias = Literal["asyncio", "twisted"]

FENCE = re.compile(r"^(?P<indent>[ ]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
EXCERPT_HEADER = re.compile(r"^#\s+(?P<path>[\w./-]+\.\w+)\s*$")
TYPE_ERROR = re.compile(r"#\s*error:")
EXPECTED_RAISE = re.compile(
    r"^#\s*(?P<name>[A-Z]\w*(?:Error|Exception|Group|Interrupt|Exit))\b:?\s*(?P<text>.*)$"
)
REVEALED_TYPE = re.compile(r"^#\s*(?P<name>[A-Za-z_]\w*):\s*(?P<type>\S.*?)\s*$")
SELECTION = re.compile(r"\buse_(asyncio|twisted)\(\)")


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    """The line of the opening fence, counted from 1."""
    language: str
    code: str
    directive: str | None
    """The HTML comment just before the block, without ``<!--``/``-->``."""

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    @property
    def first_code_line(self) -> int:
        return self.line + 1


def blocks_of(path: Path) -> list[Block]:
    lines = path.read_text().splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        end = index + 1
        while end < len(lines) and not (
            lines[end].strip().startswith(fence[0] * len(fence))
            and not lines[end].strip().strip(fence[0])
        ):
            end += 1
        assert end < len(lines), f"{path}:{index + 1}: unclosed code block"
        code = "\n".join(line[indent:] for line in lines[index + 1 : end])
        info = opening["info"].split()
        blocks.append(
            Block(
                path,
                index + 1,
                info[0] if info else "",
                code + "\n",
                directive_before(lines, index),
            )
        )
        index = end + 1
    return blocks


def directive_before(lines: list[str], fence: int) -> str | None:
    """The HTML comment that ends just before line ``fence``, if any."""
    end = fence - 1
    while end >= 0 and not lines[end].strip():
        end -= 1
    if end < 0 or not lines[end].rstrip().endswith("-->"):
        return None
    start = end
    while start > 0 and not lines[start].lstrip().startswith("<!--"):
        start -= 1
    comment = "\n".join(lines[start : end + 1]).strip()
    return comment.removeprefix("<!--").removesuffix("-->")


ALL_BLOCKS = [block for document in DOCUMENTS for block in blocks_of(document)]


def test_the_documents_have_code_blocks() -> None:
    # Guards against a parser that silently finds nothing.
    assert len(ALL_BLOCKS) > 40
    assert {block.language for block in ALL_BLOCKS} == set(LANGUAGES)


@pytest.mark.parametrize("block", ALL_BLOCKS, ids=lambda block: block.where)
def test_every_block_names_its_language(block: Block) -> None:
    assert block.language in LANGUAGES, (
        f"{block.where}: tag the block with one of {LANGUAGES}"
        f" (see tests/test_doc_examples.py), not {block.language!r}"
    )


# -- python: excerpts ---------------------------------------------------------


def excerpt_sections(block: Block) -> list[tuple[Path, list[str]]] | None:
    """``[(file, lines)]`` when the block is an excerpt of repository files."""
    lines = block.code.splitlines()
    header = EXCERPT_HEADER.match(lines[0]) if lines else None
    if header is None or not (ROOT / header["path"]).is_file():
        return None
    sections: list[tuple[Path, list[str]]] = []
    for line in lines:
        header = EXCERPT_HEADER.match(line)
        if header is not None and (ROOT / header["path"]).is_file():
            sections.append((ROOT / header["path"], []))
        elif line.strip():
            sections[-1][1].append(line.strip())
    return sections


def python_blocks(kind: Literal["excerpt", "program"]) -> list[Block]:
    """The excerpts, or the programs (complete, or fragments with a setup)."""
    return [
        block
        for block in ALL_BLOCKS
        if block.language == "python"
        and (excerpt_sections(block) is not None) == (kind == "excerpt")
    ]


def normalised(code: str) -> str:
    """``code`` without pins (excerpts may show a must-fail line without
    them), whitespace and trailing commas."""
    code = without_pins(code)
    return re.sub(r",([)\]}])", r"\1", re.sub(r"\s+", "", code))


def logical_lines(path: Path) -> set[str]:
    """The file's statements (joined over lines) and comments, normalised."""
    found: set[str] = set()
    current: list[str] = []
    with path.open() as source:
        for token in tokenize.generate_tokens(source.readline):
            if token.type == tokenize.COMMENT and ANY_IGNORE.match(token.string):
                continue
            if token.type == tokenize.COMMENT and not current:
                found.add(normalised(token.string))
            elif token.type == tokenize.NEWLINE:
                found.add(normalised(" ".join(current)))
                current = []
            elif token.type not in (tokenize.NL, tokenize.INDENT, tokenize.DEDENT):
                current.append(token.string)
    return found


@pytest.mark.parametrize(
    "block", python_blocks("excerpt"), ids=lambda block: block.where
)
def test_excerpts_match_their_files(block: Block) -> None:
    """Each line is a statement or comment of the file; ``def f(): ...``
    stands for the definition of ``f`` with its body left out."""
    sections = excerpt_sections(block)
    assert sections is not None
    for path, excerpt in sections:
        assert excerpt, f"{block.where}: empty excerpt of {path.name}"
        statements = logical_lines(path)
        missing = [
            line
            for line in excerpt
            if normalised(line) not in statements
            and normalised(line).removesuffix("...") not in statements
        ]
        assert not missing, f"{block.where}: not in {path.relative_to(ROOT)}"


# -- python: programs ---------------------------------------------------------


@dataclass
class Line:
    text: str
    origin: int | None
    """The line of the document it comes from; None for the setup's and the
    harness's lines."""
    type_error: bool = False
    """Both checkers must report an error here."""
    may_fail: bool = False
    """It raises on purpose: the checkers may or may not object to it."""


@dataclass
class Program:
    """A block made runnable: the setup and the code, line by line."""

    block: Block
    lines: list[Line]

    @property
    def source(self) -> str:
        return "".join(line.text + "\n" for line in self.lines)

    def doc_line(self, index: int) -> str:
        origin = self.lines[index].origin
        where = self.block.path.relative_to(ROOT)
        return f"{where}:{origin}" if origin else f"{self.block.where} (setup)"


def setup_of(block: Block) -> str:
    directive = (block.directive or "").strip()
    if not directive.startswith("fragment"):
        return ""
    head, separator, setup = directive.partition("\n")
    assert head.strip() == "fragment; setup:" and separator, (
        f"{block.where}: a fragment is preceded by '<!-- fragment; setup:',"
        f" the code lines it needs and '-->', not {head!r}"
    )
    return textwrap.dedent(setup)


def parse(source: str, where: str) -> ast.Module:
    """Parse ``source``, allowing ``await`` outside a function."""
    flags = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    tree = compile(source, where, "exec", flags=flags)
    assert isinstance(tree, ast.Module)
    return tree


def comments_by_index(source: str) -> dict[int, str]:
    """The comment on each line, by the line's index (from 0)."""
    return {line - 1: text for line, text in comments(source).items()}


def has_top_level_await(tree: ast.Module) -> bool:
    def visit(node: ast.AST) -> bool:
        if isinstance(node, ast.Await | ast.AsyncFor | ast.AsyncWith):
            return True
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return False
        return any(visit(child) for child in ast.iter_child_nodes(node))

    return visit(tree)


def assigned_names(statement: ast.stmt) -> set[str]:
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, ast.AnnAssign):
        targets = [statement.target]
    else:
        return set()
    return {target.id for target in targets if isinstance(target, ast.Name)}


def expect_raise(lines: list[Line], name: str, pieces: list[str]) -> list[Line]:
    """``lines`` (one statement) wrapped to check that it raises ``name``."""
    indent = lines[0].text[: len(lines[0].text) - len(lines[0].text.lstrip())]
    origin = lines[-1].origin

    def harness(text: str) -> Line:
        return Line(indent + text, origin)

    return [
        harness("try:"),
        *(Line("    " + line.text, line.origin) for line in lines),
        harness("except BaseException as _doc_error:"),
        harness(f"    _doc_expect(_doc_error, {name!r}, {pieces!r})"),
        harness("else:"),
        harness(f"    raise AssertionError({'expected ' + name!r})"),
    ]


def make_program(block: Block, for_checkers: bool) -> tuple[Program, bool]:
    """The program of ``block``; True when it needs a coroutine to run in.

    For the checkers, ``# name: Type`` comments become ``assert_type``
    calls; to be run, ``# SomeError: ...`` statements also get wrapped.
    """
    setup = setup_of(block).splitlines()
    code = block.code.splitlines()
    lines = [Line(text, None) for text in setup] + [
        Line(text, block.first_code_line + index) for index, text in enumerate(code)
    ]
    source = "".join(line.text + "\n" for line in lines)
    tree = parse(source, block.where)
    line_comments = comments_by_index(source)
    for index, comment in line_comments.items():
        lines[index].type_error = TYPE_ERROR.match(comment) is not None
    # Edits of whole statements, by their (first, last) line; applied from the
    # bottom up so that the line numbers of the others stay valid.
    edits: list[tuple[int, int, list[Line]]] = []
    needs_import = needs_support = False
    for statement in ast.walk(tree):
        if not isinstance(statement, ast.stmt):
            continue
        first, last = statement.lineno - 1, (statement.end_lineno or 0) - 1
        comment = line_comments.get(last, "")
        raised = EXPECTED_RAISE.match(comment)
        revealed = REVEALED_TYPE.match(comment)
        if raised is not None:
            for line in lines[first : last + 1]:
                line.may_fail = True
            if not for_checkers:
                pieces = [p.strip() for p in raised["text"].split("...") if p.strip()]
                wrapped = expect_raise(lines[first : last + 1], raised["name"], pieces)
                edits.append((first, last, wrapped))
                needs_support = True
        elif revealed is not None and revealed["name"] in assigned_names(statement):
            check = f"assert_type({revealed['name']}, {revealed['type']})"
            indent = " " * statement.col_offset
            after = Line(indent + check, lines[last].origin)
            edits.append((first, last, [*lines[first : last + 1], after]))
            needs_import = True
    for first, last, replacement in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[first : last + 1] = replacement
    needs_coroutine = has_top_level_await(tree)
    if needs_coroutine:
        for line in lines:
            line.text = "    " + line.text if line.text.strip() else line.text
        lines.insert(0, Line("async def doc_main() -> None:", None))
    preamble: list[Line] = []
    if needs_import:
        preamble.append(Line("from typing import assert_type", None))
    if needs_support:
        preamble.append(
            Line("from doc_example_support import expect as _doc_expect", None)
        )
    future = 0
    while future < len(lines) and lines[future].text.startswith("from __future__"):
        future += 1
    lines[future:future] = preamble
    return Program(block, lines), needs_coroutine


SUPPORT = '''\
"""Checks for the documentation examples' expected exceptions."""


def expect(error: BaseException, name: str, pieces: list[str]) -> None:
    names = [cls.__name__ for cls in type(error).__mro__]
    if name not in names:
        raise AssertionError(f"expected {name}, got {error!r}") from error
    for text in (str(error), repr(error)):
        position = 0
        for piece in pieces:
            position = text.find(piece, position)
            if position < 0:
                break
            position += len(piece)
        else:
            return
    raise AssertionError(f"{error!r} does not say {pieces}") from error
'''

ASYNCIO_DRIVER = """
import asyncio as _doc_asyncio
_doc_asyncio.run(doc_main())
"""

TWISTED_DRIVER = """
from twisted.internet.defer import Deferred as _DocDeferred
from twisted.python.failure import Failure as _DocFailure
_doc_outcome: list[object] = []
_DocDeferred.fromCoroutine(doc_main()).addBoth(_doc_outcome.append)
assert _doc_outcome, "the example needs a running reactor to finish"
if isinstance(_doc_outcome[0], _DocFailure):
    _doc_outcome[0].raiseException()
"""


def variants(program: Program) -> dict[Framework, str]:
    """The program's source for each framework it runs on."""
    source = program.source
    line_comments = comments_by_index(source)
    swapped: list[str] = []
    both = False
    for index, line in enumerate(line.text for line in program.lines):
        comment = line_comments.get(index, "")
        code_part = line[: len(line) - len(comment)] if comment else line
        chosen = SELECTION.search(code_part)
        if chosen is not None and SELECTION.search(comment) is not None:
            other = "twisted" if chosen[1] == "asyncio" else "asyncio"
            both = True
            line = code_part.replace(chosen[0], f"use_{other}()") + comment
        swapped.append(line)
    as_written = framework_of(source)
    found: dict[Framework, str] = {as_written: source}
    if both:
        other_source = "\n".join(swapped) + "\n"
        found[framework_of(other_source)] = other_source
        assert len(found) == 2, f"{program.block.where}: the two runs are the same"
    return found


def framework_of(source: str) -> Framework:
    twisted = re.search(
        r"use_twisted\(\)"
        r"|^\s*(from|import) (twisted|txaio_typed\.tx|txaio_typed import tx)",
        "\n".join(line.partition("#")[0] for line in source.splitlines()),
        re.MULTILINE,
    )
    return "twisted" if twisted else "asyncio"


@dataclass(frozen=True)
class Run:
    block: Block
    framework: Framework


def runs() -> list[Run]:
    found: list[Run] = []
    for block in python_blocks("program"):
        try:
            program, _ = make_program(block, for_checkers=False)
            frameworks: list[Framework] = list(variants(program))
        except Exception:  # reported by the test itself
            frameworks = ["asyncio"]
        found.extend(Run(block, framework) for framework in frameworks)
    return found


@pytest.mark.parametrize(
    "run", runs(), ids=lambda run: f"{run.block.where}-{run.framework}"
)
def test_programs_run(run: Run, tmp_path: Path) -> None:
    program, needs_coroutine = make_program(run.block, for_checkers=False)
    source = variants(program)[run.framework]
    if needs_coroutine:
        source += ASYNCIO_DRIVER if run.framework == "asyncio" else TWISTED_DRIVER
    (tmp_path / "doc_example_support.py").write_text(SUPPORT)
    script = tmp_path / "example.py"
    script.write_text(source)
    finished = processes.run(sys.executable, script, cwd=tmp_path, timeout=120)
    report = f"{run.block.where} on {run.framework}:\n{source}\n{finished.stderr}"
    assert finished.returncode == 0, report
    assert not finished.stderr, report


# -- python: type checks ------------------------------------------------------

Checker: TypeAlias = Literal["mypy", "pyright"]


@pytest.fixture(scope="module")
def checked(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[Checker, dict[str, dict[int, list[str]]]]:
    """Each checker's errors, by file name and line (0-based)."""
    directory = tmp_path_factory.mktemp("doc-examples")
    for number, block in enumerate(python_blocks("program")):
        program, _ = make_program(block, for_checkers=True)
        (directory / f"doc_{number}.py").write_text(program.source)
    (directory / "pyrightconfig.json").write_text(
        json.dumps(
            {
                "typeCheckingMode": "strict",
                "pythonVersion": "3.11",
                "reportUnnecessaryTypeIgnoreComment": "error",
            }
        )
    )
    files = sorted(str(path) for path in directory.glob("doc_*.py"))
    mypy = processes.run(
        *(sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11"),
        *("--cache-dir", ROOT / ".mypy_cache" / "doc-examples"),
        *("--no-error-summary", "--hide-error-context", "--show-error-codes"),
        *files,
        cwd=directory,
    )
    assert mypy.returncode in (0, 1), mypy.stdout + mypy.stderr
    found: dict[Checker, dict[str, dict[int, list[str]]]] = {"mypy": {}, "pyright": {}}
    for line in mypy.stdout.splitlines():
        match = re.match(
            r"^(?P<file>[^:]+):(?P<line>\d+): error: (?P<message>.*)$", line
        )
        assert match is not None or ": note: " in line, line
        if match is not None:
            errors = found["mypy"].setdefault(Path(match["file"]).name, {})
            errors.setdefault(int(match["line"]) - 1, []).append(match["message"])
    pyright = processes.run(
        *(sys.executable, "-m", "pyright", "--outputjson"),
        *("--pythonpath", sys.executable),
        *("-p", directory / "pyrightconfig.json"),
        *files,
        cwd=directory,
    )
    assert pyright.returncode in (0, 1), pyright.stdout + pyright.stderr
    for diagnostic in json.loads(pyright.stdout)["generalDiagnostics"]:
        if diagnostic["severity"] == "information":
            continue
        errors = found["pyright"].setdefault(Path(diagnostic["file"]).name, {})
        line = diagnostic["range"]["start"]["line"]
        errors.setdefault(line, []).append(diagnostic["message"])
    return found


PROGRAMS = list(enumerate(python_blocks("program")))


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
@pytest.mark.parametrize(
    ("number", "block"), PROGRAMS, ids=[block.where for _, block in PROGRAMS]
)
def test_programs_type_check_as_their_comments_say(
    number: int,
    block: Block,
    checker: Checker,
    checked: dict[Checker, dict[str, dict[int, list[str]]]],
) -> None:
    program, _ = make_program(block, for_checkers=True)
    errors = checked[checker].get(f"doc_{number}.py", {})
    unexpected = {
        program.doc_line(index): messages
        for index, messages in errors.items()
        if not (program.lines[index].type_error or program.lines[index].may_fail)
    }
    missing = [
        program.doc_line(index)
        for index, line in enumerate(program.lines)
        if line.type_error and index not in errors
    ]
    assert not unexpected, f"{checker} reports errors not marked '# error:'"
    assert not missing, f"{checker} accepts lines marked '# error:'"


# -- sh -----------------------------------------------------------------------


def dev_commands() -> tuple[str, ...]:
    tree = ast.parse((ROOT / "dev.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "COMMANDS"
            for target in node.targets
        ):
            assert isinstance(node.value, ast.Tuple)
            return tuple(
                str(element.value)
                for element in node.value.elts
                if isinstance(element, ast.Constant)
            )
    raise AssertionError("dev.py has no COMMANDS")


#: The script behind a dev.py command whose options the docs mention.
DEV_SCRIPTS = {"demo": "examples/demo.py", "bench": "benchmarks/run.py"}


def check_command(words: list[str]) -> str | None:
    """What is wrong with one documented command line, or None."""
    match words:
        case ["python3", "dev.py", command, *options]:
            if command not in dev_commands():
                return f"dev.py has no command {command!r}"
            script = DEV_SCRIPTS.get(command)
            for option in options:
                name = option.partition("=")[0]
                known = (ROOT / script).read_text() if script else ""
                if script and name.startswith("--") and f'"{name}"' not in known:
                    return f"{script} has no option {name}"
        case ["pip", "install", *targets]:
            pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
            extras = set(pyproject["project"]["optional-dependencies"])
            for target in targets:
                if target.startswith(("./", "/")):
                    if not (ROOT / target).exists():
                        return f"no such path: {target}"
                    continue
                if target == "." or target.startswith(".["):
                    # The checkout's top directory: txaio-typed itself.
                    target = "txaio-typed" + target[1:]
                requirement = re.fullmatch(r"([\w-]+)(?:\[([\w,]+)\])?", target)
                if requirement is None:
                    return f"not a requirement: {target}"
                name, wanted = requirement[1], requirement[2]
                if name not in {"txaio-typed", "txaio-stubs"}:
                    return f"not a distribution of this project: {name}"
                unknown = set(wanted.split(",")) - extras if wanted else set[str]()
                if wanted and (name != "txaio-typed" or unknown):
                    return f"no such extra: {target}"
        case (
            ["python", "-m", "mypy" | "pyright" | "pytest", *arguments]
            | ["pyright" | "basedpyright", *arguments]
            | ["pyrefly" | "ty", "check", *arguments]
        ):
            for argument in arguments:
                if "/" in argument and not any(ROOT.glob(argument)):
                    return f"no such path: {argument}"
        case [".venv/bin/python", script, *_] if script.startswith("benchmarks/"):
            if not (ROOT / script).is_file():
                return f"no such script: {script}"
        case _:
            return "unknown command (teach tests/test_doc_examples.py about it)"
    return None


SHELL_BLOCKS = [block for block in ALL_BLOCKS if block.language == "sh"]


@pytest.mark.parametrize("block", SHELL_BLOCKS, ids=lambda block: block.where)
def test_shell_commands_name_what_exists(block: Block) -> None:
    for offset, line in enumerate(block.code.splitlines()):
        words = shlex.split(line, comments=True)
        if words:
            problem = check_command(words)
            assert problem is None, f"{block.where}+{offset + 1}: {line}: {problem}"
