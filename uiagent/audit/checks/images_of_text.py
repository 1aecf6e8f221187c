"""Images of text (WCAG 1.4.5; W3C ACT rule 0va7u6): OCR with tesseract on every image the page paints.

Every image resource counts (img, input type=image, object, SVG image, CSS background), read as rendered: the
element's box in the capture, with what paints over it (HTML text, images and controls inside a background)
filled with the image's median colour first. Inline SVG text and HTML text are real text and never read.

Whether text is there, and how much of the image it is, is measured: the words read with confidence (N), the
share of the image their padded boxes cover (T) and the share of edge pixels outside them (E, low on a flat
background, high in a photo), and the drawing's ink against the text's (D: edge pixels outside the words per edge
pixel inside them; a diagram's lines and boxes on a white ground outweigh its labels). Whether it is a logo, an
essential presentation (a font sample, a scan, a chart) or decoration is a person's call: cues for those turn a
violation into a needs-review naming them, and so does a drawing around the text.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from difflib import SequenceMatcher
from urllib.parse import urlsplit

import numpy as np
from PIL import Image, ImageOps

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.findings import Finding, Status
from uiagent.capture.models import Box, PaintedImage, TextRun

MIN_CONFIDENCE = 70.0
UNSURE_CONFIDENCE = 50.0  # read, but not surely: a person looks when such words fill a plain image
MIN_WIDTH, MIN_HEIGHT = 16, 12  # smaller than this holds no word a person reads
UPSCALE_BELOW = 64  # a side shorter than this is upscaled x3 so glyphs reach tesseract's working size
MAX_PIXELS = 4_000_000  # larger crops are scaled down to this: OCR time grows with the area
EDGE_STEP = 30  # grey-level difference that makes a pixel an edge
FLAT_BACKGROUND = 0.05  # E at or below: the text sits on a plain background
TEXT_FILLS = 0.5  # T at or above: the text is most of the image (a button, a banner)
MIN_TEXT_SHARE = 0.05  # T below this on a plain background: a small label on a product shot, not the image's point
INCIDENTAL = 0.1  # T below this on a busy background: signs in a street photo, titles on book spines
DRAWN = 1.0  # D at or above: as much drawing as lettering (a diagram's boxes and arrows, a chart's axes)
MASK_PADDING = 2  # px around what paints over an image: anti-aliasing and shadows of HTML text

LOGO_WORDS = re.compile(r"logo|brand|wordmark|trademark", re.IGNORECASE)
# How closely what OCR read must spell a name or a word to be taken for it (OCR reads "AI" as "Al"): the name of the
# site an image links to (a sponsor's or a partner's logo in a row of them), a word a form control draws itself.
SPELLS = 0.8
# A text alternative that is an image's file or address (Sphinx puts an image's path there when it has no alt).
FILE_NAME = re.compile(r"[/\\]|\.(png|jpe?g|gif|svg|webp|avif|bmp|ico)$", re.IGNORECASE)
ESSENTIAL_WORDS = re.compile(r"\b(fonts?|typefaces?|lettering|handwrit\w*|signatures?|scan(s|ned)?|screenshots?|"
                             r"photo(graph)? of|charts?|graphs?|diagrams?|maps?)\b", re.IGNORECASE)


class OcrUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    box: tuple[float, float, float, float]  # left, top, right, bottom in the crop's pixels


@dataclass(frozen=True)
class Reading:
    """What OCR found in one image and how it sits there."""

    words: list[Word]  # read surely
    unsure: list[Word]  # read with low confidence; T and E are measured around them when no word is sure
    text_cover: float  # T
    edge_density: float  # E
    drawing_ink: float = 0.0  # D

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words or self.unsure)


def ocr_words(image: Image.Image) -> list[Word]:
    """Words tesseract reads with their confidence and box (sparse text mode: banners and buttons, not pages)."""
    if shutil.which("tesseract") is None:
        raise OcrUnavailable("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")
    scale = 3.0 if min(image.size) < UPSCALE_BELOW else min(1.0, (MAX_PIXELS / (image.width * image.height)) ** 0.5)
    if scale != 1.0:
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                             Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PNG")
    # One thread: OpenMP's spinning threads only slow tesseract down beside a browser on a few cores.
    done = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "11", "-l", "eng", "tsv"], input=buffer.getvalue(),
                          capture_output=True, timeout=60, check=False, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    if done.returncode != 0:
        raise OcrUnavailable(done.stderr.decode(errors="replace").strip()[:200])
    rows = csv.DictReader(io.StringIO(done.stdout.decode(errors="replace")), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [Word(row["text"].strip(), float(row["conf"]),
                 (int(row["left"]) / scale, int(row["top"]) / scale, (int(row["left"]) + int(row["width"])) / scale,
                  (int(row["top"]) + int(row["height"])) / scale))
            for row in rows if row.get("text") and row["text"].strip() and float(row.get("conf") or -1) >= 0]


def is_word(word: Word) -> bool:
    """Read with confidence, and at least two letters or digits: a lone glyph ("A") is not human language."""
    return word.confidence >= MIN_CONFIDENCE and sum(ch.isalnum() for ch in word.text) >= 2


def is_unsure_word(word: Word) -> bool:
    """Read with low confidence, but long enough (three letters or digits) not to be a speck of texture."""
    return UNSURE_CONFIDENCE <= word.confidence < MIN_CONFIDENCE and sum(ch.isalnum() for ch in word.text) >= 3


def _overlaps(first: Word, second: Word) -> bool:
    left, top = max(first.box[0], second.box[0]), max(first.box[1], second.box[1])
    right, bottom = min(first.box[2], second.box[2]), min(first.box[3], second.box[3])
    if right <= left or bottom <= top:
        return False
    smaller = min((w.box[2] - w.box[0]) * (w.box[3] - w.box[1]) for w in (first, second))
    return (right - left) * (bottom - top) >= 0.5 * smaller


def merge_passes(first: list[Word], second: list[Word]) -> list[Word]:
    """The words of two passes over the same image, one per place (the more confident reading)."""
    merged = list(first)
    for word in second:
        same = [i for i, kept in enumerate(merged) if _overlaps(kept, word)]
        if not same:
            merged.append(word)
        elif all(word.confidence > merged[i].confidence for i in same):
            merged = [kept for i, kept in enumerate(merged) if i not in same] + [word]
    return sorted(merged, key=lambda w: (round(w.box[1] / 8), w.box[0]))


def read_words(grey: Image.Image) -> list[Word]:
    """Every token read in a grey image: as painted, then stretched to full contrast when that found fewer than
    two words (pale or decorative lettering reads only then), one reading per place."""
    tokens = ocr_words(grey)
    stretched = ImageOps.autocontrast(grey)
    if sum(map(is_word, tokens)) < 2 and stretched.tobytes() != grey.tobytes():
        tokens = merge_passes(tokens, ocr_words(stretched))
    return tokens


def word_mask(words: list[Word], shape: tuple[int, int]) -> np.ndarray:
    """The pixels the words cover, each box padded by half its height (the line's spacing around the glyphs)."""
    mask = np.zeros(shape, dtype=bool)
    for word in words:
        pad = (word.box[3] - word.box[1]) / 2
        mask[max(0, int(word.box[1] - pad)):max(0, int(np.ceil(word.box[3] + pad))),
             max(0, int(word.box[0] - pad)):max(0, int(np.ceil(word.box[2] + pad)))] = True
    return mask


def edge_pixels(grey: np.ndarray) -> np.ndarray:
    """Pixels where the grey level changes by more than EDGE_STEP across them (central differences)."""
    values = grey.astype(np.float64)
    dx, dy = np.zeros_like(values), np.zeros_like(values)
    dx[:, 1:-1] = (values[:, 2:] - values[:, :-2]) / 2
    dy[1:-1] = (values[2:] - values[:-2]) / 2
    return np.hypot(dx, dy) > EDGE_STEP


def _grown(mask: np.ndarray) -> np.ndarray:
    """The mask grown by one pixel each way: the pixels whose central differences read it."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    return grown


def measure(grey: np.ndarray, tokens: list[Word], painted_over: np.ndarray) -> Reading:
    """The words among the tokens read in an image (2-D grey array), and T and E around them; `painted_over`:
    the pixels that are not the image's own (filled before OCR), left out of both."""
    words = [token for token in tokens if is_word(token)]
    unsure = [token for token in tokens if is_unsure_word(token)]
    covered = word_mask(words or unsure, grey.shape)
    own = ~painted_over
    text_cover = float((covered & own).sum() / max(1, own.sum()))
    outside = ~_grown(covered | painted_over)
    edges = edge_pixels(grey)
    beyond = edges[outside]  # the edge pixels outside the words
    # Text filling (nearly) all of the image leaves no background to judge: it is plain.
    edge_density = float(beyond.mean()) if beyond.size >= 0.05 * grey.size else 0.0
    lettering = int(edges[covered & own].sum())
    drawing_ink = float(beyond.sum() / lettering) if lettering else 0.0
    return Reading(words=words, unsure=unsure, text_cover=round(text_cover, 3), edge_density=round(edge_density, 3),
                   drawing_ink=round(drawing_ink, 2))


def site_names(title: str, url: str) -> set[str]:
    """What a logo would spell: the segments of the page title ("Shoes | Acme") and the host's own name."""
    names = set(re.split(r"\s+[|·•–—:-]\s+", title))
    names.add(_host_name(urlsplit(url).hostname or ""))
    return {_letters(name) for name in names} - {""}


def _host_name(host: str) -> str:
    """A host's own name ("acme" of www.acme.com), or "" for an address."""
    if not re.search(r"[a-z]", host):
        return ""
    return next((label for label in host.split(".") if label != "www"), "")


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def exception_cue(image: PaintedImage, text: str, names: set[str]) -> str | None:
    """Why the text read may not make an image of text that fails, from what surrounds the image: a logo or an
    essential presentation (WCAG 1.4.5's exceptions), or text CSS paints over a background."""
    own = " ".join([image.labels, image.name, image.alt or ""])
    if logo := LOGO_WORDS.search(own):
        return f"its name or file says it is a logo or brand ({logo.group(0)!r})"
    if image.generated_text:
        return "the element paints text generated by CSS (::before, ::after) over its background: is that what was read?"
    if image.in_banner or image.home_link:
        return "it sits in the site's banner or links to the home page, where logos go"
    if _letters(text) in names:
        return "its text is the site's name"
    if (host := _host_name(image.link_host)) and SequenceMatcher(None, _letters(text), host).ratio() >= SPELLS:
        return f"it links to {image.link_host} and spells that site's name: another organisation's logo?"
    for where, words in (("its name", own), ("the text beside it", image.nearby_text), ("its caption", image.caption)):
        if match := ESSENTIAL_WORDS.search(words):
            return f"{where} mentions {match.group(0)!r}: the lettering itself may be the point"
    if image.caption:
        return "a figure caption describes it"
    named, read = _words(image.name), _words(text)
    if named and read and len(named & read) * 2 < len(named) and not FILE_NAME.search(image.name):
        # An image of text stands in for its words, and its text alternative says them ("Press me"). One whose
        # alternative describes it, with few of its words ("The tabs in their compact style"), shows something: a
        # screenshot, say, whose lettering is part of what it shows.
        return f"its text alternative ({image.name[:60]!r}) describes it rather than repeating its words: a " \
               "screenshot or picture whose lettering is part of what it shows?"
    return None


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]{2,}", text.lower()))


def decide(reading: Reading, cue: str | None) -> tuple[Status, str] | None:
    """(status, the check's message that says why) for an image with its reading, or None when it shows no text
    that counts.

    A violation only when two or more words dominate the image (fill it, or stand on a plain background as more
    than a small label) and nothing suggests a logo or an essential presentation. Text over a picture, labels in a
    drawing (a diagram: WCAG's definition leaves out text that is part of a picture with significant other visual
    content), a lone word, words read with low confidence and any cue go to a person; a few words in a busy picture
    (signs in a street photo) or a small label on a plain one are incidental."""
    if not reading.words and not reading.unsure:
        return None
    dominant = reading.text_cover >= TEXT_FILLS or (reading.edge_density <= FLAT_BACKGROUND
                                                    and reading.text_cover >= MIN_TEXT_SHARE)
    if not dominant and reading.text_cover < INCIDENTAL:
        return None
    if cue:
        return "needs-review", "cue"
    if not reading.words:
        return "needs-review", "unsure-text"
    if len(reading.words) == 1:
        return "needs-review", "one-word"
    if not dominant:
        return "needs-review", "over-picture"
    if reading.drawing_ink >= DRAWN and reading.text_cover < TEXT_FILLS:
        return "needs-review", "in-drawing"
    return "violation", "text"


def drawn_by_control(token: Word, control_text: str) -> bool:
    """Whether a token read in a form control's background is a word of the text the control draws over it (a
    select's option, a field's placeholder): real text, not the image's."""
    letters = _letters(token.text)
    return bool(letters) and any(SequenceMatcher(None, letters, word).ratio() >= SPELLS
                                 for word in map(_letters, control_text.split()))


def mask_painted_over(crop: Image.Image, origin: Box, overlays: list[Box]) -> tuple[Image.Image, np.ndarray]:
    """The crop (lying at `origin`) with every overlay box filled with the median colour of the rest, and the
    mask of those pixels."""
    pixels = np.array(crop)
    covered = np.zeros(pixels.shape[:2], dtype=bool)
    for box in overlays:
        top, left = max(0, int(box.y - origin.y - MASK_PADDING)), max(0, int(box.x - origin.x - MASK_PADDING))
        bottom, right = int(np.ceil(box.bottom - origin.y + MASK_PADDING)), int(np.ceil(box.right - origin.x + MASK_PADDING))
        covered[top:max(top, bottom), left:max(left, right)] = True
    if covered.any() and not covered.all():
        pixels[covered] = np.median(pixels[~covered], axis=0).astype(pixels.dtype)
    return Image.fromarray(pixels), covered


def overlays_of(image: PaintedImage, text_runs: list[TextRun]) -> list[Box]:
    """What paints over the image in its box: HTML text (its line fragments: a paragraph's whole box would hide
    an image set inline in it) and, for a background, what lies inside its element."""
    return [line for run in text_runs if run.box.intersection(image.box)
            for line in (run.lines or [run.box]) if line.intersection(image.box)] + list(image.covered)


def check_images_of_text(context: CheckInput) -> list[Finding]:
    findings = []
    dom = context.capture.dom
    names = site_names(dom.title, context.capture.url)
    origin = context.capture.origin
    readings: dict[str, dict[str, float]] = context.measurements.setdefault("image_text", {})
    for image in dom.painted_images:
        area = image.box.intersection(origin)
        if area is None or area.width < MIN_WIDTH or area.height < MIN_HEIGHT or image.selector in readings:
            continue
        crop = context.capture.region(area)  # (masks painted: a masked field's text is not read)
        crop, painted_over = mask_painted_over(crop, area, overlays_of(image, dom.text_runs))
        if painted_over.mean() > 0.9:  # next to nothing of the image itself shows
            continue
        grey = crop.convert("L")
        tokens = [token for token in read_words(grey) if not drawn_by_control(token, image.control_text)]
        reading = measure(np.asarray(grey), tokens, painted_over)
        readings[image.selector] = {"words": len(reading.words), "unsure_words": len(reading.unsure),
                                    "text_cover": reading.text_cover, "edge_density": reading.edge_density,
                                    "drawing_ink": reading.drawing_ink}
        cue = exception_cue(image, reading.text, names) if reading.text else None
        outcome = decide(reading, cue)
        if outcome is None:
            continue
        status, message = outcome
        findings.append(context.finding(
            IMAGES_OF_TEXT, message, selector=image.selector, box=image.box, status=status,
            ocr_text=reading.text[:300], words=len(reading.words), unsure_words=len(reading.unsure),
            text_cover=reading.text_cover, edge_density=reading.edge_density, drawing_ink=reading.drawing_ink,
            kind=image.kind, alt=image.alt,
            cue=cue))
    return findings


SHOWS = "Image shows text ('{ocr_text:.80}'): "
IMAGES_OF_TEXT = Check("image-of-text", ("1.4.5",), "Text found by OCR inside the images a page paints (img, image "
                       "buttons, objects, SVG images, CSS backgrounds).", check_images_of_text, kind="background",
                       act=("0va7u6",), impact="moderate", messages={
    "text": SHOWS + "use real text styled with CSS unless it is a logo or the presentation is essential",
    "cue": SHOWS + "{cue}; otherwise use real text styled with CSS",
    "unsure-text": SHOWS + "text read with low confidence: decorative lettering, or no text at all?",
    "one-word": SHOWS + "a single word, which may be a logo or a wordmark",
    "over-picture": SHOWS + "text over a picture: is it incidental, decorative or essential to the picture?",
    "in-drawing": SHOWS + "labels in a drawing (as much line work as lettering): a diagram or chart, where the "
                          "text may be part of the picture, or text that real text could set?",
})
