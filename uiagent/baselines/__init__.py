"""Screenshot baselines: stored reference screenshots with the facts of their elements, exact pixel diffs and
changed regions, and the match levels that compare a baseline with the current capture. (Accepted findings, the
other kind of baseline, are uiagent.reports.findings_baseline; the gate on them is uiagent.audit.gate.)"""

from uiagent.baselines.facts import BaselineFacts, ElementFacts, Region, as_selectors, locate_regions, measure
from uiagent.baselines.match import MATCH_LEVELS, MatchLevel, match_level
from uiagent.baselines.pixel_diff import PixelDiff, diff_images, diff_overlay
from uiagent.baselines.store import BaselineStore, baseline_folder, safe_part

__all__ = ["MATCH_LEVELS", "BaselineFacts", "BaselineStore", "ElementFacts", "MatchLevel", "PixelDiff", "Region",
           "as_selectors", "baseline_folder", "diff_images", "diff_overlay", "locate_regions", "match_level",
           "measure", "safe_part"]
