"""Importing this module selects asyncio: ``import txaio_typed.with_asyncio``."""

import txaio_typed

txaio_typed.use_asyncio()
