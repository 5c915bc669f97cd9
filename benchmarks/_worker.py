"""A benchmark worker: one (implementation, framework) pair in its own process.

Started by ``run.py`` as ``python _worker.py IMPL FRAMEWORK``. It reads one
JSON request per line on stdin (``{"op": KEY, "size": N, "best_of": K}``),
runs that operation K times on N // K iterations each, and answers with one
JSON line: ``{"metrics": {...}}`` with the smallest value of each metric,
``{"missing": REASON}`` when the implementation lacks the feature, or
``{"error": TRACEBACK}``. The answers go to the original stdout; anything
else the measured code prints goes to stderr.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import traceback

from _ops import Missing, build
from _spec import FRAMEWORKS, IMPLS, Framework, Impl


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in IMPLS or argv[1] not in FRAMEWORKS:
        print(f"usage: _worker.py {{{','.join(IMPLS)}}} {{{','.join(FRAMEWORKS)}}}")
        return 2
    impl: Impl = next(i for i in IMPLS if i == argv[0])
    framework: Framework = next(f for f in FRAMEWORKS if f == argv[1])
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    ops = build(impl, framework)
    answers.write(json.dumps({"ready": sorted(ops)}) + "\n")
    for line in sys.stdin:
        request = json.loads(line)
        bench = ops.get(request["op"])
        answer: dict[str, object]
        if bench is None:
            answer = {"missing": f"no operation {request['op']!r}"}
        else:
            best_of = int(request.get("best_of", 1))
            size = max(1, int(request["size"]) // best_of)
            try:
                runs: list[dict[str, float]] = []
                for _ in range(best_of):
                    gc.collect()
                    runs.append(bench(size))
                answer = {"metrics": {k: min(r[k] for r in runs) for k in runs[0]}}
            except Missing as exc:
                answer = {"missing": str(exc)}
            except Exception:
                answer = {"error": traceback.format_exc()}
        answers.write(json.dumps(answer) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
