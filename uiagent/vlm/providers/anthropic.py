"""Anthropic Messages API through the official SDK (native structured output via output_config)."""

from __future__ import annotations

from typing import Any

import anthropic

from uiagent.vlm.providers.base import ModelReply, ModelRequest, SdkErrorNames, b64, not_a_vlm, translate_sdk_error
from uiagent.vlm.selector import ProviderSpec

_ERRORS = SdkErrorNames(timeout=anthropic.APITimeoutError, connection=anthropic.APIConnectionError,
                        status=anthropic.APIStatusError, validation=anthropic.APIResponseValidationError)


class AnthropicProvider:
    def __init__(self, spec: ProviderSpec):
        self.spec = spec
        # Retries are the judge's job (it honours retry-after and counts attempts), so the SDK makes one try.
        self._client = anthropic.AsyncAnthropic(api_key=spec.api_key(), base_url=spec.base_url, max_retries=0)

    async def complete(self, request: ModelRequest, timeout_s: float) -> ModelReply:
        # Images first, then the question: Anthropic recommends it, and it keeps the prompt-cache prefix stable.
        content: list[dict] = [
            {"type": "image", "source": {"type": "base64", "media_type": image.media_type, "data": b64(image)}}
            for image in request.images
        ]
        content.append({"type": "text", "text": request.question})
        messages: list[Any] = [{"role": "user", "content": content}]
        for assistant_text, user_text in request.follow_ups:
            messages += [{"role": "assistant", "content": assistant_text}, {"role": "user", "content": user_text}]
        extra: dict[str, Any] = {}
        if request.native_structured_output:
            extra["output_config"] = {"format": {"type": "json_schema", "schema": request.schema}}
        try:
            message = await self._client.messages.create(
                model=self.spec.model, max_tokens=request.max_tokens, system=request.system,
                messages=messages, timeout=timeout_s, **extra,
            )
        except anthropic.AnthropicError as error:
            raise translate_sdk_error(error, self.spec, "Anthropic Messages", _ERRORS) from error
        if not hasattr(message, "content"):
            raise not_a_vlm(self.spec, "Anthropic Messages")
        text = "".join(getattr(block, "text", "") for block in message.content if getattr(block, "type", "") == "text")
        usage = message.usage
        tokens_in = usage.input_tokens + (usage.cache_creation_input_tokens or 0) + (usage.cache_read_input_tokens or 0)
        return ModelReply(
            text=text,
            refusal=(text or "refused") if message.stop_reason == "refusal" else None,
            truncated=message.stop_reason == "max_tokens",
            tokens_in=tokens_in, tokens_out=usage.output_tokens,
            request_id=getattr(message, "_request_id", None),
        )

    async def check(self) -> None:
        """Reach the API without spending tokens (the model list): a wrong key, base URL or server fails here."""
        try:
            models = await self._client.models.list(limit=1, timeout=30)
        except anthropic.AnthropicError as error:
            raise translate_sdk_error(error, self.spec, "Anthropic Messages", _ERRORS) from error
        if not isinstance(getattr(models, "data", None), list):
            raise not_a_vlm(self.spec, "Anthropic Messages")

    async def aclose(self) -> None:
        await self._client.close()
