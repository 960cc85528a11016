"""Share cards: size, format, text that always fits, and no crash on any text."""

import io

import pytest
from PIL import Image

from stories.sharing.cards import (
    HEIGHT,
    PHOTO_WIDTH,
    WIDTH,
    CardContent,
    layout_card,
    quote_font,
    render_card,
    title_font,
)


def card(**fields):
    fields.setdefault("title", "Trois consultants et un court en terre battue")
    fields.setdefault("hashtag", "IBMfr100")
    fields.setdefault("organisation", "IBM France")
    return CardContent(**fields)


def photo():
    return Image.new("RGB", (440, 630), (200, 80, 40))


def open_card(data):
    return Image.open(io.BytesIO(data))


def test_a_card_is_1200_by_630_png_without_photo_and_jpeg_with_one():
    plain = open_card(render_card(card()))
    with_photo = open_card(render_card(card(photo=photo())))

    assert plain.size == with_photo.size == (WIDTH, HEIGHT) == (1200, 630)
    assert plain.format == "PNG"
    assert with_photo.format == "JPEG"


def test_the_photo_band_shows_the_photo_only_when_one_is_given():
    probe = (WIDTH - PHOTO_WIDTH // 2, HEIGHT // 2)

    plain = open_card(render_card(card(primary="#0f3b7a"))).convert("RGB")
    pictured = open_card(render_card(card(photo=photo()))).convert("RGB")

    assert plain.getpixel(probe) == (15, 59, 122)
    red, _green, blue = pictured.getpixel(probe)
    assert red > 150 and blue < 100


@pytest.mark.parametrize("length", [1, 10, 40, 80, 120, 200, 300, 5000])
@pytest.mark.parametrize("with_photo", [False, True], ids=["no-photo", "photo"])
def test_titles_of_any_length_fit_in_three_lines_within_the_margins(length, with_photo):
    words = ("Roland-Garros ", "statistiques ", "Corbeil-Essonnes ", "été ")
    title = "".join(words[i % 4] for i in range(length))[:length]
    content = card(title=title, quote="Une phrase " * length, photo=photo() if with_photo else None)

    layout = layout_card(content)

    assert 1 <= len(layout.title.lines) <= 3
    typeface = title_font(layout.title.size)
    assert all(typeface.getlength(line) <= layout.text_width for line in layout.title.lines)
    assert len(layout.quote.lines) <= 3
    quote_face = quote_font(layout.quote.size) if layout.quote.lines else None
    assert all(quote_face.getlength(line) <= layout.text_width for line in layout.quote.lines)


def test_a_very_long_title_ends_with_an_ellipsis():
    layout = layout_card(card(title="Une histoire qui ne finit jamais " * 30))

    assert layout.title.lines[-1].endswith("…")
    assert layout.title.size == 40


def test_a_short_title_keeps_the_largest_size():
    assert layout_card(card(title="Le Tour")).title.size == 64


def test_a_title_of_a_million_characters_is_cut_before_rendering():
    content = card(title="a" * 1_000_000, quote="b " * 500_000, byline="c" * 100_000)

    layout = layout_card(content)
    data = render_card(content)

    assert sum(len(line) for line in layout.title.lines) < 400
    assert open_card(data).size == (WIDTH, HEIGHT)


@pytest.mark.parametrize(
    "title",
    [
        "Élégance, œuvre, été : ça « déçoit » jamais",
        "Le match 🎉⚽ de 1977 👍🏽",
        "שלום עולם — مرحبا بالعالم",
        "Nul\x00 et\x1b contrôle\u202e inversé",
        "",
        "   ",
    ],
    ids=["accents", "emoji", "right-to-left", "control-characters", "empty", "blank"],
)
def test_any_text_renders_without_crashing(title):
    data = render_card(card(title=title, quote=title, byline=title))

    assert open_card(data).size == (WIDTH, HEIGHT)


def test_the_footer_shows_the_name_as_given_and_the_period():
    layout = layout_card(card(byline="Anonyme", period="1968–2004"))

    assert layout.footer == "Anonyme · 1968–2004"
    assert layout.hashtag == "#IBMfr100"


def test_the_logo_sits_top_left_with_its_transparency_and_pushes_the_name_right():
    logo = Image.new("RGBA", (160, 80), (255, 0, 0, 255))
    logo.paste((0, 0, 0, 0), (0, 0, 40, 80))  # a transparent left quarter

    drawn = open_card(render_card(card(logo=logo, primary="#0f3b7a"))).convert("RGB")

    assert drawn.getpixel((64 + 5, 64)) == (15, 59, 122)  # transparent: the background shows
    assert drawn.getpixel((64 + 60, 64)) == (255, 0, 0)
