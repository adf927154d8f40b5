from django.urls import path

from measures import notification_views, views

app_name = "measures"

urlpatterns = [
    path("<int:pk>/", views.measure_detail, name="measure_detail"),
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
