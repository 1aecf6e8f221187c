"""The text of style sheets a page's scripts may not read.

A script can read the rules of a sheet only when the sheet came from the page's own origin. A sheet from a CDN,
or any sheet of a page opened from a file (each file is an origin of its own), hides its rules. The browser still
has the text it parsed; the DevTools protocol hands it over. A sheet that did not load (a font host blocked or
offline, a missing file) hides its rules just the same, and has none: the browser holds it empty, under the page's
own URL, and it is known by its <link>, or, imported by an @import rule, by being the one not reported otherwise.
"""

from __future__ import annotations

from collections.abc import Collection

from playwright.sync_api import CDPSession, Page
from playwright.sync_api import Error as PlaywrightError


def style_sheet_texts(page: Page, urls: Collection[str]) -> dict[str, str]:
    """The text of each of the page's style sheets from one of `urls` (a URL listed twice: the first sheet's; one
    that did not load: ""). Empty when the browser offers no DevTools session for the page."""
    wanted = set(urls)
    try:
        session = page.context.new_cdp_session(page)
    except PlaywrightError:
        return {}
    headers: list[dict] = []
    session.on("CSS.styleSheetAdded", lambda event: headers.append(event["header"]))
    texts: dict[str, str] = {}
    failed_imports = 0
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")  # reports every sheet the page has, as it returns
        for header in headers:
            failed = bool(header.get("loadingFailed"))
            if failed and "ownerNode" not in header:
                failed_imports += 1
                continue
            url = _owner_sheet_url(session, header["ownerNode"]) if failed else header.get("sourceURL")
            if url in wanted and url not in texts:
                texts[url] = "" if failed else session.send("CSS.getStyleSheetText",
                                                            {"styleSheetId": header["styleSheetId"]})["text"]
        # A sheet an @import rule did not load has no element to know it by: the browser holds it empty under the
        # page's own URL. The URLs asked for that no sheet the browser reported carries are those, when at least as
        # many imports failed (any other would have been reported under its own URL).
        unseen = [url for url in wanted if url not in texts and "://" in url]
        if unseen and len(unseen) <= failed_imports:
            texts.update(dict.fromkeys(unseen, ""))
    except PlaywrightError:
        pass  # (a page that navigated or closed meanwhile: what was read is kept)
    finally:
        try:
            session.detach()  # CSS.disable and DOM.disable with it: the browser stops tracking style changes
        except PlaywrightError:
            pass
    return texts


_SHEET_HREF = "function () { return this.sheet && this.sheet.href; }"


def _owner_sheet_url(session: CDPSession, backend_node_id: int) -> str | None:
    """The URL a page's script sees for the sheet of the element `backend_node_id` (a <link>): its `sheet.href`.
    None when the element is gone (the sheets after it are still read)."""
    try:
        owner = session.send("DOM.resolveNode", {"backendNodeId": backend_node_id})["object"]
        read = session.send("Runtime.callFunctionOn", {"objectId": owner["objectId"], "returnByValue": True,
                                                       "functionDeclaration": _SHEET_HREF})
    except PlaywrightError:
        return None
    url = read["result"].get("value")
    return url if isinstance(url, str) else None
