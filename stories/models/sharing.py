from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Network(models.TextChoices):
    X = "x", "X"
    LINKEDIN = "linkedin", "LinkedIn"
    FACEBOOK = "facebook", "Facebook"
    WHATSAPP = "whatsapp", "WhatsApp"
    EMAIL = "email", _("E-mail")


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
