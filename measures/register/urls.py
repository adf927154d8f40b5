"""URLs of the register sub-domain; included in measures/urls.py under the "measures" namespace."""

from django.urls import path

from measures.register import views

urlpatterns = [
    path("liste/", views.public_measure_list, name="public_measure_list"),
    path("ny/<slug:slug>/", views.measure_create, name="measure_create"),
    path("<int:pk>/", views.measure_detail, name="measure_detail"),
    path("<int:pk>/rediger/", views.measure_edit, name="measure_edit"),
    path("<int:pk>/hovedansvarlig/", views.measure_reassign, name="measure_reassign"),
    path("<int:pk>/kommentarer/", views.comment_add, name="comment_add"),
    path(
        "<int:pk>/bekreft-ansvar/",
        views.measure_confirm_ownership,
        name="measure_confirm_ownership",
    ),
]
