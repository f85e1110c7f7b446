from django.urls import path

import core.ids  # noqa: F401  registers the <id:...> converter

from . import views

app_name = "support"

urlpatterns = [
    path("concerns/report/", views.report, name="report"),
    path("concerns/report/<str:token>/", views.report_by_link, name="report_by_link"),
    path("concerns/mine/", views.mine, name="mine"),
    path("coordinator/concerns/", views.inbox, name="inbox"),
    path("coordinator/concerns/<id:pk>/", views.detail, name="detail"),
    path("resources/", views.library, name="library"),
    path("coordinator/resources/", views.resources, name="resources"),
    path("coordinator/resources/new/", views.resource_edit, name="resource_add"),
    path("coordinator/resources/<id:pk>/", views.resource_edit, name="resource_edit"),
    path("coordinator/resources/<id:pk>/retire/", views.resource_retire, name="resource_retire"),
]
