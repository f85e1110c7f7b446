from django.urls import path

import core.ids  # noqa: F401  registers the <id:...> converter

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.notice, name="notice"),
    path("privacy/consent/", views.consent, name="consent"),
    path("privacy/download/", views.export, name="export"),
    path("privacy/download/<id:pk>/<str:token>/", views.download, name="download"),
    path("privacy/erase/", views.erase, name="erase"),
    path("privacy/erased/", views.erased, name="erased"),
    path("coordinator/privacy/", views.coordinator, name="coordinator"),
    path("coordinator/privacy/<id:user_pk>/erase/", views.erase_person, name="erase_person"),
    path("coordinator/privacy/<id:user_pk>/data/", views.person_data, name="person_data"),
]
