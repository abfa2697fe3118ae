"""coder: a terminal workbench for human coding of news articles into structured event data."""

__version__ = "0.1.0"
