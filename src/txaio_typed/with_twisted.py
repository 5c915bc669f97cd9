"""Importing this module selects Twisted: ``import txaio_typed.with_twisted``."""

import txaio_typed

txaio_typed.use_twisted()
