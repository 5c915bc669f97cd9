"""Checked only in the environment without Twisted: proves it is missing.

The rest of that run (the neutral and asyncio files of pass/ and fail/) must
give the same results as with Twisted installed, i.e. the neutral stubs do
not depend on Twisted for their checks.
"""

import twisted  # type: ignore[import-not-found]  # pyright: ignore[reportMissingImports]  # pyrefly: ignore[missing-import]  # ty: ignore[import-not-found]

print(twisted)
