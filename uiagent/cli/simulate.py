"""`uiagent simulate`: the loopback VLM simulator, for offline runs."""

from __future__ import annotations

import threading
from pathlib import Path

import click

from uiagent.cli.app import console, fail, main


@main.command()
@click.option("--script", "script_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML rules: what to answer for which question, latency and faults.")
@click.option("--port", type=int, default=8765, show_default=True)
@click.option("--latency", type=float, default=None, help="Seconds added to every reply (overrides the script).")
def simulate(script_path: Path | None, port: int, latency: float | None) -> None:
    """Serve the loopback VLM simulator (Anthropic and OpenAI wire formats) until Ctrl-C."""
    from uiagent.errors import ConfigError
    from uiagent.vlm.simulator import Script, VLMSimulator

    try:
        script = Script.load(script_path) if script_path else Script()
    except ConfigError as error:
        raise click.UsageError(str(error)) from error
    if latency is not None:
        script.latency_s = latency
    try:
        simulator = VLMSimulator(script, port=port).start()
    except OSError as error:
        fail(f"cannot listen on 127.0.0.1:{port}: {error.strerror}")
    console.print(f"VLM simulator on 127.0.0.1:{simulator.port} ({len(script.rules)} rules). Use, for example:\n"
                  f"  UIAGENT_PROVIDER=anthropic:claude-sonnet-4-6@{simulator.anthropic_base_url}\n"
                  f"  UIAGENT_PROVIDER=openai:gpt-4o@{simulator.openai_base_url}\n"
                  "It answers only what its script says; with no matching rule it answers 'uncertain'.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        simulator.stop()
