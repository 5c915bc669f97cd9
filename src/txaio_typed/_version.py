"""The version of txaio-typed."""

__version__: str = "0.1.0"
