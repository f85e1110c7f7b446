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


@register(deploy=True)
def client_address_chosen(app_configs, **kwargs):
    """Login rate limits count failures by the client's address. Behind a proxy every request has the
    proxy's address unless allauth is told where the client's is: ten failed logins by anyone would
    then lock out everyone, the coordinator too. Production must say, even if the answer is "no proxy"."""
    if getattr(settings, "CLIENT_IP_CHOSEN", True):
        return []
    return [
        Warning(
            "Neither ALLAUTH_TRUSTED_PROXY_COUNT nor ALLAUTH_TRUSTED_CLIENT_IP_HEADER is set: behind a proxy "
            "every visitor has the proxy's address, and ten failed logins by anyone lock out everyone "
            "(the coordinator too).",
            hint="Set ALLAUTH_TRUSTED_PROXY_COUNT=1 for one proxy that appends to X-Forwarded-For, or "
            "ALLAUTH_TRUSTED_CLIENT_IP_HEADER to the header your proxy sets (e.g. X-Real-IP); "
            "set ALLAUTH_TRUSTED_PROXY_COUNT=0 if no proxy stands in front of the app.",
            id="mentoring.W002",
        )
    ]
