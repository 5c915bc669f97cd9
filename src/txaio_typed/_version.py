"""The version of txaio-typed."""

__version__ = "0.1.0"
