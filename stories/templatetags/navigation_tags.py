from django import template
from django.contrib.contenttypes.models import ContentType

from wagtail.models import Site

register = template.Library()


def top_level_pages(request):
    """The live children of the site's home page, read once per request."""
    if not hasattr(request, "_top_level_pages"):
        site = Site.find_for_request(request)
        pages = site.root_page.get_children().live().public() if site else []
        request._top_level_pages = list(pages)
    return request._top_level_pages


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
    from stories.models import StandardPage

    standard = ContentType.objects.get_for_model(StandardPage)
    return [p for p in top_level_pages(context["request"]) if p.content_type_id == standard.pk]
