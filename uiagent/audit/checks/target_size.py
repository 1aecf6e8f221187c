"""Target size (WCAG 2.5.8): targets under 24x24 CSS px need the spacing exception.

The exception: a 24 px circle centred on an undersized target must not intersect another target, nor
the circle of another undersized target. Inline targets in a sentence are exempt.
"""

from __future__ import annotations

import numpy as np

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.findings import Finding

MINIMUM = 24.0


def check_target_size(context: CheckInput) -> list[Finding]:
    targets = [f for f in context.capture.dom.focusables if f.tag != "iframe"]
    if not targets:
        return []
    boxes = np.array([[t.box.x, t.box.y, t.box.right, t.box.bottom] for t in targets])
    centres = np.stack([(boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2], axis=1)
    small = np.array([not t.inline and (t.box.width < MINIMUM or t.box.height < MINIMUM) for t in targets])
    findings = []
    for index in np.nonzero(small)[0]:
        target, (cx, cy) = targets[index], centres[index]
        # Another undersized target: their 24 px circles overlap. A full-size one: it enters this circle.
        centre_distance = np.hypot(centres[:, 0] - cx, centres[:, 1] - cy)
        nearest_x, nearest_y = np.clip(cx, boxes[:, 0], boxes[:, 2]), np.clip(cy, boxes[:, 1], boxes[:, 3])
        box_distance = np.hypot(nearest_x - cx, nearest_y - cy)
        crowded = np.where(small, centre_distance < MINIMUM, box_distance < MINIMUM / 2)
        crowded[index] = False
        crowded_by = [targets[i].selector for i in np.nonzero(crowded)[0][:5]]
        if crowded_by:
            findings.append(context.finding(
                "target-size", ["2.5.8"],
                f"Target is {target.box.width:.0f}x{target.box.height:.0f} px, under 24x24, and too close to "
                f"{int(crowded.sum())} other target(s) for the spacing exception",
                selector=target.selector, box=target.box, impact="serious",
                width=round(target.box.width, 1), height=round(target.box.height, 1), crowded_by=crowded_by))
    return findings


TARGET_SIZE = Check("target-size", ("2.5.8",), "Targets smaller than 24x24 CSS px without enough space around them.",
                    check_target_size, kind="background")
