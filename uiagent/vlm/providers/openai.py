"""OpenAI Chat Completions through the official SDK; also any OpenAI-compatible server (vLLM, Ollama, ...)."""

from __future__ import annotations

from typing import Any

import openai

from uiagent.vlm.providers.base import ModelReply, ModelRequest, SdkErrorNames, data_url, not_a_vlm, translate_sdk_error
from uiagent.vlm.selector import ProviderSpec

_ERRORS = SdkErrorNames(timeout=openai.APITimeoutError, connection=openai.APIConnectionError,
                        status=openai.APIStatusError, validation=openai.APIResponseValidationError)


class OpenAIProvider:
    def __init__(self, spec: ProviderSpec, detail: str = "high"):
        self.spec = spec
        self.detail = detail
        # Retries are the judge's job (it honours retry-after and counts attempts), so the SDK makes one try.
        self._client = openai.AsyncOpenAI(api_key=spec.api_key(), base_url=spec.base_url, max_retries=0)

    async def complete(self, request: ModelRequest, timeout_s: float) -> ModelReply:
        content: list[dict] = []
        for image in request.images:
            image_url: dict = {"url": data_url(image)}
            if self.spec.kind == "openai":
                image_url["detail"] = self.detail  # compatible servers may reject unknown keys
            content.append({"type": "image_url", "image_url": image_url})
        content.append({"type": "text", "text": request.question})
        messages: list[Any] = [{"role": "system", "content": request.system}, {"role": "user", "content": content}]
        for assistant_text, user_text in request.follow_ups:
            messages += [{"role": "assistant", "content": assistant_text}, {"role": "user", "content": user_text}]
        extra: dict[str, Any] = {}
        if request.native_structured_output:
            extra["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "uiagent_verdict", "strict": True, "schema": request.schema},
            }
        try:
            completion = await self._client.chat.completions.create(
                model=self.spec.model, messages=messages, max_completion_tokens=request.max_tokens,
                timeout=timeout_s, **extra,
            )
        except openai.OpenAIError as error:
            raise translate_sdk_error(error, self.spec, "OpenAI Chat Completions", _ERRORS) from error
        choices = getattr(completion, "choices", None)
        if not choices:
            raise not_a_vlm(self.spec, "OpenAI Chat Completions")
        choice = choices[0]
        usage = completion.usage
        return ModelReply(
            text=choice.message.content or "",
            refusal=choice.message.refusal,
            truncated=choice.finish_reason == "length",
            tokens_in=usage.prompt_tokens if usage else 0,
            tokens_out=usage.completion_tokens if usage else 0,
            request_id=getattr(completion, "_request_id", None),
        )

    async def check(self) -> None:
        """Reach the API without spending tokens (the model list): a wrong key, base URL or server fails here."""
        try:
            models = await self._client.models.list(timeout=30)
        except openai.OpenAIError as error:
            raise translate_sdk_error(error, self.spec, "OpenAI Chat Completions", _ERRORS) from error
        if not isinstance(getattr(models, "data", None), list):
            raise not_a_vlm(self.spec, "OpenAI Chat Completions")

    async def aclose(self) -> None:
        await self._client.close()
