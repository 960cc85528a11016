"""The contributor's private pages, reached through the link of their e-mails: follow the
story, revise it when the moderators ask, withdraw it (after a confirmation).

Every response keeps the link out of other sites' logs (``Referrer-Policy: same-origin``)
while the browser still sends its Origin to us, which Django's CSRF check needs: with
``no-referrer`` Chromium sends ``Origin: null`` and the withdrawal was refused.
"""

from functools import wraps

from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from stories.contributions.outcomes import withdraw
from stories.contributions.revision_forms import RevisionForm
from stories.contributions.revisions import (
    NotAwaitingChanges,
    draft_of,
    story_text,
    submit_revision,
)
from stories.models import CentenarySettings, Contribution
from stories.renditions import FOLLOW_THUMBNAIL
from stories.routing import subpage_url
from stories.video.uploads import oversized_uploads

REFERRER_POLICY = "same-origin"


def private_page(view):
    """Find the contribution by its token (404 otherwise), never cache, protect from CSRF,
    and keep the private link out of Referer headers sent to anyone else."""

    @never_cache
    @csrf_protect
    @wraps(view)
    def wrapper(request, page, token, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        contribution = Contribution.objects.by_token(token).select_related("page", "video").first()
        if contribution is None:
            response = render(request, page, "pages/contribution_follow.html", status=404)
        else:
            contribution.link_token = token
            response = view(request, page, contribution, *args, **kwargs)
        response["Referrer-Policy"] = REFERRER_POLICY
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def render(request, page, template, status=200, **extra):
    context = page.get_context(request)
    context["team_email"] = team_email(request)
    context.update(extra)
    return TemplateResponse(request, template, context, status=status)


def team_email(request):
    centenary = CentenarySettings.for_request(request)
    return centenary.moderation_email


def follow_path(page, contribution, route="follow"):
    return subpage_url(page, route, contribution.link_token)


@private_page
def follow(request, page, contribution):
    if request.method == "POST":
        return HttpResponseNotAllowed(["GET", "HEAD"])
    draft = draft_of(contribution) if contribution.page_id else None
    return render(
        request,
        page,
        "pages/contribution_follow.html",
        contribution=contribution,
        draft=draft,
        photos=list(contribution.images.all()),
        excerpt=excerpt_of(draft),
        done=request.GET.get("fait", ""),
    )


def excerpt_of(draft, length=400):
    text = story_text(draft) if draft is not None else ""
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + "…"


@private_page
def confirm_withdrawal(request, page, contribution):
    """A definitive action asks once more, on a page of its own."""
    if request.method == "POST" and contribution.is_withdrawable:
        withdraw(contribution)
        return redirect(follow_path(page, contribution) + "?fait=retiree", permanent=False)
    return render(request, page, "pages/contribution_withdraw.html", contribution=contribution)


@private_page
def revise(request, page, contribution):
    if not contribution.awaits_contributor:
        return redirect(follow_path(page, contribution))
    images = list(contribution.images.all())
    if request.method != "POST":
        draft = draft_of(contribution)
        form = RevisionForm(
            initial={"title": draft.title, "story": story_text(draft)}, images=images
        )
        return render_revision(request, page, contribution, form)
    form = RevisionForm(request.POST, request.FILES, images=images)
    if oversized_uploads(request) or not form.is_valid():
        return render_revision(request, page, contribution, form, status=400)
    try:
        submit_revision(
            contribution=contribution,
            title=form.cleaned_data["title"],
            story=form.cleaned_data["story"],
            kept_images=form.cleaned_data["kept_images"],
            new_photos=form.cleaned_data["new_photos"],
        )
    except NotAwaitingChanges:
        return redirect(follow_path(page, contribution))
    return redirect(follow_path(page, contribution) + "?fait=renvoyee")


def render_revision(request, page, contribution, form, status=200):
    return render(
        request,
        page,
        "pages/contribution_revise.html",
        status=status,
        contribution=contribution,
        form=form,
    )


@private_page
def photo(request, page, contribution, image_id):
    """A small version of one of the contributor's own photos, for their private pages
    (pending photos are not public)."""
    image = contribution.images.filter(pk=image_id).first()
    if image is None:
        raise Http404
    rendition = image.get_rendition(FOLLOW_THUMBNAIL)
    response = FileResponse(rendition.file.open("rb"), content_type=rendition_type(rendition))
    response["Cache-Control"] = "private, no-store"
    return response


def rendition_type(rendition):
    extension = rendition.file.name.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(
        extension, "application/octet-stream"
    )
