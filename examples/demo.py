"""One piece of framework-neutral code, run on asyncio (default) or Twisted.

    python3 dev.py demo             # asyncio
    python3 dev.py demo --twisted   # Twisted

The service below never imports asyncio or Twisted: it uses txaio_typed only,
and mypy/pyright check the result types flowing through it. At the end the
demo runs mypy and pyright on ``wrong_callback.py`` to show a type checker
catching a callback that expects the wrong type.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import txaio_typed as txaio

CATALOGUE = {"apple": 3, "pear": 5}


class UnknownItem(KeyError):
    """A name that is not in the catalogue."""


def lookup(name: str, delay: float) -> txaio.Future[int]:
    """Answer after ``delay`` seconds with the price of ``name``."""
    answer: txaio.Future[int] = txaio.create_future()

    def respond() -> None:
        if name in CATALOGUE:
            txaio.resolve(answer, CATALOGUE[name])
        else:
            txaio.reject(answer, UnknownItem(name))

    txaio.call_later(delay, respond)
    return answer


def with_timeout(future: txaio.Future[int], seconds: float) -> txaio.Future[int]:
    """Cancel ``future`` unless it settles within ``seconds``."""
    timer = txaio.call_later(seconds, txaio.cancel, future)

    def stop_timer(price: int) -> int:
        timer.cancel()
        return price

    return txaio.add_callbacks(future, stop_timer, None)


async def main() -> None:
    print(f"running on {txaio.framework}")

    prices = await txaio.gather(
        [lookup("apple", 0.02), lookup("kiwi", 0.01), lookup("pear", 0.03)]
    )
    for name, price in zip(["apple", "kiwi", "pear"], prices, strict=True):
        if isinstance(price, txaio.IFailedFuture):
            print(f"  {name}: failed ({txaio.failure_message(price)})")
        else:
            print(f"  {name}: {price}")

    doubled = txaio.add_callbacks(lookup("pear", 0.01), lambda p: p * 2, None)
    print(f"  two pears: {await doubled}")

    slow = with_timeout(lookup("apple", 5.0), 0.05)
    outcome = txaio.add_callbacks(
        slow,
        lambda price: f"price {price}",
        lambda fail: f"gave up: {type(fail.value).__name__}",
    )
    print(f"  slow lookup: {await outcome}")

    await txaio.sleep(0.01)
    print("done")


def show_type_checkers() -> None:
    wrong = Path(__file__).with_name("wrong_callback.py")
    print(f"\n{wrong.name} adds a callback expecting str to a Future[int]:")
    # The project's own configuration excludes this file on purpose, so each
    # checker gets a configuration of its own.
    settings = Path(tempfile.mkdtemp())
    (settings / "pyrightconfig.json").write_text('{"typeCheckingMode": "strict"}')
    (settings / "mypy.ini").write_text("[mypy]\nstrict = True\n")
    checkers = {
        "mypy --strict": ["-m", "mypy", "--config-file", str(settings / "mypy.ini")],
        "pyright": [
            "-m",
            "pyright",
            "--project",
            str(settings),
            "--pythonpath",
            sys.executable,
        ],
    }
    for title, arguments in checkers.items():
        checked = subprocess.run(
            [sys.executable, *arguments, str(wrong)],
            capture_output=True,
            text=True,
            check=False,
        )
        if "No module named" in checked.stderr:
            print(f"  {title}: not installed (pip install --group dev)")
            continue
        errors = [
            line.strip() for line in checked.stdout.splitlines() if "error" in line
        ]
        print(f"  {title}:")
        for line in errors:
            print(f"    {line}")


def run_on_asyncio() -> None:
    import asyncio

    txaio.use_asyncio()
    asyncio.run(main())


def run_on_twisted() -> None:
    from twisted.internet import task
    from twisted.internet.defer import Deferred

    txaio.use_twisted()

    def start(_reactor: object) -> Deferred[None]:
        return Deferred.fromCoroutine(main())

    try:
        task.react(start)
    except SystemExit as exit_:
        if exit_.code not in (0, None):
            raise


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="txaio-typed demo")
    parser.add_argument(
        "--twisted", action="store_true", help="run on Twisted instead of asyncio"
    )
    parser.add_argument(
        "--no-type-check",
        action="store_true",
        help="skip running the type checkers on wrong_callback.py",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    options = parse_args(sys.argv[1:])
    if options.twisted:
        run_on_twisted()
    else:
        run_on_asyncio()
    if not options.no_type_check:
        show_type_checkers()
