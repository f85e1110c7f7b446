from django.urls import path

import core.ids  # noqa: F401  registers the <id:...> converter

from . import views

app_name = "matches"

urlpatterns = [
    path("coordinator/matching/", views.workspace, name="workspace"),
    path("coordinator/matching/propose/", views.propose_bulk, name="propose_bulk"),
    path("coordinator/matching/proposals/<id:pk>/", views.proposal, name="proposal"),
    path("coordinator/matching/publish/", views.publish_all, name="publish_all"),
    path("coordinator/matching/mentee/<id:mentee_pk>/", views.suggestions, name="suggestions"),
    path("coordinator/matching/mentee/<id:mentee_pk>/not-again/", views.not_again, name="not_again"),
    path("coordinator/matches/<id:pk>/publish/", views.publish, name="publish"),
    path("coordinator/matches/<id:pk>/drop/", views.drop, name="drop"),
    path("matches/<id:pk>/", views.detail, name="detail"),
]
