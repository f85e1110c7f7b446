from django.urls import path

from . import views

app_name = "checkins"

urlpatterns = [
    path("checkins/<int:pk>/", views.answer, name="answer"),
    path("checkins/<int:pk>/<str:token>/", views.answer_by_link, name="answer_by_link"),
    path("matches/<int:match_pk>/notebook/", views.notebook, name="notebook"),
    path("notebook/<int:pk>/", views.notebook_edit, name="notebook_edit"),
    path("notebook/<int:pk>/remove/", views.notebook_remove, name="notebook_remove"),
    path("coordinator/checkins/", views.coordinator, name="coordinator"),
    path("coordinator/checkins/open/", views.open_month, name="open_month"),
]
