"""Run one downstream test suite on one framework and record every outcome.

Run by ``python3 dev.py downstream`` with the downstream environment's
Python::

    run_suite.py SUITE FRAMEWORK IMPLEMENTATION RESULTS [PATH]

SUITE is ``txaio`` (upstream txaio's own tests, from its sdist, in PATH) or
``autobahn`` (Autobahn's tests, inside the installed package); FRAMEWORK is
``asyncio`` or ``twisted``; IMPLEMENTATION is ``typed`` (``import txaio``
gives txaio-typed, through ``install_as_txaio()``) or ``upstream`` (the
reference figures). RESULTS is a JSON file written with one outcome per test
id: ``passed``, ``failed``, ``error`` or ``skipped``.

Autobahn's Twisted tests run under trial (as Autobahn runs them), its
asyncio tests under pytest. Upstream txaio's suite runs each test for both
frameworks in one process; here it runs once per framework: the framework
is selected before the first test, and tests for the other framework are
deselected.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

FRAMEWORKS = ("asyncio", "twisted")

#: Autobahn's Twisted test packages, as its own test recipe lists them.
AUTOBAHN_TRIAL_PACKAGES = (
    "autobahn.test",
    "autobahn.twisted.test",
    "autobahn.websocket.test",
    "autobahn.rawsocket.test",
    "autobahn.wamp.test",
    "autobahn.nvx.test",
)


class PytestRecorder:
    """A pytest plugin: records outcomes and keeps one framework's tests."""

    def __init__(self, framework: str, deselect_other_framework: bool) -> None:
        self.framework = framework
        self.other = next(name for name in FRAMEWORKS if name != framework)
        self.deselect_other_framework = deselect_other_framework
        self.outcomes: dict[str, str] = {}

    def pytest_collection_modifyitems(self, config: Any, items: list[Any]) -> None:
        if not self.deselect_other_framework:
            return
        other_fixture = "framework_aio" if self.other == "asyncio" else "framework_tx"
        kept, dropped = [], []
        for item in items:
            callspec = getattr(item, "callspec", None)
            param = callspec.params.get("framework") if callspec else None
            if param == self.other or other_fixture in item.fixturenames:
                dropped.append(item)
            else:
                kept.append(item)
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            self.outcomes[report.nodeid] = "error"
        elif report.skipped:
            self.outcomes[report.nodeid] = "skipped"

    def pytest_runtest_logreport(self, report: Any) -> None:
        test_id = report.nodeid
        subtest = getattr(report, "context", None)
        if subtest is not None:
            # Counted as pytest counts them: a subtest that fails or is
            # skipped is an outcome of its own; passing ones are not tests.
            if report.passed:
                return
            test_id = f"{test_id} [subtest {subtest.msg or ''} {subtest.kwargs}]"
        if report.failed:
            outcome = "failed" if report.when == "call" else "error"
            if self.outcomes.get(test_id) not in ("failed", "error"):
                self.outcomes[test_id] = outcome
        elif report.skipped:
            self.outcomes.setdefault(test_id, "skipped")
        elif report.when == "call":
            self.outcomes.setdefault(test_id, "passed")


def run_pytest(arguments: list[str], recorder: PytestRecorder) -> None:
    import pytest

    pytest.main(["-q", "-p", "no:cacheprovider", *arguments], plugins=[recorder])


def run_trial(packages: tuple[str, ...], working_directory: Path) -> dict[str, str]:
    from twisted.trial import reporter, runner

    outcomes: dict[str, str] = {}

    class RecordingReporter(reporter.TextReporter):
        def addSuccess(self, test: Any) -> None:
            super().addSuccess(test)
            outcomes.setdefault(test.id(), "passed")

        def addFailure(self, test: Any, fail: Any) -> None:
            super().addFailure(test, fail)
            outcomes[test.id()] = "failed"

        def addError(self, test: Any, error: Any) -> None:
            super().addError(test, error)
            outcomes[test.id()] = "error"

        def addSkip(self, test: Any, reason: Any) -> None:
            super().addSkip(test, reason)
            outcomes[test.id()] = "skipped"

        def addExpectedFailure(self, test: Any, error: Any, todo: Any = None) -> None:
            super().addExpectedFailure(test, error, todo)
            outcomes[test.id()] = "skipped"

        def addUnexpectedSuccess(self, test: Any, todo: Any = None) -> None:
            super().addUnexpectedSuccess(test, todo)
            outcomes[test.id()] = "failed"

    suite = runner.TestLoader().loadByNames(list(packages), recurse=False)
    trial_runner = runner.TrialRunner(
        RecordingReporter, workingDirectory=str(working_directory)
    )
    trial_runner.run(suite)
    return outcomes


def main(argv: list[str]) -> int:
    suite, framework, implementation, results = argv[:4]
    path = Path(argv[4]) if len(argv) > 4 else None
    if framework not in FRAMEWORKS or implementation not in ("typed", "upstream"):
        raise SystemExit(__doc__)
    if implementation == "typed":
        import txaio_typed

        txaio_typed.install_as_txaio()
    os.environ["USE_TWISTED" if framework == "twisted" else "USE_ASYNCIO"] = "1"
    if suite == "txaio":
        assert path is not None, "the txaio suite needs the unpacked sdist"
        if implementation == "typed":
            import txaio

            getattr(txaio, f"use_{framework}")()
        os.chdir(path)
        recorder = PytestRecorder(framework, deselect_other_framework=True)
        run_pytest(["tests"], recorder)
        outcomes = recorder.outcomes
    elif suite == "autobahn" and framework == "twisted":
        work = Path(results).with_suffix(".trial")
        outcomes = run_trial(AUTOBAHN_TRIAL_PACKAGES, work)
    elif suite == "autobahn":
        import autobahn

        package = Path(autobahn.__file__).parent
        recorder = PytestRecorder(framework, deselect_other_framework=False)
        run_pytest(
            [
                f"--config-file={Path(__file__).with_name('autobahn-pytest.ini')}",
                f"--rootdir={package.parent}",
                f"--ignore={package / 'twisted'}",
                str(package),
            ],
            recorder,
        )
        outcomes = recorder.outcomes
    else:
        raise SystemExit(f"unknown suite {suite!r}")
    Path(results).write_text(json.dumps(outcomes, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
