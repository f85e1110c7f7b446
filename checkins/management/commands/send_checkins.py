from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from checkins import dates
from checkins.services import checkins_open_month


class Command(BaseCommand):
    help = "Open a month's check-ins for every active match and send the e-mails (nothing is sent twice)."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM; this month by default.")

    def handle(self, *args, month=None, **options):
        if month:
            chosen = dates.parse_month(month)
            if chosen is None:
                raise CommandError(f"“{month}” is not a month; use YYYY-MM, e.g. 2026-11.")
        else:
            chosen = dates.month_start(timezone.localdate())
        result = checkins_open_month(month=chosen)
        self.stdout.write(
            self.style.SUCCESS(
                f"{chosen:%B %Y}: {result.created} check-ins opened, {result.queued} e-mails queued, "
                f"{result.missed} earlier unanswered check-ins marked missed."
            )
        )
