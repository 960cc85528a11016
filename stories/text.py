"""Small text helpers shared by intake (standfirsts) and share cards (quotes)."""


def first_sentence(text, limit=None):
    """The first sentence of ``text``; without one within ``limit`` characters, the text cut
    at a word before ``limit`` with an ellipsis."""
    text = " ".join((text or "").split())
    limit = limit or len(text) + 1
    for end in (". ", "! ", "? "):
        position = text.find(end)
        if 0 < position < limit:
            return text[: position + 1]
    if len(text) > limit:
        return text[:limit].rsplit(" ", 1)[0] + "…"
    return text
