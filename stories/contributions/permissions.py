"""Who may see what of a contribution in the admin: one rule, used by the inbox, its actions
and the pending media. Admin access alone is not enough (an editor who cannot open the inbox
must not download a pending photo nor resend anyone's e-mails)."""

from django.core.exceptions import PermissionDenied

INBOX_PERMISSION = "stories.view_contribution"


def may_use_inbox(user):
    return bool(user and user.is_authenticated and user.is_active) and user.has_perm(
        INBOX_PERMISSION
    )


def require_inbox(request):
    if not may_use_inbox(request.user):
        raise PermissionDenied
