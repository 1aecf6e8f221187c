"""Where the audit's time goes on pages you choose: each URL loaded and audited in turn (one browser, no model), each
check's seconds summed over the pages, and the rest (capture, axe, bookkeeping). For profiling on real sites: serve
a copy of one (a documentation folder, a static build) on loopback and list its pages. `--pages FILE` keeps one
JSON line per page (its seconds, each check's, its findings as rule|status|selector), so two revisions can be
compared page by page. `--axe` also times axe alone on each page (as benchmarks/audit.py runs it, on the page loaded
afresh) and gives the audit's ratio to it. Ends with one JSON line.
Run: .venv/bin/python benchmarks/checks.py URL... or @URLS or sitemap.xml (as `uiagent audit`) [--pages out.jsonl]
     [--axe]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from pathlib import Path

from audit import axe_alone  # (benchmarks/audit.py: axe as its users run it)
from playwright.sync_api import Error as PlaywrightError

from uiagent.audit import AuditOptions, audit_page
from uiagent.browser import open_browser
from uiagent.capture import load_page
from uiagent.cli.audit import _expand as targets_of  # `uiagent audit`'s own reading of @lists and sitemaps
from uiagent.config import Settings
from uiagent.errors import PageLoadError


def axe_alone_s(page, url: str, settings: Settings) -> float | None:  # type: ignore[no-untyped-def]
    """Seconds of axe alone on the page loaded afresh; None (said) when the page navigated meanwhile."""
    load_page(page, url, settings.navigation_timeout_s)
    started = time.perf_counter()
    try:
        axe_alone(page)
    except PlaywrightError as error:
        print(f"axe alone failed, no ratio: {error.message.splitlines()[0]}  {url}", flush=True)
        return None
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+", help="URLs, @FILE (one URL a line, # comments) or a sitemap.xml, as `uiagent audit` takes them")
    parser.add_argument("--pages", type=Path, help="write one JSON line per page here")
    parser.add_argument("--axe", action="store_true", help="time axe alone on each page too, and the ratio to it")
    arguments = parser.parse_args()
    settings = Settings()
    checks: Counter[str] = Counter()
    total = 0.0
    rows = []
    with open_browser(settings) as browser:
        page = browser.new_page(viewport={"width": settings.viewport_width, "height": settings.viewport_height})
        for url in targets_of(tuple(arguments.urls)):
            try:
                axe_s = axe_alone_s(page, url, settings) if arguments.axe else None
                load_page(page, url, settings.navigation_timeout_s)
            except PageLoadError as error:  # (a page that sends itself elsewhere, caught halfway by the next load)
                print(f"not audited: {error}", flush=True)
                page.close()  # (a page going on to its next step would interrupt the next load in turn)
                page = browser.new_page(viewport={"width": settings.viewport_width,
                                                  "height": settings.viewport_height})
                continue
            started = time.perf_counter()
            audit = audit_page(page, AuditOptions(), settings)
            seconds = time.perf_counter() - started
            total += seconds
            spent = {run.check: run.seconds for run in audit.checks if run.seconds}
            checks.update(spent)
            rows.append({"url": url, "seconds": round(seconds, 2), "elements": audit.elements, "checks": spent,
                         "findings": sorted(f"{f.rule}|{f.status}|{f.selector}" for f in audit.findings),
                         **({"axe_s": round(axe_s, 3)} if axe_s is not None else {})})
            print(f"{seconds:6.2f} s  {len(audit.findings):4d} findings  "
                  + (f"axe alone {axe_s:5.2f} s  x{seconds / axe_s:5.2f}  " if axe_s else "") + url, flush=True)
    if arguments.pages:
        arguments.pages.write_text("".join(json.dumps(row) + "\n" for row in rows))
    rest = total - sum(checks.values())
    print(f"{len(rows)} pages, {total:.1f} s; capture, axe and the rest {rest:.1f} s; the costliest checks: "
          + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in checks.most_common(8)))
    versus_axe = {}
    timed = [row for row in rows if "axe_s" in row]
    if timed:
        axe_total, audit_total = sum(row["axe_s"] for row in timed), sum(row["seconds"] for row in timed)
        versus_axe = {"axe_pages": len(timed), "axe_s": round(axe_total, 1),
                      "ratio_of_totals": round(audit_total / axe_total, 2),
                      "median_ratio": round(statistics.median(row["seconds"] / row["axe_s"] for row in timed), 2)}
        print(f"axe alone on {len(timed)} pages {axe_total:.1f} s: the audit is x{versus_axe['ratio_of_totals']:.2f} "
              f"of it in all, x{versus_axe['median_ratio']:.2f} on the median page")
    print(json.dumps({"benchmark": "checks", "pages": len(rows), "seconds": round(total, 1),
                      "capture_axe_rest_s": round(rest, 1),
                      "checks_s": {name: round(seconds, 2) for name, seconds in checks.most_common()},
                      **versus_axe}))


if __name__ == "__main__":
    main()
