"""The public contribution form. Every message is French, polite and says what to do."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stories.choices import ContributorRelation, DisplayChoice
from stories.contributions import media_budget, staging
from stories.contributions.images import PHOTO_ACCEPT, clean_photo
from stories.filters import themes_in_use
from stories.video.external import parse_video_url
from stories.video.validation import too_big, validate_uploaded_video

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
LINE_BREAKS = re.compile(r"[\r\n]")
# Bidi embeddings, overrides and isolates, zero-width spaces and joiners, word joiner, BOM:
# invisible, they can make a name or a title read differently from what is stored.
INVISIBLE_FORMATTING = re.compile(r"[\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
TITLE_MIN_LENGTH = 5
STORY_MIN_LENGTH = 80
STORY_MAX_LENGTH = 20_000


CONTROL_CHARACTERS_MESSAGE = _(
    "Ce texte contient des caractères invisibles non autorisés. Retapez-le ou "
    "collez-le sans mise en forme."
)
YEAR_MESSAGE = _("Écrivez l’année en chiffres, par exemple 1968.")
VIDEO_ACCEPT = "video/mp4,video/quicktime,video/webm,.mp4,.mov,.webm"
VIDEO_LINK_MESSAGE = _("Indiquez un lien https vers une vidéo YouTube, Vimeo ou Dailymotion.")


def no_control_characters(value):
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


def no_invisible_formatting(value):
    if INVISIBLE_FORMATTING.search(value):
        raise ValidationError(
            _(
                "Ce texte contient des caractères invisibles (changement du sens d’écriture ou "
                "espace sans largeur). Retapez-le directement plutôt que de le coller."
            ),
            code="invisible_formatting",
        )


def single_line(value):
    """Names, titles, places, captions: one line, nothing invisible."""
    no_control_characters(value)
    no_invisible_formatting(value)
    if LINE_BREAKS.search(value):
        raise ValidationError(_("Écrivez ce champ sur une seule ligne."), code="line_break")


def allowed_video_link(value):
    if parse_video_url(value) is None:
        raise ValidationError(VIDEO_LINK_MESSAGE, code="video_host")


def messages(**specific):
    """The site's own wording for a field's errors, never Django's stock one."""
    return {
        "required": _("Ce champ est à remplir."),
        "null_characters_not_allowed": CONTROL_CHARACTERS_MESSAGE,
        **specific,
    }


def file_messages():
    return messages(
        invalid=_("Ce fichier n’a pas pu être lu : choisissez-le à nouveau."),
        missing=_("Ce fichier n’est pas arrivé : choisissez-le à nouveau."),
        empty=_("Ce fichier est vide : choisissez-en un autre."),
        max_length=_(
            "Le nom de ce fichier est trop long : renommez-le, puis choisissez-le à nouveau."
        ),
        contradiction=_("Choisissez un fichier ou videz le champ, pas les deux."),
    )


class ContributionForm(forms.Form):
    name = forms.CharField(
        label=_("Votre nom et prénom"),
        max_length=120,
        validators=[single_line],
        error_messages=messages(
            required=_("Indiquez votre nom et votre prénom."),
            max_length=_("Votre nom tient en %(limit_value)d caractères au plus : abrégez-le."),
        ),
    )
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_("Pour vous tenir au courant. Elle ne sera jamais publiée."),
        max_length=254,
        error_messages=messages(
            required=_("Indiquez votre adresse e-mail : elle sert à vous tenir au courant."),
            invalid=_(
                "Cette adresse e-mail semble incomplète : vérifiez-la, par exemple "
                "jeanne.martin@exemple.fr."
            ),
            max_length=_("Cette adresse e-mail dépasse %(limit_value)d caractères."),
        ),
    )
    relation = forms.ChoiceField(
        label=_("Vous êtes"),
        choices=ContributorRelation.choices,
        widget=forms.RadioSelect,
        error_messages=messages(
            required=_("Dites-nous qui vous êtes : salarié·e, ancien·ne, partenaire ou autre."),
            invalid_choice=_("Choisissez l’une des réponses proposées."),
        ),
    )
    years_at_company = forms.CharField(
        label=_("Vos années dans l’entreprise"),
        help_text=_("Par exemple « 1968–2004 ». Facultatif."),
        max_length=60,
        required=False,
        validators=[single_line],
        error_messages=messages(
            max_length=_("Écrivez vos années en %(limit_value)d caractères au plus.")
        ),
    )
    display_choice = forms.ChoiceField(
        label=_("Comment voulez-vous être nommé·e sur le site ?"),
        choices=DisplayChoice.choices,
        widget=forms.RadioSelect,
        error_messages=messages(
            required=_("Choisissez comment vous voulez être nommé·e sur le site."),
            invalid_choice=_("Choisissez l’une des réponses proposées."),
        ),
    )
    title = forms.CharField(
        label=_("Le titre de votre histoire"),
        min_length=TITLE_MIN_LENGTH,
        max_length=150,
        validators=[single_line],
        error_messages=messages(
            required=_("Donnez un titre à votre histoire."),
            min_length=_("Le titre doit compter au moins %(limit_value)d caractères."),
            max_length=_("Le titre doit tenir en %(limit_value)d caractères au plus."),
        ),
    )
    story = forms.CharField(
        label=_("Votre histoire"),
        min_length=STORY_MIN_LENGTH,
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        validators=[no_control_characters],
        error_messages=messages(
            required=_("Écrivez votre histoire."),
            min_length=_(
                "Votre histoire est encore un peu courte : écrivez au moins %(limit_value)d "
                "caractères, soit deux ou trois phrases."
            ),
            max_length=_(
                "Votre histoire dépasse %(limit_value)d caractères : raccourcissez-la, ou "
                "envoyez la suite comme une autre histoire."
            ),
        ),
    )
    year_start = forms.IntegerField(
        label=_("En quelle année ?"),
        help_text=_("Une année approximative suffit."),
        error_messages=messages(
            required=_("Indiquez l’année, même approximative."),
            invalid=YEAR_MESSAGE,
        ),
    )
    year_end = forms.IntegerField(
        label=_("Jusqu’en (pour une période)"),
        required=False,
        help_text=_("Facultatif."),
        error_messages=messages(invalid=YEAR_MESSAGE),
    )
    place = forms.CharField(
        label=_("Où ?"),
        help_text=_("Une ville, un site, un événement. Facultatif."),
        max_length=200,
        required=False,
        validators=[single_line],
        error_messages=messages(
            max_length=_("Décrivez le lieu en %(limit_value)d caractères au plus.")
        ),
    )
    themes = forms.MultipleChoiceField(
        label=_("Thèmes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=messages(
            invalid_choice=_("Choisissez parmi les thèmes proposés."),
            invalid_list=_("Choisissez parmi les thèmes proposés."),
        ),
    )
    video_url = forms.URLField(
        label=_("Lien vers une vidéo"),
        help_text=_("Facultatif : une vidéo publiée sur YouTube, Vimeo ou Dailymotion."),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[allowed_video_link],
        error_messages=messages(
            invalid=VIDEO_LINK_MESSAGE,
            max_length=_("Ce lien dépasse %(limit_value)d caractères : copiez le lien court."),
        ),
    )
    video_file = forms.FileField(
        label=_("Ou envoyez votre vidéo"),
        help_text=_(
            "Facultatif : la vidéo telle que votre téléphone l’a enregistrée (MP4, MOV ou "
            "WebM), 15 minutes et 500 Mo au plus. Rien n’est visible avant la relecture."
        ),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": VIDEO_ACCEPT}),
        error_messages=file_messages(),
    )
    consent_publication = forms.BooleanField(
        required=True,
        error_messages=messages(
            required=_(
                "Nous ne pouvons publier votre histoire qu’avec votre accord : cochez la case."
            )
        ),
    )
    consent_social = forms.BooleanField(required=False, error_messages=messages())
    consent_people = forms.BooleanField(required=False, error_messages=messages())
    consent_guidelines = forms.BooleanField(
        required=True,
        error_messages=messages(
            required=_("Merci de confirmer que vous respectez la charte des contributeurs.")
        ),
    )
    # Left empty by people; bots fill it. Hidden from sight and from screen readers.
    website = forms.CharField(required=False, label=_("Ne pas remplir"), error_messages=messages())
    form_token = forms.CharField(
        widget=forms.HiddenInput,
        error_messages=messages(
            required=_("Le formulaire est incomplet : rechargez la page, votre texte reste.")
        ),
    )

    staged_video = forms.CharField(
        required=False, widget=forms.HiddenInput, error_messages=messages()
    )
    remove_video = forms.BooleanField(
        label=_("Retirer cette vidéo"), required=False, error_messages=messages()
    )

    def __init__(self, *args, site_settings, consent_texts, oversized_uploads=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_settings = site_settings
        self.oversized_uploads = oversized_uploads or {}
        # Files checked in this send, to keep if the form comes back; files kept from an
        # earlier send and used again (stories/contributions/staging.py).
        self.to_stage = {}
        self.staged = {}
        self.consent_texts = consent_texts
        for name, text in consent_texts.items():
            self.fields[f"consent_{name}"].label = text
        self.fields["themes"].choices = themes_in_use()
        first, last = site_settings.founding_year, site_settings.anniversary_year
        for name in ("year_start", "year_end"):
            self.fields[name].widget.attrs.update(min=first, max=last)
            self.fields[name].validators.append(year_between(first, last))
        for number in photo_numbers():
            self.fields[f"photo_{number}"] = photo_field(number)
            self.fields[f"caption_{number}"] = caption_field(number)
            self.fields[f"staged_photo_{number}"] = forms.CharField(
                required=False, widget=forms.HiddenInput, error_messages=messages()
            )
            self.fields[f"remove_photo_{number}"] = forms.BooleanField(
                label=_("Retirer cette photo"), required=False, error_messages=messages()
            )
        self.say_lengths_up_front()

    def say_lengths_up_front(self):
        """Minimum lengths in the help texts, before anyone is refused for them."""
        self.fields["title"].help_text = _("De %(minimum)d à %(maximum)d caractères.") % {
            "minimum": TITLE_MIN_LENGTH,
            "maximum": self.fields["title"].max_length,
        }
        self.fields["story"].help_text = _(
            "Au moins %(minimum)d caractères, soit deux ou trois phrases. Racontez avec vos "
            "mots. Laissez une ligne vide entre deux paragraphes."
        ) % {"minimum": STORY_MIN_LENGTH}

    def clean(self):
        cleaned = super().clean()
        self.clean_period(cleaned)
        cleaned["photos"] = self.clean_photos()
        cleaned["video"] = self.clean_video()
        self.check_media_budget(cleaned)
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

    def check_media_budget(self, cleaned):
        """Photos and videos only while the disk set aside for them has room; the text is
        always welcome."""
        incoming = sum(len(photo.content) for photo, _caption in cleaned["photos"])
        if cleaned["video"]:
            incoming += cleaned["video"][0].size
        if incoming and not media_budget.has_room_for(incoming):
            self.to_stage = {}
            self.add_error(
                None,
                _(
                    "Nous ne pouvons plus recevoir de photos ni de vidéos pour le moment : "
                    "retirez-les et envoyez votre histoire seule, votre texte est conservé "
                    "ci-dessous. L’équipe pourra vous demander vos photos plus tard."
                ),
            )
            cleaned["photos"], cleaned["video"] = [], None

    def clean_period(self, cleaned):
        start, end = cleaned.get("year_start"), cleaned.get("year_end")
        if start and end and end < start:
            self.add_error("year_end", _("La fin de la période ne peut pas précéder son début."))

    def clean_photos(self):
        """Each photo chosen now, else the one kept from an earlier send (unless removed)."""
        photos = []
        for number in photo_numbers():
            name = f"photo_{number}"
            caption = self.cleaned_data.get(f"caption_{number}", "")
            upload = self.cleaned_data.get(name)
            kept = self.kept_file(name, "photo", replaced=bool(upload))
            if upload:
                try:
                    photo = clean_photo(upload)
                except ValidationError as error:
                    self.add_error(name, error)
                    continue
                self.to_stage[name] = ("photo", photo, upload.name)
            elif kept:
                photo = kept.photo()
            else:
                continue
            photos.append((photo, caption))
        return photos

    def clean_video(self):
        """(the upload, what the probe read) or None; every refusal says what to do. A
        video kept from an earlier send is used when no other is chosen."""
        if "video_file" in self.oversized_uploads:
            self.add_error("video_file", too_big(self.oversized_uploads["video_file"]))
            return None
        upload = self.cleaned_data.get("video_file")
        kept = self.kept_file("video_file", "video", replaced=bool(upload))
        if not upload:
            return kept.video() if kept else None
        try:
            video = upload, validate_uploaded_video(upload)
        except ValidationError as error:
            self.add_error("video_file", error)
            return None
        self.to_stage["video_file"] = ("video", video, upload.name)
        return video

    def kept_file(self, name, kind, replaced):
        """The file kept for field ``name`` from an earlier send, if still wanted: a new
        file chosen, or the box "remove" ticked, discards it."""
        reference_field, remove_field = staged_names(name)
        kept = staging.load(self.data.get(reference_field), kind)
        if kept is None:
            return None
        if replaced or self.cleaned_data.get(remove_field):
            kept.discard()
            return None
        self.staged[name] = kept
        return kept

    def full_clean(self):
        """When the form comes back with an error, the files that passed their checks are
        kept and the form carries their references."""
        super().full_clean()
        if self.is_bound and self._errors:
            self.keep_checked_files()

    def keep_checked_files(self):
        data = self.data.copy()
        for name in self.staged_field_names():
            reference_field, remove_field = staged_names(name)
            data[remove_field] = ""
            kept = self.staged.get(name)
            data[reference_field] = kept.reference if kept else ""
        for name, (kind, checked, sent_name) in self.to_stage.items():
            if kind == "photo":
                reference = staging.stage_photo(checked, sent_name)
            else:
                reference = staging.stage_video(*checked, sent_name)
            data[staged_names(name)[0]] = reference
            if reference:
                self.staged[name] = staging.load(reference, kind)
        self.to_stage = {}
        self.data = data

    def discard_staged_files(self):
        """Once the contribution is stored, the kept files it used are deleted."""
        video = self.cleaned_data.get("video")
        if video and "video_file" in self.staged:
            video[0].close()
        for kept in self.staged.values():
            kept.discard()
        self.staged = {}

    def staged_field_names(self):
        return [*(f"photo_{n}" for n in photo_numbers()), "video_file"]

    @property
    def upload_chunk_bytes(self):
        """The size of each part of a resumable video upload: a cut re-sends one part."""
        return settings.VIDEO_UPLOAD_CHUNK_BYTES

    @property
    def has_staged_files(self):
        return bool(self.staged)

    def photo_fields(self):
        return [(self[f"photo_{n}"], self[f"caption_{n}"]) for n in photo_numbers()]

    def photo_rows(self):
        """For the template: each photo field with its caption and what is kept for it."""
        return [
            {
                "photo": self[f"photo_{n}"],
                "caption": self[f"caption_{n}"],
                "staged": self.staged.get(f"photo_{n}"),
                "reference": self[f"staged_photo_{n}"],
                "remove": self[f"remove_photo_{n}"],
            }
            for n in photo_numbers()
        ]


def staged_names(name):
    """(hidden reference field, remove box) for a file field: photo_1 → staged_photo_1."""
    base = "video" if name == "video_file" else name
    return f"staged_{base}", f"remove_{base}"


def clean_photo_fields(form, numbers):
    """(re-encoded photo, caption) for each photo_N field filled; a refused file gets its
    message on its own field. Shared by the contribution and the revision forms."""
    photos = []
    for number in numbers:
        upload = form.cleaned_data.get(f"photo_{number}")
        if not upload:
            continue
        try:
            photo = clean_photo(upload)
        except ValidationError as error:
            form.add_error(f"photo_{number}", error)
            continue
        photos.append((photo, form.cleaned_data.get(f"caption_{number}", "")))
    return photos


def photo_numbers():
    return range(1, settings.CONTRIBUTION_MAX_PHOTOS + 1)


def photo_field(number):
    return forms.FileField(
        label=_("Photo %(number)s") % {"number": number},
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
        error_messages=file_messages(),
    )


def caption_field(number):
    return forms.CharField(
        label=_("Légende de la photo %(number)s") % {"number": number},
        help_text=_("Qui, où, quand ? Elle sera affichée sous la photo."),
        max_length=300,
        required=False,
        validators=[single_line],
        error_messages=messages(
            max_length=_("Une légende tient en %(limit_value)d caractères au plus.")
        ),
    )


def year_between(first, last):
    def validate(value):
        if value is not None and not first <= value <= last:
            raise ValidationError(
                _("Choisissez une année entre %(first)s et %(last)s."),
                params={"first": first, "last": last},
                code="year_range",
            )

    return validate
