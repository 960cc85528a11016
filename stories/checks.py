"""System checks: facts written in the settings that must agree with the code."""

from django.conf import settings
from django.core.checks import Error, register

from stories.video.external import embed_origins


@register()
def video_players_allowed_by_csp(app_configs, **kwargs):
    allowed = set(settings.SECURE_CSP.get("frame-src", []))
    missing = sorted(embed_origins() - allowed)
    if not missing:
        return []
    return [
        Error(
            f"SECURE_CSP frame-src does not allow the video players {', '.join(missing)}.",
            hint="Add them to frame-src in centenaire/settings/base.py.",
            id="stories.E001",
        )
    ]
