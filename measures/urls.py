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
    # Implementation plans (pk is the measure's id: one plan per measure).
    path(
        "bestill-gjennomforingsplan/<slug:slug>/",
        views.implementation_plan_order,
        name="implementation_plan_order",
    ),
    path(
        "<int:pk>/gjennomforingsplan/",
        views.implementation_plan_detail,
        name="implementation_plan",
    ),
    path(
        "<int:pk>/gjennomforingsplan/rediger/",
        views.implementation_plan_edit,
        name="implementation_plan_edit",
    ),
    path(
        "<int:pk>/gjennomforingsplan/lever/",
        views.implementation_plan_submit,
        name="implementation_plan_submit",
    ),
    path(
        "<int:pk>/gjennomforingsplan/behandle/",
        views.implementation_plan_review,
        name="implementation_plan_review",
    ),
    path(
        "<int:pk>/gjennomforingsplan/versjoner/",
        views.implementation_plan_versions,
        name="implementation_plan_versions",
    ),
    path(
        "<int:pk>/gjennomforingsplan/versjoner/<int:number>/",
        views.implementation_plan_diff,
        name="implementation_plan_diff",
    ),
    # Reporting rounds.
    path("runder/", views.round_list, name="round_list"),
    path("runder/ny/<slug:slug>/", views.round_open, name="round_open"),
    path("runder/<int:pk>/", views.round_detail, name="round_detail"),
    path("runder/<int:pk>/lukk/", views.round_close, name="round_close"),
    path(
        "runder/<int:round_pk>/tiltak/<int:pk>/status/",
        views.status_update,
        name="status_update",
    ),
    # Mine tiltak.
    path("mine/", views.my_measures, name="my_measures"),
    path("<int:pk>/deleger-rapportering/", views.measure_delegate, name="measure_delegate"),
    # Council reports.
    path("rapporter/", views.council_report_list, name="council_report_list"),
    path("rapporter/ny/<slug:slug>/", views.council_report_request, name="council_report_request"),
    path("rapporter/<int:pk>/", views.council_report_detail, name="council_report_detail"),
    path("rapporter/<int:pk>/status/", views.council_report_status, name="council_report_status"),
    path("rapporter/<int:pk>/pdf/", views.council_report_download, name="council_report_download"),
    path(
        "rapporter/<int:pk>/publiser/", views.council_report_publish, name="council_report_publish"
    ),
    path(
        "rapporter/<int:pk>/lag-pa-nytt/", views.council_report_retry, name="council_report_retry"
    ),
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
