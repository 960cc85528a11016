from django import template
from django.urls import reverse
from django.utils.http import urlencode

from stories.views import theme_version

register = template.Library()


@register.simple_tag(takes_context=True)
def theme_stylesheet_url(context):
    request = context["request"]
    return f"{reverse('theme_css')}?{urlencode({'v': theme_version(request)})}"


@register.simple_tag(takes_context=True)
def page_url_with(context, **params):
    """The current list URL with the given query parameters changed (for pagination)."""
    query = context["request"].GET.copy()
    for key, value in params.items():
        query[key] = value
    return f"?{query.urlencode()}"


@register.inclusion_tag("components/share_meta.html", takes_context=True)
def share_meta(context):
    """Open Graph, Twitter card, canonical URL and JSON-LD for the page being read."""
    from stories.models import CentenarySettings
    from stories.sharing.meta import share_meta as meta_for

    page, request = context.get("page"), context["request"]
    if page is None or not getattr(page, "pk", None) or getattr(request, "is_preview", False):
        return {"meta": None}
    return {"meta": meta_for(page, request, CentenarySettings.for_request(request))}
