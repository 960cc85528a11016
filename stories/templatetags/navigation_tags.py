from django import template

from wagtail.models import Site

from stories.cache import restricted_paths
from stories.models import StandardPage

register = template.Library()


def top_level_pages(request):
    """The live children of the site's home page, from the site cache."""
    site = Site.find_for_request(request)
    root = site.root_page.specific if site else None
    if root is None or not hasattr(root, "top_level_pages"):
        return []
    private = restricted_paths()
    pages = root.top_level_pages().values()
    return [page for page in pages if not page.path.startswith(tuple(private) or ("\0",))]


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Menu entries with their ``aria-current`` value for the page being read."""
    current = context.get("page")
    current_path = getattr(current, "url_path", "")
    entries = []
    for item in top_level_pages(context["request"]):
        if not item.show_in_menus:
            continue
        state = None
        if current is not None and current.pk == item.pk:
            state = "page"
        elif current_path.startswith(item.url_path):
            state = "true"
        entries.append({"page": item, "current": state})
    return entries


@register.simple_tag(takes_context=True)
def footer_pages(context):
    return [p for p in top_level_pages(context["request"]) if isinstance(p, StandardPage)]
