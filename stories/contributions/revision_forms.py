"""The form a contributor uses to revise their story after a request for changes."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stories.contributions.forms import (
    STORY_MAX_LENGTH,
    STORY_MIN_LENGTH,
    clean_photo_fields,
    no_control_characters,
    single_line,
)
from stories.contributions.images import PHOTO_ACCEPT
from stories.contributions.revisions import photo_room

TITLE_MIN_LENGTH = 5


class RevisionForm(forms.Form):
    title = forms.CharField(
        label=_("Le titre de votre histoire"),
        min_length=TITLE_MIN_LENGTH,
        max_length=150,
        validators=[single_line],
        error_messages={
            "required": _("Donnez un titre à votre histoire."),
            "min_length": _("Le titre doit compter au moins %(limit_value)d caractères."),
            "max_length": _("Le titre doit tenir en %(limit_value)d caractères au plus."),
        },
    )
    story = forms.CharField(
        label=_("Votre histoire"),
        help_text=_(
            "Au moins %(minimum)d caractères. Laissez une ligne vide entre deux paragraphes."
        )
        % {"minimum": STORY_MIN_LENGTH},
        min_length=STORY_MIN_LENGTH,
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        validators=[no_control_characters],
        error_messages={
            "required": _("Écrivez votre histoire."),
            "min_length": _("Votre histoire doit compter au moins %(limit_value)d caractères."),
            "max_length": _("Votre histoire doit tenir en %(limit_value)d caractères au plus."),
        },
    )
    keep = forms.MultipleChoiceField(
        label=_("Vos photos"),
        help_text=_("Décochez une photo pour la retirer ; elle sera supprimée."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_people = forms.BooleanField(
        label=_(
            "Les personnes reconnaissables sur mes nouvelles photos sont d’accord pour y figurer."
        ),
        required=False,
    )

    def __init__(self, *args, images, **kwargs):
        super().__init__(*args, **kwargs)
        self.images = list(images)
        self.fields["keep"].choices = [(str(image.pk), image.title) for image in self.images]
        self.fields["keep"].initial = [str(image.pk) for image in self.images]
        for number in self.new_photo_numbers():
            self.fields[f"photo_{number}"] = forms.FileField(
                label=_("Nouvelle photo %(number)s") % {"number": number},
                required=False,
                # The same formats as the contribution form, iPhones' HEIC included.
                widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
            )
            self.fields[f"caption_{number}"] = forms.CharField(
                label=_("Légende de la nouvelle photo %(number)s") % {"number": number},
                help_text=_("Qui, où, quand ?"),
                max_length=300,
                required=False,
                validators=[single_line],
            )

    def new_photo_numbers(self):
        """As many new photos as there is room for beside the ones sent (at least one slot:
        unticking a photo makes room for its replacement)."""
        return range(1, max(photo_room(len(self.images)), 1) + 1)

    def clean(self):
        cleaned = super().clean()
        kept_ids = set(cleaned.get("keep", []))
        cleaned["kept_images"] = [image for image in self.images if str(image.pk) in kept_ids]
        cleaned["new_photos"] = self.clean_new_photos()
        room = photo_room(len(cleaned["kept_images"]))
        if len(cleaned["new_photos"]) > room:
            raise ValidationError(
                _(
                    "Vous pouvez garder ou ajouter %(count)d photos en tout : retirez-en "
                    "quelques-unes."
                ),
                params={"count": photo_room(0)},
                code="too_many_photos",
            )
        if cleaned["new_photos"] and not cleaned.get("consent_people"):
            self.add_error(
                "consent_people",
                _(
                    "Vous ajoutez une photo : confirmez que les personnes reconnaissables sont "
                    "d’accord."
                ),
            )
        return cleaned

    def clean_new_photos(self):
        return clean_photo_fields(self, self.new_photo_numbers())

    def photo_rows(self):
        """For the template (components/photo_slots.html, shared with the contribution
        form): each new photo field with its caption."""
        return [
            {"photo": self[f"photo_{n}"], "caption": self[f"caption_{n}"]}
            for n in self.new_photo_numbers()
        ]
