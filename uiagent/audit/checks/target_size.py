"""Target size (WCAG 2.5.8): targets under 24x24 CSS px (the `minimum_px` option) need the spacing exception.

The exception: a circle of that diameter centred on an undersized target must not intersect another target, nor
the circle of another undersized target. Inline targets in a sentence are exempt. Only targets a pointer can reach
count (Focusable.reachable): the links of a closed off-canvas drawer, past the viewport's edge, are targets only
once it opens, and then where it puts them.
"""

from __future__ import annotations

import numpy as np

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.findings import Finding


def check_target_size(context: CheckInput) -> list[Finding]:
    minimum = context.options(TARGET_SIZE)["minimum_px"]
    targets = [f for f in context.capture.dom.focusables if f.tag != "iframe" and f.reachable]
    if not targets:
        return []
    boxes = np.array([[t.box.x, t.box.y, t.box.right, t.box.bottom] for t in targets])
    centres = np.stack([(boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2], axis=1)
    small = np.array([not t.inline and (t.box.width < minimum or t.box.height < minimum) for t in targets])
    findings = []
    for index in np.nonzero(small)[0]:
        target, (cx, cy) = targets[index], centres[index]
        # Another undersized target: their circles overlap. A full-size one: it enters this circle.
        centre_distance = np.hypot(centres[:, 0] - cx, centres[:, 1] - cy)
        nearest_x, nearest_y = np.clip(cx, boxes[:, 0], boxes[:, 2]), np.clip(cy, boxes[:, 1], boxes[:, 3])
        box_distance = np.hypot(nearest_x - cx, nearest_y - cy)
        crowded = np.where(small, centre_distance < minimum, box_distance < minimum / 2)
        crowded[index] = False
        crowded_by = [targets[i].selector for i in np.nonzero(crowded)[0][:5]]
        if crowded_by:
            findings.append(context.finding(
                TARGET_SIZE, "small-and-crowded", selector=target.selector, box=target.box,
                width=round(target.box.width, 1), height=round(target.box.height, 1), minimum_px=minimum,
                crowding=int(crowded.sum()), crowded_by=crowded_by))
    return findings


TARGET_SIZE = Check("target-size", ("2.5.8",), "Targets smaller than 24x24 CSS px without enough space around them.",
                    check_target_size, kind="background", options={"minimum_px": 24.0}, messages={
                        "small-and-crowded": "Target is {width:.0f}x{height:.0f} px, under {minimum_px:g}x"
                                             "{minimum_px:g}, and too close to {crowding} other target(s) for the "
                                             "spacing exception"})
