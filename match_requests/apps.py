from django.apps import AppConfig


class MatchRequestsConfig(AppConfig):
    name = "match_requests"
    verbose_name = "Mentees' requests"

    def ready(self):
        # The bulk proposal (matches, a floor below) leaves a mentee with an open request to it and counts
        # the place she asked for as taken: it learns of them through this source, never by importing us.
        from matches.selectors import PLACE_HOLDERS

        from .selectors import places_held

        if places_held not in PLACE_HOLDERS:
            PLACE_HOLDERS.append(places_held)
