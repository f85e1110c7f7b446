from django.urls import path

import core.ids  # noqa: F401  registers the <id:...> converter

from . import views

app_name = "plans"

urlpatterns = [
    path("plan/", views.mine, name="mine"),
    path("plan/new/", views.create, name="create"),
    path("plan/continue/", views.carry, name="carry"),
    path("plans/<id:pk>/", views.detail, name="detail"),
    path("plans/<id:pk>/edit/", views.edit, name="edit"),
    path("plans/<id:pk>/actions/<id:goal>/<id:action>/status/", views.action_status, name="action_status"),
    path("plans/<id:pk>/checkpoints/<id:position>/held/", views.checkpoint_held, name="checkpoint_held"),
    path("plans/<id:pk>/versions/", views.versions, name="versions"),
    path("plans/<id:pk>/versions/<id:number>/", views.version, name="version"),
    path("plans/<id:pk>/changes/", views.diff, name="diff"),
    path("plans/<id:pk>/comments/", views.comments, name="comments"),
    path("plans/<id:pk>/pdf/", views.pdf, name="pdf"),
    path("coordinator/plans/", views.overview, name="overview"),
]
