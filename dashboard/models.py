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


class GroupMessage(models.Model):
    """A message the coordinator wrote to a group of people (N2): what, to which group, by whom, when.

    Each recipient's e-mail is an outbox row keyed ``dashboard.message:<pk>:<user pk>``, which is what the
    "sent messages" page counts as delivered, failed or waiting. ``token`` is the preview's: the send
    button carries it, so a second click finds the message written and sends nothing again.
    """

    token = models.UUIDField(unique=True, editable=False)
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=20000, help_text="Markdown.")
    group = models.CharField(max_length=20)
    group_label = models.CharField(max_length=300, help_text="Who it went to, in words, as the coordinator chose.")
    params = models.JSONField(default=dict, blank=True, help_text="The group's filter, as chosen.")
    recipients = models.PositiveIntegerField(default=0)
    # How many e-mails were written to the outbox for it (its rows keyed ``key_prefix``, never deleted), so that
    # those delivered are counted from the few not sent; None for a message written before this was kept.
    emails = models.PositiveIntegerField(null=True, editable=False)
    sent_by = models.ForeignKey("profiles.User", on_delete=models.PROTECT, related_name="group_messages_sent")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject

    @property
    def key_prefix(self) -> str:
        return f"dashboard.message:{self.pk}:"
