"""How ``dev.py realcode`` counts: new errors, pairing, verdicts, the table.

Nothing here runs a checker or reads the network: the functions take the
errors the checkers reported and the checked-in verdicts, so that the rules
are tested on small inputs (tests/test_realcode.py). tools/realcode.py runs
the checkers and calls these.

Counting, per variant (``stubs``, ``typed``) and mode:

1. *Once.* The errors of one run are a set: an error repeated on one line
   (same file, line, code and text) counts once.
2. *New.* An error the variant reports and the plain run (upstream txaio,
   untyped) does not, compared by file, line, code and text.
3. *Paired out.* A new error whose text only changed because of our types:
   the plain run has, at the same file, line and error code (mypy's code,
   pyright's rule), an error that the variant does not report. Pairs are one
   to one: on each (file, line, code) the variant's new errors and the plain
   run's vanished errors are matched in sorted text order, and a new error
   left without a partner stays new. A plain error that only says txaio
   lacks a name (mypy's ``Module has no attribute "x"``, pyright's ``"x" is
   not a known attribute of module "txaio"``) is nobody's partner: it
   vanishes because our types declare the name, and a new error on its
   line is another error, not its new text.
4. *Verdict.* Every remaining new error has one kind in the checked-in
   baseline (``realcode/baseline.json``), and each kind
   (``realcode/kinds.toml``) one verdict with a one-line reason:
   ``T``, a real bug of the checked code that our types find; ``S``, an
   error in correct code caused by a txaio type; ``C``, an error in correct
   code that is the code's own typing debt.

The run fails when a new error has no verdict, when a ``T`` of the baseline
is no longer reported (no new error is left on its line: a changed text
only asks for ``--update-baseline``), and when an ``S`` is reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import cast

VARIANTS = ("stubs", "typed")
"""The variants compared with the plain run."""

MODES = ("mypy", "mypy-check-untyped-defs", "pyright-basic")
"""The modes each variant is checked in, as a new user runs the checkers."""

VARIANT_TITLES = {
    "stubs": "txaio-stubs",
    "typed": "txaio-typed (imports rewritten)",
}
MODE_TITLES = {
    "mypy": "mypy",
    "mypy-check-untyped-defs": "mypy --check-untyped-defs",
    "pyright-basic": "pyright basic",
}

VERDICTS = ("T", "S", "C")
"""Real bug found; error in correct code caused by a txaio type; error in
correct code that is the code's own typing debt."""

UNREVIEWED = "unreviewed"
"""The kind ``--update-baseline`` gives a new error it cannot classify."""

Baseline = dict[str, dict[str, dict[str, str]]]
"""``{variant: {mode: {error: kind}}}``, errors written as by ``str(Error)``."""

_UNTYPED_NAME = re.compile(
    r'Module has no attribute "[^"]*"$'
    r'|"[^"]*" is not a known attribute of module "txaio'
)
"""What the plain run says of a txaio name it cannot see (upstream binds its
API at run time)."""

_RECORD = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): \[(?P<code>[^\]]*)\] (?P<text>.*)$"
)


@dataclass(frozen=True, order=True)
class Error:
    """One error a checker reported, written ``path:line: [code] text``."""

    path: str
    line: int
    code: str
    text: str

    @property
    def site(self) -> tuple[str, int, str]:
        """Where the error is, and of which code: what pairing compares."""
        return self.path, self.line, self.code

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.code}] {self.text}"

    @classmethod
    def parse(cls, record: str) -> Error:
        """The error ``record`` (as written by ``str``) describes.

        Raises:
            ValueError: ``record`` is not ``path:line: [code] text``.
        """
        match = _RECORD.match(record)
        if match is None:
            raise ValueError(f"not an error record: {record!r}")
        return cls(match["path"], int(match["line"]), match["code"], match["text"])


@dataclass(frozen=True)
class Comparison:
    """One variant's errors against the plain run's, in one mode."""

    new: list[Error]
    """New errors that stay new: each needs a verdict."""
    paired: list[tuple[Error, Error]]
    """``(new error, plain error)``: an old error whose text changed."""


def compare(plain: Iterable[Error], variant: Iterable[Error]) -> Comparison:
    """The variant's new errors, with those paired to a plain error set apart
    (see the module's docstring for the rules)."""
    plain_set, variant_set = set(plain), set(variant)
    vanished: defaultdict[tuple[str, int, str], list[Error]] = defaultdict(list)
    for error in sorted(plain_set - variant_set):
        if not _UNTYPED_NAME.match(error.text):
            vanished[error.site].append(error)
    new: list[Error] = []
    paired: list[tuple[Error, Error]] = []
    for error in sorted(variant_set - plain_set):
        partners = vanished[error.site]
        if partners:
            paired.append((error, partners.pop(0)))
        else:
            new.append(error)
    return Comparison(new, paired)


@dataclass(frozen=True)
class Kind:
    """A cause that many new errors share, with its verdict."""

    verdict: str
    reason: str
    match: tuple[str, ...] = field(default=())
    """Regular expressions searched in ``str(error)``: ``--update-baseline``
    gives a new error the one kind whose expressions match it."""

    def matches(self, error: Error) -> bool:
        """Whether one of the kind's expressions is found in ``error``."""
        return any(re.search(pattern, str(error)) for pattern in self.match)


def load_kinds(table: Mapping[str, Mapping[str, object]]) -> dict[str, Kind]:
    """The kinds of ``table`` (realcode/kinds.toml's ``kinds``).

    Raises:
        ValueError: a kind's verdict is not one of :data:`VERDICTS`, or its
            reason is missing or longer than one line.
    """
    kinds: dict[str, Kind] = {}
    for name, entry in table.items():
        verdict, reason = entry.get("verdict"), entry.get("reason")
        patterns = entry.get("match", [])
        if verdict not in VERDICTS:
            raise ValueError(f"kind {name}: verdict must be one of {VERDICTS}")
        if not isinstance(reason, str) or not reason or "\n" in reason.strip():
            raise ValueError(f"kind {name}: the reason is one line of text")
        if not isinstance(patterns, list):
            raise ValueError(f"kind {name}: match is a list of expressions")
        expressions = tuple(str(p) for p in cast("list[object]", patterns))
        kinds[name] = Kind(str(verdict), reason.strip(), expressions)
    return kinds


def proposed_kind(error: Error, kinds: Mapping[str, Kind]) -> str:
    """The one kind whose expressions match ``error``, else
    :data:`UNREVIEWED` (none or several match)."""
    found = [name for name, kind in kinds.items() if kind.matches(error)]
    return found[0] if len(found) == 1 else UNREVIEWED


@dataclass
class Verdict:
    """What one run's new errors say against the checked-in baseline."""

    counts: dict[str, dict[str, dict[str, int]]]
    """``{variant: {mode: {verdict: errors}}}``; unreviewed ones under ``?``."""
    unreviewed: list[tuple[str, Error]] = field(default_factory=list[tuple[str, Error]])
    """``(where, error)``: new errors without a kind of known verdict."""
    lost: list[str] = field(default_factory=list[str])
    """``T`` errors of the baseline with no new error left on their line."""
    suspicious: list[str] = field(default_factory=list[str])
    """Reported errors whose verdict is ``S``."""
    gone: list[str] = field(default_factory=list[str])
    """Other errors of the baseline no longer reported as written: ``S`` and
    ``C`` ones, and ``T`` ones whose line still has a new error (their text
    changed)."""

    @property
    def failed(self) -> bool:
        """Whether the run breaks a rule (any unreviewed, lost or S error)."""
        return bool(self.unreviewed or self.lost or self.suspicious)


def judge(
    new: Mapping[str, Mapping[str, Iterable[Error]]],
    baseline: Baseline,
    kinds: Mapping[str, Kind],
) -> Verdict:
    """Judge ``new`` (``{variant: {mode: new errors}}``) by ``baseline``."""
    result = Verdict({})
    for variant, by_mode in new.items():
        result.counts[variant] = {}
        for mode, errors in by_mode.items():
            where = f"{variant}, {MODE_TITLES.get(mode, mode)}"
            classified = baseline.get(variant, {}).get(mode, {})
            counts: dict[str, int] = dict.fromkeys((*VERDICTS, "?"), 0)
            reported = {str(error) for error in errors}
            lines = {(error.path, error.line) for error in map(Error.parse, reported)}
            for error in sorted(reported):
                kind = kinds.get(classified.get(error, UNREVIEWED))
                counts[kind.verdict if kind else "?"] += 1
                if kind is None:
                    result.unreviewed.append((where, Error.parse(error)))
                elif kind.verdict == "S":
                    result.suspicious.append(f"{where}: {error}")
            for error, name in sorted(classified.items()):
                kind = kinds.get(name)
                if error in reported or kind is None:
                    continue
                entry = f"{where}: {error}  ({name})"
                found = Error.parse(error)
                if kind.verdict == "T" and (found.path, found.line) not in lines:
                    result.lost.append(entry)
                else:
                    result.gone.append(entry)
            result.counts[variant][mode] = counts
    return result


def updated_baseline(
    new: Mapping[str, Mapping[str, Iterable[Error]]],
    baseline: Baseline,
    kinds: Mapping[str, Kind],
) -> Baseline:
    """The baseline for ``new``: each error keeps a known kind, and the others
    get :func:`proposed_kind`."""
    result: Baseline = {}
    for variant, by_mode in new.items():
        result[variant] = {}
        for mode, errors in by_mode.items():
            classified = baseline.get(variant, {}).get(mode, {})
            result[variant][mode] = {}
            for error in sorted(set(errors)):
                kind = classified.get(str(error), UNREVIEWED)
                if kind not in kinds:
                    kind = proposed_kind(error, kinds)
                result[variant][mode][str(error)] = kind
    return result


def inconsistencies(baseline: Baseline, kinds: Mapping[str, Kind]) -> Iterator[str]:
    """Entries of ``baseline`` that are not what the kinds say: an unknown
    kind, or a kind with expressions that do not match the error."""
    for variant, by_mode in baseline.items():
        for mode, classified in by_mode.items():
            for record, name in classified.items():
                kind = kinds.get(name)
                if kind is None:
                    yield f"{variant} {mode}: {record}: unknown kind {name!r}"
                elif kind.match and not kind.matches(Error.parse(record)):
                    yield f"{variant} {mode}: {record}: does not match kind {name}"


def table(verdict: Verdict) -> Iterator[str]:
    """The T / S / C table: a row per variant, a column per mode (Markdown)."""
    modes = [m for m in MODES if any(m in v for v in verdict.counts.values())]
    yield "| | " + " | ".join(MODE_TITLES[m] for m in modes) + " |"
    yield "|---|" + "---|" * len(modes)
    for variant, by_mode in verdict.counts.items():
        cells: list[str] = []
        for mode in modes:
            counts = by_mode.get(mode, {})
            cell = " / ".join(str(counts.get(v, 0)) for v in VERDICTS)
            if counts.get("?"):
                cell += f" (+{counts['?']} without verdict)"
            cells.append(cell)
        title = VARIANT_TITLES.get(variant, variant)
        yield f"| {title}: T / S / C | " + " | ".join(cells) + " |"


def kind_table(
    new: Mapping[str, Mapping[str, Iterable[Error]]],
    baseline: Baseline,
    kinds: Mapping[str, Kind],
) -> Iterator[str]:
    """The new errors per kind (rows) and variant and mode (columns), each
    cell ``stubs / typed`` (Markdown); kinds without a reported error left
    out."""
    counts: dict[str, dict[tuple[str, str], int]] = {name: {} for name in kinds}
    for variant, by_mode in new.items():
        for mode, errors in by_mode.items():
            classified = baseline.get(variant, {}).get(mode, {})
            for error in set(errors):
                name = classified.get(str(error))
                if name in counts:
                    cell = counts[name]
                    cell[variant, mode] = cell.get((variant, mode), 0) + 1
    variants = list(new)
    yield "| kind | verdict | " + " | ".join(MODE_TITLES[m] for m in MODES) + " |"
    yield "|---|---|" + "---|" * len(MODES)
    for name, cell in counts.items():
        if not cell:
            continue
        cells = [" / ".join(str(cell.get((v, m), 0)) for v in variants) for m in MODES]
        yield f"| `{name}` | {kinds[name].verdict} | " + " | ".join(cells) + " |"
