"""The bundled demo site: static pages with labelled defects and clean controls, served on loopback."""

from uiagent.demo.labels import DemoDefect, DemoPage, demo_pages
from uiagent.demo.server import SiteServer, serve_demo

__all__ = ["DemoDefect", "DemoPage", "SiteServer", "demo_pages", "serve_demo"]
