"""Opening what the faces (CLI commands, the pytest plugin, the scenario runner) share, from settings: one place
that decides how a judge comes to life."""

from __future__ import annotations

from uiagent.config import Settings
from uiagent.vlm import JudgeSession


def open_judge(settings: Settings) -> JudgeSession | None:
    """The judge for the configured provider, checked once before anything is judged (a wrong key, base URL or a
    server that is not a VLM API is one clear error, not a page-by-page failure), or None when none is set."""
    if not settings.provider:
        return None
    session = JudgeSession.from_settings(settings)
    try:
        session.check()
    except BaseException:
        session.close()
        raise
    return session
