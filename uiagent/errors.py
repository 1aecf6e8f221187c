"""Typed errors. Each one says what went wrong and how to fix it, in one message a user can act on."""

from __future__ import annotations


class UiagentError(Exception):
    """Base of every error uiagent raises on purpose."""


class ConfigError(UiagentError):
    """A setting is missing, malformed or contradicts another."""


class BrowserNotFoundError(UiagentError):
    """No Chromium could be found; the message lists every place that was tried."""

    def __init__(self, tried: list[str]):
        self.tried = tried
        lines = "\n".join(f"  - {t}" for t in tried)
        super().__init__(
            "No Chromium browser found. Tried:\n"
            f"{lines}\n"
            "Fix: install one (Debian/Ubuntu: `sudo apt-get install chromium`, or run `make setup`), "
            "or point uiagent at a binary with UIAGENT_CHROMIUM=/path/to/chrome "
            "(pytest: --uiagent-chromium=/path)."
        )


class TargetError(UiagentError):
    """A page target (URL or file path) is malformed or does not exist: nothing was loaded."""

    def __init__(self, target: str, cause: str):
        self.target = target
        self.cause = cause
        super().__init__(f"{target}: {cause}")


class PageLoadError(UiagentError):
    """A page could not be loaded: unreachable, HTTP error status, or no document at all."""

    def __init__(self, url: str, cause: str):
        self.url = url
        self.cause = cause
        super().__init__(f"{url}: {cause}")


class NotAWebPage(PageLoadError):
    """The address serves something else than a document (an image, a PDF, a download): skipped, not failed."""
