from getpass import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from profiles.services import coordinator_create


class Command(BaseCommand):
    help = "Make a person a program coordinator, creating their account if needed."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="Full name (for a new account).")
        parser.add_argument(
            "--password",
            action="store_true",
            help="Ask for a password. Without it, the coordinator logs in with a code sent by e-mail.",
        )

    def handle(self, *args, email, name, password, **options):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"“{email}” is not a valid e-mail address.") from exc
        secret = None
        if password:
            secret = getpass("Password: ")
            if secret != getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        user, created = coordinator_create(email=email, name=name, password=secret)
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} coordinator {user.name} <{user.email}>."))
        if not user.has_usable_password():
            self.stdout.write("They log in with a one-time code sent to that address.")
        self.stdout.write(
            "Coordinators need two-factor authentication: at their first login they are asked to set up an "
            "authenticator app (and keep the recovery codes it gives them) before any coordinator page opens."
        )
