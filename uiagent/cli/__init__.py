"""The `uiagent` command line: one `main` group (cli/app.py) whose commands live one module each and are
imported only when they run."""

from uiagent.cli.app import main

__all__ = ["main"]
