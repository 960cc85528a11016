"""Site administrators' tools on one contributor's data: export (ZIP), erase, resend."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stories.contributions.data_export import contributor_archive
from stories.contributions.outcomes import erase, resend
from stories.contributions.permissions import require_inbox
from stories.models import Contribution


def administrator_only(request):
    if not request.user.is_superuser:
        raise PermissionDenied


def inbox_url():
    return reverse("stories_contribution_modeladmin_index")


def export_contributor(request, pk):
    """The contributor's data and files, as a ZIP archive (right of access)."""
    administrator_only(request)
    contribution = get_object_or_404(Contribution, pk=pk)
    return FileResponse(
        contributor_archive(contribution.email),
        as_attachment=True,
        filename=f"contributeur-{contribution.reference}.zip",
        content_type="application/zip",
    )


@require_POST
def erase_contributor(request, pk):
    administrator_only(request)
    contribution = get_object_or_404(Contribution, pk=pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Cochez la case de confirmation pour effacer ces données."))
        return redirect(inbox_url())
    email = contribution.email
    for item in Contribution.objects.filter(email__iexact=email).select_related("page"):
        erase(item)
    messages.success(request, _("Les données de ce contributeur ont été effacées."))
    return redirect(inbox_url())


@require_POST
def resend_mails(request, pk):
    require_inbox(request)
    resend(get_object_or_404(Contribution, pk=pk))
    messages.success(request, _("Les e-mails en échec sont renvoyés."))
    return redirect(inbox_url())
