from django.db import models


class DashboardFigures(models.Model):
    """The coordinator's dashboard as last computed: its figures, lists and charts, rendered.

    One row (pk 1), rewritten by ``dashboard.figures.figures_refresh``: by the worker soon after
    a change and every minute from beat, or by the dashboard itself when the row is missing,
    older than ``figures.MAX_AGE`` or computed before the latest change. ``token`` is the change
    it was computed after (see ``figures.figures_changed``).
    """

    computed_at = models.DateTimeField()
    read_from = models.DateTimeField(null=True)  # when the computation began reading: changes before it are in
    token = models.CharField(max_length=64, blank=True)
    parts = models.JSONField(default=dict)  # {"cards": html, "hours": html, "risk": html, "charts": html}

    class Meta:
        verbose_name = "dashboard figures"
        verbose_name_plural = "dashboard figures"

    def __str__(self):
        return f"Dashboard figures computed at {self.computed_at:%Y-%m-%d %H:%M}"
