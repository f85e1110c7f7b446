from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

# The records the dashboard's figures are made of (dashboard.figures): a save or delete of any of
# them marks the snapshot out of date.
WATCHED = [
    "profiles.Profile",
    "profiles.ProgramSettings",
    "matches.Match",
    "checkins.CheckIn",
    "checkins.NotebookEntry",
    "checkins.QuietEpisode",
    "checkins.MonthFigures",
    "agreements.Agreement",
    "agreements.Signature",
    "support.Concern",
    "plans.Plan",
    "plans.PlanVersion",
    "plans.Action",
]


def _changed(sender=None, **kwargs):
    from .figures import figures_changed

    figures_changed()


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "Coordinator dashboard"

    def ready(self):
        from django.apps import apps

        from core.changes import figures_changed

        for label in WATCHED:
            model = apps.get_model(label)
            post_save.connect(_changed, sender=model, dispatch_uid=f"dashboard-figures-save-{label}")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"dashboard-figures-delete-{label}")
        figures_changed.connect(_changed, dispatch_uid="dashboard-figures-bulk")
