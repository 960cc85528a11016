"""Lighten the web fonts in static/fonts/ in place: no hinting, only the typographic features
the site uses. Every character a file covers stays (the stylesheet's unicode-range is
unchanged).

    python -m venv /tmp/fonttools && /tmp/fonttools/bin/pip install fonttools brotli
    /tmp/fonttools/bin/python scripts/subset_fonts.py

Run once, on the files as published (fontsource), when a font file is added or replaced: the
files in the repository are the result. Why: the three faces every page preloads were 67 KB of
the first 100 KB a phone downloads, sharing the line with the stylesheet and the lead photo,
so they delayed the largest paint. Lightened, they are 43 KB:

- hinting (TrueType instructions) is ignored by the browsers of phones and Macs, and Chrome
  and Edge on Windows render IBM Plex legibly without it (Google Fonts serves it unhinted
  outside Windows too);
- the features kept are kerning, ligatures, accent composition and placement (kern, liga,
  ccmp, locl, mark, mkmk); the ones dropped (fractions, numerators, denominators) are used
  nowhere in site.css.

IBM Plex is under the SIL Open Font License 1.1 (static/fonts/OFL.txt), which allows
modified versions; it declares no Reserved Font Name.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
FEATURES = ["kern", "liga", "ccmp", "locl", "mark", "mkmk"]


def lighten(path):
    font = TTFont(path)
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.layout_features = FEATURES
    options.name_IDs = ["*"]  # the copyright and licence notices stay in the file
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=font.getBestCmap().keys())
    subsetter.subset(font)
    before = path.stat().st_size
    font.flavor = "woff2"
    font.save(path)
    return before, path.stat().st_size


def main():
    for path in sorted(FONTS.glob("*.woff2")):
        before, after = lighten(path)
        print(f"{path.name}: {before:,} → {after:,} bytes")


if __name__ == "__main__":
    sys.exit(main())
