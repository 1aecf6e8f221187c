"""Regenerates the labelled corpus's raster images in tests/corpus/ (committed; run only when changing them).

hours-banner.png: two lines of text on a plain colour (an image of text: WCAG 1.4.5 violation);
order-button.png: a button face that is all text (the image of an input type=image);
notice-board.png: a notice set as a CSS background image;
letter-a.png: a single letter, for a "larger text" button (one glyph is not human language);
hillside.png: a landscape with no text (a hero background with HTML text over it);
boots-photo.png: a product shot on a plain backdrop, the size printed small on the box (incidental text);
tea-logo.png: a wordmark logo (the exception for logotypes: a person confirms it);
typeface-sample.png: a line set in a typeface, shown because the page is about that typeface (essential).
"""

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
FONTS = Path("/usr/share/fonts/truetype/dejavu")


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


def hours_banner() -> Image.Image:
    image = Image.new("RGB", (560, 180), (22, 74, 60))
    draw = ImageDraw.Draw(image)
    draw.text((280, 68), "Open every day", font=font("DejaVuSans-Bold.ttf", 44), fill="white", anchor="mm")
    draw.text((280, 128), "from nine until six", font=font("DejaVuSans.ttf", 30), fill=(255, 230, 160), anchor="mm")
    return image


def order_button() -> Image.Image:
    image = Image.new("RGB", (150, 48), (23, 50, 77))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((1, 1, 148, 46), radius=8, outline=(120, 160, 200), width=2)
    draw.text((75, 24), "Order now", font=font("DejaVuSans-Bold.ttf", 20), fill="white", anchor="mm")
    return image


def notice_board() -> Image.Image:
    image = Image.new("RGB", (480, 160), (250, 246, 232))
    draw = ImageDraw.Draw(image)
    draw.text((240, 56), "Library closed", font=font("DejaVuSerif-Bold.ttf", 38), fill=(60, 40, 20), anchor="mm")
    draw.text((240, 112), "on public holidays", font=font("DejaVuSerif.ttf", 28), fill=(60, 40, 20), anchor="mm")
    return image


def letter_a() -> Image.Image:
    image = Image.new("RGB", (120, 120), "white")
    ImageDraw.Draw(image).text((60, 60), "A", font=font("DejaVuSans-Bold.ttf", 90), fill="black", anchor="mm")
    return image


def _texture(width: int, height: int, seed: int, shapes: int) -> Image.Image:
    """Something with a photo's texture: soft light, shapes with edges, a little grain."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width] / max(width, height)
    base = np.stack([110 + 80 * y, 140 + 50 * x, 90 + 60 * (1 - y)], axis=-1)
    image = Image.fromarray(np.clip(base, 0, 255).astype("uint8"))
    draw = ImageDraw.Draw(image)
    for _ in range(shapes):
        cx, cy, r = rng.integers(0, width), rng.integers(0, height), rng.integers(4, 24)
        colour = tuple(int(c) for c in rng.integers(30, 230, 3))
        draw.ellipse((cx - r, cy - r * 0.7, cx + r, cy + r * 0.7), fill=colour)
    grain = rng.normal(0, 6, (height, width, 1))
    return Image.fromarray(np.clip(np.asarray(image) + grain, 0, 255).astype("uint8"))


def hillside() -> Image.Image:
    image = Image.new("RGB", (640, 240), (150, 190, 225))
    draw = ImageDraw.Draw(image)
    draw.ellipse((-200, 120, 420, 420), fill=(70, 120, 60))
    draw.ellipse((250, 140, 900, 460), fill=(90, 140, 70))
    draw.ellipse((480, 30, 530, 80), fill=(250, 235, 170))
    return image.filter(ImageFilter.GaussianBlur(3))


def boots_photo() -> Image.Image:
    """A studio shot: a plain light backdrop, the boots and their box, a small size label on the box."""
    image = Image.new("RGB", (480, 360), (244, 243, 240))
    boots = _texture(200, 150, seed=11, shapes=40).filter(ImageFilter.GaussianBlur(0.6))
    mask = Image.new("L", boots.size, 0)
    ImageDraw.Draw(mask).polygon([(30, 0), (90, 0), (95, 95), (200, 110), (200, 150), (0, 150), (20, 95)], fill=255)
    image.paste(boots, (40, 170), mask)
    draw = ImageDraw.Draw(image)
    draw.rectangle((270, 220, 450, 330), fill=(232, 218, 190))  # the shoe box
    draw.text((360, 275), "Size 42", font=font("DejaVuSans-Bold.ttf", 18), fill=(40, 25, 10), anchor="mm")
    return image


def tea_logo() -> Image.Image:
    image = Image.new("RGB", (260, 64), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 12, 48, 52), fill=(46, 110, 70))
    draw.text((60, 32), "Northwind Teas", font=font("DejaVuSerif-Bold.ttf", 24), fill=(46, 110, 70), anchor="lm")
    return image


def typeface_sample() -> Image.Image:
    image = Image.new("RGB", (620, 90), "white")
    ImageDraw.Draw(image).text((310, 45), "Quick brown foxes jump", font=font("DejaVuSerif-Italic.ttf", 40),
                               fill=(30, 30, 30), anchor="mm")
    return image


if __name__ == "__main__":
    for name, make in (("hours-banner", hours_banner), ("order-button", order_button), ("notice-board", notice_board),
                       ("letter-a", letter_a), ("hillside", hillside), ("boots-photo", boots_photo),
                       ("tea-logo", tea_logo), ("typeface-sample", typeface_sample)):
        make().save(CORPUS / f"{name}.png", optimize=True)
        print("wrote", f"{name}.png")
