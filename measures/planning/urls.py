"""URLs of the plan's life on the measure side.

`urlpatterns` sit under /tiltak/ in the "measures" namespace; `plan_urlpatterns` under
/planer/<slug>/ in their own "planning" namespace (plan-level pages)."""

from django.urls import path

from measures.planning import views

urlpatterns = [
    path("finansiering/<int:pk>/vedtak/", views.funding_decision, name="funding_decision"),
    path("arbeidsplan/linje/<int:pk>/", views.work_plan_item_edit, name="work_plan_item_edit"),
    path("prosjekter/", views.ongoing_project_list, name="ongoing_project_list"),
    path("prosjekter/ny/", views.ongoing_project_create, name="ongoing_project_create"),
    path("prosjekter/<int:pk>/", views.ongoing_project_edit, name="ongoing_project_edit"),
    path("overlevering/", views.person_handover, name="person_handover"),
    path(
        "overlevering/<int:user_pk>/",
        views.person_handover_measures,
        name="person_handover_measures",
    ),
]

plan_urlpatterns = [
    path("arbeidsplaner/", views.work_plan_list, name="work_plan_list"),
    path("arbeidsplaner/<int:year>/", views.work_plan_detail, name="work_plan_detail"),
    path("arbeidsplaner/<int:year>/publiser/", views.work_plan_publish, name="work_plan_publish"),
    path("videreforing/", views.carry_over_start, name="carry_over_start"),
    path("videreforing/<slug:target>/", views.carry_over, name="carry_over"),
    path("hvem-gjor-hva.<str:fmt>", views.who_does_what, name="who_does_what"),
    path("hvem-gjor-hva/pdf/", views.who_does_what_pdf_request, name="who_does_what_pdf_request"),
    path(
        "hvem-gjor-hva/pdf/<int:pk>/",
        views.who_does_what_pdf_detail,
        name="who_does_what_pdf_detail",
    ),
    path(
        "hvem-gjor-hva/pdf/<int:pk>/status/",
        views.who_does_what_pdf_status,
        name="who_does_what_pdf_status",
    ),
    path(
        "hvem-gjor-hva/pdf/<int:pk>/fil/",
        views.who_does_what_pdf_download,
        name="who_does_what_pdf_download",
    ),
]
