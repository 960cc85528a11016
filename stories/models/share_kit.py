from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from stories.filters import themes_in_use
from stories.models.pages import BasePage
from stories.models.querysets import exclude_private
from stories.models.settings import CentenarySettings
from stories.models.sharing import ShareMessage
from stories.public_url import page_url
from stories.sharing.links import ready_message

MESSAGES_PER_PAGE = 20


class ThemeFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Thème"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Tous les thèmes")), *themes_in_use()]

    @property
    def chosen_theme(self):
        return self.cleaned_data.get("theme", "") if self.is_valid() else ""


class ShareKitPage(BasePage):
    """The share kit: every ready-to-post message of the site's live pages, newest first,
    for the people who amplify the centenary on their own networks."""

    template = "pages/share_kit_page.html"

    intro = models.TextField(
        verbose_name=_("introduction"),
        blank=True,
        help_text=_("Expliquez à qui s’adresse le kit et comment utiliser les messages."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["stories.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("kit de partage")
        verbose_name_plural = _("kits de partage")

    def messages(self, theme=""):
        """Messages of the live, public pages of this site, newest first."""
        site_path = self.path[: -Page.steplen]
        pages = exclude_private(Page.objects.live().filter(path__startswith=site_path))
        messages = ShareMessage.objects.filter(page__in=pages.values("pk"))
        if theme:
            messages = messages.filter(page__storypage__themes__slug=theme)
        return messages.select_related("page").order_by("-created_at", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = ThemeFilterForm(request.GET or None)
        paginator = Paginator(self.messages(form.chosen_theme), MESSAGES_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        hashtag = CentenarySettings.for_request(request).hashtag
        context.update(
            filter_form=form,
            page_obj=page_obj,
            result_count=paginator.count,
            ready_messages=[
                ready_message(
                    message,
                    page_url=page_url(message.page, request),
                    hashtag=hashtag,
                    source=message.page,
                )
                for message in page_obj
            ],
        )
        return context
