"""URLs of the notifications sub-domain; included in measures/urls.py under the "measures" namespace."""

from django.urls import path

from measures.notifications import views

urlpatterns = [
    path("varsler/", views.notification_list, name="notification_list"),
    path(
        "varsler/<int:pk>/send-pa-nytt/",
        views.notification_resend,
        name="notification_resend",
    ),
    path(
        "varsler/mine-valg/",
        views.notification_preferences,
        name="notification_preferences",
    ),
]
