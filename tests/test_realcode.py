"""How ``dev.py realcode`` counts and judges errors on real code.

The full run (downloading Autobahn, Crossbar and zlmdb and type-checking them
nine times) is ``python3 dev.py realcode``, the realcode session of
``python3 dev.py test``. Here the rules of tools/realcode_count.py are tested on
small made-up errors, and the checked-in verdicts (realcode/baseline.json,
realcode/kinds.toml) against those rules and the typing guide.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from tools.realcode_count import (
    MODES,
    UNREVIEWED,
    VARIANTS,
    Baseline,
    Error,
    Kind,
    compare,
    inconsistencies,
    judge,
    kind_table,
    load_kinds,
    proposed_kind,
    table,
    updated_baseline,
)

ROOT = Path(__file__).resolve().parent.parent


def err(line: int, code: str, text: str, path: str = "pkg/mod.py") -> Error:
    return Error(path, line, code, text)


KINDS = {
    "bug": Kind("T", "a real bug", (r"\[arg-type\] .*int",)),
    "ours": Kind("S", "our type's fault", (r"has no attribute \"addBoth\"",)),
    "debt": Kind("C", "the code's debt", (r"\[assignment\]",)),
}


# -- counting ------------------------------------------------------------------------


def test_an_error_the_plain_run_has_is_not_new() -> None:
    same = err(3, "attr-defined", "Module has no attribute x")
    assert compare([same], [same]).new == []


def test_an_error_repeated_on_one_line_counts_once() -> None:
    repeated = err(3, "arg-type", "Argument 1 has incompatible type int")
    result = compare([], [repeated, repeated, err(3, "arg-type", "other")])
    assert len(result.new) == 2


def test_an_old_error_with_new_text_is_paired_out() -> None:
    before = err(5, "union-attr", 'Item "None" of "Any | None" has no attribute "x"')
    after = err(5, "union-attr", 'Item "None" of "Logger | None" has no attribute "x"')
    result = compare([before], [after])
    assert result.new == []
    assert result.paired == [(after, before)]


@pytest.mark.parametrize(
    "plain",
    [
        err(5, "assignment", "old text"),  # another code
        err(6, "union-attr", "old text"),  # another line
        err(5, "union-attr", "old text", path="pkg/other.py"),  # another file
    ],
)
def test_pairing_needs_the_same_file_line_and_code(plain: Error) -> None:
    new = err(5, "union-attr", "new text")
    assert compare([plain], [new]).new == [new]


def test_an_old_error_still_reported_pairs_with_nothing() -> None:
    old = err(5, "union-attr", "old text")
    new = err(5, "union-attr", "new text")
    assert compare([old], [old, new]).new == [new]


@pytest.mark.parametrize(
    "untyped",
    [
        err(5, "attr-defined", 'Module has no attribute "config"'),
        err(5, "attr-defined", '"config" is not a known attribute of module "txaio"'),
    ],
)
def test_a_missing_txaio_name_pairs_with_nothing(untyped: Error) -> None:
    new = err(5, "attr-defined", 'Cannot assign to attribute "create_connection"')
    assert compare([untyped], [new]).new == [new]


def test_pairs_are_one_to_one_in_text_order() -> None:
    old = err(5, "arg-type", "old text")
    first, second = err(5, "arg-type", "a new text"), err(5, "arg-type", "b new")
    result = compare([old], [second, first])
    assert result.paired == [(first, old)]
    assert result.new == [second]


def test_an_error_is_written_and_read_back() -> None:
    error = err(12, "reportAttributeAccessIssue", 'Cannot access "a: b" [x]')
    assert str(error) == (
        'pkg/mod.py:12: [reportAttributeAccessIssue] Cannot access "a: b" [x]'
    )
    assert Error.parse(str(error)) == error
    with pytest.raises(ValueError, match="not an error record"):
        Error.parse("pkg/mod.py: no line")


# -- verdicts ------------------------------------------------------------------------

BUG = err(1, "arg-type", 'Argument 1 has incompatible type "int"')
OURS = err(2, "union-attr", 'Item has no attribute "addBoth"')
DEBT = err(3, "assignment", "Incompatible types in assignment")


def baseline_of(*errors: tuple[Error, str]) -> Baseline:
    return {"stubs": {"mypy": {str(error): kind for error, kind in errors}}}


def test_a_run_with_the_baseline_s_t_and_c_passes() -> None:
    baseline = baseline_of((BUG, "bug"), (DEBT, "debt"))
    verdict = judge({"stubs": {"mypy": [BUG, DEBT]}}, baseline, KINDS)
    assert not verdict.failed
    assert verdict.counts == {"stubs": {"mypy": {"T": 1, "S": 0, "C": 1, "?": 0}}}
    assert list(table(verdict))[2] == "| txaio-stubs: T / S / C | 1 / 0 / 1 |"


def test_the_kind_table_counts_each_variant_and_mode() -> None:
    baseline: Baseline = {
        "stubs": {"mypy": {str(BUG): "bug", str(DEBT): "debt"}},
        "typed": {"pyright-basic": {str(BUG): "bug"}},
    }
    new = {"stubs": {"mypy": [BUG, DEBT]}, "typed": {"pyright-basic": [BUG]}}
    rows = list(kind_table(new, baseline, KINDS))
    assert rows[2:] == [
        "| `bug` | T | 1 / 0 | 0 / 0 | 0 / 1 |",
        "| `debt` | C | 1 / 0 | 0 / 0 | 0 / 0 |",
    ]


def test_a_new_error_without_verdict_fails() -> None:
    verdict = judge({"stubs": {"mypy": [BUG, DEBT]}}, baseline_of((BUG, "bug")), KINDS)
    assert verdict.failed
    assert verdict.unreviewed == [("stubs, mypy", DEBT)]
    assert "(+1 without verdict)" in list(table(verdict))[2]


def test_an_error_of_an_unknown_kind_has_no_verdict() -> None:
    verdict = judge({"stubs": {"mypy": [BUG]}}, baseline_of((BUG, "gone")), KINDS)
    assert verdict.unreviewed == [("stubs, mypy", BUG)]


def test_a_lost_t_fails() -> None:
    baseline = baseline_of((BUG, "bug"), (DEBT, "debt"))
    verdict = judge({"stubs": {"mypy": [DEBT]}}, baseline, KINDS)
    assert verdict.failed
    assert verdict.lost == [f"stubs, mypy: {BUG}  (bug)"]


def test_a_t_whose_text_changed_is_not_lost() -> None:
    changed = err(BUG.line, "call-overload", "No overload variant matches")
    verdict = judge({"stubs": {"mypy": [changed]}}, baseline_of((BUG, "bug")), KINDS)
    assert verdict.lost == []
    assert verdict.gone == [f"stubs, mypy: {BUG}  (bug)"]
    assert verdict.unreviewed == [("stubs, mypy", changed)]


def test_a_new_s_fails_and_a_known_one_is_reported() -> None:
    appeared = judge({"stubs": {"mypy": [OURS]}}, baseline_of(), KINDS)
    assert appeared.failed
    assert appeared.unreviewed == [("stubs, mypy", OURS)]
    known = judge({"stubs": {"mypy": [OURS]}}, baseline_of((OURS, "ours")), KINDS)
    assert not known.failed
    assert known.suspicious == [f"stubs, mypy: {OURS}"]


def test_a_c_or_s_no_longer_reported_is_listed_but_passes() -> None:
    baseline = baseline_of((OURS, "ours"), (DEBT, "debt"))
    verdict = judge({"stubs": {"mypy": []}}, baseline, KINDS)
    assert not verdict.failed
    assert len(verdict.gone) == 2


def test_a_kind_has_a_verdict_and_a_one_line_reason() -> None:
    kinds = load_kinds({"k": {"verdict": "T", "reason": "why", "match": ["x"]}})
    assert kinds == {"k": Kind("T", "why", ("x",))}
    with pytest.raises(ValueError, match="verdict"):
        load_kinds({"k": {"verdict": "true positive", "reason": "why"}})
    with pytest.raises(ValueError, match="one line"):
        load_kinds({"k": {"verdict": "C", "reason": "why\nand more"}})
    with pytest.raises(ValueError, match="one line"):
        load_kinds({"k": {"verdict": "C"}})


def test_a_new_error_gets_the_one_kind_that_matches_it() -> None:
    assert proposed_kind(BUG, KINDS) == "bug"
    assert proposed_kind(err(1, "misc", "nothing"), KINDS) == UNREVIEWED
    both = err(1, "assignment", 'Incompatible types "int" [arg-type] int')
    assert proposed_kind(both, KINDS) == UNREVIEWED


def test_updating_keeps_kinds_classifies_new_errors_and_drops_gone_ones() -> None:
    new_debt = err(9, "assignment", "Incompatible types in assignment")
    baseline = baseline_of((BUG, "debt"), (OURS, "ours"), (new_debt, UNREVIEWED))
    unknown = err(10, "misc", "something else")
    result = updated_baseline(
        {"stubs": {"mypy": [BUG, new_debt, unknown]}}, baseline, KINDS
    )
    assert result == {
        "stubs": {
            "mypy": {str(BUG): "debt", str(new_debt): "debt", str(unknown): UNREVIEWED}
        }
    }
    assert list(inconsistencies(result, KINDS)) == [
        f"stubs mypy: {BUG}: does not match kind debt",
        f"stubs mypy: {unknown}: unknown kind 'unreviewed'",
    ]


# -- the checked-in verdicts -----------------------------------------------------------


def checked_in() -> tuple[Baseline, dict[str, Kind]]:
    baseline: Baseline = json.loads((ROOT / "realcode" / "baseline.json").read_text())
    table = tomllib.loads((ROOT / "realcode" / "kinds.toml").read_text())["kinds"]
    return baseline, load_kinds(table)


def test_the_baseline_covers_every_variant_and_mode() -> None:
    baseline, _ = checked_in()
    assert sorted(baseline) == sorted(VARIANTS)
    for by_mode in baseline.values():
        assert sorted(by_mode) == sorted(MODES)


def test_every_error_of_the_baseline_has_the_kind_its_text_matches() -> None:
    baseline, kinds = checked_in()
    assert list(inconsistencies(baseline, kinds)) == []


#: The lines where our types still reject correct code (S), each reviewed:
#: a variable or test attribute typed from a txaio result and later given a
#: plain Deferred, and a union of Deferreds given to txaio-stubs'
#: add_callbacks under pyright (docs/typing.md, "Real code"). The list may
#: only shrink: an S on another line fails here and in ``dev.py realcode``.
KNOWN_S_LINES = {
    "autobahn/twisted/component.py:328",
    "autobahn/twisted/component.py:329",
    "autobahn/wamp/test/test_wamp_user_handler_errors.py:164",
    "autobahn/wamp/test/test_wamp_user_handler_errors.py:199",
    "crossbar/router/auth/cryptosign.py:340",
    "crossbar/router/auth/pending.py:356",
}


def test_the_baseline_has_s_only_on_the_known_lines() -> None:
    baseline, kinds = checked_in()
    s_lines = {
        ":".join(record.split(":")[:2])
        for by_mode in baseline.values()
        for classified in by_mode.values()
        for record, name in classified.items()
        if kinds[name].verdict == "S"
    }
    assert s_lines <= KNOWN_S_LINES


def test_every_kind_is_used_and_the_t_and_c_kinds_are_documented() -> None:
    baseline, kinds = checked_in()
    used = {
        name
        for by_mode in baseline.values()
        for classified in by_mode.values()
        for name in classified.values()
    }
    assert sorted(set(kinds) - used) == []
    guide = (ROOT / "docs" / "typing.md").read_text()
    section = guide.partition("## Real code")[2].partition("\n## ")[0]
    undocumented = [
        name
        for name, kind in kinds.items()
        if kind.verdict in ("T", "C") and not re.search(rf"`{name}`", section)
    ]
    assert undocumented == []
