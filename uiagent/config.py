"""Settings: defaults, then `[tool.uiagent]` in pyproject.toml, then UIAGENT_* environment variables.

Later stages (VLM, audit, reports) add their own fields here so a user has one place to look.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    PyprojectTomlConfigSettingsSource,
    SettingsConfigDict,
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="UIAGENT_",
        pyproject_toml_table_header=("tool", "uiagent"),
        extra="ignore",
    )

    # Browser
    chromium: Path | None = Field(None, description="Chromium/Chrome binary to launch.")
    browser_ws_endpoint: str | None = Field(
        None, description="Playwright server websocket (ws://host:port/...) to use a remote browser or grid."
    )
    headless: bool = True

    # Capture
    navigation_timeout_s: float = Field(15.0, gt=0, description="Cap for the page's load event.")
    page_timeout_s: float = Field(120.0, gt=0, description="Time limit for auditing one page: past it, the checks "
                                  "not yet run are named as not checked and the page is partial.")
    network_idle_cap_s: float = Field(2.0, ge=0, description="How long to wait for network quiet; not an error.")
    network_quiet_s: float = Field(0.2, ge=0, description="No request for this long is network quiet (pages "
                                   "uiagent loads; others use Playwright's networkidle).")
    stable_timeout_s: float = Field(3.0, ge=0, description="How long to wait for two identical frames.")
    stable_interval_s: float = Field(0.0, ge=0, description="Time before the frame that must match the first; after "
                                     "a frame that differs, Playwright's back-off for stable screenshots follows "
                                     "(0.1, 0.25, 0.5, then 1 s).")
    tile_height: int = Field(16384, ge=256, description="Full-page captures taller than this are shot in tiles (each "
                             "tile costs a fixed ~0.15 s on a large page; 16,384 px is the usual GPU texture limit).")
    max_full_page_height: int = Field(262144, ge=256, description="Full-page captures are cut off here: 16 tiles, "
                                      "each kept as its PNG and decoded when read (a 110,664 px page's 7 tiles are "
                                      "23 MB), but each shot lays the whole page out (about 1 s on a large page).")
    keep_screenshots: bool = Field(False, description="Also keep each page's full-page capture as a lossless PNG. By "
                                   "default an audit keeps what the reports show: an annotated crop per issue and a "
                                   "thumbnail per page (full-page images of a site run to gigabytes).")
    screenshot_quality: int = Field(75, ge=10, le=100, description="JPEG quality of the kept crops and thumbnails.")
    viewport_width: int = Field(1280, ge=100)
    viewport_height: int = Field(720, ge=100)

    # Audit checks (uiagent.audit.checks)
    check_options: dict[str, dict[str, float]] = Field(default_factory=dict, description="Thresholds that replace a "
                                                        "check's own, by check id and option name, e.g. "
                                                        "{'target-size': {'minimum_px': 44}} (2.5.5's 44 px).")

    # Scenarios
    step_timeout_s: float = Field(5.0, gt=0, description="How long a scenario step waits for its element or state.")

    # VLM (see uiagent.vlm): provider selector, limits, cache, budgets
    provider: str | None = Field(None, description="e.g. anthropic:claude-sonnet-4-6, openai:gpt-4o, "
                                 "openai-compatible:qwen2.5-vl-7b@http://127.0.0.1:8000/v1")
    max_concurrency: int = Field(8, ge=1, description="Model calls in flight at once.")
    call_timeout_s: float = Field(60.0, gt=0)
    max_retries: int = Field(3, ge=0, description="Retries of a failed call (429, 529, 5xx, reset, timeout).")
    max_retry_after_s: float = Field(60.0, ge=0, description="Longest retry-after honoured; longer gives up.")
    backoff_base_s: float = Field(0.5, ge=0)
    max_output_tokens: int = Field(1024, ge=64)
    structured_output: Literal["native", "prompt"] = Field(
        "native", description="native: the provider's JSON-schema mode; prompt: schema in the prompt only.")
    box_units: Literal["pixels", "normalized_1000"] = Field(
        "pixels", description="How the model gives boxes: image pixels (Claude, GPT, Qwen2.5-VL) or a 0-1000 grid.")
    openai_detail: Literal["high", "low"] = "high"
    qwen_min_pixels: int | None = Field(None, ge=784)
    qwen_max_pixels: int | None = Field(None, ge=784)
    votes: int = Field(1, ge=1, le=15, description="Samples per question; stops early once a majority is certain.")
    cache_mode: Literal["off", "read-write", "read-only", "refresh"] = "read-write"
    cache_path: Path = Path(".uiagent/verdicts.sqlite")
    ledger_path: Path | None = Field(None, description="Append every model call's usage here as JSON lines.")
    budget_run_image_tokens: int | None = Field(None, ge=0)
    budget_run_tokens: int | None = Field(None, ge=0)
    budget_run_usd: float | None = Field(None, ge=0)
    budget_test_image_tokens: int | None = Field(None, ge=0)
    budget_test_tokens: int | None = Field(None, ge=0)
    budget_test_usd: float | None = Field(None, ge=0)
    mask_selectors: list[str] = Field(default_factory=list, description="Painted over before any upload.")

    # Plugins (uiagent.hooks): installed packages' entry points always; .py files of a folder only when named here,
    # so that running uiagent in a folder never imports code from it unasked.
    plugins_dir: str = Field("", description="A folder of plugin .py files to load, like conftest.py files "
                             "(relative to the working directory); empty: none.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Explicit arguments win, then the environment, then pyproject.toml.
        return (init_settings, env_settings, PyprojectTomlConfigSettingsSource(settings_cls))


def load_settings(**overrides: Any) -> Settings:
    """Settings with `overrides` (None values ignored) applied on top of file and environment."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
