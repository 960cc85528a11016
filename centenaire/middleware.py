from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    """Django's CSP middleware with a looser policy for the admin.

    The public site runs under ``SECURE_CSP`` (no inline script or style). Wagtail's admin
    still needs inline code, so paths under ``CSP_ADMIN_PREFIXES`` get ``SECURE_CSP_ADMIN``.
    """

    def process_response(self, request, response):
        if request.path.startswith(settings.CSP_ADMIN_PREFIXES):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return super().process_response(request, response)
