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
