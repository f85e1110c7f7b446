from django.apps import AppConfig


class MatchesConfig(AppConfig):
    name = "matches"
    verbose_name = "Matching and partnerships"

    def ready(self):
        from . import pool

        pool.connect()
