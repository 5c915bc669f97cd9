"""Logging for this backend (placeholder: being implemented)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from txaio_typed.interfaces import ILogger, LogLevel


def make_logger(level: LogLevel | None = None) -> ILogger:
    """Return a logger named after the caller (placeholder)."""
    raise NotImplementedError("placeholder")


def start_logging(out: IO[Any] | None = None, level: LogLevel = "info") -> None:
    """Start writing log events to ``out`` (placeholder)."""
    raise NotImplementedError("placeholder")


def set_global_log_level(level: LogLevel) -> None:
    """Set the level of every logger that has no level of its own (placeholder)."""
    raise NotImplementedError("placeholder")


def get_global_log_level() -> LogLevel:
    """Return the global log level (placeholder)."""
    raise NotImplementedError("placeholder")


def add_log_categories(categories: Mapping[str, str]) -> None:
    """Add templates for ``log_category=`` (placeholder)."""
    raise NotImplementedError("placeholder")
