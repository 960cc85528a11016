"""Share links, built on the server from the page itself: never from what a visitor sends."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stories.choices import Network
from stories.sharing.messages import message_with_hashtag

NETWORK_URLS = {
    Network.X: "https://twitter.com/intent/tweet?{}",
    Network.LINKEDIN: "https://www.linkedin.com/sharing/share-offsite/?{}",
    Network.FACEBOOK: "https://www.facebook.com/sharer/sharer.php?{}",
    Network.WHATSAPP: "https://wa.me/?{}",
    Network.EMAIL: "mailto:?{}",
}


def target_url(network, *, url, text, hashtag):
    """Where the counting redirect sends the reader for ``network``."""
    if network == Network.X:
        query = (
            {"text": text, "url": url, "hashtags": hashtag}
            if hashtag
            else {"text": text, "url": url}
        )
    elif network == Network.LINKEDIN:
        query = {"url": url}
    elif network == Network.FACEBOOK:
        query = {"u": url}
    elif network == Network.WHATSAPP:
        query = {"text": f"{text} {url}"}
    else:
        query = {"subject": text, "body": url}
    return NETWORK_URLS[network].format(urlencode(query))


def share_links(page, *, anchor=""):
    """The bar's links, each through the counting redirect."""
    suffix = f"?{urlencode({'ancre': anchor})}" if anchor else ""
    return [
        {
            "network": network,
            "label": network.label,
            "url": reverse("share", args=(page.pk, network.value)) + suffix,
        }
        for network in Network
    ]


MESSAGE_NETWORKS = (
    (Network.X, _("Publier sur X")),
    (Network.WHATSAPP, _("Envoyer par WhatsApp")),
)


@dataclass
class ReadyMessage:
    """A ready-to-post message as a reader sees it: the text to post and one-click links."""

    pk: int | None
    text: str
    copy_text: str
    links: list
    source: object = None  # the page it links to, where the list mixes pages


def ready_message(message, *, page_url, hashtag, source=None):
    """A message with its hashtag, copyable with the page's link; each network's link goes
    through the counting redirect, which reads the text from the database, not the URL."""
    text = message_with_hashtag(message.text, hashtag)
    links = [
        {
            "label": label,
            "url": reverse("share", args=(message.page_id, network.value))
            + f"?{urlencode({'message': message.pk})}",
        }
        for network, label in MESSAGE_NETWORKS
        if message.pk is not None  # an unsaved message, in a preview, has no link yet
    ]
    return ReadyMessage(message.pk, text, f"{text} {page_url}", links, source)
