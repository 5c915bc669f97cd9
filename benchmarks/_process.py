"""A benchmark worker process: one JSON request per line on its stdin, one
JSON answer per line on its stdout, its stderr kept in a temporary file for
the error message when it dies."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import IO

#: How much of a dead worker's stderr an error shows (its end).
LOG_TAIL = 5000


class WorkerError(RuntimeError):
    """A worker failed or answered something unexpected."""


class WorkerProcess:
    """A running worker, started as ``argv`` in ``cwd``."""

    def __init__(
        self, argv: list[str], cwd: Path, name: str, close_timeout: float
    ) -> None:
        self.name = name
        self.close_timeout = close_timeout
        self.log: IO[str] = tempfile.TemporaryFile("w+")  # noqa: SIM115 - see close()
        self.process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            bufsize=1,
            cwd=cwd,
        )

    def read(self) -> dict[str, object]:
        """The worker's next answer. Raises ``WorkerError`` when it exited."""
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            self.log.seek(0)
            raise WorkerError(
                f"worker {self.name} exited ({self.process.returncode}):\n"
                + self.log.read()[-LOG_TAIL:]
            )
        answer: dict[str, object] = json.loads(line)
        return answer

    def request(self, op: str, **fields: object) -> dict[str, object]:
        """Send ``{"op": op, **fields}`` and return the answer. Raises
        ``WorkerError`` when the worker exited or answered an error."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"op": op, **fields}) + "\n")
        self.process.stdin.flush()
        answer = self.read()
        if "error" in answer:
            raise WorkerError(f"{op} failed in worker {self.name}:\n{answer['error']}")
        return answer

    def close(self) -> None:
        """End the worker (killed when it does not exit in time)."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=self.close_timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
