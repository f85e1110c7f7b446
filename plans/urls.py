from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("plan/", views.mine, name="mine"),
    path("plan/new/", views.create, name="create"),
    path("plans/<int:pk>/", views.detail, name="detail"),
    path("plans/<int:pk>/edit/", views.edit, name="edit"),
    path("plans/<int:pk>/actions/<int:goal>/<int:action>/status/", views.action_status, name="action_status"),
    path("plans/<int:pk>/checkpoints/<int:position>/held/", views.checkpoint_held, name="checkpoint_held"),
    path("plans/<int:pk>/versions/", views.versions, name="versions"),
    path("plans/<int:pk>/versions/<int:number>/", views.version, name="version"),
    path("plans/<int:pk>/changes/", views.diff, name="diff"),
    path("plans/<int:pk>/comments/", views.comments, name="comments"),
    path("plans/<int:pk>/pdf/", views.pdf, name="pdf"),
    path("coordinator/plans/", views.overview, name="overview"),
]
