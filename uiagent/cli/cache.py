"""`uiagent cache stats|prune|clear`: the verdict cache."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from uiagent.cli.app import EXIT_OK, console, main, settings_from


@main.group()
def cache() -> None:
    """Inspect and manage the verdict cache (default .uiagent/verdicts.sqlite)."""


def _open_cache(path: Path | None):
    from uiagent.vlm.cache import VerdictCache

    settings = settings_from(cache_path=path)
    if not settings.cache_path.exists():
        console.print(f"no verdict cache at {settings.cache_path}")
        sys.exit(EXIT_OK)
    opened = VerdictCache(settings.cache_path)
    if opened.set_aside:
        console.print(f"[yellow]warning[/] the cache was corrupt; moved to {opened.set_aside} and started afresh")
    return opened


_cache_path_option = click.option("--path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                                  help="Cache file (default: the cache_path setting).")


@cache.command("stats")
@_cache_path_option
def cache_stats(path: Path | None) -> None:
    """Entries, size, age and models of the verdict cache."""
    import datetime

    stats = _open_cache(path).stats()
    table = Table(title=f"Verdict cache {stats.path}")
    table.add_column("figure")
    table.add_column("value")
    table.add_row("entries", str(stats.entries))
    table.add_row("size", f"{stats.bytes / 1024:.1f} KiB")
    for label, stamp in (("oldest", stats.oldest), ("newest", stats.newest)):
        table.add_row(label, datetime.datetime.fromtimestamp(stamp).isoformat(timespec="seconds") if stamp else "-")
    for model, count in sorted(stats.by_model.items()):
        table.add_row(f"  {model}", str(count))
    Console().print(table)  # stdout: the figures are the output


@cache.command("prune")
@click.option("--older-than", "older_than", required=True, help="Age like 30d, 12h or 90m.")
@_cache_path_option
def cache_prune(older_than: str, path: Path | None) -> None:
    """Remove verdicts older than an age."""
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    try:
        seconds = float(older_than[:-1]) * units[older_than[-1]]
    except (KeyError, ValueError, IndexError):
        raise click.BadParameter(f"{older_than!r}: expected a number and a unit, e.g. 30d, 12h, 90m") from None
    removed = _open_cache(path).prune(seconds)
    console.print(f"removed {removed} verdicts older than {older_than}")


@cache.command("clear")
@_cache_path_option
def cache_clear(path: Path | None) -> None:
    """Remove every stored verdict."""
    console.print(f"removed {_open_cache(path).clear()} verdicts")
