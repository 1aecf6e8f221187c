"""The scripts uiagent evaluates in pages (the .js files in this folder), with the shared helpers in scope:
`selectorOf` (selector.js) and `allElements` (walk.js)."""

from __future__ import annotations

from importlib import resources

_HERE = resources.files("uiagent.capture")
SHARED_JS = "\n".join(_HERE.joinpath(name).read_text(encoding="utf-8") for name in ("selector.js", "walk.js"))


def wrap_script(function_source: str, *, as_json: bool = False) -> str:
    """A page function wrapped as `(arg) => ...` with the shared helpers in scope. `as_json` returns one
    JSON string: a large result then crosses the protocol as a single value instead of being walked and
    validated field by field on the Python side (seconds on a 10,000-element page)."""
    result = f"JSON.stringify(({function_source})(arg))" if as_json else f"({function_source})(arg)"
    return f"(arg) => {{\n{SHARED_JS}\nreturn {result};\n}}"


def page_script(name: str, *, as_json: bool = False) -> str:
    """A page function from a .js file in this folder, wrapped by `wrap_script`."""
    return wrap_script(_HERE.joinpath(name).read_text(encoding="utf-8"), as_json=as_json)


# Adds a style sheet to the page under a key, or takes it away again (adopted_sheet.js).
ADOPTED_SHEET_JS = page_script("adopted_sheet.js")
