"""The story list's filters: combinable, kept in the URL so a filtered view can be shared."""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

from stories.cache import cached
from stories.choices import ContributorRelation, StoryKind

# Publication times are unique in practice (one publication at a time), and ordering on the
# indexed column alone lets the database read the newest rows first instead of sorting all.
SORTS = {
    "recentes": ("-first_published_at",),
    "chronologique": ("year_start", "pk"),
}


def themes_in_use():
    """(slug, name) of themes carried by at least one live story, for the theme filter."""
    return cached(
        "themes-in-use",
        lambda: list(
            Tag.objects.filter(stories_storypagetag_items__content_object__live=True)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        ),
    )


class StoryFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Thème"), required=False)
    decade = forms.TypedChoiceField(
        label=_("Décennie"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label=_("Genre"), required=False, choices=[("", _("Tous les genres")), *StoryKind.choices]
    )
    relation = forms.ChoiceField(
        label=_("Raconté par"),
        required=False,
        choices=[("", _("Tout le monde")), *ContributorRelation.choices],
    )
    sort = forms.ChoiceField(
        label=_("Ordre"),
        required=False,
        choices=[
            ("recentes", _("Les plus récentes")),
            ("chronologique", _("Dans l’ordre du siècle")),
        ],
    )

    def __init__(self, *args, decades, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [
            ("", _("Tous les thèmes")),
            *themes_in_use(),
        ]
        self.fields["decade"].choices = [
            ("", _("Toutes les décennies")),
            *((decade, _("Années %(decade)s") % {"decade": decade}) for decade in decades),
        ]

    def selected(self):
        """The valid, non-empty filters; an invalid value in the URL is simply ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def filter(self, stories):
        chosen = self.selected()
        if "theme" in chosen:
            stories = stories.with_theme(chosen["theme"])
        if "decade" in chosen:
            stories = stories.in_decade(chosen["decade"])
        if "kind" in chosen:
            stories = stories.of_kind(chosen["kind"])
        if "relation" in chosen:
            stories = stories.told_by(chosen["relation"])
        return stories.order_by(*SORTS[chosen.get("sort") or "recentes"]).for_cards()

    def query_string(self):
        """The active filters as a query string, for pagination links."""
        return urlencode(self.selected())

    def active_filters(self):
        """Labels of the active filters, each with the URL that removes it."""
        chosen = self.selected()
        chosen.pop("sort", None)
        labels = []
        for name, value in chosen.items():
            rest = {key: val for key, val in self.selected().items() if key != name}
            label = dict(self.fields[name].choices).get(value, value)
            labels.append((self.fields[name].label, label, urlencode(rest)))
        return labels
