"""A scenario-step plugin: `local_storage` sets keys in the page's localStorage (a dismissed cookie banner,
a feature flag, a returning visitor) and reloads, so the page starts from that state. Loaded from the
project's plugins/ folder through uiagent's hook API.

    - local_storage: {values: {cookie-consent: accepted}}
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from uiagent import StepFailure, StepKind, StepRuntime, hookimpl


class LocalStorage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    values: dict[str, str] = Field(min_length=1)
    reload: bool = Field(True, description="Reload so the page reads the new values as it starts.")


def set_local_storage(step: LocalStorage, runtime: StepRuntime) -> None:
    page = runtime.page
    if not page.url.startswith(("http://", "https://")):
        raise StepFailure(f"localStorage needs a web page (http or https); the page is {page.url}")
    page.evaluate("values => Object.entries(values).forEach(([k, v]) => localStorage.setItem(k, v))", step.values)
    if step.reload:
        page.reload(wait_until="load", timeout=runtime.settings.navigation_timeout_s * 1000)


@hookimpl
def uiagent_scenario_steps() -> list[StepKind]:
    return [StepKind("local_storage", LocalStorage, set_local_storage,
                     "Set keys in the page's localStorage, then reload.")]
