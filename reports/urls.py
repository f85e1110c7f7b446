from django.urls import path

import core.ids  # noqa: F401  registers the <id:...> converter

from . import views

app_name = "reports"

urlpatterns = [
    path("coordinator/report/", views.report, name="report"),
    path("coordinator/report/pdf/", views.pdf_request, name="pdf"),
    path("coordinator/report/pdf/<id:pk>/", views.pdf_download, name="pdf_download"),
    path("coordinator/report/figures.csv", views.report_csv, name="csv"),
]
