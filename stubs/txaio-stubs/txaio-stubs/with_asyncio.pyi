"""Importing this module selects asyncio, as ``txaio.use_asyncio()``."""
