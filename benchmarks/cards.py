"""Share card render time: median and p95 for a typical and a worst-case title, with a photo.

The photo is a 440 × 630 JPEG, the size of the rendition the card uses, decoded as the
service decodes it (stories/sharing/service.py, rendition_image) before each render.
"""

import io
import statistics
import time
from pathlib import Path

from PIL import Image

from stories.sharing.cards import CardContent, render_card

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "demo" / "images" / "roland-garros-1985.jpg"
RUNS = 60


def rendition_bytes():
    buffer = io.BytesIO()
    with Image.open(SAMPLE) as image:
        image.resize((945, 630)).crop((252, 0, 692, 630)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def decoded(photo):
    image = Image.open(io.BytesIO(photo))
    image.load()
    return image


def cases(photo):
    common = {"hashtag": "IBMfr100", "organisation": "IBM France", "period": "1985"}
    return {
        "typical title, photo": lambda: CardContent(
            title="Trois consultants et un court en terre battue",
            quote="Le premier jour, nous avions plus de crayons que d’ordinateurs.",
            byline="Jean-Pierre M.",
            photo=decoded(photo),
            **common,
        ),
        "worst-case title, photo": lambda: CardContent(
            title="Intercontinentalisation " * 40,
            quote="Une citation qui n’en finit pas de durer " * 40,
            byline="Marie-Amélie de La Tour-d’Auvergne",
            photo=decoded(photo),
            **common,
        ),
        "typical title, no photo": lambda: CardContent(
            title="Le brainstorming des valeurs", quote="Trois jours, 170 pays.", **common
        ),
    }


def main():
    photo = rendition_bytes()
    print("\nShare cards (1200 × 630)")
    print(f"  {'case':<26}{'median ms':>11}{'p95 ms':>9}{'bytes':>9}")
    for name, make in cases(photo).items():
        timings, size = [], 0
        for _ in range(RUNS):
            start = time.perf_counter()  # decoding the rendition is part of drawing a card
            size = len(render_card(make()))
            timings.append((time.perf_counter() - start) * 1000)
        p95 = statistics.quantiles(timings, n=20)[18]
        print(f"  {name:<26}{statistics.median(timings):>11.1f}{p95:>9.1f}{size:>9}")


if __name__ == "__main__":
    main()
