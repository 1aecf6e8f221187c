"""`uiagent checks`: what the audit checks, with the thresholds it holds pages to, as data."""

from __future__ import annotations

import json

import click
from rich import box
from rich.console import Console
from rich.table import Table

from uiagent.cli.app import fail, main, settings_from


@main.command("checks")
@click.option("--json", "as_json", is_flag=True, help="Print every check's data (rules, criteria, impact, options, "
              "messages) as JSON.")
def checks(as_json: bool) -> None:
    """List the audit's own checks (and plugins' checks): criteria, impact, ACT rules and thresholds."""
    from uiagent.audit.checks import BUILTIN_CHECKS
    from uiagent.audit.checks.base import validate_check_options
    from uiagent.errors import ConfigError
    from uiagent.hooks import plugin_checks

    settings, every = settings_from(), BUILTIN_CHECKS + plugin_checks()
    try:
        validate_check_options(settings.check_options, every)
    except ConfigError as error:
        fail(str(error))
    listed = [check.metadata(check.options_under(settings)) for check in every]
    if as_json:
        click.echo(json.dumps(listed, indent=2))
        return
    table = Table(title=f"{len(listed)} checks (uiagent checks --json gives their messages)", box=box.SIMPLE)
    table.add_column("check (options)", no_wrap=True)
    for column in ("WCAG", "impact", "ACT rules"):
        table.add_column(column)
    for check in listed:
        criteria = f"{' '.join(check['wcag'])} ({check['level']})" if check["wcag"] else \
            "best practice" if check["best_practice"] else "-"
        options = "".join(f"\n  [dim]{name}={value:g}[/]" for name, value in check["options"].items())
        table.add_row(check["id"] + options, criteria, check["impact"], " ".join(check["act"]))
    Console().print(table)  # stdout: the list is the output
