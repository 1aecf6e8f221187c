"""`uiagent run`: declarative YAML scenarios, each in a fresh browser context, with results written as each
scenario ends (scenarios.jsonl), a JUnit file CI understands, and the findings of their audit steps in the
same report formats as `uiagent audit`."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from uiagent import __version__
from uiagent.assertions import Policy
from uiagent.audit.findings import AuditReport
from uiagent.baselines import safe_part
from uiagent.browser import context_args, open_playwright_browser
from uiagent.cli.app import (
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    browser_options,
    console,
    fail,
    main,
    print_reports,
    settings_from,
    shard_option,
)
from uiagent.errors import UiagentError
from uiagent.journal import append_record
from uiagent.reports import parse_formats, write_reports
from uiagent.scenarios import (
    ScenarioFileError,
    ScenarioResult,
    ScenarioSpec,
    StepKind,
    load_scenarios,
    run_scenario,
    step_kinds,
)
from uiagent.scenarios.junit import scenarios_junit
from uiagent.scenarios.schema import scenario_json_schema
from uiagent.shards import Shard
from uiagent.wiring import assertion_context, open_judge, step_runtime

JOURNAL = "scenarios.jsonl"


@main.command("run")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--base-url", help="Relative URLs in the scenarios are resolved against this (wins over the files').")
@click.option("--demo-site", is_flag=True, help="Serve the bundled demo site on loopback and use it as the base URL.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("reports/run"),
              show_default=True, help="Folder for results, JUnit, screenshots and the audit steps' reports.")
@click.option("--format", "formats", default="json", show_default=True,
              help="Report formats for the audit steps' findings: html,json,sarif,junit,md.")
@click.option("--provider", help="VLM provider for expect steps (default: UIAGENT_PROVIDER).")
@click.option("--no-provider", type=click.Choice(["skip", "fail"]), default="skip", show_default=True,
              help="What a model step does with no provider configured.")
@click.option("--uncertain", type=click.Choice(["fail", "xfail", "warn"]), default="fail", show_default=True,
              help="What an uncertain verdict does.")
@click.option("--update-baselines", is_flag=True, help="Record (or re-record) the baseline screenshots.")
@click.option("--step-timeout", type=float, help="Seconds a step waits for its element (default 5).")
@click.option("--schema", "print_schema", is_flag=True, help="Print the scenario files' JSON Schema and exit.")
@click.option("--list-steps", is_flag=True, help="List the step types (plugins' included) and exit.")
@shard_option
@browser_options
def run(files: tuple[Path, ...], base_url: str | None, demo_site: bool, output: Path, formats: str,
        provider: str | None, no_provider: str, uncertain: str, update_baselines: bool, step_timeout: float | None,
        print_schema: bool, list_steps: bool, shard: Shard | None, chromium: str | None,
        browser_ws: str | None) -> None:
    """Run the scenarios in FILES (YAML). Exit 0 when all pass, 1 when one fails, 2 for a file that cannot run."""
    try:
        kinds = step_kinds()
    except UiagentError as error:
        fail(str(error))
    if print_schema:
        click.echo(json.dumps(scenario_json_schema(kinds), indent=1))
        return
    if list_steps:
        for kind in kinds.values():
            click.echo(f"{kind.name:14} {kind.description}")
        return
    if not files:
        raise click.UsageError("no scenario files given")
    try:
        chosen = parse_formats(formats)
    except UiagentError as error:
        raise click.UsageError(str(error)) from error
    specs, problems = [], []
    for path in files:
        try:
            specs += load_scenarios(path, kinds)
        except ScenarioFileError as error:
            problems.append(str(error))
    if problems:  # every broken file is named before anything runs
        for problem in problems:
            console.print(f"[red]error:[/] {escape(problem)}", highlight=False)
        sys.exit(EXIT_USAGE)
    if shard is not None:  # by scenario id: the same scenarios in this shard on every machine
        specs = shard.select(specs, key=lambda spec: spec.id)
    settings = settings_from(provider=provider, chromium=chromium, browser_ws=browser_ws, step_timeout_s=step_timeout)
    try:
        output.mkdir(parents=True, exist_ok=True)
        journal = output / JOURNAL
        journal.write_text("")
    except OSError as error:
        fail(f"output folder {output} cannot be written: {error.strerror or error}")
    results: list[ScenarioResult] = []
    interrupted = False
    with ExitStack() as stack:
        if demo_site:
            from uiagent.demo import serve_demo

            base_url = stack.enter_context(serve_demo()).base_url
        try:
            judge = open_judge(settings)
            if judge is not None:
                stack.callback(judge.close)
            playwright, browser = stack.enter_context(open_playwright_browser(settings))
        except UiagentError as error:
            fail(str(error))
        policy = Policy(uncertain=uncertain, update_baselines=update_baselines)  # type: ignore[arg-type]
        try:
            for spec in specs:
                result = _run_one(spec, kinds, browser, playwright.devices, settings, policy, judge, output, base_url,
                                  no_provider)
                append_record(journal, result)  # each scenario kept as soon as it ends
                results.append(result)
                _print_result(result)
        except KeyboardInterrupt:  # Ctrl-C: the scenarios finished so far are reported below
            interrupted = True
    (output / "scenarios.xml").write_text(scenarios_junit(results), encoding="utf-8")
    audits = [audit for result in results for audit in result.audits]
    if audits:
        report = AuditReport(version=__version__, findings=[f for a in audits for f in a.findings], pages=audits)
        reports_ok = print_reports(write_reports(report, chosen, output))
    else:
        reports_ok = True
    _summary(results)
    console.print(f"results: [bold]{journal}[/], JUnit: [bold]{output / 'scenarios.xml'}[/]")
    if interrupted:
        console.print(f"[yellow]interrupted[/]: {len(results)} of {len(specs)} scenario(s) finished and reported")
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(EXIT_FINDINGS if any(r.status == "failed" for r in results) or not reports_ok else EXIT_OK)


def _run_one(spec: ScenarioSpec, kinds: dict[str, StepKind], browser, devices, settings, policy: Policy,
             judge, output: Path, base_url: str | None, no_provider: str) -> ScenarioResult:
    folder = output / safe_part(f"{spec.path.stem}-{spec.id}")
    assertions = assertion_context(f"{spec.path}::{spec.id}", settings, policy, folder, source=spec.path, name=spec.id,
                                   judge=judge)
    try:
        wanted = context_args(spec.device, spec.viewport.model_dump() if spec.viewport else None, devices)
    except UiagentError as error:
        return ScenarioResult(file=str(spec.path), name=spec.name, id=spec.id, line=spec.line, status="failed",
                              failure=f"{spec.where(spec.device_line)}: {error}")
    wanted.setdefault("viewport", {"width": settings.viewport_width, "height": settings.viewport_height})
    context = browser.new_context(**wanted)
    try:
        page = context.new_page()
        runtime = step_runtime(page, assertions, base_url=base_url or spec.base_url, root_dir=Path.cwd(),
                               no_provider=no_provider)
        return run_scenario(spec, page, kinds, runtime)
    finally:
        context.close()


def _print_result(result: ScenarioResult) -> None:
    colour = {"passed": "green", "failed": "red", "uncertain": "yellow"}[result.status]
    console.print(f"[{colour}]{result.status:9}[/] {escape(result.file)}::{result.id}  ({len(result.steps)} steps, "
                  f"{result.seconds:.1f}s)", highlight=False)
    if result.failure:
        console.print(f"          {escape(result.failure)}", highlight=False)
    for note in result.notes:
        console.print(f"          [dim]{escape(note)}[/]", highlight=False)


def _summary(results: list[ScenarioResult]) -> None:
    table = Table(title="Scenarios")
    for column in ("scenario", "status", "steps passed", "skipped", "seconds"):
        table.add_column(column)
    for r in results:
        passed = sum(s.status == "passed" for s in r.steps)
        skipped = sum(s.status == "skipped" for s in r.steps)
        table.add_row(f"{Path(r.file).name}::{r.id}", r.status, f"{passed}/{len(r.steps)}", str(skipped), f"{r.seconds:.1f}")
    console.print(table)
