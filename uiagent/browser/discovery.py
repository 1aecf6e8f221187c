"""Where is Chromium? An explicit setting first, then the system's, then Playwright's own download."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from uiagent.errors import BrowserNotFoundError

SYSTEM_CANDIDATES = ("/usr/bin/chromium", "chromium-browser", "chromium", "google-chrome", "google-chrome-stable")


def find_chromium(explicit: str | os.PathLike[str] | None = None) -> str | None:
    """Path of the Chromium to launch, or None to let Playwright use the browser it manages.

    Raises BrowserNotFoundError listing everything tried when there is nothing to launch.
    """
    tried: list[str] = []
    explicit = explicit or os.environ.get("UIAGENT_CHROMIUM")
    if explicit:
        path = Path(explicit).expanduser()
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
        # A wrong explicit setting is an error, not a reason to silently pick another browser.
        raise BrowserNotFoundError([f"{path} (from the explicit setting: not an executable file)"])

    for candidate in SYSTEM_CANDIDATES:
        found = candidate if os.path.isabs(candidate) else shutil.which(candidate)
        if found and os.path.isfile(found) and os.access(found, os.X_OK):
            return found
        tried.append(f"{candidate} (not found)")

    managed = _playwright_managed_chromium()
    if managed:
        return None
    tried.append("Playwright-managed Chromium (none installed; `playwright install chromium` needs internet)")
    raise BrowserNotFoundError(tried)


def _playwright_managed_chromium() -> str | None:
    cache = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    if not cache.is_dir():
        return None
    for exe in sorted(cache.glob("chromium*/chrome-linux*/chrome")) + sorted(cache.glob("chromium*/chrome-*/chrome")):
        if os.access(exe, os.X_OK):
            return str(exe)
    return None
