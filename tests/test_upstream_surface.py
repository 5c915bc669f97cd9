"""What applications built on upstream txaio rely on beyond the API: the
names in upstream's modules, the Twisted log events, logger factories,
stdio redirection and replaceable timer methods.

Each test runs the same code twice in fresh interpreters, once on upstream
txaio and once on txaio-typed through ``install_as_txaio()``, and compares
what the two print.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import cast

import pytest
from processes import python_json, run_python

SCENARIOS = Path(__file__).parent / "logging_scenarios"

INSTALL = "import txaio_typed; txaio_typed.install_as_txaio()\n"


def run_on(implementation: str, code: str) -> object:
    """Run ``code`` on ``implementation``; return the JSON it printed last."""
    prelude = INSTALL if implementation == "typed" else ""
    return python_json(prelude + textwrap.dedent(code))


def run_both(code: str) -> tuple[object, object]:
    return run_on("upstream", code), run_on("typed", code)


# -- names ---------------------------------------------------------------------

#: Upstream's modules, as downstream code imports them.
MODULES = (
    "txaio",
    "txaio.interfaces",
    "txaio.testutil",
    "txaio.aio",
    "txaio.tx",
    "txaio._util",
    "txaio._version",
)

#: Public names in upstream's modules that txaio-typed leaves out on
#: purpose (docs/differences.md, "Names beyond the API"): what upstream's
#: modules import from Twisted or the standard library for their own use,
#: and its stream-encoding helper.
LEFT_OUT = {
    "txaio.aio": {"AsyncGeneratorType", "Future", "datetime", "iscoroutine"}
    | {"guess_stream_needs_encoding"},
    "txaio.tx": {
        "DeferredList",
        "ILogObserver",
        "IReactorTime",
        "cast",
        "ensureDeferred",
        "formatEvent",
        "formatTime",
        "globalLogBeginner",
        "iscoroutinefunction",
        "maybeDeferred",
        "partial",
        "provider",
    }
    | {"guess_stream_needs_encoding"},
    "txaio.testutil": {"contextmanager"},
}

#: Private names downstream code uses (Autobahn reads _explicit_framework,
#: upstream's test fixtures call _use_framework).
USED_PRIVATE_NAMES = {"txaio": {"_explicit_framework", "_use_framework"}}

LIST_NAMES = """
    import importlib, json, types
    import txaio
    txaio.use_twisted()
    names = {}
    for name in %r:
        module = importlib.import_module(name)
        names[name] = sorted(
            attribute for attribute, value in vars(module).items()
            if not attribute.startswith("_")
            and not isinstance(value, types.ModuleType)
        )
    print(json.dumps(names))
"""


def test_every_public_name_of_upstream_modules_exists() -> None:
    upstream = cast("dict[str, list[str]]", run_on("upstream", LIST_NAMES % (MODULES,)))
    wanted = {
        module: (set(names) - LEFT_OUT.get(module, set()))
        | USED_PRIVATE_NAMES.get(module, set())
        for module, names in upstream.items()
    }
    missing = run_on(
        "typed",
        f"""
        import importlib, json
        import txaio
        txaio.use_twisted()
        wanted = {sorted((m, sorted(n)) for m, n in wanted.items())!r}
        missing = []
        for module_name, names in wanted:
            module = importlib.import_module(module_name)
            missing += [f"{{module_name}}.{{n}}" for n in names
                        if not hasattr(module, n)]
        print(json.dumps(missing))
        """,
    )
    assert missing == []
    # Every name left out is really upstream's (the list is not stale).
    for module, names in LEFT_OUT.items():
        assert names <= set(upstream[module]), module


def test_names_mean_what_they_mean_upstream() -> None:
    # The same checks pass on upstream txaio and on txaio-typed.
    code = """
        import json
        import twisted.logger
        from txaio.tx import Logger, LogLevel, log_levels, make_logger
        from txaio.aio import FailedFuture
        from txaio.aio import log_levels as aio_log_levels
        from txaio.aio import create_failure as aio_create_failure
        from txaio.interfaces import log_levels as interface_levels
        import txaio
        txaio.use_twisted()
        try:
            Logger("warn")
        except AssertionError:
            direct = "AssertionError"
        print(json.dumps({
            "front logger is a tx.Logger": isinstance(txaio.make_logger(), Logger),
            "tx logger is a tx.Logger": isinstance(make_logger(), Logger),
            "LogLevel is Twisted's": LogLevel is twisted.logger.LogLevel,
            "levels": [log_levels, aio_log_levels, interface_levels],
            "aio failure": isinstance(aio_create_failure(ValueError()), FailedFuture),
            "explicit framework": txaio._explicit_framework,
            "Logger() directly": direct,
        }))
    """
    upstream, typed = run_both(code)
    assert upstream == typed
    assert typed == {
        "front logger is a tx.Logger": True,
        "tx logger is a tx.Logger": True,
        "LogLevel is Twisted's": True,
        "levels": [["none", "critical", "error", "warn", "info", "debug", "trace"]] * 3,
        "aio failure": True,
        "explicit framework": "twisted",
        "Logger() directly": "AssertionError",
    }


# -- Twisted log events --------------------------------------------------------


def events_of(implementation: str, tmp_path: Path) -> list[tuple[str, list[object]]]:
    output = tmp_path / f"{implementation}.json"
    run_python(SCENARIOS / "twisted_events.py", implementation, output)
    loaded: list[tuple[str, list[object]]] = json.loads(output.read_text())
    return loaded


def test_twisted_events_match_upstream_key_for_key(tmp_path: Path) -> None:
    upstream = events_of("upstream", tmp_path)
    typed = events_of("typed", tmp_path)
    assert typed == upstream
    # One event per enabled call, none for a disabled one: the scenario makes
    # 13 calls per logger; each level enables the ones at or above it.
    per_level = {
        "none": 0,
        "critical": 1,
        "error": 4,
        "warn": 6,
        "info": 10,
        "debug": 11,
        "trace": 13,
    }
    counts = [(level, len(events)) for level, events in typed]
    assert counts == [(level, n) for level, n in per_level.items() for _ in (1, 2)]


# -- logger factories, failure(), stdio, timers ----------------------------------


def test_a_logger_factory_gets_the_calls_as_upstream_gives_them() -> None:
    code = """
        import json
        from unittest.mock import Mock
        import txaio
        txaio.use_twisted()
        log = txaio.make_logger("trace", logger=Mock)
        log.error("Foo happened!!!")
        log.warn("Stuff", foo="bar")
        log.trace("Stuff that's trace", foo="bar")
        log.emit("info", "emitted {n}", n=1)
        try:
            1 / 0
        except ZeroDivisionError:
            log.failure("Failure happened!")
        quiet = txaio.make_logger("none", logger=Mock)
        try:
            1 / 0
        except ZeroDivisionError:
            quiet.failure("not logged")
        quiet.critical("not logged")
        emitted = [
            [call.args[0].name, list(call.args[1:]), sorted(call.kwargs.items())]
            for call in log._logger.emit.call_args_list
        ]
        failed = [list(call.args) for call in log._logger.failure.call_args_list]
        print(json.dumps({
            "emit": emitted,
            "failure": failed,
            "namespace": log._logger.namespace,
            "quiet": [quiet._logger.emit.call_count, quiet._logger.failure.call_count],
        }))
    """
    upstream, typed = run_both(code)
    assert typed == upstream
    assert typed == {
        "emit": [
            ["error", ["Foo happened!!!"], []],
            ["warn", ["Stuff"], [["foo", "bar"]]],
            ["debug", ["Stuff that's trace"], [["foo", "bar"], ["txaio_trace", True]]],
            ["info", ["emitted {n}"], [["n", 1]]],
        ],
        "failure": [["Failure happened!"]],
        "namespace": "__main__",
        "quiet": [0, 0],
    }


def test_a_logger_subclass_emit_is_called() -> None:
    code = """
        import json
        from twisted.logger import Logger
        import txaio
        txaio.use_twisted()
        seen = []
        class Counting(Logger):
            def emit(self, level, format=None, **kwargs):
                seen.append([level.name, format, sorted(kwargs)])
        log = txaio.make_logger(logger=Counting)
        log.info("hello {who}", who="you")
        print(json.dumps(seen))
    """
    upstream, typed = run_both(code)
    assert typed == upstream == [["info", "hello {who}", ["who"]]]


def test_start_logging_redirects_stdio_on_twisted_as_upstream() -> None:
    code = """
        import io, json, sys
        import txaio
        txaio.use_twisted()
        out = io.StringIO()
        real_stdout = sys.stdout
        txaio.start_logging(out=out)
        print("a printed line")
        sys.stderr.write("a line on stderr\\n")
        redirected = sys.stdout is not real_stdout
        real_stdout.write(json.dumps({
            "redirected": redirected,
            "print logged": "a printed line" in out.getvalue(),
            "stderr logged": "a line on stderr" in out.getvalue(),
        }) + "\\n")
    """
    upstream, typed = run_both(code)
    assert (
        typed
        == upstream
        == {
            "redirected": True,
            "print logged": True,
            "stderr logged": True,
        }
    )


def test_start_logging_can_leave_stdio_alone() -> None:
    typed = run_on(
        "typed",
        """
        import io, json, sys, warnings
        from txaio_typed import tx
        out = io.StringIO()
        stdout, showwarning = sys.stdout, warnings.showwarning
        tx.start_logging(out=out, redirect_stdio=False)
        tx.start_logging(level="debug")  # stdout, as it was before
        print(json.dumps([sys.stdout is stdout, warnings.showwarning is showwarning]))
        """,
    )
    assert typed == [True, True]


def test_a_second_start_logging_never_writes_into_the_redirected_stdout() -> None:
    typed = run_on(
        "typed",
        """
        import json, sys
        from txaio_typed import tx
        stdout = sys.stdout
        tx.start_logging()
        tx.start_logging(level="debug")  # sys.stdout is the log now
        tx.make_logger().info("once")
        stdout.write(json.dumps("ok") + "\\n")
        """,
    )
    assert typed == "ok"


@pytest.mark.parametrize("framework", ["asyncio", "twisted"])
def test_batched_timer_methods_can_be_replaced(framework: str) -> None:
    code = f"""
        import json
        from unittest.mock import Mock
        import txaio
        txaio.use_{framework}()
        timer = txaio.make_batched_timer(5)
        timer.call_later = Mock()
        timer.call_later(1, print, "x")
        print(json.dumps([list(c.args[::2]) for c in timer.call_later.call_args_list]))
    """
    upstream, typed = run_both(code)
    assert typed == upstream == [[1, "x"]]
