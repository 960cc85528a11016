from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from modelcluster.fields import ParentalKey

from stories.choices import Network


class ShareCount(models.Model):
    """How many times a page was shared to a network on a day. No cookie, no IP, no user."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    network = models.CharField(max_length=20, choices=Network.choices)
    day = models.DateField(default=timezone.localdate)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("partages")
        verbose_name_plural = _("partages")
        constraints = [
            models.UniqueConstraint(fields=["page", "network", "day"], name="one_count_per_day")
        ]

    def __str__(self):
        return f"{self.page_id} {self.network} {self.day}: {self.count}"

    @classmethod
    def add_one(cls, page, network):
        today = timezone.localdate()
        updated = cls.objects.filter(page=page, network=network, day=today).update(
            count=F("count") + 1
        )
        if not updated:
            counter, created = cls.objects.get_or_create(
                page=page, network=network, day=today, defaults={"count": 1}
            )
            if not created:
                cls.objects.filter(pk=counter.pk).update(count=F("count") + 1)


class ShareMessage(Orderable):
    """A message prepared by the editors, ready to post with the page's link ("prêt-à-tweeter").

    Its length is checked when the page is saved (see ``ShareablePageForm``): the rules need
    the site's hashtag, which a message alone does not know.
    """

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="share_messages")
    text = models.TextField(
        verbose_name=_("message"),
        max_length=1000,
        help_text=_(
            "Un message prêt à publier, écrit comme vous le posteriez. Le lien de la page est "
            "ajouté à la publication et le hashtag du centenaire aussi s’il manque : les deux "
            "comptent dans les 280 caractères de X (un lien compte pour 23)."
        ),
    )
    created_at = models.DateTimeField(verbose_name=_("créé le"), default=timezone.now)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("message prêt à publier")
        verbose_name_plural = _("messages prêts à publier")
        indexes = [models.Index(fields=["-created_at"], name="share_message_newest")]

    def __str__(self):
        return self.text[:60]
