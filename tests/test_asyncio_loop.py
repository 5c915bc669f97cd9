"""How the asyncio backend finds its loop, on every CPython 3.11+ available.

Each test runs in a fresh interpreter (no loop set yet), once on the running
CPython and once on each other CPython 3.11+ that ``dev.py test`` finds.
"""

from __future__ import annotations

import shutil
import sys
from typing import cast

import pytest
import typing_extensions
from processes import python_json

from dev import other_interpreters


def _interpreters() -> dict[str, str]:
    """``{"3.N": python}``: the running CPython and the others."""
    found = {(sys.version_info.major, sys.version_info.minor): sys.executable}
    found.update(other_interpreters())
    return {f"{major}.{minor}": found[major, minor] for major, minor in sorted(found)}


INTERPRETERS = _interpreters()


@pytest.fixture(scope="module")
def typing_extensions_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A directory holding only ``typing_extensions`` (pure Python), for
    interpreters that do not have it installed."""
    directory = tmp_path_factory.mktemp("typing_extensions")
    shutil.copy(typing_extensions.__file__, directory / "typing_extensions.py")
    return str(directory)


@pytest.fixture(params=list(INTERPRETERS.values()), ids=list(INTERPRETERS))
def python(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def run(python: str, extra_path: str, code: str) -> object:
    return python_json(code, python=python, extra_path=[extra_path])


def test_main_thread_without_loop_creates_one_without_warning(
    python: str, typing_extensions_dir: str
) -> None:
    result = run(
        python,
        typing_extensions_dir,
        """
        import asyncio, json, warnings
        warnings.simplefilter("error", DeprecationWarning)
        from txaio_typed import aio
        f = aio.create_future()
        g = aio.create_future_success(2)
        loop = f.get_loop()
        out = [g.get_loop() is loop, loop.is_closed()]
        aio.call_later(0, aio.resolve, f, "fired")
        out.append(loop.run_until_complete(f))
        out.append(loop.run_until_complete(aio.sleep(0)))
        loop.close()
        print(json.dumps(out))
        """,
    )
    assert result == [True, False, "fired", None]


def test_running_loop_is_used(python: str, typing_extensions_dir: str) -> None:
    result = run(
        python,
        typing_extensions_dir,
        """
        import asyncio, json
        from txaio_typed import aio

        async def main():
            running = asyncio.get_running_loop()
            f = aio.create_future()
            s = aio.sleep(0)
            await s
            return [f.get_loop() is running, s.get_loop() is running]

        print(json.dumps(asyncio.run(main())))
        """,
    )
    assert result == [True, True]


def test_other_thread_without_loop_raises_and_installs_nothing(
    python: str, typing_extensions_dir: str
) -> None:
    result = run(
        python,
        typing_extensions_dir,
        """
        import asyncio, json, threading
        from txaio_typed import aio
        out = {}

        def worker():
            for name, call in [
                ("create_future", lambda: aio.create_future()),
                ("sleep", lambda: aio.sleep(1)),
                ("call_later", lambda: aio.call_later(1, print)),
            ]:
                try:
                    call()
                except RuntimeError as exc:
                    out[name] = str(exc)
                else:
                    out[name] = None
            try:
                asyncio.get_event_loop()
            except RuntimeError:
                out["installed"] = False
            else:
                out["installed"] = True

        thread = threading.Thread(target=worker, name="worker-7")
        thread.start()
        thread.join()
        print(json.dumps(out))
        """,
    )
    assert isinstance(result, dict)
    result = cast("dict[str, object]", result)
    assert result["installed"] is False
    for name in ("create_future", "sleep", "call_later"):
        message = result[name]
        assert isinstance(message, str), name
        assert "worker-7" in message
        assert "config.loop" in message


def test_other_thread_with_configured_loop_works(
    python: str, typing_extensions_dir: str
) -> None:
    result = run(
        python,
        typing_extensions_dir,
        """
        import asyncio, json, threading
        from txaio_typed import aio
        loop = asyncio.new_event_loop()
        aio.config.loop = loop
        out = []

        def worker():
            out.append(aio.create_future().get_loop() is loop)

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        loop.close()
        print(json.dumps(out))
        """,
    )
    assert result == [True]


def test_sleep_and_as_future_honour_config_loop(
    python: str, typing_extensions_dir: str
) -> None:
    result = run(
        python,
        typing_extensions_dir,
        """
        import asyncio, json
        from txaio_typed import aio
        loop = asyncio.new_event_loop()
        decoy = asyncio.new_event_loop()
        asyncio.set_event_loop(decoy)
        aio.config.loop = loop

        async def work(x):
            await aio.sleep(0)
            return x + 1

        s = aio.sleep(0)
        t = aio.as_future(work, 1)
        out = [s.get_loop() is loop, t.get_loop() is loop]
        out.append(loop.run_until_complete(t))
        out.append(loop.run_until_complete(s))
        loop.close()
        asyncio.set_event_loop(None)
        decoy.close()
        print(json.dumps(out))
        """,
    )
    assert result == [True, True, 2, None]


def test_sleep_and_as_future_honour_with_config(
    python: str, typing_extensions_dir: str
) -> None:
    result = run(
        python,
        typing_extensions_dir,
        """
        import asyncio, json
        from txaio_typed import aio
        loop = asyncio.new_event_loop()
        decoy = asyncio.new_event_loop()
        asyncio.set_event_loop(decoy)
        api = aio.with_config(loop=loop)

        async def work(x):
            await api.sleep(0)
            return x * 3

        s = api.sleep(0)
        t = api.as_future(work, 2)
        g = api.gather([work(1)])
        out = [s.get_loop() is loop, t.get_loop() is loop, g.get_loop() is loop,
               aio.config.loop is None]
        out.append(loop.run_until_complete(t))
        out.append(loop.run_until_complete(g))
        out.append(loop.run_until_complete(s))
        loop.close()
        asyncio.set_event_loop(None)
        decoy.close()
        print(json.dumps(out))
        """,
    )
    assert result == [True, True, True, True, 6, [3], None]
