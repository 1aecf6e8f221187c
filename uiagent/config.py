"""Settings: defaults, then `[tool.uiagent]` in pyproject.toml, then UIAGENT_* environment variables.

Later stages (VLM, audit, reports) add their own fields here so a user has one place to look.
"""

from __future__ import annotations

from pathlib import Path

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
    network_idle_cap_s: float = Field(2.0, ge=0, description="How long to wait for network quiet; not an error.")
    stable_timeout_s: float = Field(3.0, ge=0, description="How long to wait for two identical frames.")
    stable_interval_s: float = Field(0.1, gt=0)
    tile_height: int = Field(4096, ge=256, description="Full-page captures taller than this are shot in tiles.")
    max_full_page_height: int = Field(32768, ge=256, description="Full-page captures are cut off here.")
    viewport_width: int = Field(1280, ge=100)
    viewport_height: int = Field(720, ge=100)

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


def load_settings(**overrides: object) -> Settings:
    """Settings with `overrides` (None values ignored) applied on top of file and environment."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
