"""uiagent's plugin API (pluggy). A plugin is a module with functions marked `@hookimpl`; it is found
through the `uiagent` entry-point group of an installed package, or as a .py file in the folder the
`plugins_dir` setting names (nothing by default: code is never imported from the working directory unasked),
much as pytest finds conftest.py files.

    from uiagent.hooks import hookimpl

    @hookimpl
    def uiagent_checks():
        return [MY_CHECK]          # uiagent.audit.checks.Check: id, WCAG criteria, description, function
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

from uiagent.errors import ConfigError

if TYPE_CHECKING:
    from uiagent.audit.checks.base import Check
    from uiagent.audit.findings import AuditReport
    from uiagent.scenarios.steps import StepKind

hookspec = pluggy.HookspecMarker("uiagent")
hookimpl = pluggy.HookimplMarker("uiagent")


class Specs:
    @hookspec
    def uiagent_checks(self) -> list[Check]:  # type: ignore[empty-body]
        """Checks to run in every audit, after the built-in ones."""

    @hookspec
    def uiagent_reporters(self) -> dict[str, tuple[str, Callable[[AuditReport], str]]]:  # type: ignore[empty-body]
        """Report formats: name -> (file name, render(report) -> text). Usable with --format NAME."""

    @hookspec
    def uiagent_providers(self) -> dict[str, Callable[..., Any]]:  # type: ignore[empty-body]
        """VLM provider kinds: the selector prefix -> factory(spec, settings) returning a Provider
        (an object with `async complete(request, timeout_s)` and `async aclose()`)."""

    @hookspec
    def uiagent_scenario_steps(self) -> list[StepKind]:  # type: ignore[empty-body]
        """Scenario step kinds: each a `uiagent.scenarios.StepKind` (its YAML key, a Pydantic model for its
        arguments, a function `run(arguments, runtime)` and a line of help)."""


@cache
def plugin_manager(plugins_dir: str = "") -> pluggy.PluginManager:
    manager = pluggy.PluginManager("uiagent")
    manager.add_hookspecs(Specs)
    manager.load_setuptools_entrypoints("uiagent")
    folder = Path(plugins_dir) if plugins_dir else None
    if folder is not None and not folder.is_dir():
        raise ConfigError(f"plugins_dir {plugins_dir!r} is not a folder (from {Path.cwd()})")
    if folder is not None:
        for path in sorted(folder.glob("*.py")):
            if path.name.startswith("_"):
                continue
            spec = importlib.util.spec_from_file_location(f"uiagent_plugin_{path.stem}", path)
            if spec is None or spec.loader is None:
                continue
            module = importlib.util.module_from_spec(spec)
            try:
                spec.loader.exec_module(module)
            except Exception as error:
                raise ConfigError(f"plugin {path}: failed to load: {type(error).__name__}: {error}") from error
            manager.register(module, name=str(path.resolve()))
    return manager


def _plugins_dir() -> str:
    from uiagent.config import Settings

    return str(Settings().plugins_dir or "")


def plugin_checks() -> tuple[Check, ...]:
    return tuple(check for checks in plugin_manager(_plugins_dir()).hook.uiagent_checks() for check in checks)


def plugin_reporters() -> dict[str, tuple[str, Callable[[AuditReport], str]]]:
    merged: dict[str, tuple[str, Callable[[AuditReport], str]]] = {}
    for reporters in plugin_manager(_plugins_dir()).hook.uiagent_reporters():
        merged.update(reporters)
    return merged


def plugin_providers() -> dict[str, Callable[..., Any]]:
    merged: dict[str, Callable[..., Any]] = {}
    for providers in plugin_manager(_plugins_dir()).hook.uiagent_providers():
        merged.update(providers)
    return merged


def plugin_scenario_steps() -> tuple[StepKind, ...]:
    return tuple(kind for kinds in plugin_manager(_plugins_dir()).hook.uiagent_scenario_steps() for kind in kinds)
