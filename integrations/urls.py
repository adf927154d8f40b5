from django.urls import path

from integrations import views

app_name = "integrations"

urlpatterns = [
    path("", views.integrations_page, name="page"),
    path("nokler/ny/", views.token_create, name="token_create"),
    path("nokler/<int:pk>/trekk-tilbake/", views.token_revoke, name="token_revoke"),
    path("kalender/ny-adresse/", views.calendar_regenerate, name="calendar_regenerate"),
    path("kalender/<str:secret>.ics", views.calendar_feed, name="calendar_feed"),
    path("arkiv/rapport/<int:pk>/", views.archive_report, name="archive_report"),
    path("arkiv/plan/<slug:slug>/", views.archive_plan, name="archive_plan"),
    path("arkiv/horing/<int:pk>/", views.archive_hearing, name="archive_hearing"),
]
