"""The thank-you page's address: where the form sends the browser once a story is kept.

The form answers a successful POST with a redirect (303) to ``merci/``, so reloading the
thank-you page never offers to send the form again. The reference it shows travels in the
address as a short-lived signed value: no session, no cookie, and never the contribution's
private token, which only the acknowledgement e-mail carries.
"""

from django.core import signing
from django.http import HttpResponseRedirect

from stories.routing import subpage_url

SALT = "centenaire.contribution-receipt"
MAX_AGE = 60 * 60 * 2  # long enough to reload or come back to the tab, short enough to fade
PARAMETER = "recu"


def receipt_url(request, page, reference=None):
    """The thank-you page of ``page``; with ``reference``, it names the story received."""
    url = subpage_url(page, "thanks", request=request)
    if reference:
        url += f"?{PARAMETER}={signing.dumps(reference, salt=SALT)}"
    return url


def see_thanks(request, page, reference=None):
    """303 See Other: the browser follows it with a GET, and a reload repeats only that."""
    return HttpResponseRedirect(receipt_url(request, page, reference), status=303)


def received_reference(request):
    """The reference the thank-you address carries, if it is ours and recent; else None."""
    value = request.GET.get(PARAMETER, "")
    if not value:
        return None
    try:
        reference = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return reference if isinstance(reference, str) else None
