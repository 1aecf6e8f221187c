"""Facts about a page's audio and video, measured for the media checks (uiagent/audit/checks/media.py).

Per element (every frame, open shadow roots): what the browser says (autoplay, muted, what was played, the
duration, whether it is seen and in the accessibility tree); per page, what else it offers beside the media
(text, named controls, embedded content, scripts); per media file, what its audio holds. That is measured on
the file itself, never on the playing element: the file is fetched with the page's cookies, decoded by
Chromium in a helper page of its own, and its level measured in 50 ms windows, so that an encoded track of
digital silence counts as silence, and a page's Content-Security-Policy cannot get in the way.

A page without media costs one evaluate per frame. With media, the facts wait on media events (bounded) until
metadata is in and each unmuted autoplay element has played 3.5 s or stopped; its audio is measured meanwhile.
"""

from __future__ import annotations

import struct
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from urllib.request import url2pathname

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page, Route
from pydantic import BaseModel

from uiagent.capture.models import Box
from uiagent.capture.scripts import page_script, wrap_script

MEDIA_FACTS_JS = page_script("media_facts.js")
AUDIO_WINDOWS_JS = page_script("audio_windows.js")
PAUSE_AUTOPLAY_JS = wrap_script("""() => {
  const roots = [document];
  let paused = 0;
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll("*")) {
      if (el.shadowRoot) roots.push(el.shadowRoot);
      if (el instanceof HTMLMediaElement && el.autoplay && !el.paused) { el.pause(); paused++; }
    }
  }
  return paused;
}""")

METADATA_WAIT_S = 10.0  # for each element's metadata (duration, tracks) to come in
OBSERVE_S = 6.0  # at most this long for unmuted autoplay to play the 3.5 s that tell "more than 3 s"
WINDOW_S = 0.05  # the level of the audio is measured per window of this length
MAX_BYTES = 16 * 1024 * 1024  # larger files are not fetched: their audio stays unknown (needs-review)
MAX_DECODE_S = 300.0  # nor are longer ones decoded: an audit page must not cost minutes
FETCH_TIMEOUT_S = 15.0
# Media that failed to load is asked for again (one byte) to tell a missing file from one that does not play: at most
# this many files a page, each within this many seconds (a page of broken players must not cost minutes).
MAX_MISSING_PROBES, PROBE_TIMEOUT_S = 10, 5.0
NETWORK_NO_SOURCE = 3  # HTMLMediaElement.networkState: no source the browser could play
HELPER_ORIGIN = "http://uiagent-media.invalid"  # the helper page's own origin, served by a route


class MediaElement(BaseModel):
    selector: str
    tag: str  # audio or video
    box: Box
    autoplay: bool
    loop: bool
    controls: bool
    muted: bool
    volume: float
    paused: bool
    ended: bool
    played: list[tuple[float, float]]  # media time ranges the browser played (they outlive a pause or the end)
    current_time: float
    current_src: str  # with any media fragment (#t=)
    sources: list[str]  # src and playable <source>s, for an element that has not chosen one
    duration: float | None  # None: unknown (no metadata) or a stream
    streaming: bool  # the browser reports an unbounded duration
    ready_state: int
    network_state: int
    error: int | None  # MediaError code
    playback_rate: float
    preload: str
    visible: bool  # rendered, not transparent, not off the page or clipped away
    in_tree: bool  # in the accessibility tree (not display:none, visibility:hidden, aria-hidden, inert)
    text_tracks: list[str]  # <track> kinds
    waited: float  # seconds its document waited on media events before these facts were taken
    # Why its media file is known not to exist (it failed to load, and the server answers 404 or 410 for the file, or
    # the local file is not there). Empty when it loaded, or when why it did not is unknown (a codec, a network error).
    missing: str = ""

    @property
    def resource(self) -> str | None:
        """The media file it plays (or would), without any fragment."""
        url = self.current_src or next(iter(self.sources), "")
        return urlunsplit(urlsplit(url)._replace(fragment="")) if url else None


class Inventory(BaseModel):
    """What a page offers beside its media, in every frame: the first of each kind found, or None."""

    text: str | None = None  # text in the accessibility tree
    visible_text: str | None = None  # ... that may also be seen
    control: str | None = None  # a link or widget in the tree that may have a name
    embedded: list[str] = []  # content that could not be looked into: object, embed, aria-busy, unreadable frames
    scripts: int = 0  # scripts and inline event handlers (they may play sound of their own)


class AudioContent(BaseModel):
    """The audio of one media file, measured in WINDOW_S windows; None where it could not be measured."""

    url: str
    tracks: int | None = None  # audio tracks its container declares
    db: list[float | None] | None = None  # RMS level per window in dBFS (None: digital silence)
    peak: list[float] | None = None  # peak sample per window (full scale 1.0)
    duration: float | None = None
    reason: str = ""  # why it could not be measured


class MediaPage(BaseModel):
    elements: list[MediaElement]
    inventory: Inventory
    audio: dict[str, AudioContent]  # by resource URL

    def audio_of(self, element: MediaElement) -> AudioContent | None:
        return self.audio.get(element.resource or "")


def gather_media(page: Page, wants_audio: Callable[[MediaElement], bool]) -> MediaPage | None:
    """The page's media facts, or None when it has no audio or video element. Unmuted autoplay is watched (up
    to OBSERVE_S) while the audio of the elements `wants_audio` picks is measured in a helper page."""
    frames = list(page.frames)
    first = [_facts(frame, {"inventory": False, "metadataMs": 0, "observeMs": 0}) for frame in frames]
    early = [MediaElement.model_validate(fact) for result in first if result for fact in result["media"] or []]
    if not early:
        return None
    audio: dict[str, AudioContent] = {}
    with measuring_audio(page, _missing(early, audio, wants_audio)) as measured:
        started = time.monotonic()
        elements: list[MediaElement] = []
        inventory = Inventory()
        for frame in frames:
            spent = time.monotonic() - started  # one deadline for all frames: their media play meanwhile
            result = _facts(frame, {"inventory": True, "metadataMs": max(0.0, METADATA_WAIT_S - spent) * 1000,
                                    "observeMs": max(0.0, OBSERVE_S - spent) * 1000})
            if result is None:
                inventory.embedded.append(f"a frame that could not be read ({frame.url})")
                continue
            _merge(inventory, result.get("inventory") or {})
            place = _frame_place(frame) if result["media"] else ("", 0.0, 0.0)
            if place is None:
                inventory.embedded.append(f"a frame whose media could not be located ({frame.url})")
                continue
            prefix, dx, dy = place
            for fact in result["media"] or []:
                fact["selector"] = prefix + fact["selector"]
                fact["box"]["x"] += dx
                fact["box"]["y"] += dy
                elements.append(MediaElement.model_validate(fact))
        audio.update(measured())
    missing: dict[str, str] = {}  # by resource: each file asked for once, at most MAX_MISSING_PROBES of them
    for element in elements:
        url = element.resource
        if url and _failed(element) and (url in missing or len(missing) < MAX_MISSING_PROBES):
            element.missing = missing.setdefault(url, _missing_file(page, url))
    media = MediaPage(elements=elements, inventory=inventory, audio=audio)
    complete_audio(page, media, wants_audio)  # elements that only now have a source, or now need one measured
    return media


def complete_audio(page: Page, media: MediaPage, wants_audio: Callable[[MediaElement], bool]) -> None:
    """Measure the audio of the elements `wants_audio` picks that is not measured yet."""
    missing = _missing(media.elements, media.audio, wants_audio)
    if missing:
        with measuring_audio(page, missing) as measured:
            media.audio.update(measured())


def _missing(elements: list[MediaElement], audio: dict[str, AudioContent],
             wants_audio: Callable[[MediaElement], bool]) -> list[str]:
    """The files whose audio is wanted and not measured yet. One longer than MAX_DECODE_S is not fetched: it
    gets its reason in `audio` at once."""
    missing = set()
    for element in elements:
        url = element.resource
        if not url or url in audio or not wants_audio(element):
            continue
        if element.duration is not None and element.duration > MAX_DECODE_S:
            audio[url] = AudioContent(url=url, reason=f"it lasts {element.duration:.0f} s, longer than the "
                                      f"{MAX_DECODE_S:.0f} s measured")
        else:
            missing.add(url)
    return sorted(missing)


def _failed(element: MediaElement) -> bool:
    return element.error is not None or element.network_state == NETWORK_NO_SOURCE


def _missing_file(page: Page, url: str) -> str:
    """Why a media file that failed to load is known not to exist: a local path that does not exist; a server that
    answers 404 or 410 when asked for its first byte. Empty otherwise: a file that exists but did not play (a codec
    Chromium lacks, a server that refuses ranges) may play elsewhere, so it is not called missing."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return "" if Path(url2pathname(parts.path)).exists() else "the file does not exist"
    if parts.scheme not in ("http", "https"):
        return ""
    try:
        status = page.context.request.get(url, headers={"Range": "bytes=0-0"}, timeout=PROBE_TIMEOUT_S * 1000,
                                          fail_on_status_code=False).status
    except PlaywrightError:
        return ""
    return f"the server answers HTTP {status} for it" if status in (404, 410) else ""


def _facts(frame: Frame, arg: dict) -> dict | None:
    """The facts script's answer in one frame: {"media": [...] or None, "inventory"}; None if it cannot run."""
    try:
        result = frame.evaluate(MEDIA_FACTS_JS, arg)
    except PlaywrightError:
        return None
    return result or {"media": None, "inventory": None}


def _frame_place(frame: Frame) -> tuple[str, float, float] | None:
    """How to name an element of `frame` from the top document (a selector prefix), and where the frame sits."""
    if frame.parent_frame is None:
        return "", 0.0, 0.0
    outer = _frame_place(frame.parent_frame)
    try:
        element = frame.frame_element()
        selector = element.evaluate(wrap_script("el => selectorOf(el)"))
        at = element.evaluate("el => { const r = el.getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY]; }")
    except PlaywrightError:
        return None
    if outer is None:
        return None
    prefix, dx, dy = outer
    return f"{prefix}{selector} >> internal:control=enter-frame >> ", dx + at[0], dy + at[1]


def _merge(inventory: Inventory, found: dict) -> None:
    for key in ("text", "visible_text", "control"):
        if getattr(inventory, key) is None and found.get(key):
            setattr(inventory, key, found[key])
    inventory.embedded.extend(found.get("embedded") or [])
    inventory.scripts += found.get("scripts") or 0


@contextmanager
def measuring_audio(page: Page, urls: list[str]) -> Iterator[Callable[[], dict[str, AudioContent]]]:
    """Starts measuring each file's audio (its tracks; its level per window, decoded in a helper page) and
    yields the function that waits for the results; unknown, with the reason, where it cannot be measured."""
    contents: dict[str, AudioContent] = {}
    files: dict[str, bytes] = {}
    for url in urls:
        data = fetch_media(page, url)
        if isinstance(data, str):
            contents[url] = AudioContent(url=url, reason=data)
        else:
            files[url] = data
            contents[url] = AudioContent(url=url, tracks=audio_track_count(data))
    if not files:
        yield lambda: contents
        return
    with _helper_page(page) as helper:
        served = {f"/{index}": data for index, data in enumerate(files.values())}
        served["/"] = b"<!doctype html><title>uiagent media</title>"

        def serve(route: Route) -> None:
            body = served.get(urlsplit(route.request.url).path)
            route.fulfill(status=200 if body is not None else 404, body=body or b"")

        helper.route(f"{HELPER_ORIGIN}/**", serve)
        helper.goto(f"{HELPER_ORIGIN}/")
        helper.evaluate(AUDIO_WINDOWS_JS, {"urls": [f"{HELPER_ORIGIN}/{index}" for index in range(len(files))],
                                           "windowS": WINDOW_S})

        def results() -> dict[str, AudioContent]:
            for url, measured in zip(files, helper.evaluate("() => window.uiagentAudioWindows"), strict=True):
                content = contents[url]
                if "error" in measured:
                    content.reason = f"its audio could not be decoded ({measured['error']})"
                elif measured["duration"] > MAX_DECODE_S:
                    content.reason = f"it lasts {measured['duration']:.0f} s, longer than the {MAX_DECODE_S:.0f} s measured"
                else:
                    content.db, content.peak, content.duration = measured["db"], measured["peak"], measured["duration"]
            return contents

        yield results


def fetch_media(page: Page, url: str) -> bytes | str:
    """The file's bytes (with the page's cookies), or why they could not be had."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = Path(url2pathname(parts.path))
        if not path.is_file():
            return "the file does not exist"
        if path.stat().st_size > MAX_BYTES:
            return f"the file is larger than {MAX_BYTES >> 20} MB"
        return path.read_bytes()
    if parts.scheme not in ("http", "https"):
        return f"a {parts.scheme}: source (a stream or generated media) cannot be fetched"
    try:
        # A server that honours the range sends at most MAX_BYTES, and says how large the whole file is.
        response = page.context.request.get(url, headers={"Range": f"bytes=0-{MAX_BYTES - 1}"},
                                            timeout=FETCH_TIMEOUT_S * 1000, fail_on_status_code=False)
        body = response.body()
    except PlaywrightError as error:
        return f"it could not be fetched ({str(error).splitlines()[0]})"
    if response.status == 206:
        total = response.headers.get("content-range", "").rpartition("/")[2]
        if not total.isdigit() or int(total) > len(body):
            return f"the file is larger than {MAX_BYTES >> 20} MB"
    elif response.status != 200:
        return f"fetching it answered HTTP {response.status}"
    if len(body) > MAX_BYTES:
        return f"the file is larger than {MAX_BYTES >> 20} MB"
    return body


@contextmanager
def _helper_page(page: Page) -> Iterator[Page]:
    """A blank page of uiagent's own, in a context of its own when the browser allows one."""
    browser = page.context.browser
    context = browser.new_context() if browser is not None else None
    helper = (context or page.context).new_page()
    try:
        yield helper
    finally:
        helper.close()
        if context is not None:
            context.close()


def pause_autoplay(page: Page) -> int:
    """Pause every autoplay element still playing, in every frame; how many were paused."""
    paused = 0
    for frame in page.frames:
        try:
            paused += frame.evaluate(PAUSE_AUTOPLAY_JS)
        except PlaywrightError:
            continue  # a frame that went away plays nothing
    return paused


def audio_track_count(data: bytes) -> int | None:
    """How many audio tracks a media file's container declares, or None when its format is not one read here
    (MP4/QuickTime and WebM/Matroska are read; a WAV, MP3 or FLAC file is one audio stream)."""
    try:
        if data[4:8] == b"ftyp":
            return _mp4_audio_tracks(data)
        if data[:4] == b"\x1a\x45\xdf\xa3":
            return _matroska_audio_tracks(data)
    except (IndexError, ValueError, struct.error):
        return None
    if (data[:4] == b"RIFF" and data[8:12] == b"WAVE") or data[:4] == b"fLaC" or data[:3] == b"ID3" or \
            (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return 1
    return None


def _mp4_boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, content start, end) of each box between start and end."""
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at:at + 8])
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", data[at + 8:at + 16])[0], 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise ValueError("truncated box")
        yield kind, at + header, at + size
        at += size


def _mp4_audio_tracks(data: bytes) -> int | None:
    moov = next(((start, end) for kind, start, end in _mp4_boxes(data, 0, len(data)) if kind == b"moov"), None)
    if moov is None:
        return None
    count = 0
    for kind, start, end in _mp4_boxes(data, *moov):
        if kind != b"trak":
            continue
        for media in (box for box in _mp4_boxes(data, start, end) if box[0] == b"mdia"):
            # hdlr: version and flags (4 bytes), pre_defined (4), then the handler type
            count += any(data[s + 8:s + 12] == b"soun" for kind_, s, _ in _mp4_boxes(data, media[1], media[2])
                         if kind_ == b"hdlr")
    return count


_SEGMENT, _TRACKS, _TRACK_ENTRY, _TRACK_TYPE, _AUDIO = 0x18538067, 0x1654AE6B, 0xAE, 0x83, 2


def _ebml_number(data: bytes, at: int, *, keep_marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-length number at `at`: (value, length, whether it is the reserved "unknown size")."""
    first, length = data[at], 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8:
        raise ValueError("not an EBML number")
    value = first if keep_marker else first & ((0x80 >> (length - 1)) - 1)
    for byte in data[at + 1:at + length]:
        value = value << 8 | byte
    return value, length, not keep_marker and value == (1 << (7 * length)) - 1


def _ebml_elements(data: bytes, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(id, content start, end) of each element between start and end; one of unknown size runs to `end`."""
    at = start
    while at < end:
        ident, id_length, _ = _ebml_number(data, at, keep_marker=True)
        size, size_length, unknown = _ebml_number(data, at + id_length, keep_marker=False)
        body = at + id_length + size_length
        stop = end if unknown else min(end, body + size)
        yield ident, body, stop
        at = stop


def _matroska_audio_tracks(data: bytes) -> int | None:
    for ident, start, end in _ebml_elements(data, 0, len(data)):
        if ident != _SEGMENT:
            continue
        for child, child_start, child_end in _ebml_elements(data, start, end):
            if child == _TRACKS:
                return sum(
                    any(kind == _TRACK_TYPE and int.from_bytes(data[s:e], "big") == _AUDIO
                        for kind, s, e in _ebml_elements(data, entry_start, entry_end))
                    for entry, entry_start, entry_end in _ebml_elements(data, child_start, child_end)
                    if entry == _TRACK_ENTRY)
    return None
