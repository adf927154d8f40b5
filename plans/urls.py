from django.urls import path

from plans import views

app_name = "plans"

# Included under planer/<slug>/: every view gets the plan's slug.
urlpatterns = [
    path("malomrader/ny/", views.goal_create, name="goal_create"),
    path("malomrader/<int:pk>/", views.goal_edit, name="goal_edit"),
    path("strategier/ny/", views.strategy_create, name="strategy_create"),
    path("strategier/<int:pk>/", views.strategy_edit, name="strategy_edit"),
]
