from django.urls import path

from measures import notification_views, views

app_name = "measures"

urlpatterns = [
    path("", views.measure_list, name="measure_list"),
    path("eksport.<str:fmt>", views.measure_export, name="measure_export"),
    path("oversikt/", views.dashboard, name="dashboard"),
    path("ny/<slug:slug>/", views.measure_create, name="measure_create"),
    path("<int:pk>/", views.measure_detail, name="measure_detail"),
    path("<int:pk>/rediger/", views.measure_edit, name="measure_edit"),
    path("<int:pk>/hovedansvarlig/", views.measure_reassign, name="measure_reassign"),
    path("<int:pk>/kommentarer/", views.comment_add, name="comment_add"),
    path("varsler/", notification_views.notification_list, name="notification_list"),
    path(
        "varsler/<int:pk>/send-pa-nytt/",
        notification_views.notification_resend,
        name="notification_resend",
    ),
    path(
        "varsler/mine-valg/",
        notification_views.notification_preferences,
        name="notification_preferences",
    ),
    path(
        "oppfolging/innstillinger/",
        notification_views.follow_up_settings,
        name="follow_up_settings",
    ),
]
