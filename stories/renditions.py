"""Rendition specs, listed once: templates draw them (``{% picture_of image "card" %}``, in
stories/templatetags/picture_tags.py) and views prefetch exactly them.

WebP with a JPEG fallback: every current browser reads WebP, and AVIF encoding is several
times slower to produce on a small server for little gain at these sizes.
"""


def expand(sizes, formats=("webp", "jpeg")):
    return [f"{size}|format-{fmt}" for size in sizes for fmt in formats]


# 720 px wide: a card across a phone (100vw less the page's margins) at a density of 1.75 to
# 2; with only 480 and 960 such phones took the 960 (twice the bytes).
CARD_SIZES = ("fill-480x320-c100", "fill-720x480-c100", "fill-960x640-c100")
CARD_RENDITIONS = expand(CARD_SIZES)

LEAD_SIZES = ("fill-800x450-c100", "fill-1600x900-c100")
LEAD_RENDITIONS = expand(LEAD_SIZES)

# 640: a photo in a story's text on a phone (100vw less the margins and the print's mount).
BODY_SIZES = ("max-640x640", "max-800x800", "max-1600x1600")
BODY_RENDITIONS = expand(BODY_SIZES)

THUMB_SIZES = ("fill-320x214-c100", "fill-640x428-c100")
THUMB_RENDITIONS = expand(THUMB_SIZES)

# What each kind of picture on the site is drawn from, by name.
PICTURES = {
    "card": CARD_RENDITIONS,
    "lead": LEAD_RENDITIONS,
    "body": BODY_RENDITIONS,
    "thumb": THUMB_RENDITIONS,
}

# The contributor's own photos on their private follow-up pages (served by the view itself).
FOLLOW_THUMBNAIL = "fill-240x160-c100|format-jpeg"
