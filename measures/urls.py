from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("", views.measure_list, name="measure_list"),
    path("eksport.<str:fmt>", views.measure_export, name="measure_export"),
    path("oversikt/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.measure_detail, name="measure_detail"),
]
