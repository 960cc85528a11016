"""A period of the century: one year, or a range of years."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def period_label(start, end=None):
    if end and end != start:
        return f"{start}–{end}"
    return str(start)


def check_period(start, end, *, end_field):
    """Refuse a range that ends before it starts, on the field the editor must fix."""
    if start is not None and end is not None and end < start:
        raise ValidationError(
            {end_field: _("La fin de la période ne peut pas précéder son début.")}
        )
