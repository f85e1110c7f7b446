from django.urls import path

import core.ids  # noqa: F401  registers the <id:...> converter

from . import views

app_name = "meetings"

urlpatterns = [
    path("matches/<id:match_pk>/meetings/", views.for_match, name="for_match"),
    path("meetings/<id:pk>/accept/", views.accept, name="accept"),
    path("meetings/<id:pk>/decline/", views.decline, name="decline"),
    path("meetings/<id:pk>/change/", views.change, name="change"),
    path("meetings/<id:pk>/cancel/", views.cancel, name="cancel"),
    path("meetings/<id:pk>/held/", views.held, name="held"),
    path("meetings/<id:pk>/missed/", views.missed, name="missed"),
    path("meetings/<id:pk>/meeting.ics", views.invitation, name="invitation"),
    path("account/calendar/", views.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
