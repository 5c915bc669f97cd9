"""The neutral front (``import txaio_typed``): framework selection.

Selecting a framework is once per process, so every test runs its code in a
fresh interpreter and asserts on what it prints.
"""

from __future__ import annotations

from typing import cast

import pytest
from conftest import FRAMEWORK_BOUND
from processes import python_json as run


def test_before_selection_framework_functions_raise_how_to_select() -> None:
    result = run(
        f"""
        import inspect, json
        import txaio_typed as txaio
        out = {{}}
        for name in {FRAMEWORK_BOUND!r}:
            function = getattr(txaio, name)
            required = [
                p for p in inspect.signature(function).parameters.values()
                if p.default is p.empty
                and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
            ]
            try:
                function(*[None] * len(required))
            except RuntimeError as exc:
                out[name] = str(exc)
            else:
                out[name] = None
        print(json.dumps(out))
        """
    )
    assert isinstance(result, dict)
    result = cast("dict[str, object]", result)
    assert sorted(result) == sorted(FRAMEWORK_BOUND)
    for name, message in result.items():
        assert isinstance(message, str), name
        assert "use_asyncio" in message, name
        assert "use_twisted" in message, name
        assert name in message


def test_before_selection_twisted_logger_arguments_raise_type_error() -> None:
    result = run(
        """
        import json
        import txaio_typed as txaio
        out = {"level": txaio.make_logger("debug").__class__.__name__}
        for argument in ("logger", "observer"):
            try:
                txaio.make_logger(**{argument: print})
            except TypeError as exc:
                out[argument] = str(exc)
        print(json.dumps(out))
        """
    )
    assert isinstance(result, dict)
    result = cast("dict[str, str]", result)
    assert result["level"] == "Logger"
    for argument in ("logger", "observer"):
        assert "use_twisted()" in result[argument]


def test_import_loads_no_module_before_a_name_is_used() -> None:
    result = run(
        """
        import json, sys
        before = set(sys.modules)
        import txaio_typed as txaio
        loaded = sorted(
            name for name in set(sys.modules) - before
            if name.startswith(("txaio_typed", "asyncio", "twisted"))
        )
        listed = sorted(set(txaio.__all__) - set(dir(txaio)))
        txaio.IFailedFuture
        print(json.dumps({
            "loaded": loaded,
            "missing_from_dir": listed,
            "after_use": "txaio_typed.interfaces" in sys.modules,
        }))
        """
    )
    assert result == {
        "loaded": [
            "txaio_typed",
            "txaio_typed._generated_front",
            "txaio_typed._version",
        ],
        "missing_from_dir": [],
        "after_use": True,
    }


def test_a_logger_made_before_selection_imports_no_framework() -> None:
    result = run(
        """
        import json, sys
        import txaio_typed as txaio
        txaio.make_logger().info("hello")
        print(json.dumps(sorted(
            name for name in ("asyncio", "twisted") if name in sys.modules
        )))
        """
    )
    assert result == []


@pytest.mark.parametrize("selected", [False, True])
def test_star_import_binds_every_public_name(selected: bool) -> None:
    select = "txaio_typed.use_asyncio()" if selected else ""
    result = run(
        f"""
        import json
        import txaio_typed
        {select}
        namespace = {{}}
        exec("from txaio_typed import *", namespace)
        print(json.dumps(sorted(
            name for name in txaio_typed.__all__
            if namespace[name] is not getattr(txaio_typed, name)
        )))
        """
    )
    assert result == []


def test_before_selection_clocks_and_interfaces_work() -> None:
    result = run(
        """
        import json, sys
        import txaio_typed as txaio
        out = {
            "time_ns": isinstance(txaio.time_ns(), int) and txaio.time_ns() > 0,
            "perf": txaio.perf_counter_ns() <= txaio.perf_counter_ns(),
            "framework": txaio.framework,
            "using": [txaio.using_asyncio, txaio.using_twisted],
            "levels": list(txaio.log_levels),
            "ifailed": isinstance(ValueError(), txaio.IFailedFuture),
            "interfaces": [
                i.__name__ for i in (txaio.IFailedFuture, txaio.ILogger,
                                     txaio.IBatchedTimer, txaio.IDelayedCall)
            ],
            "twisted_imported": "twisted.internet.reactor" in sys.modules,
        }
        try:
            txaio.CancelledError
        except AttributeError as exc:
            out["cancelled"] = str(exc)
        print(json.dumps(out))
        """
    )
    assert result == {
        "time_ns": True,
        "perf": True,
        "framework": None,
        "using": [False, False],
        "levels": ["none", "critical", "error", "warn", "info", "debug", "trace"],
        "ifailed": False,
        "interfaces": ["IFailedFuture", "ILogger", "IBatchedTimer", "IDelayedCall"],
        "twisted_imported": False,
        "cancelled": (
            "txaio_typed.CancelledError is the selected framework's cancellation "
            "exception: select a framework first"
        ),
    }


@pytest.mark.parametrize(
    ("first", "second"), [("asyncio", "twisted"), ("twisted", "asyncio")]
)
def test_selection_is_idempotent_and_switching_raises(first: str, second: str) -> None:
    result = run(
        f"""
        import json
        import txaio_typed as txaio
        txaio.use_{first}()
        bound = txaio.create_future
        txaio.use_{first}()
        out = {{"same": txaio.create_future is bound}}
        try:
            txaio.use_{second}()
        except RuntimeError as exc:
            out["error"] = str(exc)
        out["framework"] = txaio.framework
        out["still_bound"] = txaio.create_future is bound
        print(json.dumps(out))
        """
    )
    assert isinstance(result, dict)
    result = cast("dict[str, object]", result)
    assert result["same"] is True
    assert result["framework"] == first
    assert result["still_bound"] is True
    error = result["error"]
    assert isinstance(error, str)
    assert first in error
    assert second in error


@pytest.mark.parametrize("name", ["asyncio", "twisted"])
def test_selection_rebinds_names_and_flags(name: str) -> None:
    module = "aio" if name == "asyncio" else "tx"
    result = run(
        f"""
        import json
        import txaio_typed as txaio
        from txaio_typed import {module} as backend
        txaio.use_{name}()
        names = {FRAMEWORK_BOUND!r}
        print(json.dumps({{
            "framework": txaio.framework,
            "using_asyncio": txaio.using_asyncio,
            "using_twisted": txaio.using_twisted,
            "unbound": [n for n in names
                        if getattr(txaio, n) is not getattr(backend, n)],
            "config": txaio.config is backend.config,
            "cancelled": txaio.CancelledError is backend.CancelledError,
            "cancelled_name": txaio.CancelledError.__module__,
        }}))
        """
    )
    assert result == {
        "framework": name,
        "using_asyncio": name == "asyncio",
        "using_twisted": name == "twisted",
        "unbound": [],
        "config": True,
        "cancelled": True,
        "cancelled_name": (
            "asyncio.exceptions" if name == "asyncio" else "twisted.internet.defer"
        ),
    }


@pytest.mark.parametrize("name", ["asyncio", "twisted"])
def test_import_with_module_selects(name: str) -> None:
    result = run(
        f"""
        import json
        import txaio_typed.with_{name}
        import txaio_typed as txaio
        f = txaio.create_future_success(3)
        print(json.dumps([txaio.framework, txaio.is_future(f), txaio.is_called(f)]))
        """
    )
    assert result == [name, True, True]


def test_asyncio_config_is_read_lazily() -> None:
    result = run(
        """
        import asyncio, json
        import txaio_typed as txaio
        txaio.use_asyncio()
        loop = asyncio.new_event_loop()
        txaio.config.loop = loop
        f = txaio.create_future()
        s = txaio.sleep(0)
        other = asyncio.new_event_loop()
        txaio.config.loop = other
        g = txaio.create_future()
        print(json.dumps([f.get_loop() is loop, s.get_loop() is loop,
                          g.get_loop() is other]))
        for fut in (f, s, g):
            fut.cancel()
        loop.close(); other.close()
        """
    )
    assert result == [True, True, True]


def test_config_loop_set_before_selection_is_carried_over() -> None:
    result = run(
        """
        import asyncio, json
        import txaio_typed as txaio
        loop = asyncio.new_event_loop()
        txaio.config.loop = loop
        txaio.use_asyncio()
        f = txaio.create_future()
        print(json.dumps([txaio.config.loop is loop, f.get_loop() is loop]))
        f.cancel()
        loop.close()
        """
    )
    assert result == [True, True]


def test_twisted_config_is_read_lazily() -> None:
    result = run(
        """
        import json
        from twisted.internet import task
        import txaio_typed as txaio
        txaio.use_twisted()
        clock = task.Clock()
        txaio.config.loop = clock
        calls = []
        txaio.call_later(2, calls.append, "x")
        d = txaio.sleep(1)
        clock.advance(2)
        print(json.dumps([calls, d.called, "twisted.internet.reactor" in
                          __import__("sys").modules]))
        """
    )
    assert result == [["x"], True, False]


@pytest.mark.parametrize("name", ["asyncio", "twisted"])
def test_replace_loop_swaps_and_restores(name: str) -> None:
    make_loop = "asyncio.new_event_loop()" if name == "asyncio" else "task.Clock()"
    result = run(
        f"""
        import asyncio, json
        from twisted.internet import task
        import txaio_typed as txaio
        from txaio_typed.testutil import replace_loop
        txaio.use_{name}()
        original = {make_loop}
        txaio.config.loop = original
        new = {make_loop}
        out = []
        with replace_loop(new) as yielded:
            out.append(yielded is new)
            out.append(txaio.config.loop is new)
        out.append(txaio.config.loop is original)
        try:
            with replace_loop(new):
                out.append(txaio.config.loop is new)
                raise KeyError("body failed")
        except KeyError:
            out.append("raised")
        out.append(txaio.config.loop is original)
        print(json.dumps(out))
        """
    )
    assert result == [True, True, True, True, "raised", True]


def test_replace_loop_with_explicit_config() -> None:
    result = run(
        """
        import json
        from twisted.internet import task
        from txaio_typed import tx
        from txaio_typed.testutil import replace_loop
        api = tx.with_config(loop=task.Clock())
        before = api.config.loop
        clock = task.Clock()
        calls = []
        with replace_loop(clock, api.config):
            api.call_later(1, calls.append, 1)
            clock.advance(1)
        print(json.dumps([calls, api.config.loop is before]))
        """
    )
    assert result == [[1], True]


def test_upstream_twisted_sample_runs_unchanged() -> None:
    result = run(
        """
        import json
        import txaio_typed as txaio
        txaio.use_twisted()
        from twisted.internet import task
        txaio.config.loop = task.Clock()

        log = []

        def on_success(value):
            log.append("ok %s" % value)
            return value * 2

        def on_error(fail):
            log.append(txaio.failure_message(fail))

        d = txaio.create_future()
        txaio.add_callbacks(d, on_success, on_error)
        txaio.resolve(d, 21)

        e = txaio.create_future()
        txaio.add_callbacks(e, on_success, on_error)
        txaio.reject(e, RuntimeError("bad"))

        def work(x):
            return x + 1

        f = txaio.as_future(work, 1)
        txaio.add_callbacks(f, on_success, None)
        g = txaio.gather([txaio.create_future_success(1), f])
        txaio.add_callbacks(g, lambda res: log.append(res), None)
        txaio.call_later(1, log.append, "later")
        txaio.config.loop.advance(1)
        print(json.dumps(log))
        """
    )
    assert result == ["ok 21", "RuntimeError: bad", "ok 2", [1, 4], "later"]


def test_upstream_asyncio_sample_runs_unchanged() -> None:
    result = run(
        """
        import asyncio, json
        import txaio_typed as txaio
        txaio.use_asyncio()

        log = []

        async def main():
            txaio.config.loop = asyncio.get_running_loop()
            d = txaio.create_future()
            txaio.add_callbacks(d, lambda v: log.append("ok %s" % v), None)
            txaio.resolve(d, 1)

            async def work(x):
                await txaio.sleep(0.01)
                return x * 2

            results = await txaio.gather([txaio.as_future(work, 1),
                                          txaio.as_future(work, 2)])
            log.append(results)
            e = txaio.create_future()
            txaio.add_callbacks(e, None,
                                lambda f: log.append(txaio.failure_message(f)))
            txaio.reject(e, ValueError("nope"))
            await txaio.sleep(0)
            await txaio.sleep(0)

        asyncio.run(main())
        print(json.dumps(log))
        """
    )
    assert result == ["ok 1", [2, 4], "ValueError: nope"]
