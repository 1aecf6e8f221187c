"""A meta refresh that reloads or redirects the page after a delay (WCAG 2.2.1 Timing Adjustable: W3C ACT rule
bc659a; 2.2.4 Interruptions and 3.2.5 Change on Request, AAA: bisz58).

Only the first `<meta http-equiv="refresh">` whose content a browser accepts counts: HTML's shared declarative
refresh steps stop at the first valid one, so a later one never runs. Its delay is read as those steps read it
(digits, then anything but `;`, `,` or whitespace makes the content invalid: `0: url` is ignored by browsers, so
the next valid element is the one that refreshes). A delay of 0 is a redirect, which passes; at level A a delay
over 20 hours (72,000 s) is the criterion's exception. Replaces axe's meta-refresh and meta-refresh-no-exceptions,
which judge every such element, so a page whose first element redirects at once but carries a second, inert one
with a delay was reported as failing.
"""

from __future__ import annotations

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.findings import Finding
from uiagent.capture.scripts import wrap_script

# Every meta of the top document whose http-equiv is "refresh" in any case, in document order.
REFRESH_METAS_JS = wrap_script("""() => [...document.querySelectorAll("meta[http-equiv]")]
  .filter((meta) => (meta.getAttribute("http-equiv") || "").toLowerCase() === "refresh")
  .map((meta) => ({ selector: selectorOf(meta), content: meta.getAttribute("content") }))""")

ASCII_WHITESPACE = " \t\n\f\r"
EXCEPTION_SECONDS = 72_000  # 2.2.1's 20-hour exception (meta-refresh's `max_delay_s`, as axe's meta-refresh option)


def refresh_delay(content: str | None) -> int | None:
    """The delay in seconds HTML's shared declarative refresh steps read from `content`, or None when they
    ignore it (no content, or content that does not start with a time)."""
    if content is None:
        return None
    i, end = 0, len(content)
    while i < end and content[i] in ASCII_WHITESPACE:
        i += 1
    if i == end or not (content[i].isascii() and (content[i].isdigit() or content[i] == ".")):
        return None
    start = i
    while i < end and content[i].isascii() and content[i].isdigit():
        i += 1
    delay = int(content[start:i]) if i > start else 0
    while i < end and content[i].isascii() and (content[i].isdigit() or content[i] == "."):
        i += 1  # a fraction is read and dropped
    if i < end and content[i] not in ASCII_WHITESPACE + ";,":
        return None
    return delay


def first_refresh(metas: list[dict[str, str | None]]) -> tuple[dict[str, str | None], int] | None:
    """The element that refreshes the page (the first with a valid content) and its delay."""
    for meta in metas:
        delay = refresh_delay(meta["content"])
        if delay is not None:
            return meta, delay
    return None


def _check(context: CheckInput, check: Check) -> list[Finding]:
    """The first valid refresh fails unless immediate, or (where the check has a `max_delay_s` exception) later."""
    found = first_refresh(context.page.evaluate(REFRESH_METAS_JS, None))
    if found is None:
        return []
    meta, delay = found
    exception = context.options(check).get("max_delay_s")
    if delay == 0 or (exception is not None and delay > exception):
        return []
    return [context.finding(check, "refreshes", selector=str(meta["selector"]), box=None, content=meta["content"],
                            delay_s=delay, max_delay_s=exception)]


def check_meta_refresh(context: CheckInput) -> list[Finding]:
    return _check(context, META_REFRESH)


def check_meta_refresh_no_exception(context: CheckInput) -> list[Finding]:
    return _check(context, META_REFRESH_NO_EXCEPTION)


REFRESHES = "A meta refresh reloads or redirects the page after {delay_s:,} s without the user asking"
META_REFRESH = Check("meta-refresh", ("2.2.1",), "The first valid meta refresh must redirect at once or wait over "
                     "20 hours.", check_meta_refresh, act=("bc659a",), replaces=("meta-refresh",),
                     options={"max_delay_s": EXCEPTION_SECONDS}, impact="critical",
                     messages={"refreshes": REFRESHES})
META_REFRESH_NO_EXCEPTION = Check("meta-refresh-no-exception", ("2.2.4", "3.2.5"), "The first valid meta refresh "
                                  "must redirect at once (AAA).", check_meta_refresh_no_exception, act=("bisz58",),
                                  replaces=("meta-refresh-no-exceptions",), messages={
                                      "refreshes": REFRESHES + " (at level AAA only an immediate redirect passes)"})
