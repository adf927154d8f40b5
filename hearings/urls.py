from django.urls import path

from hearings.views import manage, process, public

app_name = "hearings"

urlpatterns = [
    # Public
    path("horing/", public.hearing_list, name="list"),
    path("horing/<int:pk>/", public.hearing_detail, name="detail"),
    path("horing/<int:pk>/kvittering/<int:response_id>/", public.receipt, name="receipt"),
    path(
        "horing/<int:pk>/dokumenter/<int:document_id>/",
        public.document_download,
        name="document",
    ),
    path("horing/<int:pk>/horingsinnspill.pdf", public.appendix_download, name="appendix"),
    path(
        "horing/<int:pk>/vedlegg/<int:attachment_id>/",
        public.attachment_download,
        name="attachment",
    ),
    path("planer/<slug:slug>/prosess/", process.process, name="process"),
    # The coordinator
    path("planer/<slug:slug>/horing/ny/", manage.hearing_create, name="create"),
    path("horing/<int:pk>/behandling/", manage.hearing_manage, name="manage"),
    path("horing/<int:pk>/endre/", manage.hearing_edit, name="edit"),
    path("horing/<int:pk>/status/", manage.hearing_status, name="status"),
    path("horing/<int:pk>/dokumenter/ny/", manage.document_add, name="document_add"),
    path("horing/<int:pk>/invitasjoner/", manage.invitations, name="invitations"),
    path("horing/<int:pk>/sendt-til/", manage.invitation_list_print, name="invitation_print"),
    path("horing/<int:pk>/innspill.xlsx", manage.response_export, name="response_export"),
    path("horing/<int:pk>/innspill/ny/", manage.response_register, name="response_register"),
    path("horing/<int:pk>/innspill/<int:response_id>/", manage.response_detail, name="response"),
    path(
        "horing/<int:pk>/innspill/<int:response_id>/publisering/",
        manage.response_publication,
        name="response_publication",
    ),
    path(
        "horing/<int:pk>/innspill/<int:response_id>/punkter/<int:point_id>/",
        manage.point_edit,
        name="point_edit",
    ),
    path("horing/<int:pk>/vedlegg-pdf/", manage.appendix_request, name="appendix_request"),
    path("horing/instanser/", manage.consultee_list, name="consultee_list"),
    path("horing/instanser/<int:consultee_id>/", manage.consultee_edit, name="consultee_edit"),
    path("planer/<slug:slug>/prosess/steg/ny/", process.milestone_create, name="milestone_create"),
    path(
        "planer/<slug:slug>/prosess/steg/<int:pk>/", process.milestone_edit, name="milestone_edit"
    ),
    path("planer/<slug:slug>/prosess/moter/ny/", process.meeting_create, name="meeting_create"),
    path("planer/<slug:slug>/prosess/moter/<int:pk>/", process.meeting_edit, name="meeting_edit"),
]
