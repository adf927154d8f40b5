from django.contrib import admin
from django.urls import include, path

from analyses import views as analysis_views
from bodobolig import views as site_views
from bodobolig.api_views import SchemaView, moved_to_v1
from measures.planning.urls import plan_urlpatterns as planning_plan_urls
from measures.register import views as measure_views
from plans import department_views, sign_in
from plans import plan_views as plan_life_views
from portal import views as portal_views

urlpatterns = [
    path("", portal_views.front_page, name="home"),
    path("logg-inn/", portal_views.LoginView.as_view(), name="login"),
    path("logg-ut/", sign_in.sign_out, name="logout"),
    # Signing in at the municipality's identity provider (OpenID Connect; 404 when off).
    path("oidc/authenticate/", sign_in.oidc_authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", sign_in.oidc_callback, name="oidc_authentication_callback"),
    path("innlogging/sperrer/", sign_in.lockout_list, name="login_lockouts"),
    path("innlogging/sperrer/opphev/", sign_in.lockout_unlock, name="login_lockout_unlock"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tilgjengelighet/", site_views.accessibility_statement, name="accessibility_statement"),
    path("planer/", portal_views.plan_list, name="plan_list"),
    path("planer/ny/", plan_life_views.plan_create, name="plan_create"),
    path("planer/<slug:slug>/", measure_views.plan_detail, name="plan_detail"),
    path("planer/<slug:slug>/hele/", measure_views.plan_full, name="plan_full"),
    path("planer/<slug:slug>/nokkeltall/", analysis_views.key_figures, name="key_figures"),
    path("planer/<slug:slug>/", include("plans.urls")),
    path("planer/<slug:slug>/", include((planning_plan_urls, "planning"))),
    path("tiltak/", include("measures.urls")),
    path("", include("analyses.urls")),
    path("virksomheter/", department_views.department_list, name="department_list"),
    path("virksomheter/ny/", department_views.department_create, name="department_create"),
    path("virksomheter/<int:pk>/", department_views.department_edit, name="department_edit"),
    path("", include("hearings.urls")),
    path("api/v1/", include("bodobolig.api_urls")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/", moved_to_v1, name="api-moved"),
    path("api/<path:rest>", moved_to_v1, name="api-moved-path"),
    path("integrasjoner/", include("integrations.urls")),
    path("admin/", admin.site.urls),
]
