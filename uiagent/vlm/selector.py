"""One string selects a provider: `anthropic:MODEL`, `openai:MODEL`, `openai-compatible:MODEL@BASE_URL`.

`anthropic:` and `openai:` also take `@BASE_URL` (a proxy, or the loopback simulator).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from uiagent.errors import ConfigError

ProviderKind = Literal["anthropic", "openai", "openai-compatible"]
KINDS: tuple[ProviderKind, ...] = ("anthropic", "openai", "openai-compatible")
KEY_VARIABLES = {
    "anthropic": ("ANTHROPIC_API_KEY",),
    "openai": ("OPENAI_API_KEY",),
    "openai-compatible": ("UIAGENT_OPENAI_COMPATIBLE_API_KEY", "OPENAI_API_KEY"),
}
EXAMPLES = "anthropic:claude-sonnet-4-6, openai:gpt-4o, openai-compatible:qwen2.5-vl-7b@http://127.0.0.1:8000/v1"


@dataclass(frozen=True)
class ProviderSpec:
    kind: str  # one of KINDS, or a kind a plugin adds (uiagent.hooks)
    model: str
    base_url: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{self.model}" + (f"@{self.base_url}" if self.base_url else "")

    @property
    def image_profile(self) -> str:
        """Which image rules the model's server applies: claude, openai-tiles, qwen or generic."""
        if self.kind == "anthropic":
            return "claude"
        if self.kind == "openai":
            return "openai-tiles"
        return "qwen" if "qwen" in self.model.lower() else "generic"

    def api_key(self) -> str:
        """The key from the usual environment variable; local OpenAI-compatible servers need none, and a
        plugin's provider reads its own."""
        if self.kind not in KEY_VARIABLES:
            return ""
        for variable in KEY_VARIABLES[self.kind]:
            if os.environ.get(variable):
                return os.environ[variable]
        if self.kind == "openai-compatible":
            return "not-needed"  # vLLM, Ollama, LM Studio and llama.cpp ignore it; the SDK insists on one
        raise ConfigError(
            f"provider {self}: no API key. Set {KEY_VARIABLES[self.kind][0]} in the environment "
            "(or run offline against the simulator: `uiagent simulate`)."
        )


def _plugin_kinds() -> set[str]:
    from uiagent.hooks import plugin_providers

    return set(plugin_providers())


def parse_provider(text: str) -> ProviderSpec:
    """Parse a selector string, or raise ConfigError saying what is wrong and what is accepted."""
    kind, sep, rest = text.strip().partition(":")
    if not sep or (kind not in KINDS and kind not in _plugin_kinds()):
        raise ConfigError(f"unknown provider {text!r}: expected one of {', '.join(KINDS)} as in {EXAMPLES}")
    model, _, base_url = rest.partition("@")
    model = model.strip()
    if not model:
        raise ConfigError(f"provider {text!r} names no model (e.g. {EXAMPLES})")
    if kind == "openai-compatible" and not base_url:
        raise ConfigError(f"provider {text!r} needs a server: openai-compatible:{model}@http://host:port/v1")
    if base_url:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"provider {text!r}: {base_url!r} is not an http(s) URL")
    return ProviderSpec(kind=kind, model=model, base_url=base_url or None)
