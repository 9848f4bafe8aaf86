"""crosscheck: one verifiable account of a story from every outlet's report of it."""

__version__ = "0.1.0"
