from django.urls import path

from analyses import editing, views

app_name = "analyses"

urlpatterns = [
    # The evidence of one plan: challenges and the measures that answer them.
    path("planer/<slug:slug>/utfordringer/", views.coverage, name="coverage"),
    path("planer/<slug:slug>/utfordringer/ny/", editing.challenge_create, name="challenge_create"),
    path(
        "planer/<slug:slug>/utfordringer/<int:pk>/", editing.challenge_edit, name="challenge_edit"
    ),
    # Indicators, their values and targets; the import.
    path("analyser/indikatorer/", views.indicator_list, name="indicator_list"),
    path("analyser/indikatorer/ny/", editing.indicator_create, name="indicator_create"),
    path("analyser/indikatorer/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("analyser/indikatorer/<slug:code>/csv/", views.indicator_export, name="indicator_export"),
    path("analyser/indikatorer/<slug:code>/endre/", editing.indicator_edit, name="indicator_edit"),
    path(
        "analyser/indikatorer/<slug:code>/verdier/ny/",
        editing.indicator_value_add,
        name="indicator_value_add",
    ),
    path(
        "analyser/indikatorer/<slug:code>/verdier/<int:pk>/slett/",
        editing.indicator_value_delete,
        name="indicator_value_delete",
    ),
    path(
        "analyser/indikatorer/<slug:code>/mal/ny/",
        editing.indicator_target_add,
        name="indicator_target_add",
    ),
    path(
        "analyser/indikatorer/<slug:code>/mal/<int:pk>/slett/",
        editing.indicator_target_delete,
        name="indicator_target_delete",
    ),
    path("analyser/import/", editing.import_upload, name="import_upload"),
    path("analyser/import/bekreft/", editing.import_confirm, name="import_confirm"),
    path("analyser/import/mal.csv", editing.import_template, name="import_template"),
    path("analyser/import/<int:pk>/", editing.import_status, name="import_status"),
    # The analysis documents behind the plans.
    path("analyser/", views.analysis_list, name="analysis_list"),
    path("analyser/ny/", editing.analysis_create, name="analysis_create"),
    path("analyser/<int:pk>/", views.analysis_detail, name="analysis_detail"),
    path("analyser/<int:pk>/endre/", editing.analysis_edit, name="analysis_edit"),
    path("analyser/<int:pk>/dokument/", views.analysis_document, name="analysis_document"),
]
