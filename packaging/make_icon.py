"""Draw the program's icon: a ledger sheet with rising bars on a blue tile.

Run once after changing the design; the generated files are committed:
    .venv/bin/python packaging/make_icon.py
writes resources/icon.png (256 px), resources/icon.ico (16-256 px) and resources/document.ico
(the icon of a .bidrag file in Explorer: the same sheet without the tile).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
BLUE = (31, 78, 121, 255)
SHEET = (250, 250, 247, 255)
LINE = (196, 205, 214, 255)
BARS = ((46, 125, 50, 255), (46, 125, 50, 255), (230, 162, 26, 255))
SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
S = 1024  # drawn large, scaled down for clean edges


def _sheet(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], outline: int = 0) -> None:
    x0, y0, x1, y1 = box
    fold = (x1 - x0) // 4
    outer = [(x0, y0), (x1 - fold, y0), (x1, y0 + fold), (x1, y1), (x0, y1)]
    draw.polygon(outer, fill=SHEET, outline=BLUE if outline else None, width=outline)
    draw.polygon([(x1 - fold, y0), (x1 - fold, y0 + fold), (x1, y0 + fold)], fill=LINE)
    w = x1 - x0
    for i in range(3):  # ledger lines at the top
        y = y0 + fold // 2 + i * w // 9
        draw.rectangle([x0 + w // 9, y, x1 - fold - w // 12, y + w // 30], fill=LINE)
    base = y1 - w // 9
    bar = w // 6
    gap = w // 12
    heights = (w // 5, w * 3 // 10, w * 9 // 20)
    for i, (h, colour) in enumerate(zip(heights, BARS, strict=True)):
        left = x0 + w // 9 + i * (bar + gap)
        draw.rectangle([left, base - h, left + bar, base], fill=colour)


def app_icon() -> Image.Image:
    img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle([32, 32, S - 32, S - 32], radius=180, fill=BLUE)
    _sheet(draw, (250, 170, 774, 854))
    return img


def document_icon() -> Image.Image:
    img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    _sheet(draw, (170, 40, 854, 984), outline=36)  # a blue edge: visible on white, reads as ours
    return img


def main() -> None:
    res = ROOT / "resources"
    icon = app_icon()
    icon.resize((256, 256), Image.LANCZOS).save(res / "icon.png")
    icon.resize((256, 256), Image.LANCZOS).save(res / "icon.ico", sizes=SIZES)
    document_icon().resize((256, 256), Image.LANCZOS).save(res / "document.ico", sizes=SIZES)
    print(f"wrote {res / 'icon.png'}, {res / 'icon.ico'}, {res / 'document.ico'}")


if __name__ == "__main__":
    main()
