"""The menu and the footer's links: the live children of the site's home page. They are read
only when the header's or footer's fragment is rendered (stories/templatetags/fragment_tags.py),
once per generation."""

from django import template

from wagtail.models import Page, Site

from stories.cache import private_q
from stories.models import StandardPage

register = template.Library()


def top_level_pages(request):
    """The live, public children of the site's home page, as plain pages (title, URL)."""
    site = Site.find_for_request(request)
    if site is None:
        return Page.objects.none()
    return site.root_page.get_children().live().exclude(private_q())


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Menu entries with their ``aria-current`` value for the page being read."""
    current = context.get("page")
    current_path = getattr(current, "url_path", "")
    entries = []
    for item in top_level_pages(context["request"]).in_menu():
        state = None
        if current is not None and current.pk == item.pk:
            state = "page"
        elif current_path.startswith(item.url_path):
            state = "true"
        entries.append({"page": item, "current": state})
    return entries


@register.simple_tag(takes_context=True)
def footer_pages(context):
    return top_level_pages(context["request"]).type(StandardPage)
