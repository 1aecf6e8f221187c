// allElements(scope): every element of a document (or shadow root) and of the open shadow roots inside it, in
// tree order. Shared by every script uiagent evaluates in a page.
function* allElements(scope) {
  for (const el of scope.querySelectorAll("*")) {
    yield el;
    if (el.shadowRoot) yield* allElements(el.shadowRoot);
  }
}
