from django.urls import path

import core.ids  # noqa: F401  registers the <id:...> converter

from . import views

app_name = "dashboard"

urlpatterns = [
    path("coordinator/dashboard/", views.dashboard, name="dashboard"),
    path("coordinator/participants/", views.participants, name="participants"),
    path("coordinator/matches/", views.matches, name="matches"),
    path("coordinator/matches/<id:pk>/", views.match, name="match"),
    path("coordinator/exports/<str:kind>.csv", views.export, name="export"),
    path("coordinator/mentors/<id:user_pk>/statement/", views.mentor_statement, name="mentor_statement"),
    path("hours/statement/", views.my_statement, name="my_statement"),
    path("coordinator/emails/failed/", views.failed_emails, name="failed_emails"),
    path("coordinator/search/", views.search, name="search"),
    path("coordinator/messages/", views.messages_sent, name="messages"),
    path("coordinator/messages/new/", views.message_new, name="message_new"),
]
