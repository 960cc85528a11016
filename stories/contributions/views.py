"""Thin views for the contribution page: the form and the thank-you (the private follow-up
pages are in follow_views.py)."""

import logging

from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from stories.contributions import abuse, rate_limits
from stories.contributions.forms import ContributionForm
from stories.contributions.intake import submit_contribution
from stories.contributions.receipt import received_reference, see_thanks
from stories.models import CentenarySettings
from stories.video.uploads import oversized_uploads

logger = logging.getLogger(__name__)

BUSY_NETWORK = _lazy(
    "Beaucoup d’histoires nous arrivent en ce moment depuis votre réseau (une entreprise, un "
    "lieu public…). Votre texte est conservé ci-dessous : merci de l’envoyer à nouveau d’ici "
    "une heure, avec vos photos et votre vidéo."
)
BUSY_ADDRESS = _lazy(
    "Plusieurs histoires sont déjà arrivées avec cette adresse e-mail dans l’heure. Votre "
    "texte est conservé ci-dessous : merci de l’envoyer à nouveau un peu plus tard."
)


@never_cache
@csrf_protect
def contribute(request, page):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    site_settings = CentenarySettings.for_request(request)
    form_kwargs = {"site_settings": site_settings, "consent_texts": page.consent_texts()}
    if request.method == "GET":
        form = ContributionForm(initial={"form_token": abuse.new_form_token()}, **form_kwargs)
        return render_form(request, page, form)

    if rate_limits.network_is_busy(request):
        # Checked before any photo or video is read; what was typed comes back.
        form = ContributionForm(request.POST, **form_kwargs)
        form.add_error(None, BUSY_NETWORK)
        token = abuse.check_form_token(request.POST.get("form_token"))
        return render_form(request, page, refresh_token(form, token), status=429)
    form = ContributionForm(
        request.POST,
        request.FILES,
        oversized_uploads=oversized_uploads(request),
        **form_kwargs,
    )
    token = abuse.check_form_token(request.POST.get("form_token"))
    if token.forged or request.POST.get("website"):
        return see_thanks(request, page)  # a bot: neutral page, nothing kept
    if token.expired:
        # A person who took their time: nothing is kept yet, so never say thank you.
        form.is_valid()  # and say at once anything else that needs fixing
        form.keep_checked_files()  # its checked photos and video come back attached
        return render_form(request, page, refresh_token(form, token), status=400, expired=True)
    if not form.is_valid():
        # Showing errors saves nothing, so a quick but incomplete send gets them too.
        return render_form(request, page, refresh_token(form, token), status=400)
    if token.too_fast:
        return see_thanks(request, page)
    if rate_limits.address_is_busy(form.cleaned_data["email"]):
        form.add_error(None, BUSY_ADDRESS)
        return render_form(request, page, refresh_token(form, token), status=429)
    try:
        result = submit_contribution(form=form, page=page, nonce=token.nonce)
    except Exception:
        # Intake rolled everything back and removed its files; keep what the visitor typed.
        logger.exception("Contribution intake failed")
        form.add_error(
            None,
            _(
                "Un incident nous a empêchés d’enregistrer votre histoire : rien n’a été gardé. "
                "Votre texte est conservé ci-dessous ; sélectionnez à nouveau vos photos et "
                "réessayez dans un instant."
            ),
        )
        return render_form(request, page, refresh_token(form, token), status=503)
    form.discard_staged_files()  # stored now: the copies kept from an earlier send go
    # POST, then 303, then GET: reloading the thank-you page never sends the form again.
    return see_thanks(request, page, result.contribution.reference)


def refresh_token(form, token):
    """Keep what was typed, with a fresh token for the next attempt."""
    data = form.data.copy()
    data["form_token"] = abuse.next_token(token)
    form.data = data
    return form


def render_form(request, page, form, status=200, expired=False):
    context = page.get_context(request)
    dropped = bool(request.FILES or oversized_uploads(request))
    context.update(form=form, files_dropped=dropped and form.is_bound, token_expired=expired)
    return TemplateResponse(request, page.get_template(request), context, status=status)


@never_cache
def render_thanks(request, page):
    """The thank-you page the form redirects to; it names the story only if one was kept."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    context = page.get_context(request)
    context["reference"] = received_reference(request)
    return TemplateResponse(request, "pages/contribution_thanks.html", context)
