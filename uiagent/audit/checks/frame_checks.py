"""Running a check that needs Chromium's accessibility tree in every frame of a page.

A cheap probe runs first in every frame (one evaluate each): on a page where the check's rule applies nowhere,
nothing else runs. Otherwise the check's work runs in the isolated world of each frame (uiagent.capture.
frame_worlds), which also says how to name the frame's elements from the top document and where its viewport
lies in it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame

from uiagent.audit.checks.base import CheckInput
from uiagent.audit.findings import Finding
from uiagent.capture.frame_worlds import DevToolsUnavailable, FrameWorld, frame_worlds
from uiagent.capture.frames import FramePlace
from uiagent.errors import CheckSkipped

FrameWork = Callable[[FrameWorld, FramePlace], list[Finding]]


def in_every_frame(context: CheckInput, probe: str, argument: Any, work: FrameWork) -> list[Finding]:
    """`work` in every frame's isolated world, when `probe(argument)` answers true in some frame."""
    page = context.page
    if not any(_answers(frame, probe, argument) for frame in page.frames):
        return []
    findings: list[Finding] = []
    try:
        with frame_worlds(page) as worlds:
            for world in worlds.worlds:
                location = worlds.location(world)
                if location is not None:  # the frame went away, or its parent frame has no world
                    findings += work(world, location)
    except DevToolsUnavailable as error:
        raise CheckSkipped(f"needs Chromium's accessibility tree: {error}") from None
    return findings


def _answers(frame: Frame, probe: str, argument: Any) -> bool:
    """The probe's answer; a frame that cannot answer (cross-origin and busy, going away) is looked at through
    the protocol all the same."""
    try:
        return bool(frame.evaluate(probe, argument))
    except PlaywrightError:
        return True
