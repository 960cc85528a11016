"""Counters of the contribution form's rate limits, kept in the database: an UPDATE of one
row is atomic on SQLite and PostgreSQL alike, whatever cache the site runs with (the file
cache has no atomic increment). A counter is named by a salted hash, never by an address."""

from django.db import models


class RateCount(models.Model):
    key = models.CharField(max_length=64)
    window = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="one_count_per_key_and_window")
        ]
        indexes = [models.Index(fields=["window"])]

    def __str__(self):
        return f"{self.key[:8]}… {self.window:%Y-%m-%d %H:%M}: {self.count}"
