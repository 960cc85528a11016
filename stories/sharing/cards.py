"""Share cards: the 1200 × 630 image social networks show for a story or a timeline.

Drawn with Pillow from text and the site's colours, with IBM Plex fonts shipped in
``fonts/`` (SIL Open Font License). Layout and drawing are separate so the layout (what fits
where) can be tested without looking at pixels. Nothing here touches the database.
"""

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
PHOTO_WIDTH = 440
MAX_INPUT = 400  # characters kept from any text before measuring (a title of 1 MB is cut)
FONTS = Path(__file__).parent / "fonts"
INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class CardContent:
    title: str
    quote: str = ""
    byline: str = ""
    period: str = ""
    hashtag: str = ""
    organisation: str = ""
    primary: str = "#0f3b7a"
    accent: str = "#f2a93b"
    photo: Image.Image | None = field(default=None, compare=False)
    logo: Image.Image | None = field(default=None, compare=False)


@dataclass
class TextBlock:
    lines: list[str]
    size: int


@dataclass
class CardLayout:
    text_width: int
    title: TextBlock
    quote: TextBlock
    footer: str
    hashtag: str


def clean(text):
    """One line of printable text, cut to a sane length before any measuring."""
    text = INVISIBLE.sub(" ", (text or "")[: MAX_INPUT * 2])
    return " ".join(text.split())[:MAX_INPUT]


@lru_cache(maxsize=64)
def font(name, size):
    return ImageFont.truetype(str(FONTS / name), size)


def title_font(size):
    return font("IBMPlexSerif-SemiBold.woff2", size)


def quote_font(size):
    return font("IBMPlexSans-Italic.woff2", size)


def small_font(size=26, bold=False):
    return font("IBMPlexSans-SemiBold.woff2" if bold else "IBMPlexSans-Regular.woff2", size)


def wrap(text, typeface, width, max_lines):
    """Greedy word wrap; the last line ends with an ellipsis when the text does not fit.

    Widths are summed word by word (fast), then every line is measured whole, so kerning
    can never push a line past the margin.
    """
    space = typeface.getlength(" ")
    lines, current, current_width = [], [], 0.0
    for word in text.split(" "):
        for piece in split_long_word(word, typeface, width):
            piece_width = typeface.getlength(piece)
            grown = current_width + (space if current else 0) + piece_width
            if grown <= width or not current:
                current.append(piece)
                current_width = grown
                continue
            lines.append(" ".join(current))
            current, current_width = [piece], piece_width
            if len(lines) == max_lines:  # more text than lines: cut the last one
                lines[-1] = ellipsize(lines[-1], typeface, width)
                return lines, False
    if current:
        lines.append(" ".join(current))
    lines = [ellipsize_to(line, typeface, width) for line in lines]
    return lines, True


@lru_cache(maxsize=4096)
def glyph_width(typeface, character):
    return typeface.getlength(character)


def split_long_word(word, typeface, width):
    """A word wider than the line (a URL, a long compound) is cut into pieces that fit."""
    if typeface.getlength(word) <= width:
        return [word]
    pieces, current, current_width = [], "", 0.0
    for character in word:
        character_width = glyph_width(typeface, character)
        if current and current_width + character_width > width:
            pieces.append(current)
            current, current_width = "", 0.0
        current += character
        current_width += character_width
    return [*pieces, current]


def ellipsize(line, typeface, width):
    """Cut the line so that it and an ellipsis fit; one measure per word removed, then per
    character on the last word only."""
    while " " in line and typeface.getlength(line + "…") > width:
        line = line.rsplit(" ", 1)[0]
    while line and typeface.getlength(line + "…") > width:
        line = line[:-1]
    return line.rstrip(" ,;:.") + "…"


def fit(text, make_font, width, sizes, max_lines):
    """The largest size at which the text fits; the smallest, ellipsized, when none does."""
    for size in sizes:
        lines, complete = wrap(text, make_font(size), width, max_lines)
        if complete:
            return TextBlock(lines, size)
    return TextBlock(lines, sizes[-1])


def layout_card(content: CardContent) -> CardLayout:
    text_width = WIDTH - 2 * MARGIN - (PHOTO_WIDTH if content.photo is not None else 0)
    title = fit(clean(content.title) or " ", title_font, text_width, (64, 56, 50, 44, 40), 3)
    quote_text = clean(content.quote)
    quote = fit(f"« {quote_text} »", quote_font, text_width, (30, 27), 3) if quote_text else None
    footer = " · ".join(part for part in (clean(content.byline), clean(content.period)) if part)
    hashtag = f"#{clean(content.hashtag)}" if clean(content.hashtag) else ""
    return CardLayout(text_width, title, quote or TextBlock([], 0), footer, hashtag)


def render_card(content: CardContent, *, jpeg=None) -> bytes:
    """The card as PNG bytes, or JPEG (to stay light) when it carries a photo or ``jpeg`` says
    so."""
    layout = layout_card(content)
    card = Image.new("RGB", (WIDTH, HEIGHT), content.primary)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 12, HEIGHT), fill=content.accent)
    if content.photo is not None:
        card.paste(fitted_photo(content.photo), (WIDTH - PHOTO_WIDTH, 0))
    y = draw_organisation(card, draw, content)
    y = draw_block(draw, layout.title, title_font, y + 28, "#ffffff", line_gap=1.12)
    if layout.quote.lines:
        draw_block(draw, layout.quote, quote_font, y + 22, "#ffffff", line_gap=1.3)
    draw_footer(draw, layout, content)
    buffer = io.BytesIO()
    if content.photo is not None if jpeg is None else jpeg:
        card.save(buffer, format="JPEG", quality=88)
    else:
        card.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def fitted_photo(photo):
    """The photo cropped to the card's right band (pass a rendition of about 440 × 630: the
    service decodes one of that size, never a full photo)."""
    return ImageOps.fit(photo.convert("RGB"), (PHOTO_WIDTH, HEIGHT))


LOGO_HEIGHT = 40


def draw_organisation(card, draw, content):
    """The logo (where the settings have one), then the organisation's name, at the top."""
    left = MARGIN
    if content.logo is not None:
        logo = fitted_logo(content.logo)
        card.paste(logo, (MARGIN, MARGIN - 16), logo)
        left += logo.width + 16
    name = clean(content.organisation)
    if name:
        name_font = small_font(24, bold=True)
        limit = WIDTH - MARGIN - left - (PHOTO_WIDTH if content.photo is not None else 0)
        name = ellipsize_to(name.upper(), name_font, limit)
        draw.text((left, MARGIN - 8), name, font=name_font, fill=content.accent)
    return MARGIN + 24


def fitted_logo(logo):
    """The logo at a fixed height, at most a third of the card wide, with its transparency."""
    logo = logo.convert("RGBA")
    logo.thumbnail((WIDTH // 3, LOGO_HEIGHT))
    return logo


def draw_block(draw, block, make_font, top, colour, line_gap):
    typeface, step = make_font(block.size), int(block.size * line_gap)
    for number, line in enumerate(block.lines):
        draw.text((MARGIN, top + number * step), line, font=typeface, fill=colour)
    return top + len(block.lines) * step


def draw_footer(draw, layout, content):
    baseline = HEIGHT - MARGIN - 26
    footer = ellipsize_to(layout.footer, small_font(), layout.text_width - 260)
    draw.text((MARGIN, baseline), footer, font=small_font(), fill="#ffffff")
    if layout.hashtag:
        tag_font = small_font(28, bold=True)
        tag = ellipsize_to(layout.hashtag, tag_font, 250)
        right = MARGIN + layout.text_width
        draw.text(
            (right - tag_font.getlength(tag), baseline - 2), tag, font=tag_font, fill=content.accent
        )


def ellipsize_to(text, typeface, width):
    return text if typeface.getlength(text) <= width else ellipsize(text, typeface, width)
