"""Median capture time per demo page: stabilized viewport and full-page captures (including DOM facts).

Prints a table, then one line holding a JSON object of the figures (every benchmark here ends that way).
Run: .venv/bin/python benchmarks/capture.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from uiagent.browser import open_browser
from uiagent.capture import capture, load_page
from uiagent.config import Settings
from uiagent.demo import demo_pages, serve_demo


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    settings = Settings()
    timings: dict[str, dict[str, list[float]]] = {}
    with serve_demo() as site, open_browser(settings) as browser:
        context = browser.new_context(viewport={"width": settings.viewport_width, "height": settings.viewport_height})
        page = context.new_page()
        for demo_page in demo_pages():
            load_page(page, site.url(demo_page.path), settings.navigation_timeout_s)
            per_kind = timings.setdefault(demo_page.path, {"viewport": [], "full_page": []})
            for _ in range(rounds):
                for kind in ("viewport", "full_page"):
                    started = time.perf_counter()
                    capture(page, kind, settings=settings)
                    per_kind[kind].append((time.perf_counter() - started) * 1000)
        context.close()

    print(f"{'page':28} {'viewport ms':>12} {'full page ms':>13}")
    for path, per_kind in timings.items():
        print(f"{path:28} {statistics.median(per_kind['viewport']):12.0f} {statistics.median(per_kind['full_page']):13.0f}")
    figures = {
        "benchmark": "capture",
        "rounds": rounds,
        "pages": len(timings),
        "median_viewport_ms": round(statistics.median(t for k in timings.values() for t in k["viewport"]), 1),
        "median_full_page_ms": round(statistics.median(t for k in timings.values() for t in k["full_page"]), 1),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
