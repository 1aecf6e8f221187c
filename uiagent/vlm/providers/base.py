"""The provider seam: one request shape in, one reply shape out, and typed faults (the httpx-style transport seam)."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any, Protocol

from uiagent.errors import ProviderConfigError, ProviderFault, UiagentError
from uiagent.vlm.images import PreparedImage
from uiagent.vlm.selector import ProviderSpec


@dataclass(frozen=True)
class ModelRequest:
    system: str
    question: str
    images: list[PreparedImage]
    schema: dict[str, Any]
    max_tokens: int
    native_structured_output: bool = True
    # Earlier turns of this conversation (assistant text, user follow-up), for the one repair retry.
    follow_ups: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ModelReply:
    text: str
    refusal: str | None = None
    truncated: bool = False
    tokens_in: int = 0
    tokens_out: int = 0
    request_id: str | None = None


class Provider(Protocol):
    spec: ProviderSpec

    async def complete(self, request: ModelRequest, timeout_s: float) -> ModelReply: ...

    async def aclose(self) -> None: ...


def data_url(image: PreparedImage) -> str:
    return f"data:{image.media_type};base64,{b64(image)}"


def b64(image: PreparedImage) -> str:
    return base64.b64encode(image.data).decode("ascii")


@dataclass
class SdkErrorNames:
    """The SDK's exception classes; both official SDKs share these names and shapes."""

    timeout: type[BaseException]
    connection: type[BaseException]
    status: type[BaseException]
    validation: type[BaseException]
    extra: dict[str, Any] = field(default_factory=dict)


def translate_sdk_error(error: BaseException, spec: ProviderSpec, endpoint: str, names: SdkErrorNames) -> UiagentError:
    """Map an SDK exception to ProviderFault (try again) or ProviderConfigError (stop), with a clear message."""
    where = f"{spec} ({endpoint})"
    if isinstance(error, names.timeout):
        return ProviderFault(f"{where}: no answer before the per-call timeout")
    if isinstance(error, names.connection):
        cause = repr(error.__cause__ or error)
        refused = "refused" in cause.lower() or "ConnectError" in cause
        return ProviderFault(f"{where}: connection failed ({type(error.__cause__ or error).__name__})",
                             connection_refused=refused)
    if isinstance(error, names.validation):
        return not_a_vlm(spec, endpoint)
    if isinstance(error, names.status):
        status = getattr(error, "status_code", None)
        response = getattr(error, "response", None)
        headers = response.headers if response is not None else {}
        body = getattr(error, "body", None)
        detail = _error_detail(body) or (response.text[:200] if response is not None else "")
        if status in (401, 403):
            return ProviderConfigError(f"{where}: authentication failed (HTTP {status}): {detail}. Check the API key.")
        if status in (404, 405, 501):
            if isinstance(body, dict) and body:
                return ProviderConfigError(f"{where}: not found (HTTP 404): {detail}. Is the model name right?")
            return ProviderConfigError(f"{where}: HTTP {status} with no API error body: this server does not speak "
                                       f"the {endpoint} API. Check the base URL.")
        if status in (400, 413, 422):
            return ProviderConfigError(f"{where}: request rejected (HTTP {status}): {detail}")
        return ProviderFault(f"{where}: HTTP {status}: {detail}", status=status, retry_after=_retry_after(headers))
    return ProviderFault(f"{where}: {type(error).__name__}: {error}")


def not_a_vlm(spec: ProviderSpec, endpoint: str) -> ProviderConfigError:
    return ProviderConfigError(f"{spec} ({endpoint}): the answer is not a {endpoint} response; "
                               "is this server a VLM API? Check the base URL.")


def _error_detail(body: object) -> str:
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            return str(inner.get("message") or inner.get("type") or "")
    return ""


def _retry_after(headers: Any) -> float | None:
    try:
        if headers.get("retry-after-ms"):
            return float(headers["retry-after-ms"]) / 1000
        if headers.get("retry-after"):
            return float(headers["retry-after"])
    except (TypeError, ValueError):
        return None
    return None
