"""The form says before sending what it needs (required fields, lengths, the consent of
people in photos), and afterwards speaks the site's own French, never Django's stock
wording; names and titles refuse invisible characters that would make them read wrong."""

import re

from django.core import validators

import pytest

from stories.contributions.forms import ContributionForm
from stories.models import CentenarySettings, Contribution
from tests.stories.contributions.conftest import valid_data

pytestmark = pytest.mark.django_db

# Django's own French wording, which the site must never show.
STOCK_WORDING = re.compile(
    r"courriel|actuellement|Ce champ est obligatoire|Saisissez|Assurez-vous|"
    r"Sélectionnez un choix valide|Aucun fichier|Le fichier soumis|Entrez"
)


@pytest.fixture
def form(home, contribute_page):
    return ContributionForm(
        site_settings=CentenarySettings.for_site(home.get_site()),
        consent_texts=contribute_page.consent_texts(),
    )


def stock_messages(field):
    """Every message Django itself would use for ``field``'s errors, by code."""
    stock = {}
    for cls in reversed(type(field).__mro__):
        stock.update(getattr(cls, "default_error_messages", {}))
    for validator in field.validators:
        if type(validator).__module__ == validators.__name__:
            stock[validator.code] = validator.message
    return stock


def test_every_field_has_its_own_message_for_every_error_django_could_raise(form):
    for name, field in form.fields.items():
        for code, stock in stock_messages(field).items():
            assert code in field.error_messages, f"{name}: {code}"
            assert str(field.error_messages[code]) != str(stock), f"{name}: {code}"


def test_no_stock_wording_reaches_the_page_whatever_is_wrong(client, contribute_page):
    bad = {
        "name": "",
        "email": "jeanne@",
        "relation": "astronaute",
        "display_choice": "",
        "title": "Ah",
        "story": "Trop court.",
        "year_start": "mille",
        "year_end": "x" * 3,
        "place": "P" * 201,
        "years_at_company": "Y" * 61,
        "themes": "inconnu",
        "video_url": "pas une adresse",
        "caption_1": "L" * 301,
        "consent_publication": None,
        "consent_guidelines": None,
    }
    response = client.post(contribute_page.url, valid_data(**bad))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(bad) <= set(errors)
    html = response.content.decode()
    assert not STOCK_WORDING.search(html), STOCK_WORDING.search(html)
    assert "Donnez un titre" not in html  # a short title is not a missing one
    assert "Le titre doit compter au moins 5 caractères." in html
    assert "Votre histoire est encore un peu courte : écrivez au moins 80 caractères" in html
    assert "Cette adresse e-mail semble incomplète" in html
    assert "Écrivez l’année en chiffres, par exemple 1968." in html
    assert "Indiquez votre nom et votre prénom." in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Indiquez votre nom et votre prénom."),
        ("name", "N" * 121, "Votre nom tient en 120 caractères au plus"),
        ("email", "", "Indiquez votre adresse e-mail"),
        ("email", "jeanne.example.org", "Cette adresse e-mail semble incomplète"),
        ("relation", "", "Dites-nous qui vous êtes"),
        ("relation", "astronaute", "Choisissez l’une des réponses proposées."),
        ("display_choice", "", "Choisissez comment vous voulez être nommé·e"),
        ("title", "", "Donnez un titre à votre histoire."),
        ("title", "Ah", "Le titre doit compter au moins 5 caractères."),
        ("title", "T" * 151, "Le titre doit tenir en 150 caractères au plus."),
        ("story", "", "Écrivez votre histoire."),
        ("story", "Trop court.", "Votre histoire est encore un peu courte"),
        ("story", "S" * 20_001, "Votre histoire dépasse 20000 caractères"),
        ("year_start", "", "Indiquez l’année, même approximative."),
        ("year_start", "vers 1970", "Écrivez l’année en chiffres"),
        ("year_start", "1850", "Choisissez une année entre"),
        ("year_end", "fin", "Écrivez l’année en chiffres"),
        ("place", "P" * 201, "Décrivez le lieu en 200 caractères au plus."),
        ("years_at_company", "Y" * 61, "Écrivez vos années en 60 caractères au plus."),
        ("caption_1", "L" * 301, "Une légende tient en 300 caractères au plus."),
        ("video_url", "pas une adresse", "Indiquez un lien https vers une vidéo"),
        ("consent_publication", None, "qu’avec votre accord : cochez la case."),
        ("consent_guidelines", None, "Merci de confirmer que vous respectez la charte"),
    ],
)
def test_each_mistake_gets_the_sites_own_message(client, contribute_page, field, value, message):
    response = client.post(contribute_page.url, valid_data(**{field: value}))

    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert message in response.content.decode()
    assert Contribution.objects.count() == 0


INVISIBLE = {
    "bidi override": "\u202e",
    "bidi embedding": "\u202a",
    "bidi isolate": "\u2066",
    "pop isolate": "\u2069",
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
}


@pytest.mark.parametrize("field", ["name", "title"])
@pytest.mark.parametrize("character", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_names_and_titles_refuse_bidi_and_zero_width_characters(
    client, contribute_page, field, character
):
    response = client.post(
        contribute_page.url, valid_data(**{field: f"Jeanne{character}Martin gpj.exe"})
    )

    assert response.status_code == 400
    assert "caractères invisibles (changement du sens d’écriture" in str(
        response.context["form"].errors[field]
    )
    assert Contribution.objects.count() == 0


def test_accents_apostrophes_and_ligatures_in_names_are_welcome(client, contribute_page):
    client.post(contribute_page.url, valid_data(name="Anaïs d’Œttingen-Lê", title="Cœur à l’œuvre"))

    assert Contribution.objects.get().name == "Anaïs d’Œttingen-Lê"


# Before sending ---------------------------------------------------------------------------


def field_html(html, name):
    """The markup of one field group: its label (or legend), help and widget."""
    start = html.index(f'name="{name}"')
    opening = html.rindex('<div class="field', 0, start)
    return html[opening : html.index('<div class="field', start)]


def test_required_fields_are_marked_before_sending(client, contribute_page):
    html = client.get(contribute_page.url).content.decode()

    for name in ("name", "email", "title", "story", "year_start"):
        group = field_html(html, name)
        assert "(obligatoire)" in group, name
        assert re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*\brequired\b', group), name
    for name in ("relation", "display_choice"):
        assert "(obligatoire)</span></legend>" in field_html(html, name), name
    for name in ("years_at_company", "place", "year_end", "caption_1"):
        assert "(obligatoire)" not in field_html(html, name), name
    for name in ("consent_publication", "consent_guidelines"):
        assert re.search(rf'name="{name}" id="id_{name}"[^>]*required', html), name


def test_minimum_lengths_are_said_up_front(client, contribute_page):
    html = client.get(contribute_page.url).content.decode()

    assert "De 5 à 150 caractères." in field_html(html, "title")
    assert "Au moins 80 caractères" in field_html(html, "story")
    assert 'aria-describedby="id_story_helptext"' in html


def test_the_consent_of_people_in_photos_is_explained_beside_the_photos(client, contribute_page):
    html = client.get(contribute_page.url).content.decode()

    rule = html.index("Elles doivent être d’accord pour figurer sur vos photos")
    assert html.index("Photos et vidéo (facultatif)") < rule < html.index('name="photo_1"')
    assert "(obligatoire si vous envoyez une photo ou une vidéo)" in html


def test_the_draft_kept_on_this_device_is_said_in_small_print(client, contribute_page):
    html = client.get(contribute_page.url).content.decode()

    assert "gardés en brouillon sur cet appareil" in html
    assert "Effacer le brouillon" in html
    assert re.search(r'class="draft-note" data-draft-note hidden', html)  # shown by the script
    # Where the kept fields begin, below the first screen: shown late, it moves nothing in view.
    assert (
        html.index('name="display_choice"')
        < html.index("data-draft-note")
        < html.index('name="title"')
    )
    assert 'data-contribution-draft="/contribuer/"' in html
    assert "<script>" not in html and " onclick=" not in html and " style=" not in html


def test_no_inline_script_style_or_handler_on_the_form_page(client, contribute_page):
    html = client.get(contribute_page.url).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\sstyle=|\son[a-z]+=", html)
