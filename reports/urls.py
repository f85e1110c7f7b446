from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("coordinator/report/", views.report, name="report"),
    path("coordinator/report/report.pdf", views.report_pdf, name="pdf"),
    path("coordinator/report/figures.csv", views.report_csv, name="csv"),
]
