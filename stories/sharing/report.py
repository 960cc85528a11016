"""The admin report of share clicks: per page and network, over the last 30 days."""

from datetime import timedelta

from django.db.models import F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from stories.models import Network, ShareCount

DAYS = 30


def first_day():
    return timezone.localdate() - timedelta(days=DAYS - 1)


def shares_to(network, since):
    clicks = (
        ShareCount.objects.filter(page=OuterRef("pk"), network=network, day__gte=since)
        .values("page")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return Coalesce(Subquery(clicks, output_field=IntegerField()), Value(0))


class ShareReportView(ReportView):
    page_title = _("Partages des 30 derniers jours")
    header_icon = "link"
    index_url_name = "share_report"
    index_results_url_name = "share_report_results"
    any_permission_required = ["add", "change", "publish"]
    export_headings = {
        "title": _("Page"),
        **{f"shares_{network.value}": network.label for network in Network},
        "shares_total": _("Total"),
    }
    list_export = list(export_headings)

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Page)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Page"),
                get_url=lambda page: reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            ),
            *(Column(f"shares_{network.value}", label=network.label) for network in Network),
            Column("shares_total", label=_("Total")),
        ]

    def get_queryset(self):
        """Pages shared at least once in the period, the most shared first."""
        since = first_day()
        shared = ShareCount.objects.filter(day__gte=since).values("page")
        pages = Page.objects.filter(pk__in=shared).annotate(
            **{f"shares_{network.value}": shares_to(network, since) for network in Network}
        )
        total = sum((F(f"shares_{network.value}") for network in Network), start=Value(0))
        return pages.annotate(shares_total=total).order_by("-shares_total", "title")

    def get_filename(self):
        return f"partages-{timezone.localdate().isoformat()}"


def report_urls():
    return [
        path("partages/", ShareReportView.as_view(), name="share_report"),
        path(
            "partages/resultats/",
            ShareReportView.as_view(results_only=True),
            name="share_report_results",
        ),
    ]


class ShareReportMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


def report_menu_item():
    return ShareReportMenuItem(
        _("Partages"), reverse("share_report"), name="shares", icon_name="link", order=750
    )
