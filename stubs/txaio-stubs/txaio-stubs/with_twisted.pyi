"""Importing this module selects Twisted, as ``txaio.use_twisted()``."""
