"""The public contribution form. Every message is French, polite and says what to do."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stories.contributions.images import clean_photo
from stories.filters import themes_in_use
from stories.models.contributions import DisplayChoice
from stories.models.pages import ContributorRelation
from stories.video.external import parse_video_url
from stories.video.validation import too_big, validate_uploaded_video

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
LINE_BREAKS = re.compile(r"[\r\n]")
STORY_MIN_LENGTH = 80
STORY_MAX_LENGTH = 20_000


def no_control_characters(value):
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _(
                "Ce texte contient des caractères invisibles non autorisés. Retapez-le ou "
                "collez-le sans mise en forme."
            ),
            code="control_characters",
        )


def single_line(value):
    no_control_characters(value)
    if LINE_BREAKS.search(value):
        raise ValidationError(_("Écrivez ce champ sur une seule ligne."), code="line_break")


def allowed_video_link(value):
    if parse_video_url(value) is None:
        raise ValidationError(
            _("Indiquez un lien https vers une vidéo YouTube, Vimeo ou Dailymotion."),
            code="video_host",
        )


class ContributionForm(forms.Form):
    name = forms.CharField(label=_("Votre nom et prénom"), max_length=120, validators=[single_line])
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_("Pour vous tenir au courant. Elle ne sera jamais publiée."),
        max_length=254,
    )
    relation = forms.ChoiceField(
        label=_("Vous êtes"), choices=ContributorRelation.choices, widget=forms.RadioSelect
    )
    years_at_company = forms.CharField(
        label=_("Vos années dans l’entreprise"),
        help_text=_("Par exemple « 1968–2004 ». Facultatif."),
        max_length=60,
        required=False,
        validators=[single_line],
    )
    display_choice = forms.ChoiceField(
        label=_("Comment voulez-vous être nommé·e sur le site ?"),
        choices=DisplayChoice.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Le titre de votre histoire"),
        min_length=5,
        max_length=150,
        validators=[single_line],
    )
    story = forms.CharField(
        label=_("Votre histoire"),
        help_text=_("Racontez avec vos mots. Laissez une ligne vide entre deux paragraphes."),
        min_length=STORY_MIN_LENGTH,
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        validators=[no_control_characters],
    )
    year_start = forms.IntegerField(label=_("En quelle année ?"))
    year_end = forms.IntegerField(
        label=_("Jusqu’en (pour une période)"), required=False, help_text=_("Facultatif.")
    )
    place = forms.CharField(
        label=_("Où ?"),
        help_text=_("Une ville, un site, un événement. Facultatif."),
        max_length=200,
        required=False,
        validators=[single_line],
    )
    themes = forms.MultipleChoiceField(
        label=_("Thèmes"), required=False, widget=forms.CheckboxSelectMultiple
    )
    video_url = forms.URLField(
        label=_("Lien vers une vidéo"),
        help_text=_("Facultatif : une vidéo publiée sur YouTube, Vimeo ou Dailymotion."),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[allowed_video_link],
    )
    video_file = forms.FileField(
        label=_("Ou envoyez votre vidéo"),
        help_text=_(
            "Facultatif : un fichier MP4 ou WebM de 15 minutes et 500 Mo au plus, comme en "
            "enregistre un téléphone. Rien n’est visible avant la relecture."
        ),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    consent_publication = forms.BooleanField(required=True)
    consent_social = forms.BooleanField(required=False)
    consent_people = forms.BooleanField(required=False)
    consent_guidelines = forms.BooleanField(required=True)
    # Left empty by people; bots fill it. Hidden from sight and from screen readers.
    website = forms.CharField(required=False, label=_("Ne pas remplir"))
    form_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, site_settings, consent_texts, oversized_uploads=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_settings = site_settings
        self.oversized_uploads = oversized_uploads or {}
        self.consent_texts = consent_texts
        for name, text in consent_texts.items():
            self.fields[f"consent_{name}"].label = text
        self.fields["consent_publication"].error_messages["required"] = _(
            "Nous ne pouvons publier votre histoire qu’avec votre accord : cochez la case."
        )
        self.fields["consent_guidelines"].error_messages["required"] = _(
            "Merci de confirmer que vous respectez la charte des contributeurs."
        )
        self.fields["themes"].choices = themes_in_use()
        first, last = site_settings.founding_year, site_settings.anniversary_year
        for name in ("year_start", "year_end"):
            self.fields[name].widget.attrs.update(min=first, max=last)
            self.fields[name].validators.append(year_between(first, last))
        for number in photo_numbers():
            self.fields[f"photo_{number}"] = forms.FileField(
                label=_("Photo %(number)s") % {"number": number},
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": "image/jpeg,image/png,image/webp"}
                ),
            )
            self.fields[f"caption_{number}"] = forms.CharField(
                label=_("Légende de la photo %(number)s") % {"number": number},
                help_text=_("Qui, où, quand ?"),
                max_length=300,
                required=False,
                validators=[single_line],
            )

    def clean(self):
        cleaned = super().clean()
        self.clean_period(cleaned)
        cleaned["photos"] = self.clean_photos()
        cleaned["video"] = self.clean_video()
        has_media = bool(cleaned["photos"] or cleaned["video"] or cleaned.get("video_url"))
        if has_media and not cleaned.get("consent_people"):
            self.add_error(
                "consent_people",
                _(
                    "Vous envoyez une photo ou une vidéo : confirmez que les personnes "
                    "reconnaissables sont d’accord."
                ),
            )
        return cleaned

    def clean_period(self, cleaned):
        start, end = cleaned.get("year_start"), cleaned.get("year_end")
        if start and end and end < start:
            self.add_error("year_end", _("La fin de la période ne peut pas précéder son début."))

    def clean_photos(self):
        photos = []
        for number in photo_numbers():
            upload = self.cleaned_data.get(f"photo_{number}")
            if not upload:
                continue
            try:
                photo = clean_photo(upload)
            except ValidationError as error:
                self.add_error(f"photo_{number}", error)
                continue
            photos.append((photo, self.cleaned_data.get(f"caption_{number}", "")))
        return photos

    def clean_video(self):
        """(the upload, what the probe read) or None; every refusal says what to do."""
        if "video_file" in self.oversized_uploads:
            self.add_error("video_file", too_big(self.oversized_uploads["video_file"]))
            return None
        upload = self.cleaned_data.get("video_file")
        if not upload:
            return None
        try:
            return upload, validate_uploaded_video(upload)
        except ValidationError as error:
            self.add_error("video_file", error)
            return None

    def photo_fields(self):
        return [(self[f"photo_{n}"], self[f"caption_{n}"]) for n in photo_numbers()]


def photo_numbers():
    return range(1, settings.CONTRIBUTION_MAX_PHOTOS + 1)


def year_between(first, last):
    def validate(value):
        if value is not None and not first <= value <= last:
            raise ValidationError(
                _("Choisissez une année entre %(first)s et %(last)s."),
                params={"first": first, "last": last},
                code="year_range",
            )

    return validate
