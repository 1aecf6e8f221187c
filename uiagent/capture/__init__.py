"""Capture: stabilized screenshots plus DOM facts and hashes, ready for the checks."""

from uiagent.capture.capture import capture, document_box, gather_dom_facts
from uiagent.capture.models import Box, Capture, DomFacts
from uiagent.capture.targets import load_page, resolve_target

__all__ = ["Box", "Capture", "DomFacts", "capture", "document_box", "gather_dom_facts", "load_page", "resolve_target"]
