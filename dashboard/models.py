from django.db import models


class DashboardFigures(models.Model):
    """The coordinator's dashboard as last computed: its figures, lists and charts, rendered.

    One row (pk 1), written only by ``dashboard.snapshot.snapshot_refresh`` (beat, every minute) and
    read by ``snapshot.figures_for``, which computes the figures live instead when the row is older
    than ``snapshot.MAX_AGE`` or began before the viewer's own last change.
    """

    computed_at = models.DateTimeField()  # when the computation began reading: changes committed before it are in
    parts = models.JSONField(default=dict)  # {"cards": html, "hours": html, "risk": html, "charts": html}

    class Meta:
        verbose_name = "dashboard figures"
        verbose_name_plural = "dashboard figures"

    def __str__(self):
        return f"Dashboard figures computed at {self.computed_at:%Y-%m-%d %H:%M}"
