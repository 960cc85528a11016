from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel


class ContributionPanel(Panel):
    """Shows moderators who sent a story and what they agreed to. Admin only: the public
    page never renders any of it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "admin/contribution_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            page = self.instance
            self.contribution = page.contributions.first() if page.pk else None

        def is_shown(self):
            return self.contribution is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["contribution"] = self.contribution
            return context

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Contribution"))
        super().__init__(**kwargs)
