"""URLs of the reports sub-domain; included in measures/urls.py under the "measures" namespace."""

from django.urls import path

from measures.reports import views

urlpatterns = [
    path("rapporter/", views.council_report_list, name="council_report_list"),
    path("rapporter/ny/<slug:slug>/", views.council_report_request, name="council_report_request"),
    path("rapporter/<int:pk>/", views.council_report_detail, name="council_report_detail"),
    path("rapporter/<int:pk>/status/", views.council_report_status, name="council_report_status"),
    path("rapporter/<int:pk>/pdf/", views.council_report_download, name="council_report_download"),
    path(
        "rapporter/<int:pk>/publiser/", views.council_report_publish, name="council_report_publish"
    ),
    path(
        "rapporter/<int:pk>/trekk-tilbake/",
        views.council_report_withdraw,
        name="council_report_withdraw",
    ),
    path(
        "rapporter/<int:pk>/lag-pa-nytt/", views.council_report_retry, name="council_report_retry"
    ),
]
