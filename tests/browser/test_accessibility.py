"""axe-core in Chromium on every page type and form state of the demo site, on a 320 px and
a 390 px phone, a 1280 px desktop and that desktop zoomed to 200 %: no violation of the
WCAG 2.x A and AA rules, and nothing scrolls sideways; on a first visit (nothing cached) the
home page and a story do not move as their fonts and images arrive.

axe-core is vendored (tests/browser/vendor/axe.min.js, MPL-2.0, its licence beside it). The
site's Content Security Policy refuses injected scripts, so the audit's browser context alone
bypasses it (``bypass_csp=True``); every other browser test keeps the real policy.

200 % zoom: Chromium's page zoom on a 1280 × 900 window lays the page out in a viewport of
640 × 450 CSS pixels with two device pixels to each: media queries, ``srcset`` and
``scrollWidth`` see what a 640 × 450 viewport at ``device_scale_factor=2`` shows, which is how
it is emulated here (CSS ``zoom`` on the root would leave the media queries at 1280 px).

The contributor's private pages are audited in both states a contributor meets them: a story
just received (follow-up page, withdrawal confirmation), and a story a moderator asked changes
on (follow-up page with the team's message, the revise form, and that form sent back with its
story emptied).

One test walks the whole matrix, so the demo is loaded once; it lists every problem found.
"""

import re
import time
from pathlib import Path

from django.core import mail

from wagtail.models import Page

import pytest
from PIL import Image

from stories.demo.loader import DemoLoader
from stories.models import (
    Contribution,
    ContributionPage,
    ContributionStatus,
    ShareKitPage,
    StandardPage,
    StoryIndexPage,
    StoryPage,
    TimelinePage,
)
from tests.browser.test_contribution_in_browser import submit_story
from tests.builders import ensure_wagtail_roots, make_moderator
from tests.stories.contributions.conftest import photo_upload, valid_data
from tests.stories.contributions.test_conversation import act

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
MODES = {
    "320 px": {"viewport": {"width": 320, "height": 640}},
    "390 px": {"viewport": {"width": 390, "height": 844}},
    "1280 px": {"viewport": {"width": 1280, "height": 900}},
    "1280 px at 200 %": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}
# What shows that a state is the one meant (a search that finds, a filter that applies).
SHOWS = {
    "story list, filtered": "Années 1980",
    "search": "résultats pour",
    "search, no result": "Aucun résultat",
}
# Folded on small screens: opened once, audited open too.
DISCLOSURES = {
    "home": ("summary.site-menu__button", "home, menu open"),
    "story list, filtered": ("summary.filters-fold__button", "story list, filters open"),
}
RUN_AXE = """tags => axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']
})"""


@pytest.fixture
def demo(settings, tmp_path):
    """The demo site, and a story sent through its form: the thank-you page and the
    contributor's private follow-up page are real ones."""
    settings.CONTRIBUTION_MIN_SECONDS = 1
    ensure_wagtail_roots()
    DemoLoader().load()
    photo = tmp_path / "atelier.jpg"
    Image.new("RGB", (800, 600), (120, 110, 90)).save(photo, format="JPEG")
    form = ContributionPage.objects.live().get()
    story = StoryPage.objects.live().get(slug="roland-garros-1985")
    return {
        "form_url": form.url,
        "photo": photo,
        "pages": {
            "home": Page.objects.get(depth=2).url,
            "story list": StoryIndexPage.objects.live().get().url,
            "story list, filtered": StoryIndexPage.objects.live().get().url
            + "?theme=sport&decade=1980",
            "story": story.url,
            "timeline index": TimelinePage.objects.live().first().get_parent().url,
            "timeline": TimelinePage.objects.live().get(slug="100-ans-de-sport").url,
            "share kit": ShareKitPage.objects.live().get().url,
            "search": "/recherche/?q=Roland",
            "search, no result": "/recherche/?q=zeppelin",
            "standard page": StandardPage.objects.live().get(slug="charte-des-contributeurs").url,
            "page not found": "/cette-page-n-existe-pas/",
            "admin login": "/admin/login/",
        },
    }


def sent_story(browser, base, demo):
    """Send a story as a visitor would; the thank-you and follow-up pages' addresses."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    tab = context.new_page()
    mail.outbox.clear()
    submit_story(tab, base, demo)
    thanks = tab.url
    context.close()
    body = next(m.body for m in mail.outbox if "/suivi/" in m.body)
    follow = re.search(r"https?://\S+/suivi/[A-Za-z0-9_-]+/", body).group(0)
    return thanks, re.sub(r"^https?://[^/]+", base, follow)


def story_with_changes_asked(client, base, demo, moderator, capture):
    """A second story, posted with a photo through the real form view, on which a moderator
    asked for changes through the real workflow action: its follow-up page's address."""
    mail.outbox.clear()
    address = "paul@example.org"
    data = valid_data(email=address, photo_1=photo_upload(), caption_1="Devant l’usine")
    response = client.post(demo["form_url"], {**data, "consent_people": "on"})
    assert response.status_code == 303, response.content[:500]
    contribution = Contribution.objects.get(email=address)
    act(client, moderator, contribution, "reject", "Dans quelle ville était l’usine ?", capture)
    assert contribution.status == ContributionStatus.CHANGES_REQUESTED
    body = [m.body for m in mail.outbox if m.to == [address] and "/suivi/" in m.body][-1]
    follow = re.search(r"https?://\S+/suivi/[A-Za-z0-9_-]+/", body).group(0)
    return re.sub(r"^https?://[^/]+", base, follow)


def problems(tab, mode, state):
    """axe's WCAG A/AA violations and any sideways scroll, as readable lines."""
    tab.evaluate("document.fonts.ready")
    if not tab.evaluate("typeof axe === 'object'"):
        tab.add_script_tag(path=str(AXE))
    found = [
        f"{mode}, {state}: {violation['id']} ({violation['impact']}) on "
        f"{[node['target'] for node in violation['nodes'][:3]]}: {violation['help']}"
        for violation in tab.evaluate(RUN_AXE, WCAG_TAGS)["violations"]
    ]
    scroll, client = tab.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll > client:
        found.append(f"{mode}, {state}: scrolls sideways ({scroll} px wide in {client} px)")
    return found


def layout_shift(tab):
    """The page's cumulative layout shift so far, once its fonts and images are in."""
    tab.wait_for_load_state("load")
    tab.evaluate("document.fonts.ready")
    return tab.evaluate(
        """() => {
            const observer = new PerformanceObserver(() => {});
            observer.observe({type: 'layout-shift', buffered: true});
            const shifts = observer.takeRecords().filter(entry => !entry.hadRecentInput);
            observer.disconnect();
            return shifts.reduce((total, entry) => total + entry.value, 0);
        }"""
    )


def slow_line(route):
    time.sleep(0.4)
    route.continue_()


def open_visible(tab, selector):
    """Click the disclosure buttons a visitor sees (the phone menu, the folded filters)."""
    opened = False
    for summary in tab.locator(selector).all():
        if summary.is_visible():
            summary.click()
            opened = True
    return opened


def test_every_page_and_form_state_passes_axe_without_sideways_scroll(
    browser, live_server, demo, client, django_user_model, django_capture_on_commit_callbacks
):
    base = live_server.url
    thanks, follow = sent_story(browser, base, demo)
    assert "recu=" in thanks
    moderator = make_moderator(django_user_model)
    asked = story_with_changes_asked(
        client, base, demo, moderator, django_capture_on_commit_callbacks
    )
    found = []
    # A first visit, nothing cached yet: fonts arriving late must not move the text, nor
    # what a script shows once it runs (the contribution form's draft note).
    first_visits = {
        "home": demo["pages"]["home"],
        "story": demo["pages"]["story"],
        "contribution form": demo["form_url"],
    }
    for state, path in first_visits.items():
        context = browser.new_context(locale="fr-FR", **MODES["390 px"])
        tab = context.new_page()
        tab.route("**/js/*.js", slow_line)  # the page is painted before its scripts run
        tab.goto(base + path)
        shift = layout_shift(tab)
        context.close()
        if shift >= 0.001:
            found.append(f"390 px, {state}, first visit: layout shift of {shift:.3f}")
    for mode, options in MODES.items():
        context = browser.new_context(locale="fr-FR", bypass_csp=True, **options)
        tab = context.new_page()
        for state, path in demo["pages"].items():
            status = tab.goto(base + path).status
            assert status == (404 if state == "page not found" else 200), (state, status)
            assert SHOWS.get(state, "") in tab.locator("main").inner_text(), state
            found += problems(tab, mode, state)
            disclosure = DISCLOSURES.get(state)
            if disclosure and open_visible(tab, disclosure[0]):
                found += problems(tab, mode, disclosure[1])

        tab.goto(base + demo["form_url"])
        found += problems(tab, mode, "contribution form")
        tab.get_by_role("button", name="Envoyer mon histoire").click()
        tab.locator(".error-summary").wait_for()
        found += problems(tab, mode, "contribution form with errors")

        tab.goto(thanks)
        tab.get_by_role("heading", name="Merci !").wait_for()
        found += problems(tab, mode, "thank-you page")
        tab.goto(follow)
        tab.get_by_text("Reçue").first.wait_for()
        found += problems(tab, mode, "contributor's follow-up page")
        tab.get_by_role("link", name="Retirer mon histoire…").click()
        tab.get_by_role("heading", name="Retirer mon histoire").wait_for()
        found += problems(tab, mode, "contributor's withdrawal confirmation")

        tab.goto(asked)
        tab.get_by_text("Dans quelle ville était l’usine ?").wait_for()
        found += problems(tab, mode, "contributor's follow-up page, changes asked")
        tab.get_by_role("link", name="Modifier mon histoire").click()
        tab.get_by_role("heading", name="Modifier mon histoire").wait_for()
        found += problems(tab, mode, "contributor's revise form")
        tab.get_by_role("textbox", name="Votre histoire :", exact=True).fill("")
        tab.get_by_role("button", name="Renvoyer mon histoire à l’équipe").click()
        tab.locator(".error-summary").wait_for()
        found += problems(tab, mode, "contributor's revise form with errors")
        context.close()

    assert found == []
