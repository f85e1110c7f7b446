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
        this_month = dates.month_start(timezone.localdate())
        if chosen > this_month:
            # Opening a month closes the ones before it: December's open check-ins would be marked
            # missed before their window ends, and January's e-mails would give December's dates.
            raise CommandError(
                f"{chosen:%B %Y} has not begun; nothing was opened or marked missed. "
                f"A month opens on or after its first day (this month is {this_month:%B %Y})."
            )
        result = checkins_open_month(month=chosen)
        self.stdout.write(
            self.style.SUCCESS(
                f"{chosen:%B %Y}: {result.created} check-ins opened, {result.queued} e-mails queued, "
                f"{result.missed} earlier unanswered check-ins marked missed."
            )
        )
