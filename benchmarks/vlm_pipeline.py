"""The VLM pipeline's figures, against the loopback simulator at 2 s per answer (real SDK, real HTTP).

- wall time for 40 locator-scoped assertions at the default concurrency, and one at a time (the baseline)
- the same 40 again: all from the verdict cache, so 0 model calls
- median estimated image tokens per locator-scoped assertion vs. sending the full page at native size

Ends with one line holding a JSON object of the figures.
Run: .venv/bin/python benchmarks/vlm_pipeline.py [--latency 2] [--skip-serial]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from uiagent.browser import open_browser
from uiagent.capture import capture, load_page
from uiagent.config import Settings
from uiagent.demo import demo_pages, serve_demo
from uiagent.vlm import JudgeSession, Question, estimate_image_tokens, question_about
from uiagent.vlm.simulator import Reply, Rule, Script, VLMSimulator

ASSERTIONS = 40


def build_questions(options) -> tuple[list[Question], list[int]]:  # type: ignore[no-untyped-def]
    """40 assertions about single named elements, taken from the demo pages in turn, and for each the
    image tokens of its page's full-page capture sent at native size."""
    settings = Settings()
    per_page = []
    with serve_demo() as site, open_browser(settings) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        for demo_page in demo_pages():
            load_page(page, site.url(demo_page.path), settings.navigation_timeout_s)
            shot = capture(page, "full_page", settings=settings)
            named = [e for e in shot.dom.elements if e.role and e.name and e.box.area > 0]
            per_page.append((demo_page.path, shot, named))
        page.close()
    questions: list[Question] = []
    full_page_tokens: list[int] = []
    for round_ in range(ASSERTIONS):
        for path, shot, named in per_page:
            if round_ >= len(named) or len(questions) == ASSERTIONS:
                continue
            element = named[round_]
            questions.append(question_about(shot, f"the {element.role} '{element.name}' is fully visible and legible",
                                            options, region=element.box, label=f"{path} {element.selector}"))
            full_page_tokens.append(estimate_image_tokens(*shot.image().size, options.profile))
    return questions, full_page_tokens


def run(questions: list[Question], session: JudgeSession) -> float:
    started = time.perf_counter()
    futures = [session.submit(q) for q in questions]
    outcomes = [f.result().outcome for f in futures]
    assert outcomes == ["pass"] * len(questions), outcomes
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=2.0)
    parser.add_argument("--skip-serial", action="store_true", help="Skip the one-at-a-time baseline (~40 x latency).")
    arguments = parser.parse_args()
    os.environ.setdefault("ANTHROPIC_API_KEY", "simulator-needs-no-key")
    script = Script(latency_s=arguments.latency, rules=[Rule(reply=Reply(answer={"outcome": "pass"}))])

    with VLMSimulator(script) as simulator, tempfile.TemporaryDirectory() as folder:
        base = {"provider": f"anthropic:claude-sonnet-4-6@{simulator.anthropic_base_url}",
                "cache_path": Path(folder) / "verdicts.sqlite"}
        with JudgeSession.from_settings(Settings(**base)) as session:
            questions, full_page_tokens = build_questions(session.judge.prepare_options())
            concurrency = session.judge.settings.max_concurrency
            concurrent_s = run(questions, session)
            calls_first = len(simulator.requests)
            cached_s = run(questions, session)
            calls_rerun = len(simulator.requests) - calls_first
        serial_s = None
        if not arguments.skip_serial:
            with JudgeSession.from_settings(Settings(**base, max_concurrency=1, cache_mode="off")) as serial:
                serial_s = run(questions, serial)

    locator_tokens = [sum(image.estimated_tokens for image in q.images) for q in questions]
    median_locator = statistics.median(locator_tokens)
    median_full = statistics.median(full_page_tokens)
    figures = {
        "benchmark": "vlm_pipeline",
        "assertions": len(questions),
        "simulated_latency_s": arguments.latency,
        "default_concurrency": concurrency,
        "wall_s_default_concurrency": round(concurrent_s, 2),
        "wall_s_one_at_a_time": round(serial_s, 2) if serial_s is not None else None,
        "speedup": round(serial_s / concurrent_s, 2) if serial_s else None,
        "model_calls_first_run": calls_first,
        "model_calls_rerun_from_cache": calls_rerun,
        "wall_s_rerun_from_cache": round(cached_s, 3),
        "median_image_tokens_locator": median_locator,
        "median_image_tokens_full_page_native": median_full,
        "locator_vs_full_page_ratio": round(median_locator / median_full, 3),
    }
    print(f"{len(questions)} assertions, simulator latency {arguments.latency:g}s")
    print(f"  default concurrency ({concurrency}): {concurrent_s:6.2f} s, {calls_first} model calls")
    if serial_s is not None:
        print(f"  one at a time:                {serial_s:6.2f} s  (x{serial_s / concurrent_s:.1f} slower)")
    print(f"  rerun from the cache:         {cached_s:6.3f} s, {calls_rerun} model calls")
    print(f"  median image tokens: locator crop {median_locator:g} vs full page {median_full:g} "
          f"({100 * median_locator / median_full:.1f}%)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
