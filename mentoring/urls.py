from allauth import urls as allauth_urls
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from core.ids import with_id_routes
from health.views import health

from . import views

admin.site.site_header = "Mentoring program administration"
admin.site.site_title = "Mentoring admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("contact/", views.contact, name="contact"),
    path("healthz", views.healthz, name="healthz"),
    path("health/", health, name="health"),
    path("favicon.ico", views.favicon),
    path("guide/", views.guide, name="guide"),
    path("guide/<slug:page>/", views.guide, name="guide_page"),
    path("my-match/", views.my_match, name="my_match"),
    path("account/", views.account, name="account"),
    # A site-wide address for the mentee's own plan, for e-mails sent from apps below plans.
    path("my-plan/", RedirectView.as_view(pattern_name="plans:mine"), name="my_plan"),
    path("accounts/", include(with_id_routes(allauth_urls.urlpatterns))),
    path("admin/", admin.site.urls),
    path("", include("notifications.urls")),
    path("", include("profiles.urls")),
    path("", include("matches.urls")),
    path("", include("checkins.urls")),
    path("", include("meetings.urls")),
    path("", include("agreements.urls")),
    path("", include("plans.urls")),
    path("", include("support.urls")),
    path("", include("match_requests.urls")),
    path("", include("endings.urls")),
    path("", include("dashboard.urls")),
    path("", include("reports.urls")),
    path("", include("privacy.urls")),
]
