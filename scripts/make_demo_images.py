"""Regenerates the demo site's raster images (committed; run only when changing them).

sky.png: a light photo-like background (text over it is the contrast-over-image defect);
sale-banner.png: an image of text (WCAG 1.4.5 defect); team.png: an abstract picture with no text.
"""

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SITE = Path(__file__).resolve().parent.parent / "uiagent" / "demo" / "site"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def sky() -> Image.Image:
    rng = np.random.default_rng(7)
    h, w = 400, 1200
    y = np.linspace(0, 1, h)[:, None]
    base = np.stack([200 + 40 * y, 225 + 20 * y, 245 + 0 * y], axis=-1) * np.ones((1, w, 1))
    image = Image.fromarray(np.clip(base, 0, 255).astype("uint8"))
    draw = ImageDraw.Draw(image)
    for _ in range(25):
        cx, cy, r = rng.integers(0, w), rng.integers(0, h), rng.integers(30, 120)
        draw.ellipse((cx - r, cy - r / 2, cx + r, cy + r / 2), fill=(250, 250, 252))
    return image.filter(ImageFilter.GaussianBlur(12))


def sale_banner() -> Image.Image:
    image = Image.new("RGB", (600, 200), (176, 32, 48))
    draw = ImageDraw.Draw(image)
    draw.text((300, 80), "SUMMER SALE", font=ImageFont.truetype(FONT, 56), fill="white", anchor="mm")
    draw.text((300, 150), "50% OFF ALL SHOES", font=ImageFont.truetype(FONT, 32), fill=(255, 220, 120), anchor="mm")
    return image


def team() -> Image.Image:
    image = Image.new("RGB", (400, 250), (90, 140, 110))
    draw = ImageDraw.Draw(image)
    for i, colour in enumerate([(230, 190, 150), (200, 160, 120), (240, 210, 170)]):
        cx = 90 + i * 110
        draw.ellipse((cx - 35, 50, cx + 35, 120), fill=colour)
        draw.rounded_rectangle((cx - 50, 125, cx + 50, 250), radius=30, fill=(40 + 60 * i, 70, 120))
    return image


if __name__ == "__main__":
    sky().save(SITE / "sky.png", optimize=True)
    sale_banner().save(SITE / "sale-banner.png", optimize=True)
    team().save(SITE / "team.png", optimize=True)
    print("wrote", *(p.name for p in sorted(SITE.glob("*.png"))))
