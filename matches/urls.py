from django.urls import path

from . import views

app_name = "matches"

urlpatterns = [
    path("coordinator/matching/", views.workspace, name="workspace"),
    path("coordinator/matching/propose/", views.propose_bulk, name="propose_bulk"),
    path("coordinator/matching/proposals/<int:pk>/", views.proposal, name="proposal"),
    path("coordinator/matching/publish/", views.publish_all, name="publish_all"),
    path("coordinator/matching/mentee/<int:mentee_pk>/", views.suggestions, name="suggestions"),
    path("coordinator/matches/<int:pk>/publish/", views.publish, name="publish"),
    path("coordinator/matches/<int:pk>/drop/", views.drop, name="drop"),
    path("matches/<int:pk>/", views.detail, name="detail"),
    path("my-match/", views.mine, name="mine"),
]
