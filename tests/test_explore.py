"""Exploratory QA: the frontier's limits and trap guards (no browser), a crawl through a site of traps that
stays bounded, the demo site explored with every labelled defect found and nothing on the clean pages,
resuming, and the VLM's visual-defect leads through the real SDK against the simulator."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from uiagent.audit import AuditOptions
from uiagent.audit.checks import BUILTIN_CHECKS
from uiagent.audit.findings import AuditReport
from uiagent.config import Settings
from uiagent.demo import SiteServer, demo_pages
from uiagent.demo.scoring import score
from uiagent.explore import CrawlLimits, ExploreOptions, ExploreReport, Frontier, explore
from uiagent.explore.frontier import normalize
from uiagent.explore.rank import finding_score
from uiagent.vlm import JudgeSession

from .conftest import send_body
from .test_cli import uiagent
from .vlm.conftest import answer, script

CRAWL = Path(__file__).parent / "pages" / "crawl"
FAST = Settings(navigation_timeout_s=5, network_idle_cap_s=0.3, stable_timeout_s=1.0)
# The keyboard, resize and OCR checks are the audit's business (tests/test_audit.py); crawling tests skip them.
# For tests of crawling, not of checks: the checks that drive the page (keys, viewports, styles) stay off.
QUICK_AUDIT = AuditOptions(skip=frozenset(check.id for check in BUILTIN_CHECKS if check.kind == "interactive"))


# -- the frontier, without a browser -----------------------------------------------------------------------


def test_urls_are_normalized_so_a_page_is_visited_once() -> None:
    assert normalize("HTTP://Example.ORG:80/a?b=2&a=1#top") == "http://example.org/a?a=1&b=2"
    assert normalize("https://example.org") == "https://example.org/"
    frontier = Frontier(["http://127.0.0.1:9000/"])
    for url in ("http://127.0.0.1:9000/a", "http://127.0.0.1:9000/a#x", "http://127.0.0.1:9000/a?"):
        frontier.add(url, 1, None)
    assert [frontier.take().url for _ in range(2)] == ["http://127.0.0.1:9000/", "http://127.0.0.1:9000/a"]


def test_scope_depth_and_trap_guards_say_why_a_url_is_not_visited() -> None:
    limits = CrawlLimits(max_depth=2, max_query_variants=2, max_url_length=80, include=(r"/shop/",),
                         exclude=(r"/shop/admin",), respect_robots=False)
    frontier = Frontier(["http://127.0.0.1:9000/shop/"], limits)
    base = "http://127.0.0.1:9000/shop/"
    cases = {
        "http://127.0.0.2:9000/shop/x": "outside the start origin(s)",
        "mailto:a@b.c": "not a web page (mailto:)",
        base + "deep": "deeper than the depth limit (2)",
        base + "x" * 80: "URL longer than 80 characters (a crawl trap?)",
        base + "brochure.pdf": "not an HTML page (by its extension)",
        base + "a/b/a/b/a/b/a/b/": "a path segment repeats itself (a crawl trap?)",
        "http://127.0.0.1:9000/blog/": "matches no --include pattern",
        base + "admin/users": "matches an --exclude pattern",
    }
    for url, reason in cases.items():
        frontier.add(url, 3 if url.endswith("deep") else 1, base)
        assert frontier.skipped[normalize(url)] == reason
    for month in range(1, 5):
        frontier.add(f"{base}calendar?month={month}", 1, base)
    assert frontier.skipped[normalize(f"{base}calendar?month=3")].startswith("more than 2 query-string variants")
    assert frontier.queued() == 3  # the start and two months


def test_near_duplicates_by_perceptual_hash_distance() -> None:
    base, close, far = "0" * 64, "0" * 62 + "ff", "f" * 64  # 0, 8 and 256 bits apart
    frontier = Frontier(["http://127.0.0.1:9000/"], CrawlLimits(near_duplicate_bits=8))
    assert frontier.near_duplicate("http://127.0.0.1:9000/a", base) is None
    assert frontier.near_duplicate("http://127.0.0.1:9000/b", close) == "http://127.0.0.1:9000/a"
    assert frontier.near_duplicate("http://127.0.0.1:9000/c", far) is None
    never = Frontier(["http://127.0.0.1:9000/"], CrawlLimits(near_duplicate_bits=-1))
    assert never.near_duplicate("http://127.0.0.1:9000/a", base) is None
    assert never.near_duplicate("http://127.0.0.1:9000/b", base) is None


def test_robots_txt_is_respected_unless_told_otherwise(crawl_site: SiteServer) -> None:
    private = crawl_site.url("private.html")
    polite = Frontier([crawl_site.url("index.html")])
    polite.add(private, 1, None)
    assert polite.skipped[private] == "disallowed by robots.txt"
    rude = Frontier([crawl_site.url("index.html")], CrawlLimits(respect_robots=False))
    rude.add(private, 1, None)
    assert private not in rude.skipped


def test_workers_stop_when_the_queue_is_empty_and_nothing_is_in_flight() -> None:
    frontier = Frontier(["http://127.0.0.1:9000/"], CrawlLimits(max_pages=5, respect_robots=False))
    taken: list[str] = []

    def worker(name: str) -> None:
        while (item := frontier.take()) is not None:
            taken.append(item.url)
            time.sleep(0.01)
            if item.depth < 2:  # each page links to two more, forever
                for child in ("a", "b"):
                    frontier.add(f"{item.url.rstrip('/')}/{name}{child}{len(taken)}", item.depth + 1, item.url)
            frontier.finished()

    threads = [threading.Thread(target=worker, args=(str(n),)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads)
    assert len(taken) == len(set(taken)) == 5
    assert frontier.limits_reached == ["page limit (5) reached"]


# -- crawling real pages -----------------------------------------------------------------------------------


def _html(handler: SimpleHTTPRequestHandler, body: str) -> None:
    send_body(handler, f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{body[:30]}</title></head>"
                       f"<body><main>{body}</main></body></html>".encode(), "text/html; charset=utf-8")


def _calendar(handler: SimpleHTTPRequestHandler) -> None:
    month = int(parse_qs(urlsplit(handler.path).query).get("month", ["1"])[0])
    days = "".join(f"<td>{day}</td>" for day in range(1, 29))
    _html(handler, f"<h1>Month {month}</h1><table><tr>{days}</tr></table>"
                   f"<a href='calendar?month={month + 1}'>Next month</a> <a href='calendar?month={month - 1}'>Previous</a>")


def _search(handler: SimpleHTTPRequestHandler) -> None:
    query = parse_qs(urlsplit(handler.path).query).get("q", [""])[0]
    _html(handler, f"<h1>Results for {query}</h1>" + "".join(
        f"<p><a href='search?q={query}{letter}'>Refine: {query}{letter}</a></p>" for letter in "abc"))


def _deep(handler: SimpleHTTPRequestHandler) -> None:
    _html(handler, f"<h1>Folder {handler.path}</h1><a href='a/'>Open the folder inside</a>")


def _redirect(to: str):  # type: ignore[no-untyped-def]
    def route(handler: SimpleHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", to.replace("PORT", str(handler.server.server_address[1])))
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def _robots(handler: SimpleHTTPRequestHandler) -> None:
    send_body(handler, b"User-agent: *\nDisallow: /private.html\n")


@pytest.fixture(scope="module")
def crawl_site() -> Iterator[SiteServer]:
    routes = {"/calendar": _calendar, "/search": _search, "/deep/": _deep, "/robots.txt": _robots,
              # localhost is another origin than 127.0.0.1: an off-site redirect, served by the same server
              "/away": _redirect("http://localhost:PORT/about.html"), "/loop": _redirect("/loop"),
              "/hang": lambda handler: time.sleep(30),  # the load event never comes
              "/never-settles.html": lambda handler: send_body(
                  handler, (CRAWL.parent / "animated-js-forever.html").read_bytes(), "text/html")}
    with SiteServer(CRAWL, routes=routes) as site:
        yield site


def test_a_site_of_crawl_traps_is_explored_within_its_limits(crawl_site: SiteServer, tmp_path: Path) -> None:
    limits = CrawlLimits(max_pages=25, max_depth=10, max_query_variants=4)
    started = time.perf_counter()
    report = explore([crawl_site.url("index.html")], FAST, ExploreOptions(viewports=("desktop",), audit=QUICK_AUDIT),
                     tmp_path, limits=limits, workers=2)
    assert time.perf_counter() - started < 90
    visited = [page.url for page in report.pages]
    assert len(visited) == len(set(visited)) <= 25
    status = {urlsplit(p.url).path + ("?" + urlsplit(p.url).query if urlsplit(p.url).query else ""): p for p in report.pages}
    assert status["/away"].status == "skipped" and "redirected off-site to http://localhost:" in status["/away"].error
    assert status["/loop"].status == "error" and "ERR_TOO_MANY_REDIRECTS" in status["/loop"].error
    assert status["/about.html"].status == "ok"
    assert status["/hang"].status == "error" and "/hang: no response within 5s" in status["/hang"].error
    never = status["/never-settles.html"]
    assert never.status == "ok" and any("kept changing" in w for w in never.viewports[0].warnings)
    assert sum(p.startswith("/calendar") for p in status) <= 4 and sum(p.startswith("/search") for p in status) <= 4
    # Pages that look like one already explored are not explored again, nor their links followed.
    duplicates = [p for p in report.pages if p.status == "duplicate"]
    assert duplicates and all(p.duplicate_of and "looks like" in p.error for p in duplicates)
    reasons = {urlsplit(url).path: reason for url, reason in ((s.url, s.reason) for s in report.skipped)}
    assert reasons["/private.html"] == "disallowed by robots.txt"
    assert reasons["/report.pdf"] == "not an HTML page (by its extension)"
    assert "/" not in status  # mailto: and javascript: links were never visited
    lines = (tmp_path / "pages.jsonl").read_text().splitlines()
    assert len(lines) == len(report.pages)  # every page journalled as it finished


def test_a_long_page_is_measured_whole_at_the_first_viewport_and_shot_as_far_as_a_question_shows_at_the_others(
        tmp_path: Path) -> None:
    from uiagent.vlm.questions import MAX_ASKED_HEIGHT

    long_page = ('<!doctype html><html lang="en"><head><title>Long</title></head><body><h1>Long</h1>'
                 '<div style="height: 40000px"></div><p style="color: #bbb">Faint, far down.</p></body></html>')
    routes = {"/long.html": lambda handler: send_body(handler, long_page.encode(), "text/html")}
    with SiteServer(CRAWL, routes=routes) as site:
        options = ExploreOptions(viewports=("desktop", "phone"), audit=QUICK_AUDIT)
        report = explore([site.url("long.html")], FAST, options, tmp_path, limits=CrawlLimits(max_pages=1))
    [page] = report.pages
    assert page.status == "ok", page.checks
    assert [f.selector for f in page.findings if f.rule == "text-contrast"] == ["html > body > p"]
    desktop, phone = page.viewports
    assert not desktop.warnings
    assert phone.warnings == [f"page is {phone.warnings[0].split()[2]} tall; captured the first {MAX_ASKED_HEIGHT}px"]


def test_the_demo_site_explored_finds_every_labelled_defect_and_nothing_on_the_clean_pages(tmp_path: Path) -> None:
    done = uiagent("explore", "--demo-site", "-o", str(tmp_path), "--format", "json,html")
    assert done.returncode == 1, done.stderr  # the demo's defects are violations
    report = ExploreReport.model_validate_json((tmp_path / "explore.json").read_text())
    assert {p.status for p in report.pages} == {"ok"} and len(report.pages) == len(demo_pages())
    result = score(report.as_audit_report())
    assert (result.found, result.expected, result.false_on_clean) == (result.expected, 15, 0), result.missed + result.clean_findings
    # Layout defects are looked for at every viewport.
    found = {(f.page.rsplit("/", 1)[1], f.rule, f.selector): f for f in report.findings}
    assert found[("overlap.html", "text-overlap", "#new-badge")].evidence["viewports"] == ["desktop", "tablet", "phone"]
    at_phone = found[("reflow-320.html", "horizontal-scroll", "#promo-strip")]
    assert at_phone.evidence["viewports"] == ["phone"]
    # Its crop was cut from the capture it was measured on; only thumbnails are kept of the pages.
    assert Path(at_phone.evidence["crop"]).parent.parent.name == "phone" and Path(at_phone.evidence["crop"]).exists()
    for page in report.pages:
        assert [v.name for v in page.viewports] == ["desktop", "tablet", "phone"]
        assert all(v.screenshot is None and Path(v.thumbnail or "").exists() for v in page.viewports)
    # Ranked: pages by score, findings by score, highest first.
    assert [p.score for p in report.pages] == sorted((p.score for p in report.pages), reverse=True)
    scores = [finding_score(f) for f in report.findings]
    assert scores == sorted(scores, reverse=True) and report.findings[0].rule == "text-overlap"
    audit = AuditReport.model_validate_json((tmp_path / "findings.json").read_text())
    assert len(audit.findings) == len(report.findings)
    assert (tmp_path / "report.html").stat().st_size < 3_000_000


def test_an_interrupted_exploration_resumes_without_redoing_pages(demo_site: SiteServer, tmp_path: Path) -> None:
    options = ExploreOptions(viewports=("desktop",), audit=QUICK_AUDIT)
    first = explore([demo_site.url("index.html")], FAST, options, tmp_path, limits=CrawlLimits(max_pages=4))
    assert len(first.pages) == 4 and first.limits_reached == ["page limit (4) reached"]
    visited: list[str] = []
    second = explore([demo_site.url("index.html")], FAST, options, tmp_path, limits=CrawlLimits(max_pages=20),
                     resume=True, on_page=lambda page, queued: visited.append(page.url))
    assert len(visited) == len(demo_pages()) - 4 and not set(visited) & {p.url for p in first.pages}
    assert len(second.pages) == len(demo_pages()) and not second.limits_reached
    assert len((tmp_path / "pages.jsonl").read_text().splitlines()) == len(demo_pages())


def test_the_vlm_points_at_visual_defects_and_a_measurement_confirms_one(demo_site: SiteServer, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                          judge: JudgeSession, simulator, page) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(demo_site.url("overlap.html"))
    badge = page.locator("#new-badge").bounding_box()
    simulator.reset(script(answer("fail", contains="free of visual defects", confidence=0.8, reason="Two defects.",
                                  evidence=[{"label": "a badge covers the product title",
                                             "box": [badge["x"], badge["y"], badge["width"], badge["height"]]},
                                            {"label": "a blank strip at the bottom", "box": [0, 2000, 10, 10]}])))
    options = ExploreOptions(viewports=("desktop",), audit=AuditOptions(skip=QUICK_AUDIT.skip), judge=judge)
    report = explore([demo_site.url("overlap.html")], FAST, options, tmp_path,
                     limits=CrawlLimits(max_pages=1, respect_robots=False))
    leads = [f for f in report.findings if f.rule == "visual-defect"]
    confirmed = next(f for f in leads if f.selector == "#new-badge")
    assert confirmed.status == "needs-review" and confirmed.agreement == "both"
    assert confirmed.evidence["confirmed_by"] == ["text-overlap"] and confirmed.source == ["vlm"]
    assert abs(confirmed.box.x - badge["x"]) < 2 and abs(confirmed.box.width - badge["width"]) < 2
    alone = next(f for f in leads if f is not confirmed)
    assert alone.agreement == "vlm-only" and alone.selector is None and "blank strip" in alone.message
    [run] = [c for c in report.pages[0].checks if c.check == "vlm-visual-defects@desktop"]
    assert run.status == "ok" and run.detail == "2 finding(s)"
    assert any("free of visual defects" in r.question for r in simulator.requests)


def test_bad_explore_input_is_a_usage_error(tmp_path: Path) -> None:
    assert "give a URL to start from" in uiagent("explore", "-o", str(tmp_path)).stderr
    bad = uiagent("explore", "http://127.0.0.1:1/", "--viewports", "desktop,watch", "-o", str(tmp_path))
    assert bad.returncode == 2 and "unknown ['watch']" in bad.stderr
    bad = uiagent("explore", "http://127.0.0.1:1/", "--include", "([", "-o", str(tmp_path))
    assert bad.returncode == 2 and "is not a regular expression" in bad.stderr
