from django.urls import path

import core.ids  # noqa: F401  registers the <id:...> converter

from . import views

app_name = "checkins"

urlpatterns = [
    path("checkins/<id:pk>/", views.answer, name="answer"),
    path("checkins/<id:pk>/<str:token>/", views.answer_by_link, name="answer_by_link"),
    path("matches/<id:match_pk>/notebook/", views.notebook, name="notebook"),
    path("notebook/<id:pk>/", views.notebook_edit, name="notebook_edit"),
    path("notebook/<id:pk>/remove/", views.notebook_remove, name="notebook_remove"),
    path("coordinator/checkins/", views.coordinator, name="coordinator"),
    path("coordinator/checkins/open/", views.open_month, name="open_month"),
]
