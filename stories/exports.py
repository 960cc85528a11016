"""Spreadsheet exports that no spreadsheet can run as formulas (CSV/formula injection).

Every CSV/XLSX export of the admin goes through Wagtail's ``SpreadsheetExportMixin``: the
contributions inbox (wagtail-modeladmin), the share report and Wagtail's own reports (site
history, workflows…), which show titles typed by the public. ``protect_spreadsheet_exports``
(called once when the app is ready) makes that one place safe:

- every CSV cell is quoted, so a ``;`` or ``,`` inside a value never splits it, whatever
  separator the spreadsheet's locale expects;
- a text cell, or any part of it that a spreadsheet could take as a cell of its own (after a
  ``;``, ``,``, tab or line break), that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return (or their full-width and small forms), spaces and double quotes aside,
  gets a ``'`` before that character: spreadsheets show it as text.

CSV files also start with a UTF-8 byte order mark and say ``charset=utf-8``: without the mark,
Excel set up in French reads a CSV as Windows-1252 and turns « Hélène » into « HÃ©lÃ¨ne ».
"""

import csv
import functools
import re

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = "=+-@\t\r＝＋－＠﹦﹢﹣﹫"
SEPARATORS = ";,\t\r\n"
# What a spreadsheet may skip before reading a formula: Unicode and zero-width spaces, and
# the double quotes a reader that misplaces the cells' quoting leaves in place.
BLANK = r"[^\S\t\r\n]|[\u200b-\u200f\u2060\ufeff\"]"
DANGER = re.compile(
    rf"(^|[{re.escape(SEPARATORS)}])((?:{BLANK})*)(?=[{re.escape(FORMULA_STARTS)}])"
)


def neutralise(value):
    """``value`` with a ``'`` before anything a spreadsheet would run; other types as is."""
    if not isinstance(value, str):
        return value
    return DANGER.sub(r"\1\2'", value)


class QuotedEcho:
    """A file-like object whose write returns the line (Wagtail streams CSV this way)."""

    def write(self, value):
        return value


BYTE_ORDER_MARK = "\ufeff"


def stream_csv(self, queryset):
    """Wagtail's ``stream_csv`` with every cell quoted and the headings neutralised too, after
    the byte order mark that tells Excel the file is UTF-8."""
    writer = csv.DictWriter(QuotedEcho(), fieldnames=self.list_export, quoting=csv.QUOTE_ALL)
    headings = {field: self.get_heading(queryset, field) for field in self.list_export}
    yield BYTE_ORDER_MARK + writer.writerow(headings)
    for item in queryset:
        yield self.write_csv_row(writer, self.to_row_dict(item))


def protect_spreadsheet_exports(mixin=SpreadsheetExportMixin):
    """Make every export built on Wagtail's ``SpreadsheetExportMixin`` formula-safe."""
    if getattr(mixin, "formula_safe", False):
        return
    preprocess = mixin.preprocess_field_value
    heading = mixin.get_heading

    @functools.wraps(preprocess)
    def preprocess_field_value(self, field, value, export_format):
        return neutralise(preprocess(self, field, value, export_format))

    @functools.wraps(heading)
    def get_heading(self, queryset, field):
        return neutralise(heading(self, queryset, field))

    mixin.preprocess_field_value = preprocess_field_value
    mixin.get_heading = get_heading
    mixin.stream_csv = stream_csv
    write_csv_response = mixin.write_csv_response

    @functools.wraps(write_csv_response)
    def write_csv_response_in_utf8(self, queryset):
        response = write_csv_response(self, queryset)
        response["Content-Type"] = f"text/csv; charset={response.charset}"
        return response

    mixin.write_csv_response = write_csv_response_in_utf8
    mixin.formula_safe = True
