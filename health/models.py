from django.db import models


class Heartbeat(models.Model):
    """The last time a scheduled job proved the scheduler (celery beat) and a worker are alive.

    One row per name; the daily beat job rewrites ``beat_at``. The first migration writes the row
    with the time of installation, so a new installation has a day's grace before a missing
    scheduler shows as unhealthy.
    """

    name = models.CharField(max_length=40, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M}"
