from django.urls import path

import core.ids  # noqa: F401  registers the <id:...> converter

from . import views

app_name = "agreements"

urlpatterns = [
    path("matches/<id:match_pk>/agreements/", views.for_match, name="for_match"),
    path("matches/<id:match_pk>/agreements/<str:kind>/", views.detail, name="detail"),
    path("matches/<id:match_pk>/agreements/<str:kind>/terms/", views.terms, name="terms"),
    path("matches/<id:match_pk>/agreements/<str:kind>/sign/", views.sign, name="sign"),
    path("matches/<id:match_pk>/agreements/<str:kind>/pdf/", views.download, name="pdf"),
    path("coordinator/agreements/", views.texts, name="texts"),
    path("coordinator/agreements/<str:kind>/<id:version>/", views.text_version, name="text_version"),
]
