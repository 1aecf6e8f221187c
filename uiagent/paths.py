"""Output file names derived from URLs: readable, unique, and unable to escape the output folder."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit


def slug_for_url(url: str, max_length: int = 80) -> str:
    parts = urlsplit(url)
    readable = f"{parts.hostname or parts.scheme}{parts.path}"
    if parts.query:
        readable += f"-{parts.query}"
    readable = re.sub(r"[^A-Za-z0-9._-]+", "-", readable).strip("-.") or "page"
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return f"{readable[:max_length]}-{digest}"
