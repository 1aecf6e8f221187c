"""The audit's cost against axe alone, in the same run, on the same loaded pages.

For each demo page and for a generated page with 10,000 elements: the time of axe alone (injected and run
with all WCAG A/AA rules, its colour rules included, as a user of axe runs it) and of the full uiagent audit without
a model (capture, axe without its colour rules color-contrast and link-in-text-block, which pixel checks replace,
every pixel and keyboard check, reconciliation), as a ratio, and where the audit's time goes on the demo pages
(each check's median share, in units of axe alone). Two rungs between them, timed the same way, show where the
floor is: axe and one stable screenshot (two identical frames, as the audit's reference capture takes), and the audit
without the checks that drive the page (the keyboard and re-layout checks: the kinds "interactive" and re-layout).
Also the peak memory of this process and of the browser's processes. Ends with one JSON line.
Run: .venv/bin/python benchmarks/audit.py [--rounds 2] [--large-rounds 3] [--skip-large]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
from pathlib import Path

from uiagent.audit import AuditOptions, audit_page
from uiagent.audit.axe import AXE_SOURCE, axe_options
from uiagent.browser import open_browser
from uiagent.capture import load_page
from uiagent.capture.stabilize import settle
from uiagent.config import Settings
from uiagent.demo import demo_pages, serve_demo


def large_page_html(rows: int = 3400) -> str:
    items = "".join(f'<li><a href="#i{i}">Item {i}</a> <span>detail {i}</span></li>' for i in range(rows))
    return f'<html lang="en"><head><title>Large</title></head><body><h1>Large</h1><ul>{items}</ul></body></html>'


def descendants_peak_rss_mib() -> float:
    """Sum of the peak resident memory (VmHWM) of this process's descendants: the browser's processes."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total_kib, stack = 0, list(children.get(os.getpid(), []))
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total_kib += int(line.split()[1])
        except OSError:
            continue
    return round(total_kib / 1024, 1)


def axe_alone(page) -> None:  # type: ignore[no-untyped-def]
    """What a user of axe runs (as axe-playwright-python does): inject axe.min.js, then axe.run with every
    WCAG A/AA rule, the colour rules included."""
    page.evaluate(AXE_SOURCE)
    page.evaluate("options => axe.run(document, options)", axe_options())  # as axe-playwright-python does


def time_page(page, load, rounds: int, settings: Settings) -> tuple[float, float, dict[str, float]]:  # type: ignore[no-untyped-def]
    """Median seconds of axe alone and of the full audit, each on a freshly loaded page, and where the audit's time
    went (median seconds of each check; "capture and axe" is the rest: the reference capture, axe's run in the page
    beside it, giving the page its own layout back after the re-layout checks, and the audit's own bookkeeping)."""
    axe_times, audit_times = [], []
    parts: dict[str, list[float]] = {}
    for _ in range(rounds):
        load()
        started = time.perf_counter()
        axe_alone(page)
        axe_times.append(time.perf_counter() - started)
        load()
        started = time.perf_counter()
        audit = audit_page(page, AuditOptions(), settings)
        audit_times.append(time.perf_counter() - started)
        checks = {run.check: run.seconds or 0.0 for run in audit.checks}
        checks["capture and axe"] = audit_times[-1] - sum(checks.values())
        for name, seconds in checks.items():
            parts.setdefault(name, []).append(seconds)
    return (statistics.median(axe_times), statistics.median(audit_times),
            {name: statistics.median(seconds) for name, seconds in parts.items()})


def floor_rungs(page, load, rounds: int, settings: Settings) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median seconds, each on a freshly loaded page, of axe alone followed by one stable screenshot (what issue 14
    takes as the floor: "axe plus one stable screenshot"), and of the audit without the checks that drive the
    page (keyboard and re-layout)."""
    driving = frozenset(check.id for check in AuditOptions().checks if check.kind == "interactive" or check.relayout)
    with_shot, without_driving = [], []
    for _ in range(rounds):
        load()
        started = time.perf_counter()
        axe_alone(page)
        settle(page, settings)
        with_shot.append(time.perf_counter() - started)
        load()
        started = time.perf_counter()
        audit_page(page, AuditOptions(skip=driving), settings)
        without_driving.append(time.perf_counter() - started)
    return statistics.median(with_shot), statistics.median(without_driving)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    # One round of the large page swings by a second or more on a shared 2-core machine: take the median.
    parser.add_argument("--large-rounds", type=int, default=3)
    parser.add_argument("--skip-large", action="store_true", help="Skip the 10,000-element page (about 15 s a round).")
    arguments = parser.parse_args()
    settings = Settings()
    rows: dict[str, dict[str, float]] = {}
    shares: dict[str, list[float]] = {}  # check -> its seconds on each demo page, in units of that page's axe alone
    browser_peak = 0.0
    with serve_demo() as site, open_browser(settings) as browser:
        page = browser.new_page(viewport={"width": settings.viewport_width, "height": settings.viewport_height})
        for demo_page in demo_pages():
            url = site.url(demo_page.path)

            def load(url: str = url) -> None:
                load_page(page, url, settings.navigation_timeout_s)
                page.wait_for_load_state("networkidle")

            axe_s, audit_s, parts = time_page(page, load, arguments.rounds, settings)
            shot_s, undriven_s = floor_rungs(page, load, arguments.rounds, settings)
            rows[demo_page.path] = {"axe_s": round(axe_s, 3), "audit_s": round(audit_s, 3),
                                    "ratio": round(audit_s / axe_s, 2),
                                    "axe_and_stable_shot_ratio": round(shot_s / axe_s, 2),
                                    "without_driving_checks_ratio": round(undriven_s / axe_s, 2)}
            for name, seconds in parts.items():
                shares.setdefault(name, []).append(seconds / axe_s)
            print(f"{demo_page.path:26} axe {axe_s:6.2f} s  audit {audit_s:6.2f} s  x{audit_s / axe_s:.2f}  "
                  f"(axe and a stable screenshot x{shot_s / axe_s:.2f}, audit without keyboard and re-layout checks "
                  f"x{undriven_s / axe_s:.2f})", flush=True)
        browser_peak = descendants_peak_rss_mib()
        large = None
        if not arguments.skip_large:
            html = large_page_html()
            def load_large() -> None:  # loaded and network-idle, like the demo pages, before either is timed
                page.set_content(html)
                page.wait_for_load_state("networkidle")

            axe_s, audit_s, _ = time_page(page, load_large, arguments.large_rounds, settings)
            elements = page.evaluate("document.querySelectorAll('*').length")
            large = {"elements": elements, "axe_s": round(axe_s, 2), "audit_s": round(audit_s, 2),
                     "ratio": round(audit_s / axe_s, 2)}
            print(f"{'generated ' + str(elements) + ' elements':26} axe {axe_s:6.2f} s  audit {audit_s:6.2f} s  "
                  f"x{audit_s / axe_s:.2f}")
            browser_peak = max(browser_peak, descendants_peak_rss_mib())
        page.close()
    demo_ratio = statistics.median(r["ratio"] for r in rows.values())
    floor = {rung: statistics.median(r[rung] for r in rows.values())
             for rung in ("axe_and_stable_shot_ratio", "without_driving_checks_ratio")}
    # Where the demo ratio comes from: each part's median over the demo pages, in units of axe alone.
    breakdown = dict(sorted(((name, round(statistics.median(values), 2)) for name, values in shares.items()),
                            key=lambda item: -item[1]))
    print("median share of the audit on the demo pages, in units of axe alone: "
          + ", ".join(f"{name} {share:.2f}" for name, share in breakdown.items() if share >= 0.05))
    python_peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(f"median ratio on the demo pages: x{demo_ratio:.2f} (issue 14 asks <= 2.0; <= 1.0 on 10,000 elements; python <= 400 MiB); "
          f"peak memory: python {python_peak} MiB, browser processes {browser_peak} MiB")
    print(f"rungs on the demo pages (median): axe and one stable screenshot x{floor['axe_and_stable_shot_ratio']:.2f}, "
          f"the audit without its keyboard and re-layout checks x{floor['without_driving_checks_ratio']:.2f}")
    print(json.dumps({"benchmark": "audit", "rounds": arguments.rounds, "large_rounds": arguments.large_rounds,
                      "demo_pages": rows, "demo_median_ratio": demo_ratio, "demo_floor_median_ratios": floor,
                      "demo_breakdown": breakdown, "large_page": large, "peak_rss_python_mib": python_peak,
                      "peak_rss_browser_mib": browser_peak}))


if __name__ == "__main__":
    main()
