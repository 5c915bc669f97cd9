"""``install_as_txaio()`` and running beside upstream txaio.

Both change a whole process (``sys.modules``, the framework selection, the
logging set-up), so every test runs its code in a fresh interpreter.
"""

from __future__ import annotations

import pytest
from processes import python_json as run

FRAMEWORKS = ("asyncio", "twisted")


def test_import_txaio_gives_txaio_typed() -> None:
    result = run(
        """
        import json, sys
        import txaio_typed
        txaio_typed.install_as_txaio()
        txaio_typed.install_as_txaio()  # a second call does nothing
        import txaio
        out = {"same": txaio is txaio_typed}
        out["tx before use"] = "txaio_typed.tx" in sys.modules
        import txaio.interfaces, txaio.testutil, txaio.aio
        from txaio.testutil import replace_loop
        import txaio_typed.interfaces, txaio_typed.testutil, txaio_typed.aio
        out["submodules"] = [
            txaio.interfaces is txaio_typed.interfaces,
            txaio.testutil is txaio_typed.testutil,
            txaio.aio is txaio_typed.aio,
            replace_loop is txaio_typed.testutil.replace_loop,
            sys.modules["txaio.aio"] is txaio_typed.aio,
        ]
        out["own names"] = [txaio.aio.__name__, txaio.aio.__spec__.name]
        try:
            import txaio.no_such_module
        except ModuleNotFoundError as exc:
            out["missing"] = exc.name
        print(json.dumps(out))
        """
    )
    assert result == {
        "same": True,
        "tx before use": False,
        "submodules": [True, True, True, True, True],
        "own names": ["txaio_typed.aio", "txaio_typed.aio"],
        "missing": "txaio.no_such_module",
    }


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_reads_and_writes_reach_txaio_typed(framework: str) -> None:
    result = run(
        f"""
        import json
        import txaio_typed
        txaio_typed.install_as_txaio()
        import txaio.with_{framework}
        import txaio
        marker = object()
        txaio.config.loop = marker
        pinned = txaio_typed.config.loop is marker
        txaio.config.loop = None
        print(json.dumps([
            txaio_typed.framework,
            txaio.using_twisted,
            txaio.using_asyncio,
            txaio._explicit_framework,
            pinned,
            txaio.is_future(txaio.create_future_success(3)),
        ]))
        """
    )
    assert result == [
        framework,
        framework == "twisted",
        framework == "asyncio",
        framework,
        True,
        True,
    ]


def test_too_late_after_upstream_txaio_was_imported() -> None:
    result = run(
        """
        import json
        import txaio
        import txaio_typed
        try:
            txaio_typed.install_as_txaio()
        except RuntimeError as exc:
            print(json.dumps(str(exc)))
        """
    )
    assert isinstance(result, str)
    assert "before anything imports 'txaio'" in result


def test_upstream_fixture_helpers() -> None:
    # upstream's own test fixtures select a framework this way
    result = run(
        """
        import json
        import txaio_typed
        txaio_typed.install_as_txaio()
        import txaio
        from txaio import tx
        txaio._use_framework(tx)
        txaio._use_framework(tx)
        out = [txaio.framework]
        from txaio import aio
        try:
            txaio._use_framework(aio)
        except RuntimeError as exc:
            out.append("cannot switch" if "already uses" in str(exc) else str(exc))
        print(json.dumps(out))
        """
    )
    assert result == ["twisted", "cannot switch"]


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("upstream_first", [True, False])
def test_side_by_side_each_line_is_written_once(
    framework: str, upstream_first: bool
) -> None:
    # An application on txaio-typed, a library on upstream txaio, both
    # calling start_logging(): upstream's writer writes every event once.
    starts = ["upstream.start_logging(out=first)", "typed.start_logging(out=second)"]
    if not upstream_first:
        starts.reverse()
    result = run(
        f"""
        import io, json, sys
        import txaio as upstream
        import txaio_typed as typed
        upstream.use_{framework}()
        typed.use_{framework}()
        first, second = io.StringIO(), io.StringIO()
        {starts[0]}
        {starts[1]}
        upstream.make_logger().info("from upstream {{n}}", n=1)
        typed.make_logger().info("from typed {{n}}", n=2)
        text = first.getvalue() + second.getvalue()
        sys.__stdout__.write(json.dumps([
            text.count("from upstream 1"), text.count("from typed 2")
        ]) + "\\n")
        """
    )
    assert result == [1, 1]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_installed_each_line_is_written_once(framework: str) -> None:
    result = run(
        f"""
        import io, json, sys
        import txaio_typed
        txaio_typed.install_as_txaio()
        import txaio
        txaio.use_{framework}()
        out = io.StringIO()
        txaio.start_logging(out=out)
        txaio_typed.start_logging(out=out)
        txaio.make_logger().info("once {{n}}", n=1)
        sys.__stdout__.write(json.dumps(out.getvalue().count("once 1")) + "\\n")
        """
    )
    assert result == 1
