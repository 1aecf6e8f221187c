"""Which meta refresh counts and the delay it sets, as HTML's shared declarative refresh steps read it
(uiagent.audit.checks.meta_refresh): browser-free."""

from __future__ import annotations

import pytest

from uiagent.audit.checks.meta_refresh import first_refresh, refresh_delay


@pytest.mark.parametrize(("content", "delay"), [
    ("0; URL='https://example.org'", 0), ("30", 30), ("  12  ", 12), ("45, next.html", 45), ("7 next.html", 7),
    ("3.9; x", 3), (".5", 0), ("72001; x", 72001),
    # Ignored by browsers: no time first, a sign, or a time followed by anything but ; , or whitespace.
    ("0: next.html", None), ("-00.12 foo", None), ("+5; x", None), ("; 30", None), ("", None), ("soon", None),
    (None, None), ("٣٠", None),
])
def test_the_delay_is_read_as_browsers_read_it(content: str | None, delay: int | None) -> None:
    assert refresh_delay(content) == delay


def test_only_the_first_element_a_browser_accepts_counts() -> None:
    redirect_first = [{"selector": "#a", "content": "0; next.html"}, {"selector": "#b", "content": "5; next.html"}]
    invalid_first = [{"selector": "#a", "content": "0: next.html"}, {"selector": "#b", "content": "5; next.html"}]
    assert first_refresh(redirect_first) == (redirect_first[0], 0)
    assert first_refresh(invalid_first) == (invalid_first[1], 5)
    assert first_refresh([{"selector": "#a", "content": None}]) is None
