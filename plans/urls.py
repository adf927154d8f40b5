from django.urls import path

from plans import plan_views, views

app_name = "plans"

# Included under planer/<slug>/: every view gets the plan's slug.
urlpatterns = [
    path("malomrader/ny/", views.goal_create, name="goal_create"),
    path("malomrader/<int:pk>/", views.goal_edit, name="goal_edit"),
    path("strategier/ny/", views.strategy_create, name="strategy_create"),
    path("strategier/<int:pk>/", views.strategy_edit, name="strategy_edit"),
    path("om/", plan_views.plan_about, name="plan_about"),
    path("rediger/", plan_views.plan_edit, name="plan_edit"),
    path("status/", plan_views.plan_status, name="plan_status"),
    path("sluttforing/", plan_views.plan_target_date, name="plan_target_date"),
    path("organisering/ny/", plan_views.plan_group_member_add, name="group_member_add"),
    path(
        "organisering/<int:pk>/fjern/",
        plan_views.plan_group_member_remove,
        name="group_member_remove",
    ),
    path("dokumenter/ny/", plan_views.plan_document_upload, name="plan_document_upload"),
    path("dokumenter/<int:pk>/", plan_views.plan_document_download, name="plan_document_download"),
    path(
        "dokumenter/<int:pk>/slett/", plan_views.plan_document_delete, name="plan_document_delete"
    ),
]
