"""Providers: Anthropic Messages and OpenAI Chat Completions (and OpenAI-compatible servers)."""

from __future__ import annotations

from uiagent.vlm.providers.base import ModelReply, ModelRequest, Provider, ProviderConfigError, ProviderFault
from uiagent.vlm.selector import ProviderSpec


def make_provider(spec: ProviderSpec, *, detail: str = "high", settings: object = None) -> Provider:
    """Build the provider for `spec`; raises ConfigError (e.g. a missing key) before any call is made."""
    from uiagent.hooks import plugin_providers

    if spec.kind not in ("anthropic", "openai", "openai-compatible"):
        return plugin_providers()[spec.kind](spec, settings)
    if spec.kind == "anthropic":
        from uiagent.vlm.providers.anthropic import AnthropicProvider

        return AnthropicProvider(spec)
    from uiagent.vlm.providers.openai import OpenAIProvider

    return OpenAIProvider(spec, detail=detail)


__all__ = ["ModelReply", "ModelRequest", "Provider", "ProviderConfigError", "ProviderFault", "make_provider"]
