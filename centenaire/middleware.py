from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware
from django.middleware.csp import get_nonce
from django.utils.csp import CSP, build_policy


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    """Django's CSP middleware with a looser policy for the admin.

    The public site runs under ``SECURE_CSP`` (no inline script or style). Wagtail's admin
    still needs inline code, so paths under ``CSP_ADMIN_PREFIXES`` get ``SECURE_CSP_ADMIN``:
    the header is written here, and Django's middleware leaves a header that is already set
    (as it does for media, which carry a sandboxing policy of their own).
    """

    def process_response(self, request, response):
        if request.path.startswith(settings.CSP_ADMIN_PREFIXES) and CSP.HEADER_ENFORCE not in (
            response
        ):
            policy = build_policy(settings.SECURE_CSP_ADMIN, get_nonce(request))
            response.headers[str(CSP.HEADER_ENFORCE)] = policy
        return super().process_response(request, response)
