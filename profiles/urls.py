from django.urls import path

import core.ids  # noqa: F401  registers the <id:...> converter

from . import views

app_name = "profiles"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("account/names/", views.names, name="names"),
    path("apply/<str:role>/", views.apply_role, name="apply_role"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("coordinator/applications/", views.review_list, name="review_list"),
    path("coordinator/applications/<id:pk>/", views.review_detail, name="review_detail"),
    path("coordinator/invite/", views.invite, name="invite"),
    path("coordinator/invite/<id:pk>/send-again/", views.invitation_resend, name="invitation_resend"),
    path("coordinator/invite/<id:pk>/withdraw/", views.invitation_withdraw, name="invitation_withdraw"),
    path("coordinator/applications/approve/", views.review_approve, name="review_approve"),
    path("coordinator/settings/", views.program_settings, name="settings"),
]
