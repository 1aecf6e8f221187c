"""Recordings on the labelled toast page (tests/pages/recording/toast.html), through the real Anthropic SDK to the
loopback simulator, which records the images it received:
- a click that shows a toast 200 ms later for 1.5 s, recorded `--runs` times: in how many runs the toast is in at
  least one frame sent, and the most frames ever sent (the cap is 8);
- a recording around an action that changes nothing: frames sent each run (a still page sends one);
- seconds per recording.
Ends with one JSON line. Run: .venv/bin/python benchmarks/recording.py [--runs 20]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from uiagent.assertions import AssertionContext, Policy
from uiagent.baselines import BaselineStore
from uiagent.browser import open_browser
from uiagent.capture import load_page
from uiagent.config import Settings
from uiagent.demo import SiteServer
from uiagent.vlm import JudgeSession
from uiagent.vlm.simulator import Reply, Rule, Script, VLMSimulator

PAGES = Path(__file__).resolve().parent.parent / "tests" / "pages"
TOAST_GREEN = np.array((31, 111, 67))


def shows_toast(image) -> bool:  # type: ignore[no-untyped-def]
    pixels = np.asarray(image.convert("RGB")).astype(int)
    return int((np.abs(pixels - TOAST_GREEN).max(axis=2) <= 12).sum()) >= 200


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("ANTHROPIC_API_KEY", "simulator-needs-no-key")
    settings = Settings(network_idle_cap_s=0.5, stable_timeout_s=1)
    toast_runs, still_frames, sent, seconds = 0, [], [], []
    with (tempfile.TemporaryDirectory() as folder, VLMSimulator() as simulator, SiteServer(PAGES) as site,
          open_browser(settings) as browser):
        simulator.reset(Script(rules=[Rule(reply=Reply(answer={"outcome": "pass"}))]))
        judged = settings.model_copy(update={"provider": f"anthropic:claude-sonnet-4-6@{simulator.anthropic_base_url}",
                                             "cache_path": Path(folder) / "verdicts.sqlite"})
        with JudgeSession.from_settings(judged) as session:
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            for run in range(args.runs):
                context = AssertionContext(test_id=f"run {run}", settings=settings, policy=Policy(),
                                           output_dir=Path(folder) / "out", baselines=BaselineStore(Path(folder) / "b"),
                                           judge=session)
                for action, still in (("#save", False), ("#nothing", True)):
                    load_page(page, site.url("recording/toast.html"), timeout_s=10)
                    simulator.reset(Script(rules=[Rule(reply=Reply(answer={"outcome": "pass"}))]))
                    begun = time.perf_counter()
                    with context.expect(page).recording(max_seconds=5) as rec:
                        if still:
                            page.evaluate("() => document.title")
                        else:
                            page.click(action)
                    rec.to_have_shown(f"run {run}: a toast saying the changes were saved")
                    images = [recorded.image() for recorded in simulator.requests[0].images]
                    if still:
                        still_frames.append(len(images))
                    else:
                        seconds.append(time.perf_counter() - begun)
                        sent.append(len(images))
                        toast_runs += any(shows_toast(image) for image in images)
    print(f"toast in a sent frame: {toast_runs}/{args.runs} runs; frames sent per run: min {min(sent)}, max {max(sent)}; "
          f"still page: {still_frames}")
    print(json.dumps({"benchmark": "recording", "runs": args.runs, "toast_in_sent_frame": toast_runs,
                      "max_frames_sent": max(sent), "min_frames_sent": min(sent), "cap": 8,
                      "still_page_frames": sorted(set(still_frames)),
                      "seconds_per_recording": round(sum(seconds) / len(seconds), 2)}))


if __name__ == "__main__":
    main()
