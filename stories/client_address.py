"""The address of the person making a request, as the site's own proxies saw it.

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each of which appends the address it received
the request from to ``X-Forwarded-For``, the client is the address the outermost trusted
proxy saw: the Nth entry from the right. Entries further left were written by the client
itself and are never trusted. Without trusted proxies, ``REMOTE_ADDR`` is the client.

IPv6 clients are grouped by their /64 network (a home or a phone usually has a whole /64 and
can rotate within it), so limits count networks, not single addresses.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's IP address as a string (used by the login throttle, django-axes)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-count] if len(forwarded) >= count else remote


def client_network(request):
    """The client's address, IPv6 reduced to its /64: the unit that rate limits count."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
