from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("matches/<int:match_pk>/agreements/", views.for_match, name="for_match"),
    path("agreements/<int:pk>/", views.detail, name="detail"),
    path("agreements/<int:pk>/terms/", views.terms, name="terms"),
    path("agreements/<int:pk>/sign/", views.sign, name="sign"),
    path("agreements/<int:pk>/pdf/", views.download, name="pdf"),
    path("coordinator/agreements/", views.texts, name="texts"),
]
