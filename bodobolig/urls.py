from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from analyses import views as analysis_views
from bodobolig.api_views import SchemaView, moved_to_v1
from measures.register import views as measure_views
from plans import views as plan_views

urlpatterns = [
    path("", plan_views.home, name="home"),
    path("logg-inn/", auth_views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("planer/", plan_views.plan_list, name="plan_list"),
    path("planer/<slug:slug>/", measure_views.plan_detail, name="plan_detail"),
    path("planer/<slug:slug>/nokkeltall/", analysis_views.key_figures, name="key_figures"),
    path("planer/<slug:slug>/", include("plans.urls")),
    path("tiltak/", include("measures.urls")),
    path("api/v1/", include("bodobolig.api_urls")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/", moved_to_v1, name="api-moved"),
    path("api/<path:rest>", moved_to_v1, name="api-moved-path"),
    path("integrasjoner/", include("integrations.urls")),
    path("admin/", admin.site.urls),
]
