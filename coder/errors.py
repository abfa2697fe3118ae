"""Errors that reach a person: each carries a message that names the file, field or line and what
to do. The CLI prints `str(error)` and exits 2; it never shows a traceback for these."""

from __future__ import annotations


class CoderError(Exception):
    """Base of every error that the CLI and TUI report as a plain message."""
