"""System checks of the project's own (``manage.py check --deploy`` runs them with Django's)."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def time_zone_chosen(app_configs, **kwargs):
    """The program's days (the check-in day, response windows, reminders) and the times printed on
    signed agreements follow TIME_ZONE; left unset, a program in Alberta gets its check-ins on UTC's
    calendar. Production must choose it, even if the choice is UTC."""
    if getattr(settings, "TIME_ZONE_CHOSEN", True):
        return []
    return [
        Warning(
            "TIME_ZONE is not set: check-in days, dates in e-mails and the times on signed agreements follow UTC.",
            hint="Set TIME_ZONE to the program's time zone, e.g. TIME_ZONE=America/Edmonton "
            "(or TIME_ZONE=UTC if that is meant).",
            id="mentoring.W001",
        )
    ]
