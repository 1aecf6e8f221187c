"""Images of text (WCAG 1.4.5): OCR with tesseract inside every rendered image."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

from PIL import Image

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.findings import Finding

MIN_WORDS = 2
MIN_CONFIDENCE = 70.0


class OcrUnavailable(RuntimeError):
    pass


def ocr_words(image: Image.Image) -> list[tuple[str, float]]:
    """Words tesseract reads with their confidence (sparse text mode: banners and buttons, not pages)."""
    if shutil.which("tesseract") is None:
        raise OcrUnavailable("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")
    if min(image.size) < 64:  # small images: upscale so glyphs reach tesseract's working size
        image = image.resize((image.width * 3, image.height * 3), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PNG")
    done = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "11", "-l", "eng", "tsv"], input=buffer.getvalue(),
                          capture_output=True, timeout=30, check=False)
    if done.returncode != 0:
        raise OcrUnavailable(done.stderr.decode(errors="replace").strip()[:200])
    rows = csv.DictReader(io.StringIO(done.stdout.decode(errors="replace")), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [(row["text"].strip(), float(row["conf"])) for row in rows
            if row.get("text") and row["text"].strip() and float(row.get("conf") or -1) >= 0]


def check_images_of_text(context: CheckInput) -> list[Finding]:
    findings = []
    image = context.capture.image()
    for fact in context.capture.dom.images:
        box = fact.box
        if not fact.loaded or box.width < 40 or box.height < 20 or box.bottom > image.height:
            continue
        crop = image.crop((round(box.x), round(box.y), round(box.right), round(box.bottom)))
        words = [w for w, confidence in ocr_words(crop)
                 if confidence >= MIN_CONFIDENCE and sum(ch.isalnum() for ch in w) >= 2]
        if len(words) >= MIN_WORDS:
            text = " ".join(words)
            findings.append(context.finding(
                "image-of-text", ["1.4.5"], f"Image shows text ({text[:80]!r}); use real text styled with CSS "
                "unless it is a logo or the presentation is essential", selector=fact.selector, box=box,
                impact="moderate", status="violation", ocr_text=text[:300], alt=fact.alt))
    return findings


IMAGES_OF_TEXT = Check("image-of-text", ("1.4.5",), "Text found by OCR inside images.", check_images_of_text,
                       kind="background", act=("0va7u6",))
