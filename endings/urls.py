from django.urls import path

import core.ids  # noqa: F401  registers the <id:...> converter

from . import views

app_name = "endings"

urlpatterns = [
    path("matches/<id:pk>/close/", views.close, name="close"),
    path("matches/<id:pk>/closed/", views.closed, name="closed"),
    path("matches/<id:pk>/closed/plan/", views.plan_archive, name="plan_archive"),
    path("matches/<id:match_pk>/thanks/", views.thank, name="thank"),
    path("matches/<id:match_pk>/nominate/", views.nominate, name="nominate"),
    path("surveys/<id:pk>/", views.survey, name="survey"),
    path("surveys/<id:pk>/<str:token>/", views.survey_by_link, name="survey_by_link"),
    path("my-match/new-mentor/", views.ask_for_mentor, name="ask_for_mentor"),
    path("my-match/availability/", views.availability, name="availability"),
    path("thanks/", views.thanks_received, name="thanks_received"),
    path("coordinator/matches/<id:pk>/back-to-pool/", views.put_back, name="put_back"),
    path("coordinator/surveys/", views.surveys, name="surveys"),
    path("coordinator/surveys.csv", views.surveys_csv, name="surveys_csv"),
    path("coordinator/nominations/", views.nominations, name="nominations"),
    path("coordinator/nominations.csv", views.nominations_csv, name="nominations_csv"),
]
