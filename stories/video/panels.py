from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel


class VideoStatusPanel(Panel):
    """In the story editor, says when the chosen video is still being read or could not be:
    the page will not show it until it is ready."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "admin/video_status_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            video_id = getattr(self.instance, "video_id", None)
            self.video = self.instance.video if video_id else None

        def is_shown(self):
            return self.video is not None and not self.video.is_ready

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["video"] = self.video
            return context

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("État de la vidéo"))
        super().__init__(**kwargs)
