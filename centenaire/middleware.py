from functools import cache

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware
from django.middleware.csp import get_nonce
from django.urls import reverse
from django.utils.csp import CSP, build_policy


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    """Django's CSP middleware with a looser policy for the admin.

    The public site runs under ``SECURE_CSP`` (no inline script or style). Wagtail's admin
    still needs inline code, so the paths of both admins (as routed) get ``SECURE_CSP_ADMIN``:
    the header is written here, and Django's middleware leaves a header that is already set
    (as it does for media, which carry a sandboxing policy of their own).
    """

    def process_response(self, request, response):
        if request.path.startswith(admin_prefixes()) and CSP.HEADER_ENFORCE not in (response):
            policy = build_policy(settings.SECURE_CSP_ADMIN, get_nonce(request))
            response.headers[str(CSP.HEADER_ENFORCE)] = policy
        return super().process_response(request, response)


@cache
def admin_prefixes():
    return (reverse("wagtailadmin_home"), reverse("admin:index"))
