"""The demo site's labels are ground truth, so they must stay true to the pages."""

from __future__ import annotations

from playwright.sync_api import Page

from uiagent.demo import demo_pages
from uiagent.demo.labels import SITE_DIR


def test_every_page_is_labelled_and_linked_from_the_index(page: Page, demo_site) -> None:
    labelled = {p.path for p in demo_pages()}
    assert labelled == {p.name for p in SITE_DIR.glob("*.html")}
    page.goto(demo_site.url("index.html"))
    links = set(page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"))
    assert labelled - {"index.html"} <= links


def test_labels_are_consistent() -> None:
    pages = demo_pages()
    assert [p for p in pages if p.clean and p.defects] == []
    assert [p for p in pages if not p.clean and not p.defects] == []
    ids = [d.id for p in pages for d in p.defects]
    assert len(ids) == len(set(ids))
    wanted_checks = {"text-contrast", "focus-visible", "target-size", "image-of-text", "zoom-clip", "reflow",
                     "text-overlap", "broken-image", "image-alt", "text-spacing"}
    assert {d.check for p in pages for d in p.defects} == wanted_checks
    assert sum(p.clean for p in pages) >= 2


def test_every_labelled_selector_matches_exactly_one_element(page: Page, demo_site) -> None:
    for demo_page in demo_pages():
        page.goto(demo_site.url(demo_page.path))
        for defect in demo_page.defects:
            assert page.locator(defect.selector).count() == 1, (demo_page.path, defect.selector)
