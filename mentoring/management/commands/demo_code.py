import time

from allauth.mfa import app_settings
from django.core.management.base import BaseCommand

from mentoring.management.commands.seed_demo import COORDINATOR, DEMO_TOTP_SECRET
from profiles.mfa import totp_code


class Command(BaseCommand):
    help = "Print the demo coordinator's two-factor code now (the code an authenticator app with the demo key shows)."

    def handle(self, *args, **options):
        now = time.time()
        left = app_settings.TOTP_PERIOD - int(now) % app_settings.TOTP_PERIOD
        self.stdout.write(
            f"Two-factor code for {COORDINATOR[0]}: {totp_code(DEMO_TOTP_SECRET, at=now)} "
            f"(good for {left} more second{'s' if left != 1 else ''}; a code works once, "
            "run this again for the next one)."
        )
