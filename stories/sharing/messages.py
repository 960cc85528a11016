"""Ready-to-post messages: how long X counts them once posted.

X counts a post by weight, not by characters (its open-source ``twitter-text`` rules,
version 3): a character of the Latin, Greek, Cyrillic… scripts and the common punctuation
weighs 1, any other (CJK, emoji) weighs 2; every link weighs 23 whatever its length. A
message is posted with the page's link after it, and with the centenary hashtag added when
the editor did not write it: both count.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIMIT = 280
LINK_WEIGHT = 23
LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def character_weight(character):
    code = ord(character)
    return 1 if any(low <= code <= high for low, high in LIGHT_RANGES) else 2


def text_weight(text):
    return sum(character_weight(character) for character in text)


def weighted_length(text):
    """The length X gives ``text``: links count 23, heavy characters 2."""
    text = unicodedata.normalize("NFC", text)
    total, position = 0, 0
    for link in LINK.finditer(text):
        total += text_weight(text[position : link.start()]) + LINK_WEIGHT
        position = link.end()
    return total + text_weight(text[position:])


def has_hashtag(text, hashtag):
    pattern = rf"(?<![\w#])#{re.escape(hashtag)}(?!\w)"
    return bool(re.search(pattern, text, re.IGNORECASE))


def message_with_hashtag(text, hashtag):
    """The message as it will be posted (the page's link is added by the network)."""
    text = " ".join(text.split())
    if hashtag and not has_hashtag(text, hashtag):
        return f"{text} #{hashtag}"
    return text


def posted_length(text, hashtag):
    """The message's weight once posted: its text, the hashtag if added, the page's link."""
    return weighted_length(message_with_hashtag(text, hashtag)) + 1 + LINK_WEIGHT


def check_message(text, hashtag):
    """Refuse a message X would cut, with the number of characters to remove."""
    length = posted_length(text, hashtag)
    if length <= LIMIT:
        return
    values = {"length": length, "limit": LIMIT, "hashtag": hashtag, "over": length - LIMIT}
    if hashtag:
        message = _(
            "Une fois publié, ce message compte %(length)s caractères sur les %(limit)s "
            "qu’accepte X (le lien de la page compte pour 23 et le hashtag #%(hashtag)s est "
            "inclus). Retirez-en %(over)s."
        )
    else:
        message = _(
            "Une fois publié, ce message compte %(length)s caractères sur les %(limit)s "
            "qu’accepte X (le lien de la page compte pour 23). Retirez-en %(over)s."
        )
    raise ValidationError(message % values, code="too_long")
