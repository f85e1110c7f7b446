from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "People and program"

    def ready(self):
        from . import mfa  # noqa: F401  connects the two-factor signals
