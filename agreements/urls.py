from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("matches/<int:match_pk>/agreements/", views.for_match, name="for_match"),
    path("matches/<int:match_pk>/agreements/<str:kind>/", views.detail, name="detail"),
    path("matches/<int:match_pk>/agreements/<str:kind>/terms/", views.terms, name="terms"),
    path("matches/<int:match_pk>/agreements/<str:kind>/sign/", views.sign, name="sign"),
    path("matches/<int:match_pk>/agreements/<str:kind>/pdf/", views.download, name="pdf"),
    path("coordinator/agreements/", views.texts, name="texts"),
]
