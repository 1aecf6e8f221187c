"""uiagent: UI testing and accessibility auditing with Playwright, axe-core, pixel measurements and VLMs."""

__version__ = "0.1.0"
