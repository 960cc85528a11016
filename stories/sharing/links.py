"""Share links, built on the server from the page itself: never from what a visitor sends."""

from urllib.parse import urlencode

from django.urls import reverse

from stories.models import Network

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
