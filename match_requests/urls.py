from django.urls import path

import core.ids  # noqa: F401  registers the <id:...> converter

from . import views

app_name = "requests"

urlpatterns = [
    path("mentors/choose/", views.choose, name="choose"),
    path("mentors/<id:mentor_pk>/", views.card, name="card"),
    path("mentors/<id:mentor_pk>/photo/", views.photo, name="photo"),
    path("my-card/", views.my_card, name="my_card"),
    path("requests/<id:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/to-answer/", views.incoming, name="incoming"),
    path("requests/answer/<id:pk>/", views.answer, name="answer"),
    path("requests/answer/<id:pk>/<str:token>/", views.answer_by_link, name="answer_by_link"),
    path("coordinator/requests/", views.coordinator, name="coordinator"),
    path("coordinator/requests/answer/<id:pk>/", views.answer_for, name="answer_for"),
    path("coordinator/requests/<id:pk>/match-by-hand/", views.match_by_hand, name="match_by_hand"),
]
