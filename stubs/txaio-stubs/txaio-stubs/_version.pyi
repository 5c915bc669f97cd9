"""The version of upstream txaio."""

__version__: str
