"""The command line. ``main`` is the entry point; each module adds its commands to it."""

from cardgen.cli import batch, content, exchange, init, pieces, printing, site, specimen  # noqa: F401  (registers the commands)
from cardgen.cli.app import CliError, main

__all__ = ["CliError", "main"]
