"""The REST API: one router for all apps, same permission rules as the pages."""

from rest_framework.routers import DefaultRouter

from measures.register.api import MeasureViewSet
from plans.api import PlanViewSet

router = DefaultRouter()
router.register("plans", PlanViewSet, basename="plan")
router.register("measures", MeasureViewSet, basename="measure")

urlpatterns = router.urls
