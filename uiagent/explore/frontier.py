"""What to visit next in a crawl, shared by the worker threads: same-origin scope, include/exclude patterns,
robots.txt, depth and page limits, and guards against crawl traps (endless query strings, calendars, paths
that repeat themselves). Every URL that is not visited is recorded with the reason."""

from __future__ import annotations

import re
import threading
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from uiagent.capture.hashing import hash_distance

USER_AGENT = "uiagent"
SKIPPED_EXTENSIONS = (".pdf", ".zip", ".gz", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".mp4", ".mp3",
                      ".css", ".js", ".json", ".xml", ".ico", ".woff", ".woff2", ".exe", ".dmg")


@dataclass(frozen=True)
class CrawlLimits:
    max_pages: int = 50
    max_depth: int = 3
    max_query_variants: int = 10  # pages with the same path and different query strings (calendars, filters)
    max_url_length: int = 500
    max_repeated_segment: int = 3  # /a/b/a/b/a/b/... : a path segment seen more often than this is a trap
    include: tuple[str, ...] = ()  # regular expressions: if any are given, a URL must match one
    exclude: tuple[str, ...] = ()
    respect_robots: bool = True
    near_duplicate_bits: int = 24  # of the 256-bit perceptual hash


@dataclass(frozen=True)
class CrawlItem:
    url: str
    depth: int
    found_on: str | None = None


def normalize(url: str) -> str:
    """One spelling per page: no fragment, lower-case scheme and host, default port dropped, query sorted."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if port in (None, default) else f"{host}:{port}"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


def origin(url: str) -> str:
    parts = urlsplit(normalize(url))
    return f"{parts.scheme}://{parts.netloc}"


def scope_of(url: str) -> str:
    """What a start URL lets the crawl reach: its origin, or for a file, the files beside it and below."""
    normal = normalize(url)
    if normal.startswith("file:"):
        return normal.rsplit("/", 1)[0] + "/"
    return origin(normal) + "/"


@dataclass
class Frontier:
    start: list[str]
    limits: CrawlLimits = field(default_factory=CrawlLimits)
    skipped: dict[str, str] = field(default_factory=dict)
    limits_reached: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.scopes = {scope_of(url) for url in self.start}
        self._queue: deque[CrawlItem] = deque()
        self._seen: set[str] = set()
        self._variants: dict[str, set[str]] = {}
        self._hashes: list[tuple[str, str]] = []  # (url, perceptual hash) of pages explored
        self._started = 0
        self._in_flight = 0
        self._robots: dict[str, RobotFileParser | None] = {}
        self._include = [re.compile(p) for p in self.limits.include]
        self._exclude = [re.compile(p) for p in self.limits.exclude]
        self._lock = threading.Condition()
        for url in self.start:
            self.add(url, 0, None, explicit=True)

    # -- adding --------------------------------------------------------------------------------------

    def add(self, url: str, depth: int, found_on: str | None, *, explicit: bool = False) -> None:
        normal = normalize(url)
        with self._lock:
            if normal in self._seen:
                return
            self._seen.add(normal)
            reason = self._refusal(normal, depth, explicit)
            if reason:
                self.skipped.setdefault(normal, reason)
                return
            self._queue.append(CrawlItem(normal, depth, found_on))
            self._lock.notify()

    def mark_done(self, url: str, perceptual_hash: str = "") -> None:
        """A page finished in an earlier run (--resume): not visited again, but still a duplicate reference."""
        normal = normalize(url)
        with self._lock:
            self._seen.add(normal)
            self._queue = deque(item for item in self._queue if item.url != normal)  # a start page, done already
            self._started += 1
            self._count_variant(normal)
            if perceptual_hash:
                self._hashes.append((normal, perceptual_hash))

    def _refusal(self, url: str, depth: int, explicit: bool) -> str | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "file"):
            return f"not a web page ({parts.scheme}:)"
        if not self.in_scope(url):
            return "outside the start origin(s)"
        if explicit:
            return None
        if depth > self.limits.max_depth:
            return f"deeper than the depth limit ({self.limits.max_depth})"
        if len(url) > self.limits.max_url_length:
            return f"URL longer than {self.limits.max_url_length} characters (a crawl trap?)"
        if parts.path.lower().endswith(SKIPPED_EXTENSIONS):
            return "not an HTML page (by its extension)"
        segments = [s for s in parts.path.split("/") if s]
        if segments and max(segments.count(s) for s in segments) > self.limits.max_repeated_segment:
            return "a path segment repeats itself (a crawl trap?)"
        if self._include and not any(p.search(url) for p in self._include):
            return "matches no --include pattern"
        if any(p.search(url) for p in self._exclude):
            return "matches an --exclude pattern"
        if parts.query and len(self._variants.get(parts.path, ())) >= self.limits.max_query_variants:
            return (f"more than {self.limits.max_query_variants} query-string variants of {parts.path} "
                    "(a calendar or filter trap?)")
        if self.limits.respect_robots and not self._robots_allow(url):
            return "disallowed by robots.txt"
        self._count_variant(url)
        return None

    def in_scope(self, url: str) -> bool:
        normal = normalize(url)
        return any(normal.startswith(scope) for scope in self.scopes)

    def _count_variant(self, url: str) -> None:
        parts = urlsplit(url)
        self._variants.setdefault(parts.path, set()).add(parts.query)

    def _robots_allow(self, url: str) -> bool:
        site = origin(url)
        if not site.startswith("http"):
            return True
        if site not in self._robots:
            self._robots[site] = _fetch_robots(site)
        parser = self._robots[site]
        return parser is None or parser.can_fetch(USER_AGENT, url)

    # -- taking --------------------------------------------------------------------------------------

    def take(self) -> CrawlItem | None:
        """The next page to visit; waits while other workers may still find links; None when all is done."""
        with self._lock:
            while True:
                if self._started >= self.limits.max_pages:
                    if self._queue and not self.limits_reached:
                        self.limits_reached.append(f"page limit ({self.limits.max_pages}) reached")
                    for item in self._queue:
                        self.skipped.setdefault(item.url, f"page limit ({self.limits.max_pages}) reached")
                    self._queue.clear()
                    return None
                if self._queue:
                    self._started += 1
                    self._in_flight += 1
                    return self._queue.popleft()
                if self._in_flight == 0:
                    return None
                self._lock.wait()

    def queued(self) -> int:
        with self._lock:
            return min(len(self._queue), max(0, self.limits.max_pages - self._started))

    def finished(self) -> None:
        with self._lock:
            self._in_flight -= 1
            self._lock.notify_all()

    def near_duplicate(self, url: str, perceptual_hash: str) -> str | None:
        """The explored page this one looks like (within the bit limit), else None; registers it."""
        with self._lock:
            for other, known in self._hashes:
                if hash_distance(known, perceptual_hash) <= self.limits.near_duplicate_bits:
                    return other
            self._hashes.append((url, perceptual_hash))
            return None


def _fetch_robots(site: str) -> RobotFileParser | None:
    """robots.txt of a site; None (allow all) when it has none or it cannot be read."""
    request = urllib.request.Request(f"{site}/robots.txt", headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            text = response.read(512_000).decode("utf-8", "replace")
    except (HTTPError, URLError, OSError, ValueError):
        return None
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return parser
