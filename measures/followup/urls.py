"""URLs of the followup sub-domain; included in measures/urls.py under the "measures" namespace."""

from django.urls import path

from measures.followup import implementation_plan_views, settings_views, views

urlpatterns = [
    path("", views.measure_list, name="measure_list"),
    path("eksport.<str:fmt>", views.measure_export, name="measure_export"),
    path("oversikt/", views.dashboard, name="dashboard"),
    path(
        "bestill-gjennomforingsplan/<slug:slug>/",
        implementation_plan_views.implementation_plan_order,
        name="implementation_plan_order",
    ),
    path(
        "<int:pk>/gjennomforingsplan/",
        implementation_plan_views.implementation_plan_detail,
        name="implementation_plan",
    ),
    path(
        "<int:pk>/gjennomforingsplan/rediger/",
        implementation_plan_views.implementation_plan_edit,
        name="implementation_plan_edit",
    ),
    path(
        "<int:pk>/gjennomforingsplan/lever/",
        implementation_plan_views.implementation_plan_submit,
        name="implementation_plan_submit",
    ),
    path(
        "<int:pk>/gjennomforingsplan/behandle/",
        implementation_plan_views.implementation_plan_review,
        name="implementation_plan_review",
    ),
    path(
        "<int:pk>/gjennomforingsplan/versjoner/",
        implementation_plan_views.implementation_plan_versions,
        name="implementation_plan_versions",
    ),
    path(
        "<int:pk>/gjennomforingsplan/versjoner/<int:number>/",
        implementation_plan_views.implementation_plan_diff,
        name="implementation_plan_diff",
    ),
    path("runder/", views.round_list, name="round_list"),
    path("runder/ny/<slug:slug>/", views.round_open, name="round_open"),
    path("runder/<int:pk>/", views.round_detail, name="round_detail"),
    path("runder/<int:pk>/lukk/", views.round_close, name="round_close"),
    path(
        "runder/<int:round_pk>/tiltak/<int:pk>/status/",
        views.status_update,
        name="status_update",
    ),
    path(
        "runder/<int:round_pk>/tiltak/<int:pk>/status/gjenapne/",
        views.status_update_reopen,
        name="status_update_reopen",
    ),
    path("mine/", views.my_measures, name="my_measures"),
    path("<int:pk>/deleger-rapportering/", views.measure_delegate, name="measure_delegate"),
    path(
        "oppfolging/innstillinger/",
        settings_views.follow_up_settings,
        name="follow_up_settings",
    ),
]
